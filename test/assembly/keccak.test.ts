// Pins assembly/keccak.ts against an independent implementation
// (@noble/hashes keccak_256), compiling the AS harness at test time.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { keccak_256, sha3_256 } from "@noble/hashes/sha3.js";

const HARNESS = fileURLToPath(new URL("./keccak.harness.ts", import.meta.url));
const SEED = 0x6b656363;

interface KeccakExports {
  memory: WebAssembly.Memory;
  keccak256(input: number, len: number, out: number): void;
  keccak256Word(input: number, out: number): void;
  keccak256TwoWords(input: number, out: number): void;
  keccak256Batch(inputs: number, count: number, stride: number, len: number, out: number): void;
  scratchBase(): number;
}

let tmp = "";
let k: KeccakExports;
let base = 0;

// Same flags as the release build, so what is tested is what ships. asc's
// programmatic API runs in a worker started without the tsx loader: under tsx,
// merely loading binaryen's 13 MB of JS takes ~20 s instead of ~1 s.
async function compileHarness(dir: string): Promise<WebAssembly.Module> {
  const outFile = join(dir, "keccak.wasm");
  // An empty config keeps asc off the repo's asconfig.json, whose release
  // target would also write build/ovm.wat as a side effect.
  const config = join(dir, "asconfig.json");
  await writeFile(config, "{}");
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

// mulberry32: tiny, deterministic, good enough to vary test bytes.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function randomBytes(next: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = next() & 0xff;
  return b;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

function ensureMemory(end: number): void {
  const mem = k.memory;
  const need = end - mem.buffer.byteLength;
  if (need > 0) mem.grow(Math.ceil(need / 65536));
}

function bytesAt(ptr: number, n: number): Uint8Array {
  return new Uint8Array(k.memory.buffer, ptr, n).slice();
}

function put(ptr: number, data: Uint8Array): void {
  ensureMemory(ptr + data.length);
  new Uint8Array(k.memory.buffer).set(data, ptr);
}

// Input at `base + offset` (offset lets tests hit unaligned lanes), digest
// well past it so the two never overlap unless a test asks for that.
function ours(data: Uint8Array, offset = 0): Uint8Array {
  const inPtr = base + offset;
  const outPtr = base + ((offset + data.length + 64) & ~15);
  put(inPtr, data);
  ensureMemory(outPtr + 32);
  k.keccak256(inPtr, data.length, outPtr);
  return bytesAt(outPtr, 32);
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "ovm-keccak-test-"));
  const instance = await WebAssembly.instantiate(await compileHarness(tmp), {});
  k = instance.exports as unknown as KeccakExports;
  base = k.scratchBase();
});

