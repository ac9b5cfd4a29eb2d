// Keccak-256 throughput: assembly/keccak.ts against hash-wasm and @noble/hashes,
// side by side in one process. Run: npx tsx bench/keccak.ts
// Env: KECCAK_BENCH_MAX_TIME (seconds per case, default 1.5),
//      KECCAK_BENCH_ROUNDS (full passes over all cases, default 2).
//
// The dev machines are small and shared, so a neighbour's load can halve any
// one measurement. The table therefore ranks by each case's best benchmark.js
// sample over all rounds (least-disturbed run; every case gets the same
// treatment) and also shows benny's mean-based figure with its margin.
//
// Every "per call" case pays its own JS <-> WASM boundary costs (copy the
// input in, call, copy 32 bytes out into a fresh Uint8Array), because that is
// what the project issue's target compares. The batch case is the in-WASM
// speed the interpreter itself sees and is labelled as such.
import b from "benny";
import { cpus, arch, tmpdir } from "node:os";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { keccak as hwKeccak, createKeccak } from "hash-wasm";
import { keccak_256 } from "@noble/hashes/sha3.js";

const HARNESS = fileURLToPath(new URL("../test/assembly/keccak.harness.ts", import.meta.url));
const SIZES = [32, 64, 1024] as const;
const POOL = 256; // distinct inputs per size, cycled
const INNER = 100; // hashes per benny op for per-call cases, so benny's own per-op cost is amortised
const BATCH = 1000;
const MAX_TIME = Number(process.env.KECCAK_BENCH_MAX_TIME ?? 1.5);
const ROUNDS = Math.max(1, Number(process.env.KECCAK_BENCH_ROUNDS ?? 2));

interface KeccakExports {
  memory: WebAssembly.Memory;
  keccak256(input: number, len: number, out: number): void;
  keccak256Word(input: number, out: number): void;
  keccak256TwoWords(input: number, out: number): void;
  keccak256Batch(inputs: number, count: number, stride: number, len: number, out: number): void;
  scratchBase(): number;
}

