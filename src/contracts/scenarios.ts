// Transaction sequences over the Solidity corpus that any engine can run: the "OVM = EVM" invariant
// (ovm-spec.md, I2) is checked by running the same steps plainly and through the OVM, or against a
// reference EVM, and comparing every result.
//
// A scenario is written once, against roles ("deployer", "alice", "bob") and the labels of earlier
// steps. planScenario turns it into concrete steps for one runner: the roles' addresses, the block
// context, and the runner's nonce rule decide the address each deploy will get, so that a later step
// can name it before anything has run. runScenario then feeds the steps to an executor and stops at
// the first deploy that lands somewhere else, since every later step would target the wrong account.
//
// Contracts used here avoid the opcodes the OVM bans (COINBASE, NUMBER, BLOCKHASH, PREVRANDAO,
// BASEFEE, GASPRICE, BLOBHASH, BLOBBASEFEE), do not branch on gasleft() and never send value:
// native ETH does not exist in the OVM (all ETH is WETH, an ERC-20).
import { AbiCoder, Interface, concat, getCreate2Address, getCreateAddress, id, keccak256, solidityPackedKeccak256 } from "ethers";
import { loadArtifact } from "./artifacts.js";
import { bytesToHex, type Hex } from "../hex.js";
import type { Log } from "../evm/types.js";
import type { Engine } from "../engine/types.js";

export type Role = "deployer" | "alice" | "bob";
export const ROLES: readonly Role[] = ["deployer", "alice", "bob"];

/** What arguments and expectations may depend on: addresses and the block a step runs in. */
export interface ScenarioContext {
  /** A role, the label of an earlier deploy, or a name an earlier call `defines`. */
  address(name: string): Hex;
  readonly timestamp: bigint;
  readonly chainId: bigint;
}

/** A value given as is, or computed once the addresses and block context are known. */
export type Lazy<T> = T | ((ctx: ScenarioContext) => T);

interface Expectations {
  /** Decoded return values of a successful call, encoded with the function's outputs. */
  returns?: Lazy<readonly unknown[]>;
  /** A revert with Error(string) and this reason. */
  revertReason?: string;
  /** A failure returning exactly these bytes ("0x" for a bare revert or an exceptional halt). */
  revertData?: Hex;
}

interface DeploySpec extends Expectations {
  kind: "deploy";
  label: string;
  from: Role;
  contract: string;
  args: Lazy<readonly unknown[]>;
}

interface CallSpec extends Expectations {
  kind: "call";
  from: Role;
  target: string;
  contract: string;
  fn: string;
  args: Lazy<readonly unknown[]>;
  /** Names for addresses this call brings into being (a factory's children), usable by later steps. */
  defines?: Readonly<Record<string, (ctx: ScenarioContext) => Hex>>;
}

type StepSpec = DeploySpec | CallSpec;

export interface Scenario {
  readonly name: string;
  /** Which compiler produced the contracts, and what the sequence exercises. */
  readonly description: string;
  readonly specs: readonly StepSpec[];
}

/** One concrete transaction of a planned scenario. Value is always 0. */
export interface ScenarioStep {
  readonly kind: "deploy" | "call";
  /** Human-readable, for assertion messages: "alice LegacyExchange(exchange).wethToTokenSwapInput(...)". */
  readonly description: string;
  readonly from: Hex;
  /** The artifact whose code is deployed, or whose ABI encodes the call. */
  readonly contract: string;
  /** Calls: the target. */
  readonly to?: Hex;
  /** Deploys: the address CREATE gives (sender, nonce); only occupied if the deploy succeeds. */
  readonly address?: Hex;
  /** Init code with constructor arguments, or calldata. */
  readonly data: Hex;
  readonly expectSuccess: boolean;
  /** When the scenario pins it: the exact return (or revert) data. */
  readonly expectedReturnData?: Hex;
}

export interface PlannedScenario {
  readonly name: string;
  readonly steps: readonly ScenarioStep[];
  /** Every named address: roles, deploy labels, and names defined by calls. */
  readonly addresses: ReadonlyMap<string, Hex>;
}

