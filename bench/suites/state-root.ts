// Suite "state-root": state roots of a 100,000-account state (3 storage slots each) in our WASM
// tries (src/state/trie, build/trie.wasm) against @ethereumjs/mpt 10.1.3, in the same process:
// bulk load, then changes per second with a root after every change (what a rollup needs after
// each transaction) and with one root per 1,000 changes (a block).
//
// Both sides hold the same state and are checked equal (bulk root, then a root after each of a few
// hundred identical changes) before anything is timed. The timed changes always change a value:
// ours skips re-hashing writes of the value already there, which would flatter it.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createMPT, type MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { StateTrie } from "../../src/state/trie/state-trie.js";
import type { Hex } from "../../src/hex.js";
import { logBarChart } from "../svg.js";
import { finishMachine, loadWarning, machineLine, type MachineInfo } from "./machine.js";
import { markdownTable, figure, times } from "./table.js";
import { oneAtATime, timeWithBenny, type TimedCase } from "./timing.js";

export const SUITE_NAME = "state-root";

export interface StateRootSuiteOptions {
  quick: boolean;
  resultsDir: string;
  machine: MachineInfo;
}

interface ModeSettings {
  accounts: number;
  slotsPerAccount: number;
  /** Accounts whose @ethereumjs storage tries are kept for the slot-update case (all of them would cost GBs). */
  slotAccounts: number;
  benny: { minSamples: number; maxTime: number };
}

const FULL: ModeSettings = {
  accounts: Number(process.env.STATE_ROOT_BENCH_ACCOUNTS ?? 100_000),
  slotsPerAccount: 3,
  slotAccounts: 5_000,
  benny: { minSamples: 5, maxTime: 3 },
};
const QUICK: ModeSettings = { accounts: 3_000, slotsPerAccount: 3, slotAccounts: 1_000, benny: { minSamples: 2, maxTime: 0.1 } };

/** Changes per benny op, so that benny's own per-op cost is amortised. */
const INNER = 100;
/** Changes per root in the "block" case. */
const BLOCK = 1_000;

type CaseName = "accountRoot" | "slotRoot" | "accountBlock" | "insertRoot";

// In this order: inserting grows each side's trie by as many accounts as it managed to insert, so
// that case runs last.
const LABELS: Record<CaseName, string> = {
  accountRoot: "account update, root after each",
  slotRoot: "storage slot update, root after each",
  accountBlock: `account update, one root per ${BLOCK.toLocaleString("en-US")}`,
  insertRoot: "new account, root after each",
};

export interface StateRootRow {
  case: CaseName | "bulk";
  label: string;
  /** Changes/s of the fastest benny sample (the least disturbed on a shared machine). */
  oursPerSecond: number;
  ethereumjsPerSecond: number;
  /** ours / ethereumjs, on the best samples. */
  ratio: number;
  /** Changes/s from benny's mean, and its margin (%). */
  oursMeanPerSecond?: number;
  ethereumjsMeanPerSecond?: number;
  oursRme?: number;
  ethereumjsRme?: number;
}

const EMPTY_CODE_HASH = keccak_256(new Uint8Array(0));

function minimalBytes(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  const hex = v.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex"));
}

function stripLeadingZeros(word: Uint8Array): Uint8Array {
  let i = 0;
  while (i < word.length && word[i] === 0) i++;
  return word.subarray(i);
}

