// Differential test of whole signed transactions: random transactions (legacy with and without
// EIP-155, EIP-2930, EIP-1559, EIP-4844) against random pre-states, run by our engine and by
// @ethereumjs/vm. After every transaction both must agree on validity, receipt gas, success, logs
// and the state root.
//
// BLOCKHASH: rather than filtering generated programs that use it, ethereumjs gets a mock
// blockchain whose blocks hash to `blockHashOf(n)`, the rule our engine is given, so BLOCKHASH
// stays covered.
//
// The scenarios run at module load, outside test(): node's test runner makes ethereumjs' many
// awaits several times slower inside a test body. Set OVM_TX_FUZZ_SEEDS (a count, or "from-to")
// for a longer run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createVM, runTx, type VM } from "@ethereumjs/vm";
import { createTx, createTxFromRLP } from "@ethereumjs/tx";
import { createBlock, type Block } from "@ethereumjs/block";
import { Common, Mainnet, Hardfork } from "@ethereumjs/common";
import { Account, createAddressFromString, bigIntToUnpaddedBytes, bytesToHex as b2h } from "@ethereumjs/util";
import { RLP } from "@ethereumjs/rlp";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { decodeRawTransaction, MalformedTransactionError } from "../../src/engine/raw-transaction.js";
import { executeTransaction, InvalidTransactionError, blobBaseFee, type Transaction } from "../../src/engine/transaction.js";
import { WasmEvm } from "../../src/wasm/instance.js";
import { WorldState } from "../../src/state/world-state.js";
import { computeStateRoot } from "../../src/state/state-root.js";
import { blockHashOf } from "../../src/evm/defaults.js";
import { senderOf } from "../../src/statetest/run.js";
import { bytesToHex, hexToBytes, type Hex } from "../../src/hex.js";
import type { AccountState, BlockEnv, Log, PreState } from "../../src/evm/types.js";
import { createRng, generateProgram, type Rng } from "../generators/programs.js";
import { asm } from "../../src/evm/assembler.js";

// ethereumjs refuses to build any blob transaction without a KZG backend on the common, even one
// that carries only versioned hashes (no blobs, so nothing is ever verified): a stub that fails
// loudly if it is ever called satisfies the check.
const noKzg = () => {
  throw new Error("KZG is not available in this test");
};
const KZG_STUB = { blobToKzgCommitment: noKzg, computeBlobProof: noKzg, verifyProof: noKzg, verifyBlobProofBatch: noKzg, computeBlobKzgProof: noKzg, verifyBlobKzgProofBatch: noKzg, verifyKzgProof: noKzg };
const CANCUN = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun, customCrypto: { kzg: KZG_STUB as never } });
// A pre-Spurious-Dragon common makes ethereumjs sign legacy transactions with v = 27/28 (no
// chain id); the bytes are then parsed back under Cancun, which still accepts them.
const PRE_EIP155 = new Common({ chain: Mainnet, hardfork: Hardfork.TangerineWhistle });

const TXS_PER_SCENARIO = 8;

function seedList(): number[] {
  const env = process.env.OVM_TX_FUZZ_SEEDS;
  if (env) {
    const range = /^(\d+)-(\d+)$/.exec(env);
    if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
    return Array.from({ length: Number(env) }, (_, i) => 0x7a0000 + i);
  }
  return Array.from({ length: 50 }, (_, i) => 0x7a0000 + i);
}

// ---------------------------------------------------------------------------------
// Pre-state

const addr = (tag: string): Hex => `0x${tag.padStart(40, "0")}` as Hex;
const word = (v: bigint): Hex => `0x${v.toString(16).padStart(64, "0")}` as Hex;
const keyOf = (i: number): Hex => `0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}` as Hex;

const COUNTER = addr("aa01");
const LOGGER = addr("aa02");
const REVERTER = addr("aa03");
const FACTORY = addr("aa04");
const DESTRUCTOR = addr("aa05");
const ABSENT = addr("dead77");
const IDENTITY = addr("04");

