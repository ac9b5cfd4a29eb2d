// The legacy corpus (contracts/legacy/, compiled by solc 0.5.17 and 0.6.12 through npm aliases) and
// Immutables.sol: the artifacts come from the compilers the config promises, and every scenario of
// src/contracts/scenarios.ts gives the same results on our engine as on @ethereumjs:
// - as transactions: createEngine({ mode: "evm", backend: "wasm" }) against @ethereumjs/vm's runTx
//   (legacy transactions, gas price 0): success, return data, logs and receipt gas per step, then
//   the state root;
// - as messages: the WASM interpreter against @ethereumjs/evm through test/evm/compare.ts, which
//   also compares every account and storage slot the scenario names.
// Artifacts are read as built (`npm run build:contracts`); this file does not compile.
//
// The scenarios run at module load, outside test(): node's test runner makes ethereumjs' many
// awaits several times slower inside a test body (as in test/evm/contracts.test.ts).
import { test } from "node:test";
import { opcodeTable } from "../../src/evm/opcode-table.js";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Wallet, id } from "ethers";
import { createVM, runTx, type VM } from "@ethereumjs/vm";
import { createLegacyTx } from "@ethereumjs/tx";
import { createBlock } from "@ethereumjs/block";
import { Hardfork, Mainnet, createCustomCommon, type Common } from "@ethereumjs/common";
import { bytesToHex as ejsBytesToHex, createAddressFromString, hexToBytes as ejsHexToBytes } from "@ethereumjs/util";
import { createEngine } from "../../src/index.js";
import { MessageRunner } from "../../src/evm/message-runner.js";
import { DEFAULT_BLOCK } from "../../src/evm/defaults.js";
import { hexToBytes, type Hex } from "../../src/hex.js";
import type { MessageCall, PreState } from "../../src/evm/types.js";
import {
  LEGACY_SCENARIOS,
  ROLES,
  engineExecutor,
  planScenario,
  runScenario,
  unmetExpectations,
  type PlannedScenario,
  type Role,
  type Scenario,
  type ScenarioExecutor,
  type StepOutcome,
} from "../../src/contracts/scenarios.js";
import { assertSameExecution } from "../evm/compare.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CHAIN_ID = 10n;
const TIMESTAMP = 1_700_000_000n;
// Enough for every step; the pre-0.8 assert step burns 63/64 of what is left at its call.
const GAS_LIMIT = 5_000_000n;

const KEYS: Record<Role, Hex> = Object.fromEntries(ROLES.map((role) => [role, id(`ovm-engine legacy corpus: ${role}`)])) as Record<Role, Hex>;
const ACCOUNTS: Record<Role, Hex> = Object.fromEntries(
  ROLES.map((role) => [role, new Wallet(KEYS[role]).address.toLowerCase()]),
) as Record<Role, Hex>;

// ---------------------------------------------------------------------------------------------
// Compilers

interface CompilerExpectation {
  sources: string[];
  version: string;
  optimizer: boolean;
  evmVersion: string;
}

const COMPILERS: CompilerExpectation[] = [
  { sources: ["contracts/legacy/v05/LegacyToken.sol", "contracts/legacy/v05/LegacyExchange.sol"], version: "0.5.17", optimizer: true, evmVersion: "istanbul" },
  { sources: ["contracts/legacy/v06/LegacyFactory.sol"], version: "0.6.12", optimizer: true, evmVersion: "istanbul" },
  { sources: ["contracts/legacy/v06/LegacyTryCatch.sol"], version: "0.6.12", optimizer: false, evmVersion: "istanbul" },
  { sources: ["contracts/test/Immutables.sol"], version: "0.8.28", optimizer: true, evmVersion: "cancun" },
];

interface BuildInfo {
  solcVersion: string;
  solcLongVersion: string;
  input: { settings: { optimizer: { enabled: boolean }; evmVersion: string } };
  output: { contracts: Record<string, Record<string, { metadata: string }>> };
}

/** The contract artifacts Hardhat wrote for a source (every contract it declares). */
function artifactsOf(sourceName: string): { name: string; json: { deployedBytecode: string }; buildInfo: BuildInfo }[] {
  const dir = join(ROOT, "artifacts", sourceName);
  assert.ok(existsSync(dir), `no artifacts for ${sourceName}; run npm run build:contracts`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".dbg.json"))
    .map((f) => {
      const name = f.slice(0, -".json".length);
      const dbg = JSON.parse(readFileSync(join(dir, `${name}.dbg.json`), "utf8")) as { buildInfo: string };
      const buildInfo = JSON.parse(readFileSync(join(dir, dbg.buildInfo), "utf8")) as BuildInfo;
      return { name, json: JSON.parse(readFileSync(join(dir, f), "utf8")), buildInfo };
    });
}