after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("keccak256 (assembly/keccak.ts)", () => {
  test("empty input hashes to the Ethereum empty-keccak constant (0x01 padding, not SHA3's 0x06)", () => {
    const got = hex(ours(new Uint8Array(0)));
    assert.equal(got, hex(keccak_256(new Uint8Array(0))));
    assert.equal(got, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assert.notEqual(got, hex(sha3_256(new Uint8Array(0))));
  });

  test("every input length 0..300 matches noble keccak_256 (rate boundaries 135/136/137, 271/272/273)", () => {
    const next = rng(SEED);
    for (let len = 0; len <= 300; len++) {
      const data = randomBytes(next, len);
      assert.equal(hex(ours(data)), hex(keccak_256(data)), `len=${len} seed=${SEED}`);
    }
  });

  test("unaligned input addresses give the same digest as aligned ones", () => {
    const next = rng(SEED + 1);
    for (const len of [0, 1, 7, 8, 31, 32, 33, 64, 135, 136, 137, 200]) {
      const data = randomBytes(next, len);
      const want = hex(keccak_256(data));
      for (let off = 1; off < 8; off++) {
        assert.equal(hex(ours(data, off)), want, `len=${len} offset=${off} seed=${SEED + 1}`);
      }
    }
  });

  test("large multi-block inputs (10 KB, 100 KB, non-multiples of the rate) match noble", () => {
    const next = rng(SEED + 2);
    for (const len of [10 * 1024, 100 * 1024, 100 * 1024 + 77]) {
      const data = randomBytes(next, len);
      assert.equal(hex(ours(data)), hex(keccak_256(data)), `len=${len} seed=${SEED + 2}`);
    }
  });

  test("an input ending exactly at the top of linear memory is hashed without reading past it", () => {
    const next = rng(SEED + 3);
    for (const len of [1, 5, 31, 33, 135, 137]) {
      const data = randomBytes(next, len);
      const top = k.memory.buffer.byteLength;
      const inPtr = top - len;
      put(inPtr, data);
      k.keccak256(inPtr, len, base);
      assert.equal(hex(bytesAt(base, 32)), hex(keccak_256(data)), `len=${len} seed=${SEED + 3}`);
    }
  });

  test("keccak256Word hashes exactly 32 bytes like noble", () => {
    const next = rng(SEED + 4);
    for (let i = 0; i < 200; i++) {
      const data = randomBytes(next, 32);
      put(base + 1, data);
      k.keccak256Word(base + 1, base + 256);
      assert.equal(hex(bytesAt(base + 256, 32)), hex(keccak_256(data)), `i=${i} seed=${SEED + 4}`);
    }
  });

  test("keccak256TwoWords hashes exactly 64 bytes like noble", () => {
    const next = rng(SEED + 5);
    for (let i = 0; i < 200; i++) {
      const data = randomBytes(next, 64);
      put(base + 3, data);
      k.keccak256TwoWords(base + 3, base + 256);
      assert.equal(hex(bytesAt(base + 256, 32)), hex(keccak_256(data)), `i=${i} seed=${SEED + 5}`);
    }
  });

  test("batch: count inputs of equal length at a stride give consecutive digests, gaps ignored", () => {
    const next = rng(SEED + 6);
    for (const [len, stride, count] of [[32, 32, 50], [64, 64, 50], [32, 40, 17], [0, 8, 5], [136, 150, 9], [300, 301, 4]]) {
      const inputs = Array.from({ length: count }, () => randomBytes(next, len));
      const region = randomBytes(next, stride * count); // random gap bytes must not leak in
      inputs.forEach((d, i) => region.set(d, i * stride));
      const outPtr = base + ((stride * count + 64) & ~15);
      put(base, region);
      ensureMemory(outPtr + 32 * count + 32);
      const sentinel = randomBytes(next, 32);
      put(outPtr + 32 * count, sentinel);
      k.keccak256Batch(base, count, stride, len, outPtr);
      const got = bytesAt(outPtr, 32 * count);
      inputs.forEach((d, i) => {
        assert.equal(hex(got.subarray(32 * i, 32 * i + 32)), hex(keccak_256(d)),
          `len=${len} stride=${stride} i=${i} seed=${SEED + 6}`);
      });
      assert.equal(hex(bytesAt(outPtr + 32 * count, 32)), hex(sentinel), "batch wrote past its last digest");
    }
  });

  test("batch with count 0 writes nothing", () => {
    const sentinel = new Uint8Array(32).fill(0xa5);
    put(base + 512, sentinel);
    k.keccak256Batch(base, 0, 32, 32, base + 512);
    assert.equal(hex(bytesAt(base + 512, 32)), hex(sentinel));
  });

  test("out == input is allowed: every entry point reads the whole input before writing the digest", () => {
    const next = rng(SEED + 7);
    for (const len of [0, 1, 31, 32, 33, 64, 135, 136, 137, 272, 1000]) {
      const data = randomBytes(next, Math.max(len, 32));
      const msg = data.subarray(0, len);
      put(base, data);
      k.keccak256(base, len, base);
      assert.equal(hex(bytesAt(base, 32)), hex(keccak_256(msg)), `keccak256 len=${len} seed=${SEED + 7}`);
    }
    const w = randomBytes(next, 32);
    put(base, w);
    k.keccak256Word(base, base);
    assert.equal(hex(bytesAt(base, 32)), hex(keccak_256(w)), "keccak256Word in place");
    const ww = randomBytes(next, 64);
    put(base, ww);
    k.keccak256TwoWords(base, base);
    assert.equal(hex(bytesAt(base, 32)), hex(keccak_256(ww)), "keccak256TwoWords in place");
    // In-place batch (documented as safe for stride >= 32): digest i lands
    // only on inputs already consumed. Odd counts also cover the scalar tail
    // after the two-at-a-time SIMD pairs.
    for (const [len, stride, count] of [[32, 32, 20], [32, 32, 7], [64, 64, 9], [100, 120, 5]]) {
      const region = randomBytes(next, stride * count);
      put(base, region);
      k.keccak256Batch(base, count, stride, len, base);
      for (let i = 0; i < count; i++) {
        const input = region.subarray(stride * i, stride * i + len);
        assert.equal(hex(bytesAt(base + 32 * i, 32)), hex(keccak_256(input)),
          `batch in place len=${len} stride=${stride} i=${i} seed=${SEED + 7}`);
      }
    }
  });
});