const toHex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString("hex")}`;

/** Deterministic accounts: address keccak256(index)[12..], every tenth a contract, slots 0..n-1. */
class Population {
  readonly addresses: Uint8Array[] = [];
  readonly addressHex: Hex[] = [];
  readonly nonces: bigint[] = [];
  readonly balances: bigint[] = [];
  readonly codeHashes: Uint8Array[] = [];
  readonly slotKeys: Uint8Array[] = [];
  readonly slotHex: Hex[] = [];
  /** Account i's slot j at i * slotsPerAccount + j (made up front: generating them is not timed). */
  private readonly values: Uint8Array[] = [];

  constructor(readonly count: number, readonly slotsPerAccount: number) {
    for (let i = 0; i < count; i++) this.add(i);
    for (let i = 0; i < count; i++) for (let j = 0; j < slotsPerAccount; j++) this.values.push(this.makeSlotValue(i, j));
    for (let j = 0; j < slotsPerAccount; j++) {
      const key = new Uint8Array(32);
      key[31] = j;
      this.slotKeys.push(key);
      this.slotHex.push(toHex(key));
    }
  }

  static addressOf(index: number): Uint8Array {
    const seed = new Uint8Array(4);
    new DataView(seed.buffer).setUint32(0, index);
    return keccak_256(seed).slice(12);
  }

  private add(i: number): void {
    const address = Population.addressOf(i);
    this.addresses.push(address);
    this.addressHex.push(toHex(address));
    this.nonces.push(BigInt(i % 97));
    this.balances.push(10n ** 18n * BigInt(1 + (i % 1000)) + BigInt(i));
    this.codeHashes.push(i % 10 === 0 ? keccak_256(address) : EMPTY_CODE_HASH);
  }

  slotValue(account: number, slot: number): Uint8Array {
    return this.values[account * this.slotsPerAccount + slot];
  }

  private makeSlotValue(account: number, slot: number): Uint8Array {
    const value = new Uint8Array(32);
    // Mixed widths, as real storage: small counters and full-width hashes.
    if (slot === 0) value[31] = 1 + (account % 200);
    else value.set(keccak_256(new Uint8Array([slot, account & 0xff, (account >> 8) & 0xff, account >> 16])));
    return value;
  }
}

interface Sides {
  ours: StateTrie;
  reference: MerklePatriciaTrie;
  /** Storage tries of the first `slotAccounts` accounts, and every account's storage root. */
  referenceStorage: MerklePatriciaTrie[];
  storageRoots: Uint8Array[];
  oursSeconds: number;
  referenceSeconds: number;
}

async function build(population: Population, settings: ModeSettings): Promise<Sides> {
  const { count, slotsPerAccount } = population;
  let start = process.hrtime.bigint();
  const ours = new StateTrie();
  for (let i = 0; i < count; i++) {
    const address = population.addressHex[i];
    ours.putAccount(address, { nonce: population.nonces[i], balance: population.balances[i], codeHash: population.codeHashes[i] });
    for (let j = 0; j < slotsPerAccount; j++) ours.putStorage(address, population.slotHex[j], population.slotValue(i, j));
  }
  ours.root();
  const oursSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`  ours: ${count.toLocaleString("en-US")} accounts and ${(count * slotsPerAccount).toLocaleString("en-US")} slots loaded and hashed in ${oursSeconds.toFixed(2)} s`);

  start = process.hrtime.bigint();
  const reference = await createMPT({ useKeyHashing: true });
  const referenceStorage: MerklePatriciaTrie[] = [];
  const storageRoots: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const storage = await createMPT({ useKeyHashing: true });
    for (let j = 0; j < slotsPerAccount; j++) await storage.put(population.slotKeys[j], RLP.encode(stripLeadingZeros(population.slotValue(i, j))));
    if (i < settings.slotAccounts) referenceStorage.push(storage);
    storageRoots.push(storage.root());
    await reference.put(population.addresses[i], RLP.encode([minimalBytes(population.nonces[i]), minimalBytes(population.balances[i]), storage.root(), population.codeHashes[i]]));
    if (i > 0 && i % 20_000 === 0) console.log(`  @ethereumjs/mpt: ${i.toLocaleString("en-US")} accounts...`);
  }
  const referenceSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`  @ethereumjs/mpt: the same in ${referenceSeconds.toFixed(2)} s`);
  return { ours, reference, referenceStorage, storageRoots, oursSeconds, referenceSeconds };
}

/** The changes both sides apply: account i's balance bumped, or slot j of account i set to a fresh value. */
class Changes {
  private counter = 0;
  constructor(private readonly population: Population, private readonly sides: Sides) {}

  private next(): number {
    return ++this.counter;
  }

  private balance(i: number, n: number): bigint {
    return this.population.balances[i] + BigInt(n);
  }

  private word(n: number): Uint8Array {
    const value = new Uint8Array(32);
    new DataView(value.buffer).setUint32(28, n);
    value[0] = 0x5a;
    return value;
  }

  private accountValue(i: number, balance: bigint): Uint8Array {
    const p = this.population;
    return RLP.encode([minimalBytes(p.nonces[i]), minimalBytes(balance), this.sides.storageRoots[i], p.codeHashes[i]]);
  }

  oursAccount(i: number): void {
    const p = this.population;
    this.sides.ours.putAccount(p.addressHex[i], { nonce: p.nonces[i], balance: this.balance(i, this.next()), codeHash: p.codeHashes[i] });
  }

  async referenceAccount(i: number): Promise<void> {
    await this.sides.reference.put(this.population.addresses[i], this.accountValue(i, this.balance(i, this.next())));
  }

  /** Account i's balance set to the value given by change number n on both sides (for the check). */
  async bothAccount(i: number): Promise<void> {
    const n = this.next();
    const p = this.population;
    this.sides.ours.putAccount(p.addressHex[i], { nonce: p.nonces[i], balance: this.balance(i, n), codeHash: p.codeHashes[i] });
    await this.sides.reference.put(p.addresses[i], this.accountValue(i, this.balance(i, n)));
    p.balances[i] = this.balance(i, n);
  }

  oursSlot(i: number, j: number): void {
    this.sides.ours.putStorage(this.population.addressHex[i], this.population.slotHex[j], this.word(this.next()));
  }

  async referenceSlot(i: number, j: number): Promise<void> {
    const storage = this.sides.referenceStorage[i];
    await storage.put(this.population.slotKeys[j], RLP.encode(stripLeadingZeros(this.word(this.next()))));
    this.sides.storageRoots[i] = storage.root();
    await this.sides.reference.put(this.population.addresses[i], this.accountValue(i, this.population.balances[i]));
  }

  async bothSlot(i: number, j: number): Promise<void> {
    const n = this.next();
    this.sides.ours.putStorage(this.population.addressHex[i], this.population.slotHex[j], this.word(n));
    const storage = this.sides.referenceStorage[i];
    await storage.put(this.population.slotKeys[j], RLP.encode(stripLeadingZeros(this.word(n))));
    this.sides.storageRoots[i] = storage.root();
    await this.sides.reference.put(this.population.addresses[i], this.accountValue(i, this.population.balances[i]));
  }
}

/** A reproducible walk over account indices (an LCG), so both sides touch accounts in the same spread. */
function walker(bound: number, seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % bound;
  };
}

function fileBase(quick: boolean): string {
  return quick ? `${SUITE_NAME}.quick` : SUITE_NAME;
}

export async function runStateRootSuite(options: StateRootSuiteOptions): Promise<{ failed: boolean }> {
  const settings = options.quick ? QUICK : FULL;
  console.log(
    `\n== suite ${SUITE_NAME}: state roots of ${settings.accounts.toLocaleString("en-US")} accounts x ${settings.slotsPerAccount} slots, ` +
      `ours (build/trie.wasm) vs @ethereumjs/mpt, ${options.quick ? "QUICK mode: figures only prove the suite runs" : "full mode"}`,
  );
  const population = new Population(settings.accounts, settings.slotsPerAccount);
  const sides = await build(population, settings);

  // Checked before timed: the bulk roots, then a root after each of a few hundred identical changes.
  const problems: string[] = [];
  const compare = (what: string) => {
    const ours = sides.ours.root();
    const theirs = toHex(sides.reference.root());
    if (ours !== theirs) problems.push(`${what}: ours ${ours}, @ethereumjs/mpt ${theirs}`);
  };
  compare("after the bulk load");
  const changes = new Changes(population, sides);
  const pick = walker(settings.slotAccounts, 7);
  for (let k = 0; k < 200 && problems.length === 0; k++) {
    if (k % 2 === 0) await changes.bothAccount(pick());
    else await changes.bothSlot(pick(), k % settings.slotsPerAccount);
    if (k % 10 === 0) compare(`after identical change ${k}`);
  }
  compare("after 200 identical changes");
  if (problems.length > 0) {
    console.error(`\n!!!!!!!! ${SUITE_NAME}: roots differ from @ethereumjs/mpt, nothing timed:\n  ${problems.join("\n  ")}\n`);
    return { failed: true };
  }
  console.log("  roots equal @ethereumjs/mpt's after the bulk load and after 200 identical account and slot changes");

  const anyAccount = walker(settings.accounts, 11);
  const slotAccount = walker(settings.slotAccounts, 13);
  let fresh = settings.accounts + 1_000_000;
  const hashedBefore = sides.ours.stats().hashedNodes;
  let oursRoots = 0;
  const oursCase = (run: () => void) => () => {
    for (let k = 0; k < INNER; k++) run();
  };
  const referenceCase = (run: () => Promise<void>) =>
    oneAtATime(async () => {
      for (let k = 0; k < INNER; k++) await run();
    });
  const cases: TimedCase[] = [
    { name: "ours accountRoot", run: oursCase(() => { changes.oursAccount(anyAccount()); sides.ours.root(); oursRoots++; }) },
    { name: "ethereumjs accountRoot", run: referenceCase(async () => { await changes.referenceAccount(anyAccount()); sides.reference.root(); }) },
    { name: "ours slotRoot", run: oursCase(() => { changes.oursSlot(slotAccount(), 1); sides.ours.root(); oursRoots++; }) },
    { name: "ethereumjs slotRoot", run: referenceCase(async () => { await changes.referenceSlot(slotAccount(), 1); sides.reference.root(); }) },
    {
      name: "ours accountBlock",
      run: () => {
        for (let k = 0; k < BLOCK; k++) changes.oursAccount(anyAccount());
        sides.ours.root();
      },
    },
    {
      name: "ethereumjs accountBlock",
      run: oneAtATime(async () => {
        for (let k = 0; k < BLOCK; k++) await changes.referenceAccount(anyAccount());
        sides.reference.root();
      }),
    },
    {
      name: "ours insertRoot",
      run: oursCase(() => {
        sides.ours.putAccount(toHex(Population.addressOf(fresh++)), { nonce: 1n, balance: 10n ** 18n, codeHash: EMPTY_CODE_HASH });
        sides.ours.root();
        oursRoots++;
      }),
    },
    {
      name: "ethereumjs insertRoot",
      run: referenceCase(async () => {
        await sides.reference.put(Population.addressOf(fresh++), RLP.encode([minimalBytes(1n), minimalBytes(10n ** 18n), sides.storageRoots[0], EMPTY_CODE_HASH]));
        sides.reference.root();
      }),
    },
  ];
  console.log(`\ntiming ${cases.length} cases with benny (minSamples ${settings.benny.minSamples}, maxTime ${settings.benny.maxTime} s)`);
  const fastest = new Map<string, number>();
  const timings = await timeWithBenny(SUITE_NAME, cases, {
    ...settings.benny,
    folder: options.resultsDir,
    file: `${fileBase(options.quick)}.benny`,
    onCase: (result) => {
      fastest.set(result.name, result.details.min);
      console.log(`  ${result.name.padEnd(28)} ${figure(result.ops)} ops/s ±${result.details.relativeMarginOfError.toFixed(1)}% (best sample ${figure(1 / result.details.min)} ops/s)`);
    },
  });
  const hashedPerRoot = oursRoots > 0 ? (sides.ours.stats().hashedNodes - hashedBefore) / oursRoots : 0;

  const perOp: Record<CaseName, number> = { accountRoot: INNER, slotRoot: INNER, insertRoot: INNER, accountBlock: BLOCK };
  const rows: StateRootRow[] = (Object.keys(LABELS) as CaseName[]).map((name) => {
    const ours = timings.get(`ours ${name}`)!;
    const theirs = timings.get(`ethereumjs ${name}`)!;
    const oursPerSecond = perOp[name] / fastest.get(`ours ${name}`)!;
    const ethereumjsPerSecond = perOp[name] / fastest.get(`ethereumjs ${name}`)!;
    return {
      case: name, label: LABELS[name], oursPerSecond, ethereumjsPerSecond, ratio: oursPerSecond / ethereumjsPerSecond,
      oursMeanPerSecond: perOp[name] / ours.meanSeconds, ethereumjsMeanPerSecond: perOp[name] / theirs.meanSeconds, oursRme: ours.rme, ethereumjsRme: theirs.rme,
    };
  });
  const totalItems = settings.accounts * (1 + settings.slotsPerAccount);
  const bulk: StateRootRow = {
    case: "bulk",
    label: "bulk load (accounts + slots), one root at the end",
    oursPerSecond: totalItems / sides.oursSeconds,
    ethereumjsPerSecond: totalItems / sides.referenceSeconds,
    ratio: sides.referenceSeconds / sides.oursSeconds,
  };

  const machine = finishMachine(options.machine);
  const stats = sides.ours.stats();
  const count = (value: number) => Math.round(value).toLocaleString("en-US");
  const mean = (value: number | undefined, rme: number | undefined) => (value === undefined ? "once" : `${count(value)} ±${rme?.toFixed(0)}%`);
  const table = markdownTable(
    ["case", "ours best /s", "ours mean", "@ethereumjs/mpt best /s", "@ethereumjs/mpt mean", "ours / ethereumjs"],
    [...rows, bulk].map((row) => [
      row.label, count(row.oursPerSecond), mean(row.oursMeanPerSecond, row.oursRme), count(row.ethereumjsPerSecond), mean(row.ethereumjsMeanPerSecond, row.ethereumjsRme), times(row.ratio),
    ]),
    ["left", "right", "right", "right", "right", "right"],
  );
  const lines = [
    `## ${SUITE_NAME}: changes/s with state roots, ${settings.accounts.toLocaleString("en-US")} accounts x ${settings.slotsPerAccount} slots (measured in this process)${options.quick ? " -- QUICK MODE, not comparable" : ""}`,
    "",
    table,
    "",
    `best = fastest benny sample (minSamples ${settings.benny.minSamples}, maxTime ${settings.benny.maxTime} s), used for the ratio; mean = benny's mean ± its margin. ${INNER} changes per benny op (the block case: ${BLOCK} changes and one root). Every change changes a value.`,
    `ours re-hashed ${hashedPerRoot.toFixed(1)} nodes per root in the root-after-each cases (the changed paths only); at the end (after the insert case) ${count(stats.cells)} cells, ${(stats.arenaBytes / 2 ** 20).toFixed(0)} MiB of arena, ${(stats.memoryBytes / 2 ** 20).toFixed(0)} MiB of WASM memory.`,
    `slot updates touch the first ${settings.slotAccounts.toLocaleString("en-US")} accounts (whose @ethereumjs storage tries are kept); account updates any account; ours takes Hex addresses and slots as WorldState holds them, @ethereumjs/mpt bytes and RLP built in JS.`,
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
    settings: { ...settings, changesPerBennyOp: INNER, block: BLOCK },
    bulk: { items: totalItems, oursSeconds: sides.oursSeconds, ethereumjsSeconds: sides.referenceSeconds },
    rows,
    hashedNodesPerRoot: hashedPerRoot,
    trie: stats,
    failed: false,
  };
  mkdirSync(options.resultsDir, { recursive: true });
  const jsonFile = path.join(options.resultsDir, `${fileBase(options.quick)}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  const svgFile = path.join(options.resultsDir, `${fileBase(options.quick)}.svg`);
  writeFileSync(svgFile, stateRootChart([...rows, bulk], settings, machine, options.quick));
  console.log(`\nwrote ${path.relative(process.cwd(), jsonFile)}, ${path.relative(process.cwd(), svgFile)} and ${fileBase(options.quick)}.benny.json`);
  return { failed: false };
}

function stateRootChart(rows: StateRootRow[], settings: ModeSettings, machine: MachineInfo, quick: boolean): string {
  return logBarChart({
    title: `State-root throughput, ${settings.accounts.toLocaleString("en-US")} accounts x ${settings.slotsPerAccount} slots (log scale)${quick ? " -- QUICK MODE, not comparable" : ""}`,
    notes: [
      `measured in one process on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)} (load ${machine.loadAtStart.toFixed(1)}); fastest benny sample per case`,
      "ours: WASM tries re-hashing only the changed paths (build/trie.wasm); @ethereumjs/mpt 10.1.3 on its in-memory DB",
    ],
    axisLabel: "changes per second (each with its root, except the block and bulk cases)",
    categories: rows.map((row) => `${row.label} (${times(row.ratio)})`),
    series: [
      { name: "ours", color: "#1f5fbf", values: rows.map((row) => row.oursPerSecond) },
      { name: "@ethereumjs/mpt", color: "#e08a00", values: rows.map((row) => row.ethereumjsPerSecond) },
    ],
    valueSuffix: "/s",
  });
}
