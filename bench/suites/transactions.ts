// Suite "transactions": signed ERC-20 transfers (contracts/test/Token.sol) to fresh recipients
// through our engine (decodeRawTransaction + executeTransaction on the WASM EVM, state roots from
// the WASM tries following the world state) in a state of 100,000 accounts, against
// @ethereumjs/vm 10.1.3's runTx on its Merkle state manager, in the same process.
//
// Measured separately, because they cost very different amounts:
// - decoding and sender recovery (libsecp256k1 through src/evm/address.ts) of a block's raw transactions;
// - execution of the decoded transactions with a state root per block of 1,000, and with a state
//   root after every transaction (what a rollup publishing per-transaction roots pays);
// - the whole pipeline (decode, recover, execute, root per block).
// @ethereumjs: runTx on the raw transactions (its own decoding and recovery included), a root per
// block, plus its decoding and recovery alone.
//
// Each transaction runs once (a nonce is spent), so timings are process.hrtime over whole blocks,
// not benny. Both sides start from the same state and run the same first block; their state roots
// after it must be equal before any figure is printed.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Interface } from "ethers";
import { RLP } from "@ethereumjs/rlp";
import { createVM, runTx, type VM } from "@ethereumjs/vm";
import { createTxFromRLP } from "@ethereumjs/tx";
import { createBlock, type Block } from "@ethereumjs/block";
import { Hardfork, Mainnet, createCustomCommon, type Common } from "@ethereumjs/common";
import { Account, createAddressFromString } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { WorldState } from "../../src/state/world-state.js";
import { StateTrie } from "../../src/state/trie/state-trie.js";
import { WasmEvm } from "../../src/wasm/instance.js";
import { decodeRawTransaction, type DecodedTransaction } from "../../src/engine/raw-transaction.js";
import { executeTransaction } from "../../src/engine/transaction.js";
import { DEFAULT_BLOCK, blockHashOf } from "../../src/evm/defaults.js";
import { addressOfPrivateKey } from "../../src/evm/address.js";
import { loadArtifact } from "../../src/contracts/artifacts.js";
import { bytesToHex, type Hex } from "../../src/hex.js";
import type { BlockEnv } from "../../src/evm/types.js";
import { logBarChart } from "../svg.js";
import { finishMachine, loadWarning, machineLine, type MachineInfo } from "./machine.js";
import { markdownTable, times } from "./table.js";

export const SUITE_NAME = "transactions";

export interface TransactionsSuiteOptions {
  quick: boolean;
  resultsDir: string;
  machine: MachineInfo;
}

export interface ModeSettings {
  accounts: number;
  blockSize: number;
  /** Blocks per measurement of ours (each on fresh transactions); @ethereumjs runs one block. */
  oursBlocks: number;
}

const FULL: ModeSettings = { accounts: Number(process.env.TRANSACTIONS_BENCH_ACCOUNTS ?? 100_000), blockSize: 1_000, oursBlocks: 2 };
const QUICK: ModeSettings = { accounts: 2_000, blockSize: 100, oursBlocks: 1 };
/** Transfers run on both sides before anything is timed (JIT, and @noble/curves' lazily built tables). */
const WARM_UP = 100;

const CHAIN_ID = 10n;
const GAS_LIMIT = 100_000n;
const MAX_FEE = 1_000n;
const PRIORITY_FEE = 1n;
const SUPPLY = 10n ** 30n;
const SENDER_KEY = keccak_256(new TextEncoder().encode("ovm-engine bench: token sender"));
const SENDER: Hex = bytesToHex(addressOfPrivateKey(SENDER_KEY));

const token = loadArtifact("Token");
const tokenIface = new Interface(token.abi as never);

const q = (v: bigint): Uint8Array => {
  if (v === 0n) return new Uint8Array(0);
  const hex = v.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex"));
};
const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex.slice(2), "hex"));

/** A signed EIP-1559 transaction from SENDER. */
function signed(nonce: bigint, to: Uint8Array, data: Uint8Array): Uint8Array {
  const fields = [q(CHAIN_ID), q(nonce), q(PRIORITY_FEE), q(MAX_FEE), q(to.length === 0 ? 3_000_000n : GAS_LIMIT), to, q(0n), data, []];
  const hash = keccak_256(Uint8Array.from([2, ...RLP.encode(fields)]));
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(hash, SENDER_KEY, { prehash: false, format: "recovered" }), "recovered");
  return Uint8Array.from([2, ...RLP.encode([...fields, q(BigInt(sig.recovery!)), q(sig.r), q(sig.s)])]);
}

function accountAddress(index: number): Uint8Array {
  const seed = new Uint8Array(4);
  new DataView(seed.buffer).setUint32(0, index);
  return keccak_256(seed).slice(12);
}