export interface PlanOptions {
  readonly accounts: Readonly<Record<Role, Hex>>;
  /**
   * "per-transaction": every step bumps its sender's nonce, as on a chain (createEngine, runTx).
   * "per-creation": only deploys do, as in a message-level runner (MessageRunner, ethereumjs runCall).
   */
  readonly nonceRule: "per-transaction" | "per-creation";
  readonly timestamp: bigint;
  readonly chainId: bigint;
  /** Nonces the roles start with (default 0). */
  readonly startNonces?: Partial<Readonly<Record<Role, bigint>>>;
}

const ERROR_SELECTOR = id("Error(string)").slice(0, 10);
const coder = AbiCoder.defaultAbiCoder();
const E18 = 10n ** 18n;
const MAX_UINT256 = (1n << 256n) - 1n;

/** The revert data of `require(false, reason)` / `revert(reason)`. */
export function errorData(reason: string): Hex {
  return `${ERROR_SELECTOR}${coder.encode(["string"], [reason]).slice(2)}` as Hex;
}

const interfaces = new Map<string, Interface>();
function abiOf(contract: string): Interface {
  let iface = interfaces.get(contract);
  if (iface === undefined) {
    iface = new Interface(loadArtifact(contract).abi as never);
    interfaces.set(contract, iface);
  }
  return iface;
}

/** Creation code followed by the ABI-encoded constructor arguments. */
export function initCode(contract: string, args: readonly unknown[] = []): Hex {
  return concat([loadArtifact(contract).bytecode, abiOf(contract).encodeDeploy(args)]) as Hex;
}

function resolve<T>(value: Lazy<T>, ctx: ScenarioContext): T {
  return typeof value === "function" ? (value as (c: ScenarioContext) => T)(ctx) : value;
}

function lower(address: string): Hex {
  return address.toLowerCase() as Hex;
}

