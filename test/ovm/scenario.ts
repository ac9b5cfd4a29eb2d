// A transaction sequence written once and run on any Engine (library API, ovm-spec.md section 6), so
// the same steps can run plainly and through the OVM and be compared step by step.
import { Interface, getCreateAddress } from "ethers";
import { loadArtifact, linkBytecode } from "../../src/contracts/artifacts.js";
import { hexToBytes, type Hex } from "../../src/hex.js";
import type { Engine, TransactionResult } from "../../src/engine/types.js";

export const DEPLOYER: Hex = "0x00000000000000000000000000000000000d3b10";
export const USER: Hex = "0x0000000000000000000000000000000000005e12";
const GAS = 12_000_000n;
const FIRST_TIMESTAMP = 1_900_000_000n;

interface Step {
  readonly label: string;
  readonly from: Hex;
  readonly to?: Hex;
  readonly data: Hex;
  readonly expectSuccess: boolean;
}

export interface StepOutcome {
  readonly label: string;
  readonly result: TransactionResult;
  readonly created: Hex | null;
}

export class EngineScenario {
  readonly steps: Step[] = [];
  /** Every contract address the steps create (predicted from the sender's nonce, as L1 gives them). */
  readonly contracts: Hex[] = [];
  private readonly nonces = new Map<Hex, number>();

  constructor(readonly name: string) {}

  private nextNonce(from: Hex): number {
    const nonce = this.nonces.get(from) ?? 0;
    this.nonces.set(from, nonce + 1);
    return nonce;
  }

  deploy(contract: string, args: unknown[] = [], opts: { link?: Record<string, Hex>; from?: Hex } = {}): Hex {
    const artifact = loadArtifact(contract);
    const iface = new Interface(artifact.abi as never);
    const code = opts.link ? linkBytecode(artifact.bytecode, artifact.linkReferences, opts.link) : artifact.bytecode;
    const data = (Buffer.from(code).toString("hex") + iface.encodeDeploy(args).slice(2)) as string;
    const from = opts.from ?? DEPLOYER;
    const address = getCreateAddress({ from, nonce: this.nextNonce(from) }).toLowerCase() as Hex;
    this.steps.push({ label: `deploy ${contract}`, from, data: `0x${data}` as Hex, expectSuccess: true });
    this.contracts.push(address);
    return address;
  }

  call(from: Hex, to: Hex, contract: string, fn: string, args: unknown[] = [], opts: { expectFailure?: boolean } = {}): void {
    const iface = new Interface(loadArtifact(contract).abi as never);
    this.nextNonce(from);
    this.steps.push({ label: `${contract}.${fn}`, from, to, data: iface.encodeFunctionData(fn, args) as Hex, expectSuccess: !opts.expectFailure });
  }

  /** Runs every step in order; each step gets the next timestamp, so TIMESTAMP agrees across engines. */
  async run(engine: Engine): Promise<StepOutcome[]> {
    const outcomes: StepOutcome[] = [];
    let timestamp = FIRST_TIMESTAMP;
    for (const step of this.steps) {
      timestamp += 12n;
      const common = { from: step.from, data: hexToBytes(step.data), gasLimit: GAS, timestamp };
      if (step.to === undefined) {
        const result = await engine.deploy(common);
        outcomes.push({ label: step.label, result, created: result.address });
      } else {
        outcomes.push({ label: step.label, result: await engine.execute({ ...common, to: step.to }), created: null });
      }
    }
    return outcomes;
  }
}

