// Suite "ovm-throughput": L2 transactions per second through the OVM (issue 5's benchmark). The same
// signed transactions (ERC-20 transfers to fresh recipients, Uniswap-style swaps) run
// - through the sequencer on the engine's OVM mode (wasm backend): decode, sender recovery, wrap into
//   executeTransaction, the compiled EM and the transpiled contracts in the WASM EVM, and a state root
//   after EVERY transaction (what a rollup block records);
// - through @ethereumjs/vm 10.1.3 runTx on the plain, untranspiled contracts (its own decoding and
//   recovery included), with a state root once per block of transactions;
// - through the same sequencer on backend "hardhat" (the Solidity EM on Hardhat's in-process network),
//   on a sample, for scale.
// Setup transactions (deployments, approvals, liquidity) run untimed on every side first.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Interface, Wallet, getCreateAddress } from "ethers";
import { createVM, runTx, type VM } from "@ethereumjs/vm";
import { createTxFromRLP } from "@ethereumjs/tx";
import { createBlock, type Block } from "@ethereumjs/block";
import { Hardfork, Mainnet, createCustomCommon } from "@ethereumjs/common";
import { Chain } from "../../src/chain/chain.js";
import { linkBytecode, loadArtifact } from "../../src/contracts/artifacts.js";
import { bytesToHex, hexToBytes, type Hex } from "../../src/hex.js";
import { blockHashOf } from "../../src/evm/defaults.js";
import { logBarChart } from "../svg.js";
import { finishMachine, machineLine, type MachineInfo } from "./machine.js";
import { figure, markdownTable, times } from "./table.js";

export const SUITE_NAME = "ovm-throughput";

export interface OvmThroughputSuiteOptions {
  quick: boolean;
  resultsDir: string;
  machine: MachineInfo;
}

interface ModeSettings {
  /** Timed transactions per workload on our engine and on @ethereumjs. */
  transactions: number;
  /** Timed transactions per workload on Hardhat (slow: a sample). */
  hardhatSample: number;
}

const FULL: ModeSettings = { transactions: 1_000, hardhatSample: 100 };
const QUICK: ModeSettings = { transactions: 60, hardhatSample: 10 };
const CHAIN_ID = 10n;
const E18 = 10n ** 18n;

const wallet = new Wallet(`0x${"4b".repeat(32)}`);
const artifacts = { token: loadArtifact("Token"), lib: loadArtifact("LibMath"), exchange: loadArtifact("Exchange") };
const tokenIface = new Interface(artifacts.token.abi as never);
const exchangeIface = new Interface(artifacts.exchange.abi as never);

interface Workload {
  name: string;
  label: string;
  setup: string[];
  timed: string[];
}

