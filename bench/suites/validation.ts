// Suite "validation": blocks/s and transactions/s validated from witness jobs (src/validate/) on a
// piscina pool of 1 and 2 workers, next to the same jobs validated on this thread, and next to a
// single-threaded validator that re-executes the same wrapped L1 transactions with @ethereumjs/vm
// 10.1.3 runTx on its Merkle state manager, comparing the state root after every transaction with
// the block's (what our validator checks too).
//
// The chain: signed ERC-20 transfers among users (some emptying a balance) through the sequencer
// into blocks recorded with witnesses (Chain.open({ witnesses: true })), in memory. Then a long
// chain of one-transfer blocks for memory: the workers report their V8 heap and WASM memories
// after every job; the suite prints the peak and compares the first and last tenths of the run.
import { seededRandom } from "../../src/cli/progress-bar.js";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AbiCoder, HDNodeWallet, Interface, Wallet, id } from "ethers";
import { createVM, runTx, type VM } from "@ethereumjs/vm";
import { createLegacyTx } from "@ethereumjs/tx";
import { createBlock, type Block as EthereumjsBlock } from "@ethereumjs/block";
import { Hardfork, Mainnet, createCustomCommon, type Common } from "@ethereumjs/common";
import { Chain } from "../../src/chain/chain.js";
import { ChainStore, MemoryStore } from "../../src/chain/store.js";
import type { Block } from "../../src/chain/block.js";
import { loadArtifact } from "../../src/contracts/artifacts.js";
import { decodeRawTransaction } from "../../src/engine/raw-transaction.js";
import { CREATE_ENTRYPOINT, EM_INTERFACE } from "../../src/ovm/em-interface.js";
import { L1_TX_GAS } from "../../src/ovm/ovm-engine.js";
import { blockHashOf } from "../../src/evm/defaults.js";
import { bytesToHex, type Hex } from "../../src/hex.js";
import { StoredJobs } from "../../src/validate/chain-jobs.js";
import { ValidationPool, type WorkerMemory } from "../../src/validate/pool.js";
import { createValidatorContext, validateBlock } from "../../src/validate/validate-block.js";
import { validateChain } from "../../src/validate/validate-chain.js";
import { logBarChart } from "../svg.js";
import { finishMachine, loadWarning, machineLine, type MachineInfo } from "./machine.js";
import { markdownTable, times } from "./table.js";

export const SUITE_NAME = "validation";

export interface ValidationSuiteOptions {
  quick: boolean;
  resultsDir: string;
  machine: MachineInfo;
}

interface Settings {
  users: number;
  /** Blocks of the throughput chain and transfers in each. */
  blocks: number;
  blockSize: number;
  /** Blocks the @ethereumjs validator re-executes (the first ones of the same chain). */
  ethereumjsBlocks: number;
  /** One-transfer blocks of the memory chain. */
  memoryBlocks: number;
  /** Timed passes over the jobs per pool (the best is kept). */
  passes: number;
}

const FULL: Settings = { users: 40, blocks: Number(process.env.VALIDATION_BENCH_BLOCKS ?? 300), blockSize: 20, ethereumjsBlocks: 12, memoryBlocks: Number(process.env.VALIDATION_BENCH_MEMORY_BLOCKS ?? 10_000), passes: 3 };
const QUICK: Settings = { users: 12, blocks: 24, blockSize: 8, ethereumjsBlocks: 2, memoryBlocks: 150, passes: 1 };

const CHAIN_ID = 10n;
const FIRST_TIMESTAMP = 1_900_000_000n;
const token = loadArtifact("Token");
const tokenIface = new Interface(token.abi as never);

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}


/**
 * Signs the token deployment, the funding of every user, then `count` transfers among users: random
 * amounts, every 10th a user's whole balance (a storage slot deleted).
 */