function formatArg(value: unknown, names: ReadonlyMap<string, string>): string {
  if (typeof value === "bigint") {
    if (value === MAX_UINT256) return "2^256-1";
    return value >= E18 && value % E18 === 0n ? `${value / E18}e18` : value.toString();
  }
  if (typeof value === "string") {
    const name = names.get(value.toLowerCase());
    if (name !== undefined) return name;
    return value.startsWith("0x") && value.length > 14 ? `${value.slice(0, 8)}…${value.slice(-4)}` : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => formatArg(v, names)).join(", ")}]`;
  return String(value);
}

/** Resolves a scenario into concrete steps for one runner. Loads the artifacts it needs. */
export function planScenario(scenario: Scenario, options: PlanOptions): PlannedScenario {
  const addresses = new Map<string, Hex>();
  const nonces = new Map<Role, bigint>();
  for (const role of ROLES) {
    addresses.set(role, lower(options.accounts[role]));
    nonces.set(role, options.startNonces?.[role] ?? 0n);
  }
  const ctx: ScenarioContext = {
    address(name: string): Hex {
      const found = addresses.get(name);
      if (found === undefined) throw new Error(`scenario ${scenario.name}: no address named ${JSON.stringify(name)} yet`);
      return found;
    },
    timestamp: options.timestamp,
    chainId: options.chainId,
  };
  const steps: ScenarioStep[] = [];
  const format = (args: readonly unknown[]) => {
    const names = new Map([...addresses].map(([name, address]) => [address, name]));
    return args.map((a) => formatArg(a, names)).join(", ");
  };
  for (const spec of scenario.specs) {
    const from = ctx.address(spec.from);
    const nonce = nonces.get(spec.from)!;
    if (spec.kind === "deploy" || options.nonceRule === "per-transaction") nonces.set(spec.from, nonce + 1n);
    const args = resolve(spec.args, ctx);
    const expectSuccess = spec.revertReason === undefined && spec.revertData === undefined;
    const failureData = spec.revertReason !== undefined ? errorData(spec.revertReason) : spec.revertData;
    if (spec.kind === "deploy") {
      const address = lower(getCreateAddress({ from, nonce }));
      if (expectSuccess) addresses.set(spec.label, address);
      steps.push({
        kind: "deploy",
        description: `${spec.from} deploys ${spec.label} = ${spec.contract}(${format(args)})`,
        from,
        contract: spec.contract,
        address,
        data: initCode(spec.contract, args),
        expectSuccess,
        expectedReturnData: failureData,
      });
      continue;
    }
    for (const [name, derive] of Object.entries(spec.defines ?? {})) addresses.set(name, lower(derive(ctx)));
    const iface = abiOf(spec.contract);
    const returns = spec.returns === undefined ? undefined : resolve(spec.returns, ctx);
    steps.push({
      kind: "call",
      description: `${spec.from} ${spec.contract}(${spec.target}).${spec.fn}(${format(args)})`,
      from,
      contract: spec.contract,
      to: ctx.address(spec.target),
      data: iface.encodeFunctionData(spec.fn, args) as Hex,
      expectSuccess,
      expectedReturnData: returns !== undefined ? (iface.encodeFunctionResult(spec.fn, returns) as Hex) : failureData,
    });
  }
  return { name: scenario.name, steps, addresses };
}

// ---------------------------------------------------------------------------------------------
// Running

/** What every runner reports per step; compared field by field between runners. */
export interface StepOutcome {
  success: boolean;
  /** Return data, revert data, or for a deploy the runtime code. */
  returnData: Hex;
  logs: Log[];
  /** A receipt's gasUsed (intrinsic gas in, refunds out) or a message's execution gas, per runner. */
  gasUsed: bigint;
  /** Deploys: the new contract's address, lower-case; null when it failed or for calls. */
  createdAddress: Hex | null;
}

export interface ScenarioExecutor {
  deploy(from: Hex, data: Hex): Promise<StepOutcome>;
  execute(from: Hex, to: Hex, data: Hex): Promise<StepOutcome>;
}

/** Runs the steps in order. Throws if a deploy does not land at its planned address. */
export async function runScenario(plan: PlannedScenario, executor: ScenarioExecutor): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const outcome = step.kind === "deploy" ? await executor.deploy(step.from, step.data) : await executor.execute(step.from, step.to!, step.data);
    if (step.kind === "deploy" && outcome.success && outcome.createdAddress !== step.address) {
      throw new Error(`${plan.name} step ${i} (${step.description}): created ${outcome.createdAddress}, planned ${step.address}; later steps would target the wrong address`);
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** The ways an outcome falls short of what its step expects; empty when it meets them. */
export function unmetExpectations(step: ScenarioStep, outcome: Pick<StepOutcome, "success" | "returnData">): string[] {
  const problems: string[] = [];
  if (outcome.success !== step.expectSuccess) {
    problems.push(`expected ${step.expectSuccess ? "success" : "failure"}, got ${outcome.success ? "success" : "failure"} (data ${outcome.returnData})`);
  }
  if (step.expectedReturnData !== undefined && outcome.returnData.toLowerCase() !== step.expectedReturnData.toLowerCase()) {
    problems.push(`expected return data ${step.expectedReturnData}, got ${outcome.returnData}`);
  }
  return problems;
}

/** Runs steps as transactions of an engine from createEngine (gas price 0, no signatures). */
export function engineExecutor(engine: Engine, options: { gasLimit: bigint; timestamp: bigint }): ScenarioExecutor {
  const { gasLimit, timestamp } = options;
  return {
    async deploy(from, data) {
      const r = await engine.deploy({ from, data, gasLimit, timestamp });
      return { success: r.success, returnData: r.returnData, logs: r.logs, gasUsed: r.gasUsed, createdAddress: r.address === null ? null : lower(r.address) };
    },
    async execute(from, to, data) {
      const r = await engine.execute({ from, to, data, gasLimit, timestamp });
      return { success: r.success, returnData: r.returnData, logs: r.logs, gasUsed: r.gasUsed, createdAddress: null };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Building scenarios

interface CallOptions extends Expectations {
  defines?: CallSpec["defines"];
}

class ScenarioBuilder {
  readonly specs: StepSpec[] = [];

  deploy(label: string, contract: string, args: Lazy<readonly unknown[]> = [], options: Expectations & { from?: Role } = {}): void {
    const { from = "deployer", ...expectations } = options;
    this.specs.push({ kind: "deploy", label, from, contract, args, ...expectations });
  }

  call(from: Role, target: string, contract: string, fn: string, args: Lazy<readonly unknown[]> = [], options: CallOptions = {}): void {
    this.specs.push({ kind: "call", from, target, contract, fn, args, ...options });
  }
}

/** Later than any block a test runs in; deadline 0 is earlier than all of them. */
const FAR_DEADLINE = 1n << 40n;

/** Uniswap v1's getInputPrice: x * y = k after a 0.3% fee on the input. */
function inputPrice(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const withFee = amountIn * 997n;
  return (withFee * reserveOut) / (reserveIn * 1000n + withFee);
}

function wethBatExchange(): Scenario {
  const s = new ScenarioBuilder();
  const supply = 1_000_000n * E18;
  s.deploy("weth", "LegacyToken", ["Wrapped Ether", "WETH", 18, supply]);
  s.deploy("bat", "LegacyToken", ["Basic Attention Token", "BAT", 18, supply]);
  s.deploy("exchange", "LegacyExchange", (c) => [c.address("weth"), c.address("bat")]);
  s.deploy("sameTokens", "LegacyExchange", (c) => [c.address("weth"), c.address("weth")], {
    revertReason: "LegacyExchange: same token twice",
  });

  s.call("deployer", "weth", "LegacyToken", "transfer", (c) => [c.address("alice"), 1_000n * E18], { returns: [true] });
  s.call("deployer", "bat", "LegacyToken", "transfer", (c) => [c.address("bob"), 50_000n * E18], { returns: [true] });
  for (const token of ["weth", "bat"]) {
    s.call("deployer", token, "LegacyToken", "approve", (c) => [c.address("exchange"), MAX_UINT256], { returns: [true] });
  }

  // The exchange's reserves are its token balances; this model follows them step by step.
  let weth = 100n * E18;
  let bat = 20_000n * E18;
  let liquidity = weth;
  s.call("deployer", "exchange", "LegacyExchange", "addLiquidity", [weth, bat, 0n, FAR_DEADLINE], { returns: [liquidity] });

  // Alice trades WETH for BAT ("ETH for BAT"), asking for exactly the quoted amount.
  s.call("alice", "weth", "LegacyToken", "approve", (c) => [c.address("exchange"), MAX_UINT256], { returns: [true] });
  let aliceBat = 0n;
  for (const sold of [1n * E18, 5n * E18]) {
    const bought = inputPrice(sold, weth, bat);
    s.call("alice", "exchange", "LegacyExchange", "wethToTokenSwapInput", [sold, bought, FAR_DEADLINE], { returns: [bought] });
    weth += sold;
    bat -= bought;
    aliceBat += bought;
  }

  // Bob trades the other way.
  s.call("bob", "bat", "LegacyToken", "approve", (c) => [c.address("exchange"), MAX_UINT256], { returns: [true] });
  for (const sold of [700n * E18, 3_000n * E18]) {
    const bought = inputPrice(sold, bat, weth);
    s.call("bob", "exchange", "LegacyExchange", "tokenToWethSwapInput", [sold, bought, FAR_DEADLINE], { returns: [bought] });
    bat += sold;
    weth -= bought;
  }
  s.call("alice", "exchange", "LegacyExchange", "wethToTokenPrice", [E18], { returns: [inputPrice(E18, weth, bat)] });
  s.call("alice", "exchange", "LegacyExchange", "tokenToWethPrice", [E18], { returns: [inputPrice(E18, bat, weth)] });

  // Failures, each with its reason: asking one unit more than the pool gives, an expired
  // deadline, and a token revert bubbling up through the exchange.
  s.call("alice", "exchange", "LegacyExchange", "wethToTokenSwapInput", [2n * E18, inputPrice(2n * E18, weth, bat) + 1n, FAR_DEADLINE], {
    revertReason: "LegacyExchange: slippage, too few tokens",
  });
  s.call("bob", "exchange", "LegacyExchange", "tokenToWethSwapInput", [100n * E18, inputPrice(100n * E18, bat, weth) + 1n, FAR_DEADLINE], {
    revertReason: "LegacyExchange: slippage, too little WETH",
  });
  s.call("alice", "exchange", "LegacyExchange", "wethToTokenSwapInput", [E18, 0n, 0n], { revertReason: "LegacyExchange: deadline passed" });
  s.call("bob", "exchange", "LegacyExchange", "tokenToWethSwapInput", [100_000n * E18, 0n, FAR_DEADLINE], {
    revertReason: "LegacyToken: balance too low",
  });

  // Alice becomes the second liquidity provider, at the current ratio (rounded up, as v1 does).
  const tokensNeeded = (E18 * bat) / weth + 1n;
  if (tokensNeeded > aliceBat) throw new Error("scenario arithmetic: alice cannot afford her liquidity");
  const minted = (E18 * liquidity) / weth;
  s.call("alice", "bat", "LegacyToken", "approve", (c) => [c.address("exchange"), MAX_UINT256], { returns: [true] });
  s.call("alice", "exchange", "LegacyExchange", "addLiquidity", [E18, tokensNeeded - 1n, 0n, FAR_DEADLINE], {
    revertReason: "LegacyExchange: too many tokens needed",
  });
  s.call("alice", "exchange", "LegacyExchange", "addLiquidity", [E18, tokensNeeded, minted, FAR_DEADLINE], { returns: [minted] });
  weth += E18;
  bat += tokensNeeded;
  liquidity += minted;

  s.call("bob", "weth", "LegacyToken", "balanceOf", (c) => [c.address("exchange")], { returns: [weth] });
  s.call("bob", "bat", "LegacyToken", "balanceOf", (c) => [c.address("exchange")], { returns: [bat] });
  s.call("bob", "exchange", "LegacyExchange", "totalLiquidity", [], { returns: [liquidity] });
  s.call("bob", "exchange", "LegacyExchange", "liquidityOf", (c) => [c.address("alice")], { returns: [minted] });
  s.call("bob", "bat", "LegacyToken", "balanceOf", (c) => [c.address("alice")], { returns: [aliceBat - tokensNeeded] });
  return {
    name: "v05 WETH/BAT exchange",
    description:
      "solc 0.5.17 (optimizer on): two ERC-20s (WETH stands for ETH), a Uniswap-v1-style exchange reading both " +
      "balanceOf()s, liquidity from two providers, swaps both ways, and reverts with reasons (slippage, deadline, " +
      "a token's reason bubbling up, a constructor's require)",
    specs: s.specs,
  };
}

function v06Factory(): Scenario {
  const s = new ScenarioBuilder();
  const salt1 = id("legacy factory: salt one");
  const salt2 = id("legacy factory: salt two");
  const create2Address = (c: ScenarioContext, salt: string, seed: bigint, label: string) =>
    getCreate2Address(c.address("factory"), salt, keccak256(initCode("LegacyChild", [seed, label]))) as Hex;
  // A contract's nonce starts at 1 (EIP-161) and every CREATE or CREATE2 it runs bumps it, a
  // CREATE2 that collides included (the bump precedes the collision check).
  const createAddress = (c: ScenarioContext, nonce: number) => getCreateAddress({ from: c.address("factory"), nonce }) as Hex;

  s.deploy("factory", "LegacyFactory");
  s.call("deployer", "factory", "LegacyFactory", "create", [7n, "first"], {
    defines: { first: (c) => createAddress(c, 1) },
    returns: (c) => [c.address("first")],
  });
  s.call("deployer", "factory", "LegacyFactory", "create2", [salt1, 9n, "second"], {
    defines: { second: (c) => create2Address(c, salt1, 9n, "second") },
    returns: (c) => [c.address("second")],
  });
  s.call("alice", "factory", "LegacyFactory", "predict", [salt1, 9n, "second"], { returns: (c) => [c.address("second")] });
  s.call("alice", "factory", "LegacyFactory", "tryCreate2", [salt1, 9n, "second"], { returns: [false, "0x0000000000000000000000000000000000000000"] });
  s.call("alice", "factory", "LegacyFactory", "tryCreate2", [salt2, 11n, "third"], {
    defines: { third: (c) => create2Address(c, salt2, 11n, "third") },
    returns: (c) => [true, c.address("third")],
  });
  // Uncaught, the same collision reverts the transaction (with no data: `new` forwards none),
  // and the nonce bump goes with it.
  s.call("deployer", "factory", "LegacyFactory", "create2", [salt1, 9n, "second"], { revertData: "0x" });
  s.call("deployer", "factory", "LegacyFactory", "create", [13n, "after the collisions"], {
    defines: { fifth: (c) => createAddress(c, 5) },
    returns: (c) => [c.address("fifth")],
  });

  s.call("alice", "first", "LegacyChild", "bump", [3n], { returns: [21n] });
  s.call("bob", "second", "LegacyChild", "bump", [2n], { returns: [18n] });
  s.call("bob", "second", "LegacyChild", "bump", [1n], { returns: [27n] });
  s.call("bob", "fifth", "LegacyChild", "bump", [1n], { returns: [13n] });
  s.call("bob", "first", "LegacyChild", "factory", [], { returns: (c) => [c.address("factory")] });
  s.call("bob", "third", "LegacyChild", "label", [], { returns: ["third"] });
  s.call("bob", "fifth", "LegacyChild", "seed", [], { returns: [13n] });
  s.call("bob", "factory", "LegacyFactory", "childCount", [], { returns: [4n] });
  s.call("bob", "factory", "LegacyFactory", "children", [2n], { returns: (c) => [c.address("third")] });
  return {
    name: "v06 CREATE/CREATE2 factory",
    description:
      "solc 0.6.12 (optimizer on): a factory deploying a child from embedded init code with constructor arguments " +
      "via CREATE and salted CREATE2, an address prediction, a CREATE2 collision caught by try/catch and one not " +
      "caught, then calls into the children (an immutable read among them)",
    specs: s.specs,
  };
}

function v06TryCatch(): Scenario {
  const s = new ScenarioBuilder();
  const zeroReason = "LegacyThrower: zero is not allowed";
  s.deploy("thrower", "LegacyThrower");
  s.deploy("catcher", "LegacyTryCatch", (c) => [c.address("thrower")]);
  s.call("alice", "catcher", "LegacyTryCatch", "attempt", [5n], { returns: [true] });
  s.call("alice", "catcher", "LegacyTryCatch", "attempt", [0n], { returns: [false] });
  s.call("alice", "catcher", "LegacyTryCatch", "lastReason", [], { returns: [zeroReason] });
  s.call("alice", "catcher", "LegacyTryCatch", "attempt", [1n], { returns: [false] });
  // assert() before 0.8 is INVALID: the callee burns its gas and returns nothing, the catcher
  // goes on with the 1/64 it kept (EIP-150).
  s.call("alice", "catcher", "LegacyTryCatch", "attempt", [2n], { returns: [false] });
  s.call("alice", "catcher", "LegacyTryCatch", "lastData", [], { returns: ["0x"] });
  s.call("bob", "catcher", "LegacyTryCatch", "attemptUncaught", [0n], { revertReason: zeroReason });
  s.call("bob", "catcher", "LegacyTryCatch", "attemptUncaught", [2n], { revertData: "0x" });
  s.call("bob", "catcher", "LegacyTryCatch", "attemptUncaught", [21n], { returns: [42n] });
  s.call("bob", "catcher", "LegacyTryCatch", "successes", [], { returns: [1n] });
  s.call("bob", "catcher", "LegacyTryCatch", "failures", [], { returns: [3n] });
  s.call("bob", "catcher", "LegacyTryCatch", "lastValue", [], { returns: [10n] });
  // Only the calls that returned kept their write: attempt(5) and attemptUncaught(21).
  s.call("bob", "thrower", "LegacyThrower", "calls", [], { returns: [2n] });
  return {
    name: "v06 try/catch",
    description:
      "solc 0.6.12 with the optimizer off: try/catch around a call that returns, reverts with a reason, reverts " +
      "bare, or hits a pre-0.8 assert (INVALID); the same failures uncaught; state written by failed callees rolled back",
    specs: s.specs,
  };
}

function immutables(): Scenario {
  const s = new ScenarioBuilder();
  const salt = id("ovm-engine: immutable salt");
  const otherSalt = id("ovm-engine: another salt");
  const primes = [0x5fn, 0x8dn, 0x113n, 0x14dn, 0x1bbn, 0x1ebn, 0x21bn, 0x263n, 0x335n, 0x431n, 0x455n, 0x46bn].map((d) => (1n << 255n) + d);
  const wide = 0xfedcba9876543210f0e1d2c3b4a5968778695a4b3c2d1e0f0123456789abcdefn;
  const tag = id("ovm-engine: Immutables");
  const blob = bytesToHex(Uint8Array.from({ length: 66 }, (_, i) => i));
  const greeting = "Constants, immutables and init code must survive the transpiler byte for byte.";
  const mix = (c: ScenarioContext, x: bigint) =>
    solidityPackedKeccak256(
      ["bytes32", "address", "int64", "uint256", "bytes32", "bytes", "string", "uint256"],
      [salt, c.address("alice"), -42n, wide, tag, blob, greeting, x],
    );

  s.deploy("immutables", "Immutables", (c) => [c.address("alice"), salt, -42n]);
  s.deploy("other", "Immutables", (c) => [c.address("bob"), otherSalt, 7n], { from: "bob" });
  s.call("alice", "immutables", "Immutables", "snapshot", [], {
    returns: (c) => [c.address("deployer"), c.address("alice"), salt, c.timestamp, c.chainId, -42n],
  });
  s.call("alice", "other", "Immutables", "snapshot", [], {
    returns: (c) => [c.address("bob"), c.address("bob"), otherSalt, c.timestamp, c.chainId, 7n],
  });
  s.call("alice", "immutables", "Immutables", "deployer", [], { returns: (c) => [c.address("deployer")] });
  s.call("alice", "immutables", "Immutables", "salt", [], { returns: [salt] });
  s.call("alice", "immutables", "Immutables", "table", [], { returns: [primes] });
  s.call("alice", "immutables", "Immutables", "WIDE", [], { returns: [wide] });
  s.call("alice", "immutables", "Immutables", "TAG", [], { returns: [tag] });
  s.call("alice", "immutables", "Immutables", "BLOB", [], { returns: [blob] });
  s.call("alice", "immutables", "Immutables", "GREETING", [], { returns: [greeting] });
  s.call("deployer", "immutables", "Immutables", "isHome", [], { returns: [true] });
  s.call("bob", "immutables", "Immutables", "isHome", [], { returns: [false] });
  s.call("bob", "other", "Immutables", "isHome", [], { returns: [true] });
  s.call("deployer", "immutables", "Immutables", "onlyDeployer", [], { returns: [salt] });
  s.call("bob", "immutables", "Immutables", "onlyDeployer", [], { revertReason: "Immutables: caller is not the deployer" });
  s.call("deployer", "other", "Immutables", "onlyDeployer", [], { revertReason: "Immutables: caller is not the deployer" });
  s.call("bob", "immutables", "Immutables", "mix", [7n], { returns: (c) => [mix(c, 7n)] });
  s.call("alice", "immutables", "Immutables", "mix", [MAX_UINT256], { returns: (c) => [mix(c, MAX_UINT256)] });
  return {
    name: "0.8.28 immutables and code constants",
    description:
      "solc 0.8.28: immutables (addresses, a bytes32, a timestamp, a chain id, a negative int64) read at run time " +
      "from two deployments with different values, a 32-byte constant, a hashed constant, bytes and string " +
      "constants longer than a word, a constant uint256[12] built from code, and an immutable owner check that reverts",
    specs: s.specs,
  };
}

/** The scenarios over contracts/legacy/ (solc 0.5.17, 0.6.12) and contracts/test/Immutables.sol. */
export const LEGACY_SCENARIOS: readonly Scenario[] = [wethBatExchange(), v06Factory(), v06TryCatch(), immutables()];