// Bumps slot 0 and stores the first calldata word under the new count.
const COUNTER_CODE = asm(0, "SLOAD", 1, "ADD", "DUP1", 0, "SSTORE", 0, "CALLDATALOAD", "SWAP1", "SSTORE", "STOP");
// Emits the calldata as a LOG2 topped with the caller and the value.
const LOGGER_CODE = asm("CALLDATASIZE", 0, 0, "CALLDATACOPY", "CALLVALUE", "CALLER", "CALLDATASIZE", 0, "LOG2", "STOP");
// Writes storage and a log, then reverts with the calldata: both must be undone, the gas kept.
const REVERTER_CODE = asm(1, 0, "SSTORE", "CALLDATASIZE", 0, 0, "CALLDATACOPY", 5, 0, 0, "LOG1", "CALLDATASIZE", 0, "REVERT");
// CREATE then CREATE2 (fixed salt, so a second run collides) with the calldata as init code.
const FACTORY_CODE = asm(
  "CALLDATASIZE", 0, 0, "CALLDATACOPY",
  "CALLDATASIZE", 0, "CALLVALUE", "CREATE", 0, "SSTORE",
  7, "CALLDATASIZE", 0, 0, "CREATE2", 1, "SSTORE", "STOP",
);
const DESTRUCTOR_CODE = asm("CALLER", "SELFDESTRUCT");

/** Init code that runs `preamble`, then returns `runtime` as the contract's code. */
function initCode(runtime: Uint8Array, preamble: number[] = []): Uint8Array {
  const offset = preamble.length + 12;
  return Uint8Array.from([...preamble, 0x60, runtime.length, 0x60, offset, 0x60, 0, 0x39, 0x60, runtime.length, 0x60, 0, 0xf3, ...runtime]);
}

function randomInitCode(rng: Rng, mainCode: Uint8Array): Uint8Array {
  return rng.weighted<() => Uint8Array>([
    [4, () => initCode(rng.pick([COUNTER_CODE, LOGGER_CODE, rng.bytes(rng.range(0, 40))]))],
    [2, () => initCode(LOGGER_CODE, [0x60, rng.range(0, 255), 0x60, rng.range(0, 3), 0x55])],
    [1, () => initCode(Uint8Array.from([0xef, 0x00]))], // EIP-3541: must fail
    [1, () => asm(0, 0, "REVERT")],
    [1, () => asm("CALLER", "SELFDESTRUCT")],
    [1, () => new Uint8Array(0)],
    [1, () => rng.bytes(rng.range(1, 30))],
    [1, () => mainCode],
  ])();
}

function balance(rng: Rng): bigint {
  return rng.weighted<() => bigint>([
    [5, () => 10n ** 20n + BigInt(rng.next())],
    [1, () => BigInt(rng.range(1_000_000, 1_000_000_000)) * 10n],
    [1, () => BigInt(rng.range(0, 100_000))],
  ])();
}

interface Scenario {
  pre: PreState;
  keys: Hex[];
  eoas: Hex[];
  contracts: Hex[];
  mainAddress: Hex;
  mainCode: Uint8Array;
  mainCalldata: Uint8Array;
  block: BlockEnv & { excessBlobGas: bigint };
}