/** Every transaction of one run, signed up front: setup, then the two timed workloads. */
async function signAll(settings: ModeSettings): Promise<{ setup: string[]; workloads: Workload[] }> {
  let nonce = 0;
  const sign = (to: string | null, data: string) =>
    wallet.signTransaction({ chainId: CHAIN_ID, nonce: nonce++, gasLimit: 8_000_000n, gasPrice: 0n, to, data });
  const at = (n: number) => getCreateAddress({ from: wallet.address, nonce: n });
  const deploy = (code: Uint8Array, encodedArgs = "0x") => sign(null, `${bytesToHex(code)}${encodedArgs.slice(2)}`);
  const lib = at(0), t0 = at(1), t1 = at(2), ex = at(3);
  const setup = [
    await deploy(artifacts.lib.bytecode),
    await deploy(artifacts.token.bytecode, tokenIface.encodeDeploy(["Zero", "T0", 10n ** 27n])),
    await deploy(artifacts.token.bytecode, tokenIface.encodeDeploy(["One", "T1", 10n ** 27n])),
    await deploy(
      linkBytecode(artifacts.exchange.bytecode, artifacts.exchange.linkReferences, { "contracts/test/LibMath.sol:LibMath": lib as Hex }),
      exchangeIface.encodeDeploy([t0, t1]),
    ),
    await sign(t0, tokenIface.encodeFunctionData("approve", [ex, (1n << 256n) - 1n])),
    await sign(t1, tokenIface.encodeFunctionData("approve", [ex, (1n << 256n) - 1n])),
    await sign(ex, exchangeIface.encodeFunctionData("addLiquidity", [10n ** 24n, 2n * 10n ** 24n])),
  ];
  const transfers: string[] = [];
  for (let i = 0; i < settings.transactions; i++) {
    const to = `0x${(0x7e000000 + i).toString(16).padStart(40, "0")}`;
    transfers.push(await sign(t0, tokenIface.encodeFunctionData("transfer", [to, E18])));
  }
  const swaps: string[] = [];
  for (let i = 0; i < settings.transactions; i++) {
    swaps.push(await sign(ex, exchangeIface.encodeFunctionData("swap", [i % 2 ? t1 : t0, E18 + BigInt(i), 0n])));
  }
  return {
    setup,
    workloads: [
      { name: "transfers", label: "ERC-20 transfers to fresh recipients", setup: [], timed: transfers },
      { name: "swaps", label: "Uniswap-style swaps (Exchange + LibMath)", setup: [], timed: swaps },
    ],
  };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Rollup blocks are sealed every this many transactions (sealing is part of what is timed). */
const BLOCK_SIZE = 100;

/** Runs `txs` through a chain's sequencer, sealing blocks; returns seconds; fails loudly on a refused or failed one. */
async function throughSequencer(chain: Chain, txs: string[]): Promise<number> {
  const start = process.hrtime.bigint();
  const hashes: Hex[] = [];
  for (const raw of txs) {
    hashes.push(await chain.sendRawTransaction(raw));
    if (chain.pendingCount >= BLOCK_SIZE) await chain.sealBlock();
  }
  if (chain.pendingCount > 0) await chain.sealBlock();
  const elapsed = seconds(start);
  for (const hash of hashes) {
    if (!(await chain.getReceipt(hash))?.success) throw new Error(`${SUITE_NAME}: transaction ${hash} failed through the OVM`);
  }
  return elapsed;
}

async function ethereumjsSide(): Promise<{ vm: VM; block: Block; common: ReturnType<typeof createCustomCommon> }> {
  const common = createCustomCommon({ chainId: Number(CHAIN_ID) }, Mainnet, { hardfork: Hardfork.Cancun });
  const blockchain = { async getBlock(n: number | bigint) { return { hash: () => blockHashOf(BigInt(n)) }; }, async putBlock() {}, shallowCopy() { return this; } };
  const vm = await createVM({ common, blockchain: blockchain as never });
  const block = createBlock({ header: { number: 1n, timestamp: 1_900_000_000n, gasLimit: 10n ** 9n, baseFeePerGas: 0n } }, { common });
  return { vm, block, common };
}

async function throughEthereumjs(side: Awaited<ReturnType<typeof ethereumjsSide>>, txs: string[], root: boolean): Promise<number> {
  const start = process.hrtime.bigint();
  for (const raw of txs) {
    const tx = createTxFromRLP(hexToBytes(raw), { common: side.common });
    const result = await runTx(side.vm, { tx, block: side.block, skipBalance: true, skipBlockGasLimitValidation: true });
    if (result.execResult.exceptionError) throw new Error(`${SUITE_NAME}: @ethereumjs/vm failed a transaction: ${result.execResult.exceptionError.error}`);
  }
  if (root) await side.vm.stateManager.getStateRoot();
  return seconds(start);
}

interface Row {
  workload: string;
  label: string;
  transactions: number;
  oursPerSecond: number;
  ethereumjsPerSecond: number;
  oursOverEthereumjs: number;
  hardhatSample: number;
  hardhatPerSecond: number;
  oursOverHardhat: number;
}

function fileBase(quick: boolean): string {
  return quick ? `${SUITE_NAME}.quick` : SUITE_NAME;
}

export async function runOvmThroughputSuite(options: OvmThroughputSuiteOptions): Promise<{ failed: boolean }> {
  const settings = options.quick ? QUICK : FULL;
  console.log(
    `\n== suite ${SUITE_NAME}: signed L2 transactions through the OVM (sequencer, state root after each) vs @ethereumjs/vm runTx on the plain contracts, ` +
      `${settings.transactions} per workload, ${options.quick ? "QUICK mode: figures only prove the suite runs" : "full mode"}`,
  );
  const start = process.hrtime.bigint();
  const { setup, workloads } = await signAll(settings);
  console.log(`  signed ${setup.length + 2 * settings.transactions} transactions in ${seconds(start).toFixed(1)} s (not timed)`);

  const ours = await Chain.open({ db: "memory", chainId: CHAIN_ID, clock: () => 1_900_000_000n });
  await throughSequencer(ours, setup);
  const reference = await ethereumjsSide();
  await throughEthereumjs(reference, setup, false);
  const hardhat = await Chain.open({ db: "memory", backend: "hardhat", chainId: CHAIN_ID, clock: () => 1_900_000_000n });
  await throughSequencer(hardhat, setup);

  const rows: Row[] = [];
  for (const workload of workloads) {
    // Warm-up: the first tenth, untimed, on our engine and @ethereumjs alike (JIT, caches).
    const warm = Math.max(5, Math.floor(workload.timed.length / 10));
    await throughSequencer(ours, workload.timed.slice(0, warm));
    await throughEthereumjs(reference, workload.timed.slice(0, warm), false);
    const timed = workload.timed.slice(warm);
    const oursSeconds = await throughSequencer(ours, timed);
    const ethereumjsSeconds = await throughEthereumjs(reference, timed, true);
    // Hardhat runs the same transactions from the start of the workload (its nonces follow the setup).
    const sample = workload.timed.slice(0, warm);
    await throughSequencer(hardhat, sample);
    const hardhatTimed = timed.slice(0, settings.hardhatSample);
    const hardhatSeconds = await throughSequencer(hardhat, hardhatTimed);
    await throughSequencer(hardhat, timed.slice(settings.hardhatSample));
    const row: Row = {
      workload: workload.name,
      label: workload.label,
      transactions: timed.length,
      oursPerSecond: timed.length / oursSeconds,
      ethereumjsPerSecond: timed.length / ethereumjsSeconds,
      oursOverEthereumjs: ethereumjsSeconds / oursSeconds,
      hardhatSample: hardhatTimed.length,
      hardhatPerSecond: hardhatTimed.length / hardhatSeconds,
      oursOverHardhat: timed.length / oursSeconds / (hardhatTimed.length / hardhatSeconds),
    };
    rows.push(row);
    console.log(`  ${workload.name}: ours ${figure(row.oursPerSecond)} tx/s, @ethereumjs/vm ${figure(row.ethereumjsPerSecond)} tx/s, Hardhat (EM) ${figure(row.hardhatPerSecond)} tx/s`);
  }
  const oursRoot = await ours.engine.stateRoot();
  await Promise.all([ours.close(), hardhat.close()]);

  const machine = finishMachine(options.machine);
  const table = markdownTable(
    ["workload", "timed txs", "ours tx/s (root per tx)", "@ethereumjs/vm tx/s (root per block)", "ours/ejs", "Hardhat EM tx/s (sample)", "ours/Hardhat"],
    rows.map((r) => [r.label, String(r.transactions), figure(r.oursPerSecond), figure(r.ethereumjsPerSecond), times(r.oursOverEthereumjs), `${figure(r.hardhatPerSecond)} (${r.hardhatSample})`, times(r.oursOverHardhat)]),
    ["left", "right", "right", "right", "right", "right", "right"],
  );
  const text = [
    `## ${SUITE_NAME}: L2 transactions/s through the OVM (measured in this process)${options.quick ? " -- QUICK MODE, not comparable" : ""}`,
    "",
    table,
    "",
    `ours: Chain.sendRawTransaction (decode, libsecp256k1 sender recovery, executeTransaction wrapping, the compiled EM and transpiled contracts in the WASM EVM, a state root after every transaction), blocks sealed every ${BLOCK_SIZE};`,
    "@ethereumjs/vm: runTx of the same raw transactions on the plain contracts (its decoding and recovery included), one state root per block; Hardhat: the same sequencer on backend \"hardhat\".",
    `target (issue 5): ours at least 10x @ethereumjs/vm: ${rows.every((r) => r.oursOverEthereumjs >= 10) ? "met" : "NOT met"} on ${rows.map((r) => `${r.workload} ${times(r.oursOverEthereumjs)}`).join(", ")}`,
    "",
    `machine: ${machineLine(machine)}`,
  ].join("\n");
  console.log(`\n${text}`);

  mkdirSync(options.resultsDir, { recursive: true });
  const base = path.join(options.resultsDir, fileBase(options.quick));
  writeFileSync(`${base}.json`, `${JSON.stringify({ suite: SUITE_NAME, mode: options.quick ? "quick" : "full", machine, settings, rows, stateRootAfter: oursRoot }, null, 2)}\n`);
  writeFileSync(
    `${base}.svg`,
    logBarChart({
      title: `L2 transactions/s through the OVM (log scale)${options.quick ? " -- QUICK MODE, not comparable" : ""}`,
      notes: [
        `measured in one process on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)}`,
        "ours: sequencer + OVM in WASM, root per tx; @ethereumjs/vm: plain contracts, root per block; Hardhat: Solidity EM",
      ],
      axisLabel: "transactions per second",
      categories: rows.map((r) => r.label),
      series: [
        { name: "ours (OVM)", color: "#1f5fbf", values: rows.map((r) => r.oursPerSecond) },
        { name: "@ethereumjs/vm (plain)", color: "#e08a00", values: rows.map((r) => r.ethereumjsPerSecond) },
        { name: "Hardhat (Solidity EM)", color: "#888888", values: rows.map((r) => r.hardhatPerSecond) },
      ],
    }),
  );
  console.log(`\nwrote ${path.relative(process.cwd(), base)}.json and .svg`);
  return { failed: false };
}