async function planTransfers(settings: Settings, count: number, seed: number): Promise<{ setup: Hex[]; transfers: Hex[] }> {
  const deployer = new Wallet(id(`validation bench: deployer ${seed}`));
  const users = Array.from({ length: settings.users }, (_, i) => new Wallet(id(`validation bench: user ${seed}/${i}`)));
  const tokenAddress = (await import("ethers")).getCreateAddress({ from: deployer.address, nonce: 0 });
  const nonces = new Map<string, number>();
  const balances = new Map<string, bigint>();
  const sign = async (wallet: Wallet, to: string | null, data: string, gasLimit: bigint): Promise<Hex> => {
    const nonce = nonces.get(wallet.address) ?? 0;
    nonces.set(wallet.address, nonce + 1);
    return (await wallet.signTransaction({ type: 2, chainId: CHAIN_ID, nonce, to, data, gasLimit, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n, value: 0n })) as Hex;
  };
  const setup: Hex[] = [await sign(deployer, null, bytesToHex(token.bytecode) + tokenIface.encodeDeploy(["Bench", "BEN", 10n ** 24n]).slice(2), 12_000_000n)];
  for (const user of users) {
    setup.push(await sign(deployer, tokenAddress, tokenIface.encodeFunctionData("transfer", [user.address, 1_000_000n]), 1_000_000n));
    balances.set(user.address, 1_000_000n);
  }
  const rand = seededRandom(seed);
  const transfers: Hex[] = [];
  for (let i = 0; i < count; i++) {
    const from = users[Math.floor(rand() * users.length)]!;
    const to = users[Math.floor(rand() * users.length)]!;
    const balance = balances.get(from.address)!;
    const wanted = BigInt(Math.floor(rand() * 1000));
    const amount = i % 10 === 9 || wanted > balance ? balance : wanted;
    balances.set(from.address, balance - amount);
    balances.set(to.address, balances.get(to.address)! + amount);
    transfers.push(await sign(from, tokenAddress, tokenIface.encodeFunctionData("transfer", [to.address, amount]), 1_000_000n));
  }
  return { setup, transfers };
}

/** Builds a chain with witnesses: the setup in one block, then the transfers in blocks of `blockSize`. */
async function buildChain(setup: Hex[], transfers: Hex[], blockSize: number, witnesses: boolean): Promise<{ store: MemoryStore; blocks: Block[]; seconds: number }> {
  const store = new MemoryStore();
  const chain = await Chain.open({ db: store, witnesses });
  const blocks: Block[] = [chain.head];
  const start = process.hrtime.bigint();
  let timestamp = FIRST_TIMESTAMP;
  blocks.push((await chain.buildBlock(setup, { timestamp: (timestamp += 12n) })).block);
  for (let i = 0; i < transfers.length; i += blockSize) {
    blocks.push((await chain.buildBlock(transfers.slice(i, i + blockSize), { timestamp: (timestamp += 12n) })).block);
  }
  const elapsed = seconds(start);
  await chain.close();
  return { store, blocks, seconds: elapsed };
}

async function readJobs(store: MemoryStore, blocks: Block[]): Promise<ArrayBuffer[]> {
  const jobs = await StoredJobs.open(new ChainStore(store));
  const out: ArrayBuffer[] = [];
  for (let n = 1; n < blocks.length; n++) out.push((await jobs.job(blocks[n]!, blocks[n - 1]!))!);
  return out;
}

/**
 * Validates copies of `jobs` on `pool`, at most `window` in flight; seconds, and whether all were
 * valid. With `gcEvery`, every so many jobs the worker collects garbage before reporting memory.
 */
async function runPool(pool: ValidationPool, jobs: ArrayBuffer[], gcEvery = 0): Promise<{ seconds: number; valid: boolean }> {
  const copies = jobs.map((job) => job.slice(0));
  const window = pool.workers * 4;
  const inFlight = new Set<Promise<void>>();
  let valid = true;
  const start = process.hrtime.bigint();
  for (const [i, job] of copies.entries()) {
    while (inFlight.size >= window) await Promise.race(inFlight);
    const running: Promise<void> = pool.validate(job, { gc: gcEvery > 0 && i % gcEvery === gcEvery - 1 }).then((r) => { if (!r.valid) valid = false; }).finally(() => inFlight.delete(running));
    inFlight.add(running);
  }
  await Promise.all(inFlight);
  return { seconds: seconds(start), valid };
}

/**
 * The baseline: the wrapped L1 transactions of blocks 1..count re-executed with @ethereumjs/vm
 * runTx from the genesis (the EM deployed by the same sequencer account), the state root compared
 * after every transaction. Returns the timing of the blocks after the untimed setup block.
 */
