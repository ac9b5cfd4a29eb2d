// Suite "u256": ns per operation of assembly/u256.ts, timed by loops that run inside WASM (one JS
// call per batch; test/assembly/u256.harness.ts), with full-width operands, next to the same
// operations on JS BigInt timed in the same run: what a JS EVM (ethereumjs) pays for a word op.
//
// Both sides are timed the same way: wall time of a block of iterations with
// process.hrtime.bigint(), ours and BigInt alternating block by block so that both see the same
// load from other processes, best block of several kept. The BigInt loops mirror the harness
// loops' data flow (each result feeds the next operation, inputs vary where the harness varies
// them), but vary inputs through precomputed tables: creating a BigInt from the loop counter would
// cost more than some of the operations measured.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { logBarChart } from "../svg.js";
import { compileHarness } from "./asc-harness.js";
import { finishMachine, loadWarning, machineLine, type MachineInfo } from "./machine.js";
import { figure, geometricMean, markdownTable, times } from "./table.js";

export const SUITE_NAME = "u256";

export interface U256SuiteOptions {
  quick: boolean;
  resultsDir: string;
  machine: MachineInfo;
  /** Our iterations per block (EXP: a hundredth); default 1,000,000, quick 20,000. */
  iterations?: number;
  /** Only the cases whose name starts with this. */
  only?: string;
}

interface ModeSettings {
  iterations: number;
  /** Blocks per implementation; the fastest is kept. */
  rounds: number;
}

const FULL: ModeSettings = { iterations: 1_000_000, rounds: 7 };
const QUICK: ModeSettings = { iterations: 20_000, rounds: 2 };

const HARNESS = fileURLToPath(new URL("../../test/assembly/u256.harness.ts", import.meta.url));
const FEATURES = "simd,bulk-memory,sign-extension,nontrapping-f2i,mutable-globals";

const MASK256 = (1n << 256n) - 1n;
const MASK64 = (1n << 64n) - 1n;
const BN254_P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
// Fixed full-width operands (hex digits of pi, e and the golden ratio), reduced where the
// operation expects it.
const X = 0x243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89n;
const Y = 0xb7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfefn;
const Z = 0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95n;
/** Words in the operand tables (the harness's ADDMOD table and the BigInt loops' input tables). */
const TABLE_WORDS = 128;

type Exports = Record<string, (...args: number[]) => unknown> & { memory: WebAssembly.Memory };

interface Case {
  name: string;
  /** Writes this case's operands into the harness's I/O area. */
  setup: () => void;
  ours: (iterations: number) => void;
  bigint: (iterations: number) => bigint;
  /** One iteration's result, from setup's operands: [pointer ours leaves it at, BigInt's answer]. */
  check?: () => [number, bigint];
  /** Our iterations relative to the mode's (EXP costs ~100x a MULMOD). */
  scale?: number;
}

export interface U256Row {
  name: string;
  oursNs: number;
  oursCpuNs: number;
  oursIterations: number;
  bigintNs: number;
  bigintIterations: number;
  /** BigInt ns/op over ours: how many times faster ours is. */
  speedup: number;
}

/** `count` pseudo-random words below `modulus`, from a fixed seed. */
function wordTable(modulus: bigint, count = TABLE_WORDS): bigint[] {
  let state = 12345n;
  return Array.from({ length: count }, () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & MASK256;
    return state % modulus;
  });
}

/** Each entry perturbs `word` in its low 64-bit limb, as the harness does with the loop counter. */
function perturbed(word: bigint, step: bigint): bigint[] {
  return Array.from({ length: TABLE_WORDS }, (_, index) => (word & ~MASK64) | ((word + BigInt(index) * step) & MASK64));
}

function expMod256(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let power = base;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * power) & MASK256;
    power = (power * power) & MASK256;
  }
  return result;
}