function makeScenario(rng: Rng): Scenario {
  const program = generateProgram(rng);
  const pre: PreState = new Map();
  // The program's own pre-state (main contract, helpers, its EOA) minus its rich default sender,
  // which has no key and so could only ever receive.
  for (const [a, acc] of program.pre) if (a !== program.sender) pre.set(a, acc);
  const account = (code: Uint8Array, bal: bigint, nonce = 0n, storage = new Map<Hex, Hex>()): AccountState => ({ nonce, balance: bal, code, storage });
  const keys: Hex[] = [];
  const eoas: Hex[] = [];
  const eoaCount = rng.range(4, 6);
  for (let i = 0; i < eoaCount; i++) {
    const key = keyOf(i);
    const a = senderOf(key);
    keys.push(key);
    eoas.push(a);
    // A rare sender with code exercises EIP-3607.
    const code = rng.chance(0.04) ? Uint8Array.from([0x00]) : new Uint8Array(0);
    pre.set(a, account(code, balance(rng), BigInt(rng.weighted([[3, 0], [2, rng.range(1, 5)], [1, rng.range(100, 1000)]]))));
  }
  const counterStorage = new Map<Hex, Hex>([[word(0n), word(BigInt(rng.range(0, 3)))]]);
  const handWritten: [Hex, Uint8Array][] = [[COUNTER, COUNTER_CODE], [LOGGER, LOGGER_CODE], [REVERTER, REVERTER_CODE], [FACTORY, FACTORY_CODE], [DESTRUCTOR, DESTRUCTOR_CODE]];
  const chosen = handWritten.filter(() => rng.chance(0.8));
  for (const [a, code] of chosen) pre.set(a, account(code, BigInt(rng.range(0, 3)) * 1000n, 1n, a === COUNTER ? counterStorage : new Map()));
  const contracts = [program.address, ...[...program.pre.keys()].filter((a) => program.pre.get(a)!.code.length > 0 && a !== program.address), ...chosen.map(([a]) => a)];

  const baseFee = BigInt(rng.range(7, 1000));
  const excessBlobGas = rng.pick([0n, 0n, 1n, 131072n * BigInt(rng.range(1, 20)), BigInt(rng.range(5_000_000, 12_000_000))]);
  const coinbase = rng.weighted<() => Hex>([
    [4, () => bytesToHex(rng.bytes(20))],
    [1, () => rng.pick(eoas)],
    [1, () => rng.pick(contracts)],
  ])();
  return {
    pre, keys, eoas, contracts,
    mainAddress: program.address, mainCode: program.code, mainCalldata: program.calldata,
    block: {
      number: BigInt(rng.range(1, 20_000_000)),
      timestamp: BigInt(rng.range(1_710_338_135, 1_900_000_000)),
      coinbase,
      gasLimit: BigInt(rng.pick([30_000_000, 15_000_000, 3_000_000])),
      baseFee,
      prevRandao: bytesToHex(rng.bytes(32)),
      chainId: 1n,
      blobBaseFee: blobBaseFee(excessBlobGas),
      excessBlobGas,
    },
  };
}

// ---------------------------------------------------------------------------------
// Transactions

/** The engine's transaction fields, plus whether a legacy transaction signs its chain id (EIP-155). */
type TxData = Omit<Transaction, "from" | "chainId"> & { eip155: boolean };

function makeTxData(rng: Rng, s: Scenario, senderNonce: bigint): TxData {
  const { baseFee } = s.block;
  const kind = rng.weighted([[2, "legacy155"], [1, "legacy"], [2, "2930"], [3, "1559"], [2, "4844"]] as const);
  const type = kind === "2930" ? 1 : kind === "1559" ? 2 : kind === "4844" ? 3 : 0;
  const nonce = rng.weighted<() => bigint>([
    [90, () => senderNonce],
    [5, () => senderNonce + BigInt(rng.range(1, 2))],
    [5, () => (senderNonce > 0n ? senderNonce - 1n : senderNonce + 3n)],
  ])();
  const target = rng.weighted<() => Hex | undefined>([
    [45, () => rng.pick(s.contracts)],
    [15, () => rng.pick(s.eoas)],
    [4, () => ABSENT],
    [3, () => IDENTITY],
    [type === 3 ? 1 : 15, () => undefined],
  ])();
  let data: Uint8Array;
  if (target === undefined) data = randomInitCode(rng, s.mainCode);
  else if (target === FACTORY) data = randomInitCode(rng, s.mainCode);
  else if (target === s.mainAddress && rng.chance(0.6)) data = s.mainCalldata;
  else data = rng.weighted<() => Uint8Array>([[3, () => new Uint8Array(0)], [5, () => rng.bytes(rng.range(1, 68))], [1, () => new Uint8Array(rng.range(1, 40))]])();
  const value = rng.weighted<() => bigint>([[6, () => 0n], [3, () => BigInt(rng.range(1, 100_000))], [1, () => 10n ** 18n]])();
  // Intrinsic gas estimated from above (every calldata byte at 16), so "enough" really is.
  const intrinsic = 21_000 + 16 * data.length + (target === undefined ? 32_000 + 2 * Math.ceil(data.length / 32) : 0) + 2_400 * 4 + 1_900 * 12;
  const gasLimit = BigInt(rng.weighted<() => number>([
    [65, () => rng.range(intrinsic + 50_000, 2_000_000)],
    [20, () => rng.range(intrinsic, intrinsic + 50_000)],
    [5, () => rng.range(0, intrinsic)],
    [1, () => 40_000_000],
  ])());
  const fee = () => rng.weighted<() => bigint>([
    [92, () => baseFee + BigInt(rng.range(0, 60))],
    [8, () => baseFee - BigInt(rng.range(1, Math.min(5, Number(baseFee))))],
  ])();
  const tx: TxData = { type, eip155: kind !== "legacy", nonce, gasLimit, to: target, value, data };
  if (type <= 1) tx.gasPrice = fee();
  else {
    const maxFee = fee();
    tx.maxFeePerGas = maxFee;
    tx.maxPriorityFeePerGas = rng.weighted<() => bigint>([
      [60, () => BigInt(rng.range(0, Number(maxFee)))],
      [30, () => BigInt(rng.range(0, 3))],
      [5, () => maxFee + BigInt(rng.range(1, 5))],
    ])();
  }
  if (type >= 1) {
    const known = [...s.contracts, ...s.eoas, ABSENT, s.block.coinbase];
    tx.accessList = Array.from({ length: rng.weighted([[3, 0], [3, 1], [2, 2], [1, 3]]) }, () => ({
      address: rng.pick(known),
      storageKeys: Array.from({ length: rng.range(0, 3) }, () => word(BigInt(rng.pick([0, 1, 2, 3, 0xdead])))),
    }));
  }
  if (type === 3) {
    tx.blobVersionedHashes = Array.from({ length: rng.weighted([[1, 0], [12, 1], [8, 2]]) }, () => {
      const h = rng.bytes(32);
      h[0] = rng.chance(0.1) ? rng.pick([0x00, 0x02]) : 0x01;
      return bytesToHex(h);
    });
    tx.maxFeePerBlobGas = rng.weighted<() => bigint>([
      [90, () => s.block.blobBaseFee + BigInt(rng.range(0, 5))],
      [10, () => s.block.blobBaseFee - BigInt(rng.range(1, Math.min(3, Number(s.block.blobBaseFee))))],
    ])();
  }
  return tx;
}