async function ethereumjsValidator(blocks: Block[], count: number): Promise<{ seconds: number; blocks: number; txs: number; mismatches: number; genesisMatches: boolean }> {
  const common: Common = createCustomCommon({ chainId: Number(CHAIN_ID) }, Mainnet, { hardfork: Hardfork.Cancun });
  const blockchain = {
    async getBlock(n: number | bigint) {
      return { hash: () => blockHashOf(BigInt(n)) };
    },
    async putBlock() {},
    shallowCopy() {
      return this;
    },
  };
  const vm: VM = await createVM({ common, blockchain: blockchain as never });
  // Hardhat's first account: the L1 sequencer of both backends.
  const key = Buffer.from(HDNodeWallet.fromPhrase("test test test test test test test test test test test junk").privateKey.slice(2), "hex");
  const header: EthereumjsBlock = createBlock({ header: { number: 1n, timestamp: FIRST_TIMESTAMP, gasLimit: 1n << 40n, baseFeePerGas: 0n, coinbase: "0x0000000000000000000000000000000000c0ffee" } }, { common });
  let nonce = 0n;
  const send = async (to: string | undefined, data: string) => {
    const tx = createLegacyTx({ nonce: nonce++, gasPrice: 0n, gasLimit: L1_TX_GAS, to: to as `0x${string}` | undefined, value: 0n, data: Buffer.from(data.slice(2), "hex") }, { common }).sign(key);
    const result = await runTx(vm, { tx, block: header, skipHardForkValidation: true, skipBlockGasLimitValidation: true });
    if (result.execResult.exceptionError) throw new Error(`@ethereumjs: the wrapped transaction failed (${result.execResult.exceptionError.error})`);
    return { root: bytesToHex(await vm.stateManager.getStateRoot()), created: result.createdAddress?.toString() };
  };
  const em = loadArtifact("ExecutionManager");
  const genesis = await send(undefined, bytesToHex(em.bytecode) + AbiCoder.defaultAbiCoder().encode(["uint256"], [CHAIN_ID]).slice(2));
  const executionManager = genesis.created!;
  let mismatches = 0;
  let txs = 0;
  let start = process.hrtime.bigint();
  for (let n = 1; n <= count; n++) {
    if (n === 2) start = process.hrtime.bigint(); // block 1 (the deployment and funding) is setup
    const block = blocks[n]!;
    for (const [i, raw] of block.transactions.entries()) {
      const tx = decodeRawTransaction(Buffer.from(raw.slice(2), "hex"));
      const data = EM_INTERFACE.encodeFunctionData("executeTransaction", [block.timestamp, tx.gasLimit, tx.from.toLowerCase(), tx.to ?? CREATE_ENTRYPOINT, bytesToHex(tx.data)]);
      const { root } = await send(executionManager, data);
      if (root !== block.postStateRoots[i]) mismatches++;
      if (n >= 2) txs++;
    }
  }
  return { seconds: seconds(start), blocks: count - 1, txs, mismatches, genesisMatches: genesis.root === blocks[0]!.stateRoot };
}

export interface ValidationMeasure {
  name: string;
  label: string;
  blocks: number;
  txs: number;
  seconds: number;
  blocksPerSecond: number;
  txPerSecond: number;
}

/** First, median and last of the live-heap samples, and the largest. */
function liveLine(samples: number[]): string {
  if (samples.length === 0) return "no sample";
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  return `first ${mib(samples[0]!)}, middle ${mib(samples[Math.floor(samples.length / 2)]!)}, last ${mib(samples.at(-1)!)}, max ${mib(Math.max(...samples))} (${samples.length} samples)`;
}

function fileBase(quick: boolean): string {
  return quick ? `${SUITE_NAME}.quick` : SUITE_NAME;
}