// Same flags as the release build. asc runs in a worker without the tsx
// loader: under tsx, loading binaryen's 13 MB JS alone takes ~20 s.
async function compileHarness(dir: string): Promise<WebAssembly.Module> {
  const outFile = join(dir, "keccak.wasm");
  const config = join(dir, "asconfig.json");
  await writeFile(config, "{}"); // keep asc off the repo's asconfig.json
  const argv = [HARNESS, "--config", config, "-O3", "--runtime", "stub", "--noAssert",
    "--enable", "simd,bulk-memory", "-o", outFile];
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    import(workerData.ascUrl).then(async ({ default: asc }) => {
      let stderr = "";
      const r = await asc.main(workerData.argv, { stderr: { write(s) { stderr += s; return true; } } });
      parentPort.postMessage(r.error ? String(r.error) + "\\n" + stderr : null);
    }, (e) => parentPort.postMessage(String(e)));`;
  const error = await new Promise<string | null>((resolve, reject) => {
    const w = new Worker(code, { eval: true, execArgv: [],
      workerData: { ascUrl: import.meta.resolve("assemblyscript/asc"), argv } });
    w.once("message", resolve);
    w.once("error", reject);
    w.once("exit", (exitCode) => reject(new Error(`asc worker exited (${exitCode}) without a result`)));
  });
  if (error) throw new Error(`asc failed: ${error}`);
  return WebAssembly.compile(new Uint8Array(await readFile(outFile)));
}

function randomInputs(len: number, n: number, seed: number): Uint8Array[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    const d = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      d[i] = s >>> 24;
    }
    return d;
  });
}

const tmp = await mkdtemp(join(tmpdir(), "ovm-keccak-bench-"));
let k: KeccakExports;
try {
  const instance = await WebAssembly.instantiate(await compileHarness(tmp), {});
  k = instance.exports as unknown as KeccakExports;
} finally {
  await rm(tmp, { recursive: true, force: true });
}

const base = k.scratchBase();
const IN = base;
const OUT = base + 2048;
const BATCH_IN = base + 4096;
const BATCH_OUT = BATCH_IN + BATCH * 1024;
const needed = BATCH_OUT + BATCH * 32;
if (k.memory.buffer.byteLength < needed) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
let heap = new Uint8Array(k.memory.buffer);

// What a real caller does: re-view memory if it grew (detached view), copy in,
// hash, copy the digest out.
function viewHeap(): Uint8Array {
  if (heap.byteLength === 0) heap = new Uint8Array(k.memory.buffer);
  return heap;
}
function oursGeneral(d: Uint8Array): Uint8Array {
  const h = viewHeap();
  h.set(d, IN);
  k.keccak256(IN, d.length, OUT);
  return h.slice(OUT, OUT + 32);
}
function oursWord(d: Uint8Array): Uint8Array {
  const h = viewHeap();
  h.set(d, IN);
  k.keccak256Word(IN, OUT);
  return h.slice(OUT, OUT + 32);
}
function oursTwoWords(d: Uint8Array): Uint8Array {
  const h = viewHeap();
  h.set(d, IN);
  k.keccak256TwoWords(IN, OUT);
  return h.slice(OUT, OUT + 32);
}

const hasher = await createKeccak(256);
function hashWasmHasher(d: Uint8Array): Uint8Array {
  hasher.init();
  hasher.update(d);
  return hasher.digest("binary");
}

// Cross-check before timing anything: a fast wrong hash is worthless.
for (const len of SIZES) {
  for (const d of randomInputs(len, 4, 99 + len)) {
    const want = Buffer.from(keccak_256(d)).toString("hex");
    const got = [oursGeneral(d), hashWasmHasher(d)];
    if (len === 32) got.push(oursWord(d));
    if (len === 64) got.push(oursTwoWords(d));
    got.push(Buffer.from(await hwKeccak(d, 256), "hex"));
    for (const g of got) {
      if (Buffer.from(g).toString("hex") !== want) throw new Error(`digest mismatch at len ${len}`);
    }
  }
}

let sink = 0; // consumed at the end so no case can be optimised away

interface Row { size: number; name: string; best: number; mean: number; rme: number }
const rows: Row[] = [];
function record(size: number, name: string, best: number, mean: number, rme: number): void {
  const row = rows.find((r) => r.size === size && r.name === name);
  if (!row) rows.push({ size, name, best, mean, rme });
  else {
    row.best = Math.max(row.best, best);
    if (mean > row.mean) Object.assign(row, { mean, rme });
  }
}

const HW_ONESHOT = "hash-wasm keccak(data, 256)";
const HW_HASHER = "hash-wasm createKeccak(256) init/update/digest";

for (let round = 1; round <= ROUNDS; round++) {
  for (const len of SIZES) {
    const pool = randomInputs(len, POOL, len);
    let idx = 0;
    const perCall = (name: string, fn: (d: Uint8Array) => Uint8Array) =>
      b.add(name, () => {
        for (let i = 0; i < INNER; i++) {
          sink ^= fn(pool[idx])[0];
          idx = (idx + 1) & (POOL - 1);
        }
      });

    const cases = [
      perCall("ours keccak256 (general entry)", oursGeneral),
      ...(len === 32 ? [perCall("ours keccak256Word", oursWord)] : []),
      ...(len === 64 ? [perCall("ours keccak256TwoWords", oursTwoWords)] : []),
      b.add(HW_ONESHOT, async () => {
        for (let i = 0; i < INNER; i++) {
          sink ^= (await hwKeccak(pool[idx], 256)).charCodeAt(0);
          idx = (idx + 1) & (POOL - 1);
        }
      }),
      perCall(HW_HASHER, hashWasmHasher),
      perCall("@noble/hashes keccak_256", keccak_256),
    ];

    const batchName = `ours keccak256Batch x${BATCH} (in-WASM speed, per hash)`;
    for (let i = 0; i < BATCH; i++) heap.set(pool[i & (POOL - 1)], BATCH_IN + i * len);
    k.keccak256Batch(BATCH_IN, BATCH, len, len, BATCH_OUT);
    for (const i of [0, 1, BATCH - 1]) {
      const got = Buffer.from(heap.subarray(BATCH_OUT + 32 * i, BATCH_OUT + 32 * i + 32)).toString("hex");
      if (got !== Buffer.from(keccak_256(pool[i & (POOL - 1)])).toString("hex")) {
        throw new Error(`batch digest mismatch at len ${len}, index ${i}`);
      }
    }
    cases.push(b.add(batchName, () => {
      k.keccak256Batch(BATCH_IN, BATCH, len, len, BATCH_OUT);
      sink ^= heap[BATCH_OUT];
    }));

    await b.suite(
      `keccak-256, ${len}-byte inputs (round ${round}/${ROUNDS})`,
      ...cases,
      b.configure({ cases: { maxTime: MAX_TIME, minSamples: 10 } }),
      b.cycle(),
      b.complete((summary) => {
        for (const r of summary.results) {
          const per = r.name === batchName ? BATCH : INNER;
          // details.min is the fastest sample's seconds per benny op.
          record(len, r.name, per / r.details.min, r.ops * per, r.details.relativeMarginOfError);
        }
      }),
    );
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(`\nmachine: ${cpus()[0]?.model ?? "unknown"} (${cpus().length} cores, ${arch()}), node ${process.version}`);
console.log(`best = fastest sample over ${ROUNDS} round(s); mean = benny's figure (best round) ± its margin`);
console.log("ratios use the best figures: >1.00x means faster than that hash-wasm API at the same size\n");
const header = ["size", "implementation", "best hashes/s", "mean hashes/s", "±%", "vs hasher", "vs keccak()"];
const table = rows.map((r) => {
  const hw = rows.find((x) => x.size === r.size && x.name === HW_HASHER)!.best;
  const hw1 = rows.find((x) => x.size === r.size && x.name === HW_ONESHOT)!.best;
  return [`${r.size} B`, r.name, fmt(r.best), fmt(r.mean), r.rme.toFixed(1),
    (r.best / hw).toFixed(2) + "x", (r.best / hw1).toFixed(2) + "x"];
});
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table) console.log(line(row));
if (sink === 0x1234567) console.log(""); // keeps `sink` observable