function buildCases(ex: Exports): Case[] {
  const io = Number(ex.io());
  const P = [0, 1, 2, 3, 4].map((index) => io + 32 * index);
  const TABLE = io + 256;
  const put = (pointer: number, value: bigint) => {
    const view = new DataView(ex.memory.buffer);
    for (let limb = 0; limb < 4; limb++) view.setBigUint64(pointer + 8 * limb, (value >> BigInt(64 * limb)) & MASK64, true);
  };
  const mask = TABLE_WORDS - 1;

  const mulmod = (a0: bigint, b: bigint, n: bigint) => (iterations: number) => {
    let a = a0;
    for (let index = 0; index < iterations; index++) a = (a * b) % n;
    return a;
  };
  const addmod = (a0: bigint, b: bigint, n: bigint) => (iterations: number) => {
    let a = a0;
    for (let index = 0; index < iterations; index++) a = (a + b) % n;
    return a;
  };
  const divide = (name: string, a: bigint, b: bigint, op: "div" | "mod"): Case => {
    const dividends = perturbed(a, 1n);
    return {
      name,
      setup: () => { put(P[1], a); put(P[2], b); },
      ours: (n) => (op === "div" ? ex.benchDiv : ex.benchMod)(n, P[0], P[1], P[2]),
      bigint: (iterations) => {
        let sink = 0n;
        if (op === "div") for (let index = 0; index < iterations; index++) sink ^= dividends[index & mask] / b;
        else for (let index = 0; index < iterations; index++) sink ^= dividends[index & mask] % b;
        return sink;
      },
      check: () => [P[0], op === "div" ? a / b : a % b],
    };
  };
  const table = wordTable(BN254_P);

  return [
    {
      name: "mulmod (a*b mod BN254 p)",
      setup: () => { put(P[0], X % BN254_P); put(P[1], Y % BN254_P); put(P[2], BN254_P); },
      ours: (n) => ex.benchMulmod(n, P[0], P[1], P[2]),
      bigint: mulmod(X % BN254_P, Y % BN254_P, BN254_P),
      check: () => [P[0], ((X % BN254_P) * (Y % BN254_P)) % BN254_P],
    },
    {
      name: "mulmod (256-bit a, b, n)",
      setup: () => { put(P[0], X); put(P[1], Y); put(P[2], Z); },
      ours: (n) => ex.benchMulmod(n, P[0], P[1], P[2]),
      bigint: mulmod(X, Y, Z),
      check: () => [P[0], (X * Y) % Z],
    },
    {
      name: "addmod (a+b mod BN254 p)",
      setup: () => { put(P[0], X % BN254_P); put(P[1], Y % BN254_P); put(P[2], BN254_P); },
      ours: (n) => ex.benchAddmod(n, P[0], P[1], P[2]),
      bigint: addmod(X % BN254_P, Y % BN254_P, BN254_P),
      check: () => [P[0], ((X % BN254_P) + (Y % BN254_P)) % BN254_P],
    },
    {
      name: "addmod (random reduced operands)",
      setup: () => { put(P[0], BN254_P); table.forEach((word, index) => put(TABLE + 32 * index, word)); },
      // Two ADDMODs per harness iteration, so half as many iterations.
      ours: (n) => ex.benchAddmodTable(n / 2, P[1], TABLE, TABLE_WORDS, P[0]),
      bigint: (iterations) => {
        const words = [...table];
        let r = 0n;
        for (let index = 0; index < iterations / 2; index++) {
          r = (words[index & mask] + words[(index * 7 + 3) & mask]) % BN254_P;
          words[(index + 1) & mask] = (r + words[(index * 3 + 1) & mask]) % BN254_P;
        }
        return r;
      },
    },
    {
      name: "field mix (1 mulmod + 2 addmod), per mix",
      setup: () => { put(P[0], X % BN254_P); put(P[1], Y % BN254_P); put(P[2], Z % BN254_P); put(P[3], BN254_P); },
      ours: (n) => ex.benchField(n, P[0], P[1], P[2], P[3]),
      bigint: (iterations) => {
        let a = X % BN254_P;
        let b = Y % BN254_P;
        let c = Z % BN254_P;
        for (let index = 0; index < iterations; index++) {
          a = (a * b) % BN254_P;
          c = (c + a) % BN254_P;
          b = (b + c) % BN254_P;
        }
        return a ^ b ^ c;
      },
    },
    {
      name: "addmod (256-bit a, b, smaller n)",
      setup: () => { put(P[0], Y); put(P[1], Z); put(P[2], X >> 8n); },
      ours: (n) => ex.benchAddmod(n, P[0], P[1], P[2]),
      bigint: addmod(Y, Z, X >> 8n),
      check: () => [P[0], (Y + Z) % (X >> 8n)],
    },
    divide("div (256-bit / 128-bit)", X, Y >> 128n, "div"),
    divide("div (256-bit / 192-bit)", Y, X >> 64n, "div"),
    divide("div (256-bit / 64-bit)", Y, Z >> 192n, "div"),
    divide("mod (256-bit / 255-bit)", Y, Z >> 1n, "mod"),
    {
      name: "mul (256 x 256)",
      setup: () => { put(P[0], X); put(P[1], Y); },
      ours: (n) => ex.benchMul(n, P[0], P[1]),
      bigint: (iterations) => {
        let a = X;
        for (let index = 0; index < iterations; index++) a = ((a * Y) & MASK256) | 1n;
        return a;
      },
      check: () => [P[0], ((X * Y) & MASK256) | 1n],
    },
    {
      name: "exp (256-bit base and exponent)",
      scale: 0.01,
      setup: () => { put(P[1], X); put(P[2], Y); },
      ours: (n) => ex.benchExp(n, P[0], P[1], P[2]),
      bigint: (() => {
        const bases = perturbed(X, 2n);
        return (iterations: number) => {
          let sink = 0n;
          for (let index = 0; index < iterations; index++) sink ^= expMod256(bases[index & mask], Y);
          return sink;
        };
      })(),
      check: () => [P[0], expMod256((X & ~MASK64) | ((X + 2n) & MASK64), Y)],
    },
    {
      name: "add",
      setup: () => { put(P[0], X); put(P[1], Y); },
      ours: (n) => ex.benchAdd(n, P[0], P[1]),
      bigint: (iterations) => {
        let a = X;
        for (let index = 0; index < iterations; index++) a = (a + Y) & MASK256;
        return a;
      },
      check: () => [P[0], (X + Y) & MASK256],
    },
    {
      name: "add + storeBE32 + loadBE32",
      setup: () => { put(P[1], X); put(P[2], 1n); },
      ours: (n) => ex.benchStoreBE32(n, P[3], P[1], P[2]),
      // MSTORE then MLOAD: a word to 32 big-endian bytes and back, as a BigInt EVM's memory does.
      bigint: (iterations) => {
        const view = new DataView(new ArrayBuffer(32));
        let a = X;
        for (let index = 0; index < iterations; index++) {
          a = (a + 1n) & MASK256;
          for (let limb = 0; limb < 4; limb++) view.setBigUint64(24 - 8 * limb, (a >> BigInt(64 * limb)) & MASK64);
          a = 0n;
          for (let limb = 0; limb < 4; limb++) a = (a << 64n) | view.getBigUint64(8 * limb);
        }
        return a;
      },
      check: () => [P[1], X + 1n],
    },
  ];
}