const q = (v: bigint) => bigIntToUnpaddedBytes(v);

/**
 * Signs a typed transaction by hand. Used only when ethereumjs refuses to build it (priority fee
 * above the fee cap, bad blob version, no blobs): such bytes are still valid RLP a sequencer can be
 * sent, and both sides must reject them.
 */
function signTypedByHand(tx: TxData, key: Hex): Uint8Array {
  const access = (tx.accessList ?? []).map((e) => [hexToBytes(e.address), e.storageKeys.map((k) => hexToBytes(k))]);
  const to = tx.to ? hexToBytes(tx.to) : new Uint8Array(0);
  const fields: unknown[] = tx.type === 1
    ? [q(1n), q(tx.nonce), q(tx.gasPrice!), q(tx.gasLimit), to, q(tx.value), tx.data, access]
    : [q(1n), q(tx.nonce), q(tx.maxPriorityFeePerGas!), q(tx.maxFeePerGas!), q(tx.gasLimit), to, q(tx.value), tx.data, access];
  if (tx.type === 3) fields.push(q(tx.maxFeePerBlobGas!), tx.blobVersionedHashes!.map((h) => hexToBytes(h)));
  const unsigned = RLP.encode(fields as never);
  const hash = keccak_256(Uint8Array.from([tx.type, ...unsigned]));
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(hash, hexToBytes(key), { prehash: false, format: "recovered" }), "recovered");
  return Uint8Array.from([tx.type, ...RLP.encode([...fields, q(BigInt(sig.recovery!)), q(sig.r), q(sig.s)] as never)]);
}

function signTx(tx: TxData, key: Hex): Uint8Array {
  const data = {
    type: tx.type, nonce: tx.nonce, gasLimit: tx.gasLimit, to: tx.to, value: tx.value, data: tx.data,
    gasPrice: tx.gasPrice, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    accessList: tx.accessList, maxFeePerBlobGas: tx.maxFeePerBlobGas, blobVersionedHashes: tx.blobVersionedHashes,
    chainId: tx.type === 0 ? undefined : 1n,
  };
  const common = tx.type === 0 && !tx.eip155 ? PRE_EIP155 : CANCUN;
  try {
    return createTx(data as never, { common }).sign(hexToBytes(key)).serialize();
  } catch (e) {
    if (tx.type === 0) throw e;
    return signTypedByHand(tx, key);
  }
}

