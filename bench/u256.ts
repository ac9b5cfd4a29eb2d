// Micro-benchmark of assembly/u256.ts: compiles test/assembly/u256.harness.ts like the test does
// and times loops that run inside WASM (one JS call per batch), with full-width operands.
// Run: npx tsx bench/u256.ts [iterations=1000000]
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const ITERS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 7;

const BN254_P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;

const HARNESS = fileURLToPath(new URL("../test/assembly/u256.harness.ts", import.meta.url));

// asc runs in a worker without the tsx loader, under which merely loading the compiler takes
// ~25 s (see test/assembly/u256.test.ts).
async function compile(outFile: string, configFile: string): Promise<void> {
  const argv = [
    HARNESS, "--outFile", outFile, "-O3", "--runtime", "stub", "--noAssert",
    "--enable", "simd,bulk-memory,sign-extension,nontrapping-f2i,mutable-globals", "--config", configFile,
  ];
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    import(workerData.asc).then(async ({ default: asc }) => {
      let err = "";
      const res = await asc.main(workerData.argv, { stderr: { write(s) { err += s; return true; } } });
      parentPort.postMessage(res.error ? res.error.message + "\\n" + err : "");
    }).catch((e) => parentPort.postMessage(String(e && e.stack || e)));`;
  const failure = await new Promise<string>((resolve, reject) => {
    const worker = new Worker(source, {
      eval: true, execArgv: [], workerData: { asc: import.meta.resolve("assemblyscript/asc"), argv },
    });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`asc worker exited with ${code}`)));
  });
  if (failure) throw new Error(`asc failed: ${failure}`);
}

async function load(): Promise<Record<string, (...a: number[]) => unknown> & { memory: WebAssembly.Memory }> {
  const dir = await mkdtemp(join(tmpdir(), "u256-bench-"));
  try {
    const out = join(dir, "h.wasm");
    await compile(out, join(dir, "none.json")); // a config file that does not exist: flags only
    const { instance } = await WebAssembly.instantiate(await readFile(out), {
      env: { abort: () => { throw new Error("abort"); } },
    });
    return instance.exports as never;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ex = await load();
const io = Number(ex.io());
const P = [0, 1, 2, 3, 4].map((i) => io + 32 * i);
const TABLE = io + 256; // 128 words for the table-driven case
const TABLE_WORDS = 128;

function put(ptr: number, x: bigint): void {
  const v = new DataView(ex.memory.buffer);
  for (let i = 0; i < 4; i++) v.setBigUint64(ptr + 8 * i, (x >> BigInt(64 * i)) & 0xffff_ffff_ffff_ffffn, true);
}

// Fixed full-width operands (hex digits of pi, e and the golden ratio), reduced where the
// operation expects it.
const X = 0x243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89n;
const Y = 0xb7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfefn;
const Z = 0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95n;

interface Case { name: string; setup: () => void; run: (n: number) => void }
const cases: Case[] = [
  {
    name: "mulmod (a*b mod BN254 p)",
    setup: () => { put(P[0], X % BN254_P); put(P[1], Y % BN254_P); put(P[2], BN254_P); },
    run: (n) => ex.benchMulmod(n, P[0], P[1], P[2]),
  },
  {
    name: "mulmod (256-bit a, b, n)",
    setup: () => { put(P[0], X); put(P[1], Y); put(P[2], Z); },
    run: (n) => ex.benchMulmod(n, P[0], P[1], P[2]),
  },
  {
    name: "addmod (a+b mod BN254 p)",
    setup: () => { put(P[0], X % BN254_P); put(P[1], Y % BN254_P); put(P[2], BN254_P); },
    run: (n) => ex.benchAddmod(n, P[0], P[1], P[2]),
  },
  {
    name: "addmod (random reduced operands)",
    setup: () => {
      put(P[0], BN254_P);
      let s = 12345n;
      for (let i = 0; i < TABLE_WORDS; i++) {
        s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
        put(TABLE + 32 * i, s % BN254_P);
      }
    },
    // two ADDMODs per iteration
    run: (n) => ex.benchAddmodTable(n / 2, P[1], TABLE, TABLE_WORDS, P[0]),
  },
  {
    name: "field mix (1 mulmod + 2 addmod)",
    setup: () => { put(P[0], X % BN254_P); put(P[1], Y % BN254_P); put(P[2], Z % BN254_P); put(P[3], BN254_P); },
    run: (n) => ex.benchField(n, P[0], P[1], P[2], P[3]),
  },
  {
    name: "addmod (256-bit a, b, smaller n)",
    setup: () => { put(P[0], Y); put(P[1], Z); put(P[2], X >> 8n); },
    run: (n) => ex.benchAddmod(n, P[0], P[1], P[2]),
  },
  {
    name: "div (256-bit / 128-bit)",
    setup: () => { put(P[1], X); put(P[2], Y >> 128n); },
    run: (n) => ex.benchDiv(n, P[0], P[1], P[2]),
  },
  {
    name: "div (256-bit / 192-bit)",
    setup: () => { put(P[1], Y); put(P[2], X >> 64n); },
    run: (n) => ex.benchDiv(n, P[0], P[1], P[2]),
  },
  {
    name: "div (256-bit / 64-bit)",
    setup: () => { put(P[1], Y); put(P[2], Z >> 192n); },
    run: (n) => ex.benchDiv(n, P[0], P[1], P[2]),
  },
  {
    name: "mod (256-bit / 255-bit)",
    setup: () => { put(P[1], Y); put(P[2], Z >> 1n); },
    run: (n) => ex.benchMod(n, P[0], P[1], P[2]),
  },
  {
    name: "mul (256 x 256)",
    setup: () => { put(P[0], X); put(P[1], Y); },
    run: (n) => ex.benchMul(n, P[0], P[1]),
  },
  {
    name: "exp (256-bit base and exponent)",
    setup: () => { put(P[1], X); put(P[2], Y); },
    run: (n) => ex.benchExp(n, P[0], P[1], P[2]),
  },
  {
    name: "add",
    setup: () => { put(P[0], X); put(P[1], Y); },
    run: (n) => ex.benchAdd(n, P[0], P[1]),
  },
  {
    name: "add + storeBE32 + loadBE32",
    setup: () => { put(P[1], X); put(P[2], 1n); },
    run: (n) => ex.benchStoreBE32(n, P[3], P[1], P[2]),
  },
];

const only = process.env.U256_BENCH;
const selected = cases.filter((c) => !only || c.name.startsWith(only));
// EXP costs ~100x a MULMOD; scale its iterations so each case takes similar time.
const itersOf = (c: Case) => (c.name.startsWith("exp") ? Math.max(1, ITERS / 100) | 0 : ITERS);
// Warm up everything first, so that V8's background tier-up to optimised code is finished (and
// its compiler threads idle) before anything is timed.
for (const c of selected) {
  c.setup();
  c.run(Math.min(itersOf(c), 20_000));
}
for (const c of selected) {
  const iters = itersOf(c);
  // Wall time is what matters, but other processes share the machine: also report CPU time of
  // this process, which excludes the time it spends descheduled.
  let best = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    c.setup();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    c.run(iters);
    const ns = Number(process.hrtime.bigint() - t0) / iters;
    const cu = process.cpuUsage(c0);
    best = Math.min(best, ns);
    bestCpu = Math.min(bestCpu, ((cu.user + cu.system) * 1000) / iters);
  }
  console.log(
    `${c.name.padEnd(36)} ${best.toFixed(1).padStart(9)} ns/op wall ${bestCpu.toFixed(1).padStart(9)} ns/op cpu` +
      `  (best of ${ROUNDS} x ${iters})`,
  );
}