function seconds(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Quick runs (CI) write beside the full run's files, never over them. */
function fileBase(quick: boolean): string {
  return quick ? `${SUITE_NAME}.quick` : SUITE_NAME;
}

export async function runU256Suite(options: U256SuiteOptions): Promise<{ failed: boolean }> {
  const mode = { ...(options.quick ? QUICK : FULL) };
  if (options.iterations !== undefined) mode.iterations = options.iterations;
  console.log(
    `\n== suite ${SUITE_NAME}: 256-bit word operations, ours (assembly/u256.ts, in-WASM loops of ${mode.iterations.toLocaleString("en")} iterations) vs JS BigInt, ` +
      `${options.quick ? "QUICK mode: figures only prove the suite runs" : "full mode"}`,
  );
  const instance = await compileHarness(HARNESS, FEATURES, { env: { abort: () => { throw new Error("abort called in the u256 harness"); } } });
  const ex = instance.exports as unknown as Exports;
  const readWord = (pointer: number) => {
    const view = new DataView(ex.memory.buffer);
    let value = 0n;
    for (let limb = 3; limb >= 0; limb--) value = (value << 64n) | view.getBigUint64(pointer + 8 * limb, true);
    return value;
  };
  const cases = buildCases(ex).filter((item) => options.only === undefined || item.name.startsWith(options.only));

  // One iteration of ours against BigInt before timing: a fast wrong result is worthless.
  const problems: string[] = [];
  for (const item of cases) {
    if (item.check === undefined) continue;
    item.setup();
    item.ours(1);
    const [pointer, want] = item.check();
    const got = readWord(pointer);
    if (got !== want) problems.push(`${item.name}: ours 0x${got.toString(16)}, BigInt 0x${want.toString(16)}`);
  }
  if (problems.length > 0) {
    console.error(`\n!!!!!!!! ${SUITE_NAME}: results differ from BigInt, nothing timed:\n  ${problems.join("\n  ")}\n`);
    return { failed: true };
  }

  // Warm everything up first, so that V8's background tier-up is finished (and its compiler
  // threads idle) before anything is timed; the BigInt warm-up also sizes its blocks.
  let sink = 0n;
  const plan = cases.map((item) => {
    const oursIterations = Math.max(2, Math.round(mode.iterations * (item.scale ?? 1)));
    item.setup();
    const oursBlock = seconds(() => item.ours(Math.min(oursIterations, 20_000))) * (oursIterations / Math.min(oursIterations, 20_000));
    const probe = Math.max(2, Math.round(2000 * (item.scale ?? 1)));
    sink ^= item.bigint(probe);
    const perBigint = seconds(() => (sink ^= item.bigint(probe))) / probe;
    // BigInt blocks as long as ours, so both sides sample the machine's load over the same spans.
    const bigintIterations = Math.max(2, 2 * Math.round(Math.max(oursBlock, 0.002) / perBigint / 2));
    return { item, oursIterations, bigintIterations };
  });

  const rows: U256Row[] = [];
  for (const { item, oursIterations, bigintIterations } of plan) {
    let best = Infinity;
    let bestCpu = Infinity;
    let bestBigint = Infinity;
    for (let round = 0; round < mode.rounds; round++) {
      item.setup();
      // CPU time of this process excludes time spent descheduled: shown beside the wall time.
      const cpuBefore = process.cpuUsage();
      const wall = seconds(() => item.ours(oursIterations));
      const cpu = process.cpuUsage(cpuBefore);
      best = Math.min(best, (wall * 1e9) / oursIterations);
      bestCpu = Math.min(bestCpu, ((cpu.user + cpu.system) * 1000) / oursIterations);
      bestBigint = Math.min(bestBigint, (seconds(() => (sink ^= item.bigint(bigintIterations))) * 1e9) / bigintIterations);
    }
    const row: U256Row = {
      name: item.name,
      oursNs: best,
      oursCpuNs: bestCpu,
      oursIterations,
      bigintNs: bestBigint,
      bigintIterations,
      speedup: bestBigint / best,
    };
    rows.push(row);
    console.log(`  ${item.name.padEnd(42)} ours ${figure(best).padStart(6)} ns/op (cpu ${figure(bestCpu).padStart(6)})   BigInt ${figure(bestBigint).padStart(6)} ns/op   ${times(row.speedup).padStart(7)}`);
  }
  if (sink === 0x1234567n) console.log(""); // keeps the BigInt results observable

  const machine = finishMachine(options.machine);
  const geomean = geometricMean(rows.map((row) => row.speedup));
  const table = markdownTable(
    ["operation", "ours ns/op", "ours cpu ns/op", "BigInt ns/op", "BigInt/ours"],
    rows.map((row) => [row.name, figure(row.oursNs), figure(row.oursCpuNs), figure(row.bigintNs), times(row.speedup)]),
    ["left", "right", "right", "right", "right"],
  );
  const lines = [
    `## ${SUITE_NAME}: ns per operation, ours (in-WASM loop) and JS BigInt (measured in this process)${options.quick ? " -- QUICK MODE, not comparable" : ""}`,
    "",
    table,
    "",
    `best of ${mode.rounds} blocks each, ours and BigInt alternating; ours ${mode.iterations.toLocaleString("en")} iterations a block (exp: a hundredth), BigInt blocks sized to last as long.` +
      ` cpu = this process's CPU time (excludes time descheduled).`,
    `geometric mean of BigInt/ours over ${rows.length} operations: ${times(geomean)}`,
    "",
    `machine: ${machineLine(machine)}`,
  ];
  const warning = loadWarning(machine);
  if (warning !== undefined) lines.push(`NOTE: ${warning}`);
  console.log(`\n${lines.join("\n")}`);

  const json = { suite: SUITE_NAME, mode: options.quick ? "quick" : "full", machine, settings: { ...mode, only: options.only }, rows, geomean, failed: false };
  mkdirSync(options.resultsDir, { recursive: true });
  const jsonFile = path.join(options.resultsDir, `${fileBase(options.quick)}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  const svgFile = path.join(options.resultsDir, `${fileBase(options.quick)}.svg`);
  writeFileSync(svgFile, u256Chart(rows, machine, options.quick, geomean));
  console.log(`\nwrote ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), svgFile)}`);
  return { failed: false };
}

export function u256Chart(rows: U256Row[], machine: MachineInfo, quick: boolean, geomean: number | undefined): string {
  return logBarChart({
    title: `256-bit word operations: speedup of ours over JS BigInt (log scale)${quick ? " -- QUICK MODE, not comparable" : ""}`,
    notes: [
      `measured in one process on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)} (load ${machine.loadAtStart.toFixed(1)})`,
      "ours: assembly/u256.ts in in-WASM loops; BigInt: the same operations and data flow in JS; best block of several each, alternating",
    ],
    axisLabel: "BigInt ns/op over ours (x)",
    categories: rows.map((row) => row.name),
    series: [{ name: "ours (WASM) over BigInt", color: "#1f5fbf", values: rows.map((row) => row.speedup) }],
    lines: geomean === undefined ? [] : [{ value: geomean, label: `geometric mean ${figure(geomean)}x`, color: "#1f5fbf" }],
    valueSuffix: "x",
  });
}