/** The solc version solc writes into the CBOR metadata at the end of runtime code ("solc": 3 bytes). */
function cborSolcVersion(deployedBytecode: string): string | undefined {
  const code = hexToBytes(deployedBytecode);
  const length = (code[code.length - 2]! << 8) | code[code.length - 1]!;
  const cbor = code.subarray(code.length - 2 - length, code.length - 2);
  const key = [0x64, 0x73, 0x6f, 0x6c, 0x63, 0x43]; // text(4) "solc", then bytes(3)
  for (let i = 0; i + key.length + 3 <= cbor.length; i++) {
    if (key.every((b, j) => cbor[i + j] === b)) return Array.from(cbor.subarray(i + key.length, i + key.length + 3)).join(".");
  }
  return undefined;
}

test("every source under contracts/legacy/ has artifacts, and its folder (v05, v06) names its compiler's minor version", () => {
  const legacy = join(ROOT, "contracts", "legacy");
  const sources = (readdirSync(legacy, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".sol"))
    .map((f) => relative(ROOT, join(legacy, f)).split(sep).join("/"));
  assert.ok(sources.length >= 4, `expected the legacy corpus, found ${sources.join(", ")}`);
  for (const source of sources) {
    const folder = /contracts\/legacy\/v0(\d)\//.exec(source);
    assert.ok(folder, `${source} is not in a v0N folder`);
    const artifacts = artifactsOf(source);
    assert.ok(artifacts.length > 0, `${source}: no contract artifacts`);
    for (const a of artifacts) assert.ok(a.buildInfo.solcVersion.startsWith(`0.${folder[1]}.`), `${source}:${a.name} built by ${a.buildInfo.solcVersion}`);
  }
  const covered = COMPILERS.flatMap((c) => c.sources).filter((s) => s.startsWith("contracts/legacy/"));
  assert.deepEqual([...sources].sort(), [...covered].sort(), "every legacy source has its settings pinned below");
});