// ---------------------------------------------------------------------------------
// Running

interface Outcome {
  valid: boolean;
  gasUsed?: bigint;
  success?: boolean;
  logs?: string;
  stateRoot: Hex;
  note?: string;
}

const logsKey = (logs: { address: Hex; topics: Hex[]; data: Hex }[]) =>
  JSON.stringify(logs.map((l) => [l.address.toLowerCase(), l.topics.map((t) => t.toLowerCase()), l.data.toLowerCase()]));

// The mock chain for BLOCKHASH: the only chain access runTx makes.
const blockchain = {
  async getBlock(n: number | bigint) {
    return { hash: () => blockHashOf(BigInt(n)) };
  },
  async putBlock() {},
  shallowCopy() {
    return this;
  },
};

async function referenceVm(pre: PreState): Promise<VM> {
  const vm = await createVM({ common: CANCUN, blockchain: blockchain as never });
  for (const [a, acc] of pre) {
    const address = createAddressFromString(a);
    await vm.stateManager.putAccount(address, new Account(acc.nonce, acc.balance));
    if (acc.code.length > 0) await vm.stateManager.putCode(address, acc.code);
    for (const [slot, value] of acc.storage) {
      const v = q(BigInt(value));
      if (v.length > 0) await vm.stateManager.putStorage(address, hexToBytes(slot), v);
    }
  }
  return vm;
}

async function runReference(vm: VM, raw: Uint8Array, block: Block): Promise<Outcome> {
  let tx;
  try {
    tx = createTxFromRLP(raw, { common: CANCUN });
  } catch (e) {
    return { valid: false, stateRoot: b2h(await vm.stateManager.getStateRoot()) as Hex, note: (e as Error).message.slice(0, 120) };
  }
  try {
    const res = await runTx(vm, { tx, block, skipHardForkValidation: true });
    const logs = res.receipt.logs.map(([a, topics, data]) => ({ address: b2h(a) as Hex, topics: topics.map((t) => b2h(t) as Hex), data: b2h(data) as Hex }));
    return {
      valid: true,
      gasUsed: res.totalGasSpent,
      success: res.execResult.exceptionError === undefined,
      logs: logsKey(logs),
      stateRoot: b2h(await vm.stateManager.getStateRoot()) as Hex,
      note: res.execResult.exceptionError?.error,
    };
  } catch (e) {
    return { valid: false, stateRoot: b2h(await vm.stateManager.getStateRoot()) as Hex, note: (e as Error).message.slice(0, 120) };
  }
}

const evm = new WasmEvm(new WorldState(), blockHashOf);

async function runOurs(state: WorldState, raw: Uint8Array, block: BlockEnv): Promise<Outcome> {
  try {
    const receipt = executeTransaction(evm, state, decodeRawTransaction(raw), block);
    return { valid: true, gasUsed: receipt.gasUsed, success: receipt.success, logs: logsKey(receipt.output.logs as Log[]), stateRoot: await computeStateRoot(state) };
  } catch (e) {
    if (!(e instanceof InvalidTransactionError) && !(e instanceof MalformedTransactionError)) {
      return { valid: false, stateRoot: await computeStateRoot(state), note: `ENGINE ERROR ${(e as Error).message}` };
    }
    return { valid: false, stateRoot: await computeStateRoot(state), note: e.message.slice(0, 120) };
  }
}

interface Difference {
  seed: number;
  txIndex: number;
  field: string;
  ours: string;
  reference: string;
  tx: string;
}

const differences: Difference[] = [];
const stats = { txs: 0, valid: 0, invalid: 0, success: 0, failed: 0, withLogs: 0, types: new Set<number>(), legacyNo155: 0, seeds: 0 };