export async function runValidationSuite(options: ValidationSuiteOptions): Promise<{ failed: boolean }> {
  const settings = options.quick ? QUICK : FULL;
  const mode = options.quick ? "QUICK mode: figures only prove the suite runs" : "full mode";
  console.log(`\n== suite ${SUITE_NAME}: witness jobs validated on a piscina pool vs @ethereumjs/vm runTx, ${settings.blocks} blocks of ${settings.blockSize} ERC-20 transfers; ${mode}`);
  const problems: string[] = [];

  // 1. The chain, with witnesses (and the same transfers without, for the recording's cost).
  let start = process.hrtime.bigint();
  const plan = await planTransfers(settings, settings.blocks * settings.blockSize, 7);
  console.log(`  signed ${plan.setup.length + plan.transfers.length} transactions in ${seconds(start).toFixed(1)} s (not timed)`);
  // A short untimed build first, so that neither timed build pays for the JIT's warm-up.
  await buildChain(plan.setup, plan.transfers.slice(0, 10 * settings.blockSize), settings.blockSize, true);
  const without = await buildChain(plan.setup, plan.transfers, settings.blockSize, false);
  const withWitnesses = await buildChain(plan.setup, plan.transfers, settings.blockSize, true);
  if (withWitnesses.blocks.at(-1)!.hash !== without.blocks.at(-1)!.hash) problems.push("the chain built with witnesses differs from the one without");
  const { store, blocks } = withWitnesses;
  const transferBlocks = blocks.slice(2);
  const txCount = transferBlocks.reduce((n, b) => n + b.transactions.length, 0);
  const jobs = (await readJobs(store, blocks)).slice(1); // block 1 (setup) is validated untimed below
  const setupJob = (await readJobs(store, blocks.slice(0, 2)))[0]!;
  const jobBytes = jobs.reduce((n, j) => n + j.byteLength, 0) / jobs.length;
  console.log(`  sequencer: ${transferBlocks.length} blocks built in ${withWitnesses.seconds.toFixed(2)} s with witnesses, ${without.seconds.toFixed(2)} s without; jobs average ${(jobBytes / 1024).toFixed(1)} KiB`);

  const measures: ValidationMeasure[] = [];
  const record = (name: string, label: string, secs: number) =>
    measures.push({ name, label, blocks: jobs.length, txs: txCount, seconds: secs, blocksPerSecond: jobs.length / secs, txPerSecond: txCount / secs });

  // 2. On this thread: validateBlock over the jobs, one context (what each worker runs).
  const context = createValidatorContext();
  if (!(await validateBlock(setupJob.slice(0), context)).valid) problems.push("block 1 does not validate");
  for (const job of jobs.slice(0, 3)) await validateBlock(job.slice(0), context); // warm-up
  let best = Infinity;
  for (let pass = 0; pass < settings.passes; pass++) {
    const copies = jobs.map((j) => j.slice(0));
    start = process.hrtime.bigint();
    for (const job of copies) if (!(await validateBlock(job, context)).valid) problems.push("a block does not validate on this thread");
    best = Math.min(best, seconds(start));
  }
  record("thread", "ours, validateBlock on the main thread (no pool)", best);

  // 3. Pools of 1 and 2 workers, created and warmed up first (thread start and WASM compile
  // untimed), then timed in alternation so that both see the same load from other processes.
  const pools = [new ValidationPool({ workers: 1 }), new ValidationPool({ workers: 2 })];
  try {
    for (const pool of pools) await Promise.all(Array.from({ length: pool.workers * 3 }, (_, i) => pool.validate(jobs[i % jobs.length]!.slice(0))));
    const bestOf = pools.map(() => Infinity);
    for (let pass = 0; pass < settings.passes; pass++) {
      for (const [k, pool] of pools.entries()) {
        const run = await runPool(pool, jobs);
        if (!run.valid) problems.push(`a block does not validate on ${pool.workers} workers`);
        bestOf[k] = Math.min(bestOf[k]!, run.seconds);
      }
    }
    for (const [k, pool] of pools.entries()) {
      record(`pool${pool.workers}`, `ours, piscina pool of ${pool.workers} worker${pool.workers === 1 ? "" : "s"} (jobs in memory)`, bestOf[k]!);
    }
    start = process.hrtime.bigint();
    const whole = await validateChain(store, { pool: pools[1], from: 2 });
    if (!whole.valid) problems.push("validateChain finds the chain not valid");
    record("chain2", "ours, validateChain on 2 workers (jobs read from the store)", seconds(start));
  } finally {
    for (const pool of pools) await pool.close();
  }

  // 4. @ethereumjs/vm, single-threaded, on the first blocks of the same chain.
  const count = Math.min(settings.ethereumjsBlocks + 1, blocks.length - 1);
  const reference = await ethereumjsValidator(blocks, count);
  if (!reference.genesisMatches) problems.push("@ethereumjs's genesis root differs from the chain's");
  if (reference.mismatches > 0) problems.push(`@ethereumjs disagrees with ${reference.mismatches} post-state roots`);
  measures.push({
    name: "ethereumjs", label: "@ethereumjs/vm runTx, single thread, root per transaction", blocks: reference.blocks, txs: reference.txs, seconds: reference.seconds,
    blocksPerSecond: reference.blocks / reference.seconds, txPerSecond: reference.txs / reference.seconds,
  });

  // 5. Memory over a long chain of one-transfer blocks, on a 2-worker pool.
  start = process.hrtime.bigint();
  const long = await planTransfers(settings, settings.memoryBlocks - 1, 11);
  const longChain = await buildChain(long.setup, long.transfers, 1, true);
  const longJobs = await readJobs(longChain.store, longChain.blocks);
  console.log(`  memory chain: ${longJobs.length} blocks signed, built and read in ${seconds(start).toFixed(1)} s (not timed)`);
  const memory: WorkerMemory[] = [];
  const live: WorkerMemory[] = [];
  const pool = new ValidationPool({ workers: 2, exposeGc: true });
  pool.onMemory = (m) => {
    memory.push(m);
    // Every 100th job the worker collects garbage first: what is left is live memory.
    if (m.collected) live.push(m);
  };
  let memoryRun: { seconds: number; valid: boolean };
  try {
    memoryRun = await runPool(pool, longJobs, 100);
  } finally {
    await pool.close();
  }
  if (!memoryRun.valid) problems.push("a block of the memory chain does not validate");
  const tenth = Math.max(1, Math.floor(memory.length / 10));
  // The V8 heap in use includes garbage not collected yet: its peak over a window shows how far it
  // climbs between collections, its floor what survives them (a leak would lift the floor).
  const windowOf = (list: WorkerMemory[]) => ({
    heapPeak: Math.max(...list.map((m) => m.heapUsed)), heapFloor: Math.min(...list.map((m) => m.heapUsed)), wasm: Math.max(...list.map((m) => m.wasm)),
  });
  const tenths = Array.from({ length: 10 }, (_, k) => windowOf(memory.slice(k * tenth, k === 9 ? memory.length : (k + 1) * tenth)));
  const memorySummary = {
    blocks: longJobs.length,
    seconds: memoryRun.seconds,
    peak: { heapUsed: Math.max(...memory.map((m) => m.heapUsed)), wasm: Math.max(...memory.map((m) => m.wasm)) },
    tenths,
    /** V8 heap after a collection, every 100 jobs, in completion order: the live heap. */
    liveHeap: live.map((m) => m.heapUsed),
  };

  if (problems.length > 0) {
    console.error(`\n!!!!!!!! ${SUITE_NAME}: ${problems.join("; ")}\n`);
    return { failed: true };
  }
  console.log(`  checked: every block valid on every path; @ethereumjs reproduced all ${reference.txs + blocks[1]!.transactions.length} post-state roots of its blocks and the genesis root`);

  const ethereumjs = measures.find((m) => m.name === "ethereumjs")!;
  const pool1 = measures.find((m) => m.name === "pool1")!;
  const pool2 = measures.find((m) => m.name === "pool2")!;
  const machine = finishMachine(options.machine);
  const count2 = (v: number) => Math.round(v).toLocaleString("en-US");
  const table = markdownTable(
    ["validator", "blocks", "txs", "seconds", "blocks/s", "tx/s", "vs @ethereumjs", "vs 1 worker"],
    measures.map((m) => [m.label, count2(m.blocks), count2(m.txs), m.seconds.toFixed(2), m.blocksPerSecond.toFixed(1), m.txPerSecond.toFixed(0),
      times(m.txPerSecond / ethereumjs.txPerSecond), m.name.startsWith("pool") || m.name === "chain2" ? times(m.txPerSecond / pool1.txPerSecond) : "-"]),
    ["left", "right", "right", "right", "right", "right", "right", "right"],
  );
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  const lines = [
    `## ${SUITE_NAME}: blocks of ${settings.blockSize} ERC-20 transfers through the EM, validated from witness jobs (measured in this process)${options.quick ? " -- QUICK MODE, not comparable" : ""}`,
    "",
    table,
    "",
    `2 workers / 1 worker: ${times(pool2.txPerSecond / pool1.txPerSecond)} (target 1.8x); pool of 2 / @ethereumjs: ${times(pool2.txPerSecond / ethereumjs.txPerSecond)} (target 20x).`,
    `best of ${settings.passes} pass(es) over ${jobs.length} jobs (${(jobBytes / 1024).toFixed(1)} KiB each on average), pools warmed up first; @ethereumjs over ${reference.blocks} blocks of the same chain, every root compared.`,
    `sequencer with witnesses: ${(txCount / withWitnesses.seconds).toFixed(0)} tx/s (${((withWitnesses.seconds / without.seconds - 1) * 100).toFixed(0)}% over ${(txCount / without.seconds).toFixed(0)} tx/s without).`,
    `worker memory over ${memorySummary.blocks.toLocaleString("en-US")} one-transfer blocks (2 workers, ${memorySummary.seconds.toFixed(1)} s): peak V8 heap ${mib(memorySummary.peak.heapUsed)}, peak WASM memories ${mib(memorySummary.peak.wasm)}.`,
    `  per tenth of the run, V8 heap floor / peak, WASM: ${tenths.map((t) => `${(t.heapFloor / 2 ** 20).toFixed(0)}/${(t.heapPeak / 2 ** 20).toFixed(0)}/${(t.wasm / 2 ** 20).toFixed(1)}`).join(", ")} MiB.`,
    `  live V8 heap after a collection every 100 jobs: ${liveLine(memorySummary.liveHeap)}.`,
    "",
    `machine: ${machineLine(machine)}`,
  ];
  const warning = loadWarning(machine);
  if (warning !== undefined) lines.push(`NOTE: ${warning}`);
  console.log(`\n${lines.join("\n")}`);

  const json = {
    suite: SUITE_NAME, mode: options.quick ? "quick" : "full", machine, settings, measures,
    ratios: { twoWorkersOverOne: pool2.txPerSecond / pool1.txPerSecond, poolOverEthereumjs: pool2.txPerSecond / ethereumjs.txPerSecond },
    sequencer: { withWitnessesSeconds: withWitnesses.seconds, withoutSeconds: without.seconds, transactions: txCount, averageJobBytes: jobBytes },
    memory: memorySummary, failed: false,
  };
  mkdirSync(options.resultsDir, { recursive: true });
  const jsonFile = path.join(options.resultsDir, `${fileBase(options.quick)}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  const svgFile = path.join(options.resultsDir, `${fileBase(options.quick)}.svg`);
  writeFileSync(svgFile, logBarChart({
    title: `Blocks validated per second, ${settings.blockSize} ERC-20 transfers per block (log scale)${options.quick ? " -- QUICK MODE, not comparable" : ""}`,
    notes: [
      `measured in one process on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)} (load ${machine.loadAtStart.toFixed(1)})`,
      "ours: witness jobs (partial WASM tries, WASM EVM running the EM); @ethereumjs/vm 10.1.3 runTx on the full state, root per transaction",
    ],
    axisLabel: "blocks per second",
    categories: measures.map((m) => m.label),
    series: [
      { name: "ours", color: "#1f5fbf", values: measures.map((m) => (m.name === "ethereumjs" ? undefined : m.blocksPerSecond)) },
      { name: "@ethereumjs", color: "#e08a00", values: measures.map((m) => (m.name === "ethereumjs" ? m.blocksPerSecond : undefined)) },
    ],
    lines: [{ value: ethereumjs.blocksPerSecond, label: "@ethereumjs/vm", color: "#c06000" }],
    valueSuffix: "/s",
  }));
  console.log(`\nwrote ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), svgFile)}`);
  return { failed: false };
}