test("each corpus contract was built by the pinned solc (build-info, metadata JSON and CBOR trailer agree) with its optimizer and EVM version", () => {
  for (const expected of COMPILERS) {
    for (const source of expected.sources) {
      for (const { name, json, buildInfo } of artifactsOf(source)) {
        const where = `${source}:${name}`;
        assert.equal(buildInfo.solcVersion, expected.version, `${where}: build-info solcVersion`);
        assert.ok(buildInfo.solcLongVersion.startsWith(`${expected.version}+commit.`), `${where}: ${buildInfo.solcLongVersion}`);
        assert.equal(buildInfo.input.settings.optimizer.enabled, expected.optimizer, `${where}: optimizer`);
        assert.equal(buildInfo.input.settings.evmVersion, expected.evmVersion, `${where}: evmVersion`);
        const metadata = JSON.parse(buildInfo.output.contracts[source]![name]!.metadata) as {
          compiler: { version: string };
          settings: { optimizer: { enabled: boolean }; evmVersion: string };
        };
        assert.equal(metadata.compiler.version, buildInfo.solcLongVersion.replace(/\.Emscripten\.clang$/, ""), `${where}: metadata compiler`);
        assert.equal(metadata.settings.optimizer.enabled, expected.optimizer, `${where}: metadata optimizer`);
        assert.equal(metadata.settings.evmVersion, expected.evmVersion, `${where}: metadata evmVersion`);
        if (json.deployedBytecode !== "0x") assert.equal(cborSolcVersion(json.deployedBytecode), expected.version, `${where}: CBOR "solc"`);
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Transactions: createEngine against @ethereumjs/vm's runTx

/** The same transactions on @ethereumjs/vm: signed legacy txs, gas price 0, one block context for all. */
class RunTxExecutor implements ScenarioExecutor {
  private readonly nonces = new Map<Hex, bigint>();
  private constructor(readonly vm: VM, private readonly common: Common) {}

  static async create(): Promise<RunTxExecutor> {
    const common = createCustomCommon({ chainId: Number(CHAIN_ID) }, Mainnet, { hardfork: Hardfork.Cancun });
    return new RunTxExecutor(await createVM({ common }), common);
  }

  deploy(from: Hex, data: Hex): Promise<StepOutcome> {
    return this.send(from, undefined, data);
  }

  execute(from: Hex, to: Hex, data: Hex): Promise<StepOutcome> {
    return this.send(from, to, data);
  }

  private async send(from: Hex, to: Hex | undefined, data: Hex): Promise<StepOutcome> {
    const role = ROLES.find((r) => ACCOUNTS[r] === from);
    assert.ok(role, `no key for ${from}`);
    const nonce = this.nonces.get(from) ?? 0n;
    this.nonces.set(from, nonce + 1n);
    const tx = createLegacyTx(
      { nonce, gasPrice: 0n, gasLimit: GAS_LIMIT, to: to === undefined ? undefined : createAddressFromString(to), data: ejsHexToBytes(data), value: 0n },
      { common: this.common },
    ).sign(ejsHexToBytes(KEYS[role]));
    const block = createBlock(
      { header: { number: 1n, timestamp: TIMESTAMP, gasLimit: DEFAULT_BLOCK.gasLimit, baseFeePerGas: 0n, coinbase: createAddressFromString(DEFAULT_BLOCK.coinbase) } },
      { common: this.common },
    );
    const r = await runTx(this.vm, { tx, block, skipHardForkValidation: true });
    const success = r.execResult.exceptionError === undefined;
    return {
      success,
      returnData: ejsBytesToHex(r.execResult.returnValue) as Hex,
      logs: success
        ? (r.execResult.logs ?? []).map(([address, topics, logData]) => ({
            address: ejsBytesToHex(address) as Hex,
            topics: topics.map((t) => ejsBytesToHex(t) as Hex),
            data: ejsBytesToHex(logData) as Hex,
          }))
        : [],
      gasUsed: r.totalGasSpent,
      createdAddress: success && to === undefined && r.createdAddress ? (r.createdAddress.toString().toLowerCase() as Hex) : null,
    };
  }

  async stateRoot(): Promise<Hex> {
    return ejsBytesToHex(await this.vm.stateManager.getStateRoot()) as Hex;
  }
}

interface TransactionRun {
  plan: PlannedScenario;
  ours: StepOutcome[];
  reference: StepOutcome[];
  ourRoot: Hex;
  referenceRoot: Hex;
}

async function runAsTransactions(scenario: Scenario): Promise<TransactionRun> {
  const plan = planScenario(scenario, { accounts: ACCOUNTS, nonceRule: "per-transaction", timestamp: TIMESTAMP, chainId: CHAIN_ID });
  const engine = await createEngine({ mode: "evm", backend: "wasm", chainId: CHAIN_ID });
  try {
    const ours = await runScenario(plan, engineExecutor(engine, { gasLimit: GAS_LIMIT, timestamp: TIMESTAMP }));
    const referenceChain = await RunTxExecutor.create();
    const reference = await runScenario(plan, referenceChain);
    return { plan, ours, reference, ourRoot: await engine.stateRoot(), referenceRoot: await referenceChain.stateRoot() };
  } finally {
    await engine.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Messages: the WASM interpreter against @ethereumjs/evm, every account and slot compared

function messagesOf(plan: PlannedScenario): MessageCall[] {
  return plan.steps.map((step) => ({ caller: step.from, to: step.to, data: hexToBytes(step.data), value: 0n, gasLimit: GAS_LIMIT }));
}

function preState(): PreState {
  return new Map(ROLES.map((role) => [ACCOUNTS[role], { nonce: 0n, balance: 10n ** 18n, code: new Uint8Array(0), storage: new Map() }]));
}

function planAsMessages(scenario: Scenario): PlannedScenario {
  return planScenario(scenario, { accounts: ACCOUNTS, nonceRule: "per-creation", timestamp: DEFAULT_BLOCK.timestamp, chainId: DEFAULT_BLOCK.chainId });
}

async function runAsMessages(scenario: Scenario) {
  const plan = planAsMessages(scenario);
  // Watching every named address also covers the children a factory creates.
  const outcomes = await assertSameExecution(preState(), DEFAULT_BLOCK, messagesOf(plan), [...plan.addresses.values()], scenario.name);
  return { plan, outcomes };
}

// The banned opcodes, as the one opcode table (assembly/opcodes.ts) classifies them.
const BANNED: ReadonlyMap<number, string> = new Map(
  opcodeTable().filter((facts) => facts.ovm === "banned").map((facts) => [facts.opcode, facts.name]),
);

const executed = new Map<string, Set<number>>();

/** Every opcode the scenario executes, at any depth, on the trace build of the interpreter. */
function executedOpcodes(scenario: Scenario): Set<number> {
  const known = executed.get(scenario.name);
  if (known) return known;
  const plan = planAsMessages(scenario);
  const runner = new MessageRunner(preState(), DEFAULT_BLOCK, { trace: true });
  const seen = new Set<number>();
  runner.evm.setTracer((step) => seen.add(step.opcode));
  for (const msg of messagesOf(plan)) runner.runCall(msg);
  executed.set(scenario.name, seen);
  return seen;
}

// ---------------------------------------------------------------------------------------------

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
async function settle<T>(run: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}
function unwrap<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
}

const results = new Map<string, { transactions: Settled<TransactionRun>; messages: Settled<Awaited<ReturnType<typeof runAsMessages>>> }>();
for (const scenario of LEGACY_SCENARIOS) {
  results.set(scenario.name, { transactions: await settle(() => runAsTransactions(scenario)), messages: await settle(() => runAsMessages(scenario)) });
}

for (const scenario of LEGACY_SCENARIOS) {
  const { transactions, messages } = results.get(scenario.name)!;

  test(`${scenario.name}: createEngine (evm, wasm) gives @ethereumjs/vm runTx's success, return data, logs and receipt gas at every step, and its state root`, () => {
    const run = unwrap(transactions);
    assert.equal(run.ours.length, run.plan.steps.length);
    for (const [i, step] of run.plan.steps.entries()) {
      assert.deepEqual(run.ours[i], run.reference[i], `step ${i} (${step.description}): ours, then @ethereumjs/vm`);
    }
    assert.equal(run.ourRoot, run.referenceRoot, "state root after the sequence");
  });

  test(`${scenario.name}: every step succeeds or reverts as the scenario says, with the pinned return data, and deploys land at the planned addresses`, () => {
    const run = unwrap(transactions);
    const problems = run.plan.steps.flatMap((step, i) => unmetExpectations(step, run.ours[i]!).map((p) => `step ${i} (${step.description}): ${p}`));
    assert.deepEqual(problems, []);
    // runScenario already refuses a deploy elsewhere; here: the planned ones all happened.
    const deployed = run.plan.steps.flatMap((step, i) => (step.kind === "deploy" && step.expectSuccess ? [[run.ours[i]!.createdAddress, step.address]] : []));
    assert.ok(deployed.length > 0);
    for (const [actual, planned] of deployed) assert.equal(actual, planned);
    // Deploys return the runtime code; with immutables it is the artifact's with the values spliced in.
    for (const [i, step] of run.plan.steps.entries()) if (step.kind === "deploy" && step.expectSuccess) assert.ok(run.ours[i]!.returnData.length > 2, `step ${i} returned no code`);
  });

  test(`${scenario.name}: message by message, the WASM interpreter equals @ethereumjs/evm on results, accounts and every storage slot, and meets the same expectations`, () => {
    const { plan, outcomes } = unwrap(messages);
    const problems = plan.steps.flatMap((step, i) => {
      const o = outcomes[i]!;
      const unmet = unmetExpectations(step, o);
      if (step.kind === "deploy" && o.success && o.createdAddress !== step.address) unmet.push(`created ${o.createdAddress}, planned ${step.address}`);
      return unmet.map((p) => `step ${i} (${step.description}): ${p}`);
    });
    assert.deepEqual(problems, []);
  });
}

test("no scenario executes an opcode the OVM bans, and no step carries value", () => {
  for (const scenario of LEGACY_SCENARIOS) {
    const banned = [...executedOpcodes(scenario)].filter((op) => BANNED.has(op)).map((op) => BANNED.get(op));
    assert.deepEqual(banned, [], `${scenario.name} executes banned opcodes`);
    for (const msg of messagesOf(planAsMessages(scenario))) assert.equal(msg.value, 0n);
  }
});

test("together the scenarios execute the opcodes the OVM replaces or must trap like L1 (context, storage, calls, creates, code reads, INVALID)", () => {
  const seen = new Set(LEGACY_SCENARIOS.flatMap((scenario) => [...executedOpcodes(scenario)]));
  const wanted: [number, string][] = [
    [0x30, "ADDRESS"], [0x33, "CALLER"], [0x42, "TIMESTAMP"], [0x46, "CHAINID"], [0x3b, "EXTCODESIZE"],
    [0x54, "SLOAD"], [0x55, "SSTORE"], [0xf1, "CALL"], [0xfa, "STATICCALL"], [0xf0, "CREATE"], [0xf5, "CREATE2"],
    [0x38, "CODESIZE"], [0x39, "CODECOPY"], [0xa1, "LOG1"], [0xa3, "LOG3"], [0xfd, "REVERT"], [0xfe, "INVALID"],
  ];
  assert.deepEqual(wanted.filter(([op]) => !seen.has(op)).map(([, name]) => name), []);
});

test("the scenarios cover both legacy compilers, Immutables, and both success and revert steps", () => {
  const contracts = new Set(LEGACY_SCENARIOS.flatMap((s) => s.specs.map((spec) => spec.contract)));
  for (const name of ["LegacyToken", "LegacyExchange", "LegacyFactory", "LegacyChild", "LegacyTryCatch", "LegacyThrower", "Immutables"]) {
    assert.ok(contracts.has(name), `no scenario uses ${name}`);
  }
  for (const scenario of LEGACY_SCENARIOS) {
    const plan = planAsMessages(scenario);
    assert.ok(plan.steps.some((s) => s.expectSuccess) && plan.steps.some((s) => !s.expectSuccess), `${scenario.name}: needs both outcomes`);
  }
});