/** The Solidity corpus (contracts/test) as OVM-compatible sequences: no value, no banned opcodes. */
export function corpusScenarios(): EngineScenario[] {
  const list: EngineScenario[] = [];

  const token = new EngineScenario("ERC-20 transfers, approvals and failing transfers");
  const t = token.deploy("Token", ["Test", "TST", 10n ** 24n]);
  for (let i = 0; i < 3; i++) token.call(DEPLOYER, t, "Token", "transfer", [`0x${(0x100 + i).toString(16).padStart(40, "0")}`, 1000n * BigInt(i + 1)]);
  token.call(DEPLOYER, t, "Token", "approve", [USER, 5000n]);
  token.call(USER, t, "Token", "transferFrom", [DEPLOYER, USER, 3000n]);
  token.call(USER, t, "Token", "transferFrom", [DEPLOYER, USER, 3000n], { expectFailure: true });
  token.call(USER, t, "Token", "transfer", [DEPLOYER, 10n ** 30n], { expectFailure: true });
  list.push(token);

  const nft = new EngineScenario("ERC-721 mints, transfers and safeTransferFrom into a receiver contract");
  const n = nft.deploy("Collectible");
  const receiver = nft.deploy("CollectibleReceiver");
  nft.call(DEPLOYER, n, "Collectible", "mint", [DEPLOYER, 1n]);
  nft.call(DEPLOYER, n, "Collectible", "mint", [DEPLOYER, 2n]);
  nft.call(DEPLOYER, n, "Collectible", "transferFrom", [DEPLOYER, USER, 1n]);
  nft.call(DEPLOYER, n, "Collectible", "safeTransferFrom(address,address,uint256)", [DEPLOYER, receiver, 2n]);
  nft.call(USER, n, "Collectible", "setApprovalForAll", [DEPLOYER, true]);
  nft.call(DEPLOYER, receiver, "CollectibleReceiver", "setAccept", [false]);
  nft.call(USER, n, "Collectible", "safeTransferFrom(address,address,uint256)", [USER, receiver, 1n], { expectFailure: true });
  list.push(nft);

  const factory = new EngineScenario("a factory deploying children with CREATE and CREATE2 from embedded init code, and a CREATE2 collision");
  const f = factory.deploy("Factory");
  factory.call(DEPLOYER, f, "Factory", "create", [7n, `0x${"ab".repeat(32)}`]);
  factory.call(DEPLOYER, f, "Factory", "create2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`]);
  factory.call(DEPLOYER, f, "Factory", "tryCreate2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`]);
  factory.call(DEPLOYER, f, "Factory", "bumpAll", [3n]);
  factory.call(DEPLOYER, f, "Factory", "create2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`], { expectFailure: true });
  list.push(factory);

  const recursion = new EngineScenario("recursion: internal, external, reverting at a depth and caught");
  const r = recursion.deploy("Recursion");
  recursion.call(DEPLOYER, r, "Recursion", "fib", [10n]);
  recursion.call(DEPLOYER, r, "Recursion", "fibExternal", [6n]);
  recursion.call(DEPLOYER, r, "Recursion", "sumDown", [10n]);
  recursion.call(DEPLOYER, r, "Recursion", "climb", [10n, 4n]);
  recursion.call(DEPLOYER, r, "Recursion", "reset", [10n]);
  list.push(recursion);

  const reverts = new EngineScenario("reverts with reasons, custom errors and panics, caught by a caller");
  const rv = reverts.deploy("Reverter");
  const catcher = reverts.deploy("RevertCatcher", [rv]);
  for (let kind = 0; kind < 8; kind++) reverts.call(DEPLOYER, catcher, "RevertCatcher", "catchRaw", [kind]);
  reverts.call(DEPLOYER, catcher, "RevertCatcher", "catchAll", []);
  reverts.call(DEPLOYER, rv, "Reverter", "revertWithReason", [], { expectFailure: true });
  reverts.call(DEPLOYER, rv, "Reverter", "revertCustom", [42n], { expectFailure: true });
  reverts.call(DEPLOYER, rv, "Reverter", "divide", [1n, 0n], { expectFailure: true });
  list.push(reverts);

  const exchange = new EngineScenario("a constant-product exchange of two tokens with a linked library (DELEGATECALL)");
  const lib = exchange.deploy("LibMath");
  const t0 = exchange.deploy("Token", ["Zero", "T0", 10n ** 24n]);
  const t1 = exchange.deploy("Token", ["One", "T1", 10n ** 24n]);
  const ex = exchange.deploy("Exchange", [t0, t1], { link: { "contracts/test/LibMath.sol:LibMath": lib } });
  exchange.call(DEPLOYER, t0, "Token", "approve", [ex, 10n ** 24n]);
  exchange.call(DEPLOYER, t1, "Token", "approve", [ex, 10n ** 24n]);
  exchange.call(DEPLOYER, ex, "Exchange", "addLiquidity", [10n ** 21n, 2n * 10n ** 21n]);
  for (let i = 0; i < 4; i++) exchange.call(DEPLOYER, ex, "Exchange", "swap", [i % 2 ? t1 : t0, 10n ** 18n * BigInt(i + 1), 0n]);
  exchange.call(DEPLOYER, ex, "Exchange", "swap", [t0, 10n ** 18n, 10n ** 30n], { expectFailure: true });
  exchange.call(DEPLOYER, ex, "Exchange", "removeLiquidity", [10n ** 20n]);
  list.push(exchange);

  const misc = new EngineScenario("transient storage, MCOPY, big constants, code reads, context, selfdestruct and raw logs");
  const m = misc.deploy("Misc");
  misc.call(DEPLOYER, m, "Misc", "transientRoundTrip", [77n]);
  misc.call(DEPLOYER, m, "Misc", "tloadSlot", []);
  misc.call(DEPLOYER, m, "Misc", "copy", [`0x${"5a".repeat(100)}`]);
  misc.call(DEPLOYER, m, "Misc", "shiftDown", [`0x${"0123456789".repeat(10)}`, 7n]);
  misc.call(DEPLOYER, m, "Misc", "bitOps", [2n ** 255n + 12345n, 13n]);
  misc.call(DEPLOYER, m, "Misc", "signedOps", [-17n, 5n]);
  misc.call(DEPLOYER, m, "Misc", "bigMath", []);
  misc.call(DEPLOYER, m, "Misc", "selfCode", []);
  misc.call(DEPLOYER, m, "Misc", "codeInfo", [m]);
  misc.call(USER, m, "Misc", "relayWhoCalls", []);
  misc.call(DEPLOYER, m, "Misc", "recordContext", []);
  misc.call(DEPLOYER, m, "Misc", "createAndDestroy", [USER]);
  misc.call(DEPLOYER, m, "Misc", "createEphemeral", []);
  misc.call(DEPLOYER, m, "Misc", "destroyEphemeral", [USER]);
  misc.call(DEPLOYER, m, "Misc", "emitAll", [5n]);
  misc.call(DEPLOYER, m, "Misc", "rawLogs", [6n]);
  list.push(misc);

  return list;
}