async function runScenario(seed: number): Promise<void> {
  const rng = createRng(seed);
  const s = makeScenario(rng);
  const state = WorldState.fromPreState(s.pre);
  evm.setWorldState(state);
  const vm = await referenceVm(s.pre);
  const block = createBlock({
    header: {
      number: s.block.number, timestamp: s.block.timestamp, coinbase: s.block.coinbase, gasLimit: s.block.gasLimit,
      baseFeePerGas: s.block.baseFee, mixHash: s.block.prevRandao, excessBlobGas: s.block.excessBlobGas,
    },
  }, { common: CANCUN });
  const preOurs = await computeStateRoot(state);
  const preTheirs = b2h(await vm.stateManager.getStateRoot());
  if (preOurs !== preTheirs) {
    differences.push({ seed, txIndex: -1, field: "pre-state root", ours: preOurs, reference: preTheirs, tx: "" });
    return;
  }
  for (let i = 0; i < TXS_PER_SCENARIO; i++) {
    const senderIndex = rng.int(s.keys.length);
    const sender = s.eoas[senderIndex];
    const data = makeTxData(rng, s, state.getAccount(sender)?.nonce ?? 0n);
    const raw = signTx(data, s.keys[senderIndex]);
    const ours = await runOurs(state, raw, s.block);
    const theirs = await runReference(vm, raw, block);
    stats.txs++;
    stats.types.add(data.type);
    if (data.type === 0 && !data.eip155) stats.legacyNo155++;
    if (theirs.valid) stats.valid++;
    else stats.invalid++;
    if (theirs.success === true) stats.success++;
    if (theirs.success === false) stats.failed++;
    if (theirs.logs && theirs.logs !== "[]") stats.withLogs++;
    const describe = `type ${data.type}${data.type === 0 ? (data.eip155 ? " eip155" : " pre-eip155") : ""} from ${sender} nonce ${data.nonce} to ${data.to ?? "create"} gas ${data.gasLimit} value ${data.value} raw ${bytesToHex(raw).slice(0, 400)} | ours: ${ours.note ?? ""} | ethereumjs: ${theirs.note ?? ""}`;
    const fields: [string, unknown, unknown][] = [
      ["valid", ours.valid, theirs.valid],
      ["gasUsed", ours.gasUsed, theirs.gasUsed],
      ["success", ours.success, theirs.success],
      ["logs", ours.logs, theirs.logs],
      ["stateRoot", ours.stateRoot, theirs.stateRoot],
    ];
    if (process.env.OVM_TX_FUZZ_VERBOSE) console.log(`seed 0x${seed.toString(16)} tx ${i}: valid ${theirs.valid} gas ${theirs.gasUsed} success ${theirs.success} | ${describe.replace(/ raw 0x[0-9a-f]*/, "")}`);
    const differing = fields.filter(([, o, t]) => o !== t);
    if (differing.length > 0) {
      differences.push({
        seed, txIndex: i, tx: describe,
        field: differing.map(([f]) => f).join(", "),
        ours: differing.map(([, o]) => String(o)).join(", "),
        reference: differing.map(([, , t]) => String(t)).join(", "),
      });
      // Once the states differ, later transactions only repeat the same difference.
      return;
    }
  }
}

const seeds = seedList();
for (const seed of seeds) {
  await runScenario(seed);
  stats.seeds++;
}
if (process.env.OVM_TX_FUZZ_VERBOSE) console.log({ ...stats, types: [...stats.types] });

test(`signed transactions agree with @ethereumjs/vm: validity, receipt gas, success, logs and state root after each (${seeds.length} scenarios x ${TXS_PER_SCENARIO} txs)`, () => {
  const report = differences.map((d) => `seed 0x${d.seed.toString(16)} tx ${d.txIndex} ${d.field}: ours ${d.ours}, ethereumjs ${d.reference}\n    ${d.tx}`);
  assert.deepEqual(report, [], `differences:\n${report.join("\n")}`);
});

test("the random transactions cover valid, invalid, successful and failing cases of every type", () => {
  assert.equal(stats.seeds, seeds.length);
  // The thresholds only hold for the default seed set's size or more.
  if (seeds.length < 50) return;
  assert.deepEqual([...stats.types].sort(), [0, 1, 2, 3]);
  assert.ok(stats.legacyNo155 > 0, "no legacy transaction without a chain id");
  assert.ok(stats.valid >= stats.txs / 3, `only ${stats.valid} of ${stats.txs} transactions were valid`);
  assert.ok(stats.invalid >= stats.txs / 20, `only ${stats.invalid} of ${stats.txs} transactions were invalid`);
  assert.ok(stats.success > 0 && stats.failed > 0, `success ${stats.success}, failed ${stats.failed}`);
  assert.ok(stats.withLogs > 0, "no transaction emitted logs");
});