/** Recipients never seen before: every transfer creates a balance slot in the token. */
function recipient(index: number): string {
  return bytesToHex(accountAddress(0x40000000 + index));
}

function transferTx(nonce: bigint, tokenAddress: Uint8Array): Uint8Array {
  return signed(nonce, tokenAddress, fromHex(tokenIface.encodeFunctionData("transfer", [recipient(Number(nonce)), 1n])));
}

function deployTx(): Uint8Array {
  const initCode = `${bytesToHex(token.bytecode)}${tokenIface.encodeDeploy(["Bench Token", "BEN", SUPPLY]).slice(2)}`;
  return signed(0n, new Uint8Array(0), fromHex(initCode));
}

/** CREATE address of SENDER's nonce 0. */
function tokenAddress(): Uint8Array {
  return keccak_256(RLP.encode([fromHex(SENDER), q(0n)])).slice(12);
}

const BLOCK_ENV: BlockEnv = { ...DEFAULT_BLOCK, number: 1n, timestamp: 1_700_000_000n, chainId: CHAIN_ID };

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export interface Measure {
  name: string;
  label: string;
  txs: number;
  seconds: number;
  perSecond: number;
}

const blockchain = {
  async getBlock(n: number | bigint) {
    return { hash: () => blockHashOf(BigInt(n)) };
  },
  async putBlock() {},
  shallowCopy() {
    return this;
  },
};

async function referenceVm(settings: ModeSettings, common: Common): Promise<{ vm: VM; block: Block; seconds: number }> {
  const start = process.hrtime.bigint();
  const vm = await createVM({ common, blockchain: blockchain as never });
  await vm.stateManager.checkpoint();
  for (let i = 0; i < settings.accounts; i++) {
    await vm.stateManager.putAccount(createAddressFromString(bytesToHex(accountAddress(i))), new Account(BigInt(i % 7), 10n ** 18n + BigInt(i)));
  }
  await vm.stateManager.putAccount(createAddressFromString(SENDER), new Account(0n, 10n ** 24n));
  await vm.stateManager.commit();
  await vm.stateManager.getStateRoot();
  const block = createBlock(
    {
      header: {
        number: BLOCK_ENV.number, timestamp: BLOCK_ENV.timestamp, coinbase: createAddressFromString(BLOCK_ENV.coinbase),
        gasLimit: BLOCK_ENV.gasLimit, baseFeePerGas: BLOCK_ENV.baseFee, mixHash: fromHex(BLOCK_ENV.prevRandao),
      },
    },
    { common },
  );
  return { vm, block, seconds: seconds(start) };
}

function fileBase(quick: boolean): string {
  return quick ? `${SUITE_NAME}.quick` : SUITE_NAME;
}

export async function runTransactionsSuite(options: TransactionsSuiteOptions): Promise<{ failed: boolean }> {
  const settings = options.quick ? QUICK : FULL;
  const { blockSize, oursBlocks } = settings;
  console.log(
    `\n== suite ${SUITE_NAME}: signed ERC-20 transfers to fresh recipients, ${settings.accounts.toLocaleString("en-US")} accounts in the state, ` +
      `blocks of ${blockSize.toLocaleString("en-US")}; ours vs @ethereumjs/vm runTx, ${options.quick ? "QUICK mode: figures only prove the suite runs" : "full mode"}`,
  );

  // Signed up front (not timed): the deployment, a warm-up block, then 3 * oursBlocks blocks of transfers.
  let start = process.hrtime.bigint();
  const target = tokenAddress();
  const deploy = deployTx();
  let nonce = 1n;
  const warmUp: Uint8Array[] = [];
  for (let i = 0; i < WARM_UP; i++) warmUp.push(transferTx(nonce++, target));
  const blocks: Uint8Array[][] = [];
  for (let b = 0; b < 3 * oursBlocks; b++) {
    const block: Uint8Array[] = [];
    for (let i = 0; i < blockSize; i++) block.push(transferTx(nonce++, target));
    blocks.push(block);
  }
  console.log(`  signed ${(blocks.length * blockSize + WARM_UP + 1).toLocaleString("en-US")} transactions in ${seconds(start).toFixed(1)} s (not timed)`);

  // Ours: the state, its trie (bulk load timed), the deployment.
  start = process.hrtime.bigint();
  const state = new WorldState();
  for (let i = 0; i < settings.accounts; i++) state.putAccount(bytesToHex(accountAddress(i)), { nonce: BigInt(i % 7), balance: 10n ** 18n + BigInt(i) });
  state.putAccount(SENDER, { balance: 10n ** 24n });
  const populateSeconds = seconds(start);
  start = process.hrtime.bigint();
  const trie = StateTrie.of(state);
  const preRoot = trie.root();
  const bulkSeconds = seconds(start);
  const evm = new WasmEvm(state, blockHashOf);
  const deployed = executeTransaction(evm, state, decodeRawTransaction(deploy), BLOCK_ENV);
  console.log(`  ours: state of ${settings.accounts.toLocaleString("en-US")} accounts built in ${populateSeconds.toFixed(2)} s, its trie loaded and hashed in ${bulkSeconds.toFixed(2)} s`);

  const common = createCustomCommon({ chainId: Number(CHAIN_ID) }, Mainnet, { hardfork: Hardfork.Cancun });
  const reference = await referenceVm(settings, common);
  console.log(`  @ethereumjs/vm: the same state in its Merkle state manager in ${reference.seconds.toFixed(2)} s`);
  const referencePreRoot = bytesToHex(await reference.vm.stateManager.getStateRoot());
  const problems: string[] = [];
  if (preRoot !== referencePreRoot) problems.push(`pre-state roots differ: ours ${preRoot}, @ethereumjs ${referencePreRoot}`);
  const referenceDeploy = await runTx(reference.vm, { tx: createTxFromRLP(deploy, { common }), block: reference.block, skipHardForkValidation: true });
  if (!deployed.success || referenceDeploy.execResult.exceptionError !== undefined) problems.push("the token deployment failed");
  for (const raw of warmUp) {
    executeTransaction(evm, state, decodeRawTransaction(raw), BLOCK_ENV);
    trie.root();
    await runTx(reference.vm, { tx: createTxFromRLP(raw, { common }), block: reference.block, skipHardForkValidation: true });
    createTxFromRLP(raw, { common }).getSenderAddress();
  }
  await reference.vm.stateManager.getStateRoot();

  const measures: Measure[] = [];
  const record = (name: string, label: string, txs: number, secs: number) => measures.push({ name, label, txs, seconds: secs, perSecond: txs / secs });
  let blockIndex = 0;
  let failures = 0;
  const decodeBlock = (raws: Uint8Array[]) => raws.map((raw) => decodeRawTransaction(raw));
  const execute = (txs: DecodedTransaction[], rootPerTx: boolean) => {
    for (const tx of txs) {
      if (!executeTransaction(evm, state, tx, BLOCK_ENV).success) failures++;
      if (rootPerTx) trie.root();
    }
    trie.root();
  };

  // 1. Decode + recover, then execute with a root per block. The first block is the check block.
  let decodeSeconds = 0;
  let runSeconds = 0;
  let checkRoot: Hex | undefined;
  for (let b = 0; b < oursBlocks; b++) {
    const raws = blocks[blockIndex++];
    start = process.hrtime.bigint();
    const txs = decodeBlock(raws);
    decodeSeconds += seconds(start);
    start = process.hrtime.bigint();
    execute(txs, false);
    runSeconds += seconds(start);
    if (b === 0) checkRoot = trie.root();
  }
  record("recover", "ours: decode + sender recovery (libsecp256k1)", oursBlocks * blockSize, decodeSeconds);
  record("perBlock", "ours: execute + state root per block", oursBlocks * blockSize, runSeconds);

  // @ethereumjs on the same first block: runTx (decoding and recovery included), root per block.
  start = process.hrtime.bigint();
  let referenceFailures = 0;
  for (const raw of blocks[0]) {
    const r = await runTx(reference.vm, { tx: createTxFromRLP(raw, { common }), block: reference.block, skipHardForkValidation: true });
    if (r.execResult.exceptionError !== undefined) referenceFailures++;
  }
  const referenceRoot = bytesToHex(await reference.vm.stateManager.getStateRoot());
  record("ethereumjs", "@ethereumjs/vm: runTx (its decoding and recovery included) + root per block", blockSize, seconds(start));
  start = process.hrtime.bigint();
  for (const raw of blocks[0]) createTxFromRLP(raw, { common }).getSenderAddress();
  record("ethereumjsRecover", "@ethereumjs/tx: decode + sender recovery", blockSize, seconds(start));
  if (checkRoot !== referenceRoot) problems.push(`state roots after the first block differ: ours ${checkRoot}, @ethereumjs ${referenceRoot}`);
  if (failures + referenceFailures > 0) problems.push(`${failures} of our transfers and ${referenceFailures} of @ethereumjs's failed`);

  // 2. Execute with a root after every transaction.
  decodeSeconds = 0;
  runSeconds = 0;
  for (let b = 0; b < oursBlocks; b++) {
    const txs = decodeBlock(blocks[blockIndex++]);
    start = process.hrtime.bigint();
    execute(txs, true);
    runSeconds += seconds(start);
  }
  record("perTx", "ours: execute + state root per transaction", oursBlocks * blockSize, runSeconds);

  // 3. The whole pipeline: decode, recover, execute, root per block.
  start = process.hrtime.bigint();
  for (let b = 0; b < oursBlocks; b++) execute(decodeBlock(blocks[blockIndex++]), false);
  record("pipeline", "ours: decode + recover + execute + root per block", oursBlocks * blockSize, seconds(start));
  if (failures > 0) problems.push(`${failures} of our transfers failed`);

  if (problems.length > 0) {
    console.error(`\n!!!!!!!! ${SUITE_NAME}: ${problems.join("; ")}\n`);
    return { failed: true };
  }
  console.log(`  checked: both sides' state roots after the first block are ${checkRoot}; every transfer succeeded`);

  const ethereumjs = measures.find((m) => m.name === "ethereumjs")!.perSecond;
  const machine = finishMachine(options.machine);
  const count = (value: number) => Math.round(value).toLocaleString("en-US");
  const table = markdownTable(
    ["measurement", "txs", "seconds", "txs/s", "vs @ethereumjs/vm runTx"],
    measures.map((m) => [m.label, count(m.txs), m.seconds.toFixed(3), count(m.perSecond), times(m.perSecond / ethereumjs)]),
    ["left", "right", "right", "right", "right"],
  );
  const stats = trie.stats();
  const lines = [
    `## ${SUITE_NAME}: ERC-20 transfers/s, ${settings.accounts.toLocaleString("en-US")} accounts, blocks of ${blockSize.toLocaleString("en-US")} (measured in this process)${options.quick ? " -- QUICK MODE, not comparable" : ""}`,
    "",
    table,
    "",
    `hrtime over whole blocks (each transaction runs once), after ${WARM_UP} untimed warm-up transfers on each side: ours ${oursBlocks} block(s) per line, @ethereumjs one block (the same first block; state roots after it checked equal).`,
    `bulk loads (not in the table): our trie of the ${settings.accounts.toLocaleString("en-US")}-account state ${bulkSeconds.toFixed(2)} s; @ethereumjs state manager ${reference.seconds.toFixed(1)} s. Our tries at the end: ${count(stats.cells)} cells, ${(stats.memoryBytes / 2 ** 20).toFixed(0)} MiB of WASM memory.`,
    "",
    `machine: ${machineLine(machine)}`,
  ];
  const warning = loadWarning(machine);
  if (warning !== undefined) lines.push(`NOTE: ${warning}`);
  console.log(`\n${lines.join("\n")}`);

  const json = {
    suite: SUITE_NAME,
    mode: options.quick ? "quick" : "full",
    machine,
    settings,
    bulk: { oursTrieSeconds: bulkSeconds, ethereumjsStateSeconds: reference.seconds },
    measures,
    stateRootAfterFirstBlock: checkRoot,
    trie: stats,
    failed: false,
  };
  mkdirSync(options.resultsDir, { recursive: true });
  const jsonFile = path.join(options.resultsDir, `${fileBase(options.quick)}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  const svgFile = path.join(options.resultsDir, `${fileBase(options.quick)}.svg`);
  writeFileSync(svgFile, transactionsChart(measures, settings, machine, options.quick));
  console.log(`\nwrote ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), svgFile)}`);
  return { failed: false };
}

export function transactionsChart(measures: Measure[], settings: ModeSettings, machine: MachineInfo, quick: boolean): string {
  const ethereumjs = measures.find((m) => m.name === "ethereumjs")!.perSecond;
  return logBarChart({
    title: `ERC-20 transfers/s, ${settings.accounts.toLocaleString("en-US")} accounts in the state (log scale)${quick ? " -- QUICK MODE, not comparable" : ""}`,
    notes: [
      `measured in one process on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)} (load ${machine.loadAtStart.toFixed(1)}); hrtime over blocks of ${settings.blockSize}`,
      "ours: WASM EVM + WASM state tries; @ethereumjs/vm 10.1.3 runTx on its Merkle state manager",
    ],
    axisLabel: "transactions per second",
    categories: measures.map((m) => m.label),
    series: [
      { name: "ours", color: "#1f5fbf", values: measures.map((m) => (m.name.startsWith("ethereumjs") ? undefined : m.perSecond)) },
      { name: "@ethereumjs", color: "#e08a00", values: measures.map((m) => (m.name.startsWith("ethereumjs") ? m.perSecond : undefined)) },
    ],
    lines: [{ value: ethereumjs, label: "@ethereumjs/vm runTx + root per block", color: "#c06000" }],
    valueSuffix: "/s",
  });
}
