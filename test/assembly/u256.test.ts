// Checks assembly/u256.ts (compiled at test time through test/assembly/u256.harness.ts) against
// a JS BigInt model of the EVM word semantics: edge values crossed with each other, seeded
// random words (seed printed on failure), and every result also with `r` aliasing each input.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const HARNESS = fileURLToPath(new URL("./u256.harness.ts", import.meta.url));
const SEED = 0x5eed_0256;
const RANDOM_CASES = 3000;

const M = 1n << 256n;
const MASK = M - 1n;
const SIGN = 1n << 255n;

type Fn = (...args: (number | bigint)[]) => number | bigint | void;
let ex: Record<string, Fn> & { memory: WebAssembly.Memory };
let io = 0;
let dir = "";

// Compiles the harness with asc's programmatic API in a worker thread started without the tsx
// loader, which would make loading the compiler (binaryen is ~13 MB of JS) take ~25 s instead
// of ~1 s.
async function compile(outFile: string, configFile: string): Promise<void> {
  const argv = [
    HARNESS, "--outFile", outFile, "-O3", "--runtime", "stub", "--noAssert",
    "--enable", "simd,bulk-memory,sign-extension,nontrapping-f2i,mutable-globals",
    // A config file that does not exist: the harness is built only from these flags, whatever
    // the project's asconfig.json says.
    "--config", configFile,
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

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "u256-"));
  const out = join(dir, "h.wasm");
  await compile(out, join(dir, "none.json"));
  const { instance } = await WebAssembly.instantiate(await readFile(out), {
    env: { abort: () => { throw new Error("abort called"); } },
  });
  ex = instance.exports as unknown as typeof ex;
  io = Number(ex.io());
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Memory access

const A = () => io;
const B = () => io + 32;
const N = () => io + 64;
const R = () => io + 96;

function view(): DataView {
  return new DataView(ex.memory.buffer);
}

function put(ptr: number, x: bigint): void {
  const v = view();
  for (let i = 0; i < 4; i++) v.setBigUint64(ptr + 8 * i, (x >> BigInt(64 * i)) & 0xffff_ffff_ffff_ffffn, true);
}

function get(ptr: number): bigint {
  const v = view();
  let x = 0n;
  for (let i = 3; i >= 0; i--) x = (x << 64n) | v.getBigUint64(ptr + 8 * i, true);
  return x;
}

// ---------------------------------------------------------------------------------------------
// Inputs

// mulberry32: tiny, seedable, good enough to spread test inputs.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const BN254_P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
const SECP256K1_P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

const EDGES: bigint[] = (() => {
  const s = new Set<bigint>([
    0n, 1n, 2n, 3n, 7n, 0xffn, 0x100n,
    (1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n,
    (1n << 64n) - 1n, 1n << 64n, (1n << 64n) + 1n,
    (1n << 128n) - 1n, 1n << 128n,
    (1n << 160n) - 1n, 1n << 192n,
    SIGN - 1n, SIGN, SIGN + 1n,
    MASK, MASK - 1n, // -1, -2
    MASK - (1n << 64n) + 1n, // -2^64
    0xdeadbeefn << 64n, // leading and trailing zero limbs
    0x123456789abcdefn << 128n,
    0x8000000000000000n << 128n,
    BN254_P, SECP256K1_P,
    0x7fffffff_80000000_00000000_00000000n,
  ]);
  for (const k of [31n, 63n, 95n, 127n, 159n, 223n, 224n, 248n]) {
    s.add((1n << k) - 1n);
    s.add(1n << k);
    s.add((1n << k) + 1n);
  }
  return [...s];
})();

// A smaller set for three-operand functions, where the cross product grows cubically.
const EDGES3: bigint[] = [
  0n, 1n, 2n, 3n, (1n << 32n) - 1n, 1n << 32n, (1n << 64n) - 1n, 1n << 64n, (1n << 128n) + 1n,
  SIGN, SIGN - 1n, MASK, MASK - 1n, BN254_P, BN254_P - 1n, SECP256K1_P, 0xdeadbeefn << 64n,
  (1n << 224n) - 1n,
];

// Digits that stress carries and Knuth's quotient estimate (including the add-back step).
const SPECIAL_DIGITS = [0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn];

function wordGen(rnd: () => number): () => bigint {
  const bits = (n: number): bigint => {
    let x = 0n;
    for (let i = 0; i < n; i += 32) x = (x << 32n) | BigInt(rnd());
    return x & ((1n << BigInt(n)) - 1n);
  };
  return () => {
    switch (rnd() % 5) {
      case 0:
        return bits(256);
      case 1: // short: 0..256 significant bits, so leading zero limbs are common
        return bits(rnd() % 257);
      case 2: { // structured digits, random length
        const n = 1 + (rnd() % 8);
        let x = 0n;
        for (let i = 0; i < n; i++) {
          const d = rnd() % 3 === 0 ? BigInt(rnd()) : SPECIAL_DIGITS[rnd() % SPECIAL_DIGITS.length];
          x = (x << 32n) | d;
        }
        return x;
      }
      case 3: { // near an edge value
        const e = EDGES[rnd() % EDGES.length];
        return (e + BigInt(rnd() % 5) - 2n) & MASK;
      }
      default: // negative (two's complement) of a short value
        return (M - bits(rnd() % 257)) & MASK;
    }
  };
}

// Shift counts and byte indices: mostly meaningful small values, sometimes huge.
function smallGen(rnd: () => number, word: () => bigint): () => bigint {
  return () => {
    const k = rnd() % 8;
    if (k < 5) return BigInt(rnd() % 300);
    if (k === 5) return BigInt(rnd() % 40);
    return word();
  };
}

const hex = (x: bigint) => "0x" + x.toString(16);

// ---------------------------------------------------------------------------------------------
// Model

const signed = (x: bigint) => (x >= SIGN ? x - M : x);
const wrap = (x: bigint) => ((x % M) + M) % M;

function modelExp(b: bigint, e: bigint): bigint {
  let r = 1n;
  let base = b;
  while (e > 0n) {
    if (e & 1n) r = (r * base) & MASK;
    base = (base * base) & MASK;
    e >>= 1n;
  }
  return r;
}

function modelSignextend(b: bigint, x: bigint): bigint {
  if (b >= 31n) return x;
  const bits = 8n * (b + 1n);
  const t = x & ((1n << bits) - 1n);
  return t >> (bits - 1n) ? wrap(t - (1n << bits)) : t;
}

const b01 = (c: boolean) => (c ? 1n : 0n);

type Model2 = (a: bigint, b: bigint) => bigint;
const BINARY: { name: string; rule: string; model: Model2; first?: "small" }[] = [
  { name: "add", rule: "a + b mod 2^256", model: (a, b) => (a + b) & MASK },
  { name: "sub", rule: "a - b mod 2^256", model: (a, b) => wrap(a - b) },
  { name: "mul", rule: "low 256 bits of a * b", model: (a, b) => (a * b) & MASK },
  { name: "div", rule: "floor(a / b), x / 0 = 0", model: (a, b) => (b === 0n ? 0n : a / b) },
  { name: "mod", rule: "a mod b, x % 0 = 0", model: (a, b) => (b === 0n ? 0n : a % b) },
  {
    name: "sdiv", rule: "signed quotient truncated toward zero, x / 0 = 0, -2^255 / -1 = -2^255",
    model: (a, b) => (b === 0n ? 0n : wrap(signed(a) / signed(b))),
  },
  {
    name: "smod", rule: "signed remainder with the sign of the dividend, x % 0 = 0",
    model: (a, b) => (b === 0n ? 0n : wrap(signed(a) % signed(b))),
  },
  { name: "exp", rule: "base^exponent mod 2^256, 0^0 = 1", model: modelExp },
  { name: "signextend", rule: "sign-extends from byte b, b >= 31 leaves x", model: modelSignextend, first: "small" },
  { name: "lt", rule: "unsigned a < b as 0/1", model: (a, b) => b01(a < b) },
  { name: "gt", rule: "unsigned a > b as 0/1", model: (a, b) => b01(a > b) },
  { name: "slt", rule: "two's complement a < b as 0/1", model: (a, b) => b01(signed(a) < signed(b)) },
  { name: "sgt", rule: "two's complement a > b as 0/1", model: (a, b) => b01(signed(a) > signed(b)) },
  { name: "eq", rule: "a == b as 0/1", model: (a, b) => b01(a === b) },
  { name: "and", rule: "bitwise and", model: (a, b) => a & b },
  { name: "or", rule: "bitwise or", model: (a, b) => a | b },
  { name: "xor", rule: "bitwise xor", model: (a, b) => a ^ b },
  {
    name: "byteAt", rule: "byte i counted from the most significant end, i >= 32 gives 0",
    model: (i, x) => (i >= 32n ? 0n : (x >> (8n * (31n - i))) & 0xffn), first: "small",
  },
  {
    name: "shl", rule: "value << shift mod 2^256, shift >= 256 gives 0 (EIP-145)",
    model: (s, v) => (s >= 256n ? 0n : (v << s) & MASK), first: "small",
  },
  {
    name: "shr", rule: "logical value >> shift, shift >= 256 gives 0 (EIP-145)",
    model: (s, v) => (s >= 256n ? 0n : v >> s), first: "small",
  },
  {
    name: "sar", rule: "arithmetic value >> shift, shift >= 256 gives 0 or -1 by sign (EIP-145)",
    model: (s, v) => wrap(signed(v) >> (s > 300n ? 300n : s)), first: "small",
  },
];

type Model3 = (a: bigint, b: bigint, n: bigint) => bigint;
const TERNARY: { name: string; rule: string; model: Model3 }[] = [
  { name: "addmod", rule: "(a + b) mod n over the 257-bit sum, n = 0 gives 0", model: (a, b, n) => (n === 0n ? 0n : (a + b) % n) },
  { name: "mulmod", rule: "(a * b) mod n over the 512-bit product, n = 0 gives 0", model: (a, b, n) => (n === 0n ? 0n : (a * b) % n) },
];

// ---------------------------------------------------------------------------------------------
// Checking

function fail(msg: string, seeded: boolean): never {
  assert.fail(seeded ? `${msg} (seed ${hex(BigInt(SEED))})` : msg);
}

// Runs one binary op three ways: r separate, r == a, r == b.
function check2(name: string, model: Model2, a: bigint, b: bigint, seeded: boolean): void {
  const f = ex[name];
  const want = model(a, b);
  put(A(), a); put(B(), b); put(R(), 0xabcdefn);
  f(R(), A(), B());
  const got = get(R());
  if (got !== want) fail(`${name}(${hex(a)}, ${hex(b)}) = ${hex(got)}, want ${hex(want)}`, seeded);
  if (get(A()) !== a || get(B()) !== b) fail(`${name}(${hex(a)}, ${hex(b)}) modified an input`, seeded);
  put(A(), a); put(B(), b);
  f(A(), A(), B());
  if (get(A()) !== want) fail(`${name}(${hex(a)}, ${hex(b)}) with r == a gave ${hex(get(A()))}`, seeded);
  put(A(), a); put(B(), b);
  f(B(), A(), B());
  if (get(B()) !== want) fail(`${name}(${hex(a)}, ${hex(b)}) with r == b gave ${hex(get(B()))}`, seeded);
}

function check3(name: string, model: Model3, a: bigint, b: bigint, n: bigint, seeded: boolean): void {
  const f = ex[name];
  const want = model(a, b, n);
  const ptrs = [A(), B(), N()];
  for (const r of [R(), A(), B(), N()]) {
    put(A(), a); put(B(), b); put(N(), n);
    f(r, A(), B(), N());
    const got = get(r);
    const alias = r === R() ? "" : ` with r == ${"abn"[ptrs.indexOf(r)]}`;
    if (got !== want) fail(`${name}(${hex(a)}, ${hex(b)}, ${hex(n)})${alias} = ${hex(got)}, want ${hex(want)}`, seeded);
  }
}

for (const op of BINARY) {
  test(`${op.name}: ${op.rule} (edge values x edge values, r aliasing a or b)`, () => {
    for (const a of EDGES) for (const b of EDGES) check2(op.name, op.model, a, b, false);
    if (op.first === "small") {
      for (let s = 0n; s <= 260n; s++) for (const b of EDGES) check2(op.name, op.model, s, b, false);
    }
  });
  test(`${op.name}: ${op.rule} (${RANDOM_CASES} seeded random pairs)`, () => {
    const rnd = prng(SEED ^ op.name.length * 0x9e3779b1);
    const word = wordGen(rnd);
    const first = op.first === "small" ? smallGen(rnd, word) : word;
    for (let i = 0; i < RANDOM_CASES; i++) check2(op.name, op.model, first(), word(), true);
  });
}

// Operands of the same digit length and shape as the divisor make Knuth D's quotient estimate
// overshoot; these pairs are known to reach its rare add-back correction.
test("div/mod: quotient estimate corrections and add-back (crafted operands)", () => {
  const cases: [bigint, bigint][] = [
    [0x7fffffff_80000000_00000000_00000000n, 0x80000000_00000000_00000001n],
    [0x80000000_00000000_00000003n, 0x20000000_00000000_00000001n],
    [0x00008000_00000000_fffe0000_00000000n, 0x00008000_00000000_0000ffffn],
    [0x80000000_00000000_00000000_00000000_00000000n, 0x40000000_00000000_00000001n],
    [MASK, 0x80000000_00000000_00000000_00000000_00000000_00000000_00000000_00000001n],
    [MASK, (1n << 255n) + 1n],
    [MASK - 1n, 0xffffffff_ffffffffn],
  ];
  // Systematic: divisors u*2^k + small, dividends q*divisor + remainder near the divisor.
  const rnd = prng(SEED + 1);
  for (let i = 0; i < 2000; i++) {
    const dl = 2 + (rnd() % 7);
    let d = 0n;
    for (let j = 0; j < dl; j++) d = (d << 32n) | SPECIAL_DIGITS[rnd() % SPECIAL_DIGITS.length];
    if (d === 0n) continue;
    const q = BigInt(rnd()) * BigInt(rnd() % 4 === 0 ? 1 : rnd());
    const r = (d - 1n - BigInt(rnd() % 3)) % d;
    const a = q * d + (r < 0n ? 0n : r);
    if (a < M) cases.push([a, d]);
  }
  // Same digit count (single-digit quotient): a small top divisor digit over all-ones lower
  // digits, and a just below a multiple of b, so that the estimate from the top digits is one
  // too large.
  for (let i = 0; i < 1000; i++) {
    const nb = 3 + (rnd() % 6);
    let d = BigInt(1 + (rnd() % 0xffff));
    for (let j = 1; j < nb; j++) d = (d << 32n) | (rnd() % 2 ? 0xffffffffn : SPECIAL_DIGITS[rnd() % SPECIAL_DIGITS.length]);
    const qmax = ((1n << BigInt(32 * nb)) - 1n) / d;
    if (qmax < 3n) continue;
    const q = qmax - BigInt(rnd() % 3);
    cases.push([q * d - 1n - BigInt(rnd() % 2), d]);
  }
  for (const [a, b] of cases) {
    check2("div", (x, y) => (y === 0n ? 0n : x / y), a, b, true);
    check2("mod", (x, y) => (y === 0n ? 0n : x % y), a, b, true);
    check3("mulmod", (x, y, n) => (n === 0n ? 0n : (x * y) % n), a, 1n, b, true);
  }
});

test("not: bitwise complement; iszero: 1 exactly for zero (edge and random, r aliasing a)", () => {
  const rnd = prng(SEED + 2);
  const word = wordGen(rnd);
  const inputs = [...EDGES, ...Array.from({ length: RANDOM_CASES }, word)];
  for (const a of inputs) {
    for (const [name, want] of [["not", a ^ MASK], ["iszero", b01(a === 0n)]] as const) {
      put(A(), a);
      ex[name](R(), A());
      if (get(R()) !== want) fail(`${name}(${hex(a)}) = ${hex(get(R()))}, want ${hex(want)}`, true);
      ex[name](A(), A());
      if (get(A()) !== want) fail(`${name}(${hex(a)}) with r == a gave ${hex(get(A()))}`, true);
    }
  }
});

for (const op of TERNARY) {
  test(`${op.name}: ${op.rule} (edge values cubed, r aliasing a, b or n)`, () => {
    for (const a of EDGES3) for (const b of EDGES3) for (const n of EDGES3) check3(op.name, op.model, a, b, n, false);
  });
  test(`${op.name}: ${op.rule} (${RANDOM_CASES} seeded random triples, incl. reduced operands)`, () => {
    const rnd = prng(SEED ^ op.name.length * 0x85ebca6b);
    const word = wordGen(rnd);
    for (let i = 0; i < RANDOM_CASES; i++) {
      const n = i % 3 === 0 ? [BN254_P, SECP256K1_P, MASK][i % 9 / 3 | 0] : word();
      let a = word(), b = word();
      // Elliptic-curve code feeds reduced or slightly unreduced operands: cover those paths well.
      if (i % 2 === 0 && n !== 0n) { a %= n; b %= n; }
      if (i % 4 === 1 && n !== 0n && n < SIGN) { a %= 2n * n; b %= 3n * n; }
      check3(op.name, op.model, a, b, n, true);
    }
  });
}

// mulmod keeps a reciprocal of recently repeated large moduli (Barrett reduction); results must
// not depend on call history, whatever the order in which moduli come and go.
test("mulmod: exact for repeated, alternating and new moduli, and for worst-case quotient estimates (reciprocal cache)", () => {
  const rnd = prng(SEED + 8);
  const word = wordGen(rnd);
  const moduli = [
    BN254_P, SECP256K1_P, MASK, SIGN + 1n, (1n << 224n) + 1n, (1n << 225n) - 1n,
    (1n << 224n) | (1n << 223n), 0xffffffffn << 224n, 1n << 224n, 1n << 255n, SIGN - 1n,
  ];
  const model = (x: bigint, y: bigint, n: bigint) => (n === 0n ? 0n : (x * y) % n);
  const sequences: bigint[][] = [
    ...moduli.map((n) => Array(40).fill(n)), // long runs of one modulus
    Array.from({ length: 300 }, (_, i) => moduli[i % 3]), // more moduli than cache entries
    Array.from({ length: 300 }, () => moduli[rnd() % moduli.length]),
    Array.from({ length: 300 }, () => (rnd() % 2 ? BN254_P : word())),
  ];
  // Barrett's quotient estimate falls furthest behind (two below floor(a*b / n), so the final
  // correction must subtract n more than once) for n just above 2^240 and a*b = q*n with
  // q = -1 mod 2^240.
  for (const n of [(1n << 240n) + 1n, (1n << 240n) + 3n, (1n << 240n) + (1n << 100n) + 1n]) {
    for (let k = 1n; k <= 65536n; k *= 7n) {
      const a = k * (1n << 240n) - 1n;
      for (const b of [n, n - 1n, 2n * n - 1n]) for (let i = 0; i < 3; i++) check3("mulmod", model, a, b, n, true);
    }
  }
  for (const seq of sequences) {
    for (const n of seq) {
      const r = rnd() % 4;
      // operands: fully random, reduced, or the largest values (maximal quotient)
      const a = r === 0 ? n - 1n : r === 1 ? word() % (n || 1n) : r === 2 ? MASK - BigInt(rnd() % 3) : word();
      const b = r === 0 ? n - 1n : r === 1 ? word() % (n || 1n) : word();
      check3("mulmod", model, a, b, n, true);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Helpers

test("isZero, fitsU64, lo64, eqWords, byteLength agree with the model (edge and random)", () => {
  const rnd = prng(SEED + 3);
  const word = wordGen(rnd);
  const inputs = [...EDGES, ...Array.from({ length: RANDOM_CASES }, word)];
  for (const a of inputs) {
    put(A(), a);
    assert.equal(Number(ex.isZero(A())), a === 0n ? 1 : 0, `isZero(${hex(a)})`);
    assert.equal(Number(ex.fitsU64(A())), a < 1n << 64n ? 1 : 0, `fitsU64(${hex(a)})`);
    assert.equal(BigInt.asUintN(64, ex.lo64(A()) as bigint), a & 0xffff_ffff_ffff_ffffn, `lo64(${hex(a)})`);
    const bytes = a === 0n ? 0 : Math.ceil(a.toString(2).length / 8);
    assert.equal(Number(ex.byteLength(A())), bytes, `byteLength(${hex(a)})`);
    // eqWords: equal, and differing in exactly one random bit
    put(B(), a);
    assert.equal(Number(ex.eqWords(A(), B())), 1, `eqWords(${hex(a)}, same)`);
    const flipped = a ^ (1n << BigInt(rnd() % 256));
    put(B(), flipped);
    assert.equal(Number(ex.eqWords(A(), B())), 0, `eqWords(${hex(a)}, ${hex(flipped)}) (seed ${SEED})`);
  }
});

test("setU64 zero-extends, setZero clears, copy duplicates all 32 bytes", () => {
  const rnd = prng(SEED + 4);
  const word = wordGen(rnd);
  for (let i = 0; i < 500; i++) {
    const junk = word() | 1n;
    const v = BigInt(rnd()) << 32n | BigInt(rnd());
    put(R(), junk);
    ex.setU64(R(), v);
    assert.equal(get(R()), v, `setU64(${hex(v)}) over ${hex(junk)}`);
    put(R(), junk);
    ex.setZero(R());
    assert.equal(get(R()), 0n);
    put(A(), junk);
    put(R(), ~junk & MASK);
    ex.copy(R(), A());
    assert.equal(get(R()), junk);
  }
});

function bytesBE(x: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

test("storeBE32/loadBE32 convert between words and 32 big-endian bytes, writing only 32 bytes", () => {
  const rnd = prng(SEED + 5);
  const word = wordGen(rnd);
  const mem = () => new Uint8Array(ex.memory.buffer);
  const dst = io + 256;
  for (const x of [...EDGES, ...Array.from({ length: 1000 }, word)]) {
    mem().fill(0xa5, dst - 16, dst + 48);
    put(A(), x);
    ex.storeBE32(dst, A());
    assert.deepEqual(mem().slice(dst, dst + 32), bytesBE(x, 32), `storeBE32(${hex(x)})`);
    assert.ok(mem().slice(dst - 16, dst).every((b) => b === 0xa5), "storeBE32 wrote before dst");
    assert.ok(mem().slice(dst + 32, dst + 48).every((b) => b === 0xa5), "storeBE32 wrote past dst+32");
    // unaligned source, as MLOAD reads at any offset
    const src = dst + 1 + (rnd() % 7);
    mem().set(bytesBE(x, 32), src);
    ex.loadBE32(R(), src);
    assert.equal(get(R()), x, `loadBE32 of ${hex(x)} at offset ${src - dst}`);
  }
});

test("loadBE reads exactly len big-endian bytes (0..32), never past src+len (checked at the memory end)", () => {
  const rnd = prng(SEED + 6);
  const mem = () => new Uint8Array(ex.memory.buffer);
  const end = ex.memory.buffer.byteLength;
  for (let i = 0; i < 2000; i++) {
    const len = i < 33 ? i : rnd() % 33;
    const bytes = Uint8Array.from({ length: len }, () => rnd() & 0xff);
    let want = 0n;
    for (const b of bytes) want = (want << 8n) | BigInt(b);
    // Place the bytes flush against the end of memory: any read past src+len would trap.
    const src = end - len;
    mem().fill(0x5a, src - 40, src);
    mem().set(bytes, src);
    put(R(), MASK);
    ex.loadBE(R(), src, len);
    assert.equal(get(R()), want, `loadBE(len ${len}) at the memory end (seed ${SEED})`);
    // and somewhere unaligned in the middle, surrounded by junk
    const mid = io + 512 + (rnd() % 16);
    mem().fill(0xff, mid - 8, mid + 48);
    mem().set(bytes, mid);
    ex.loadBE(R(), mid, len);
    assert.equal(get(R()), want, `loadBE(len ${len}) with junk around (seed ${SEED})`);
  }
});

test("storeAddressBE/loadAddressBE move the low 160 bits as 20 big-endian bytes, writing only 20", () => {
  const rnd = prng(SEED + 7);
  const word = wordGen(rnd);
  const mem = () => new Uint8Array(ex.memory.buffer);
  const dst = io + 1024 + 3;
  for (const x of [...EDGES, ...Array.from({ length: 1000 }, word)]) {
    mem().fill(0xc3, dst - 8, dst + 40);
    put(A(), x);
    ex.storeAddressBE(dst, A());
    const low = x & ((1n << 160n) - 1n);
    assert.deepEqual(mem().slice(dst, dst + 20), bytesBE(low, 20), `storeAddressBE(${hex(x)})`);
    assert.ok(mem().slice(dst - 8, dst).every((b) => b === 0xc3), "storeAddressBE wrote before dst");
    assert.ok(mem().slice(dst + 20, dst + 40).every((b) => b === 0xc3), "storeAddressBE wrote past dst+20");
    put(R(), MASK);
    ex.loadAddressBE(R(), dst);
    assert.equal(get(R()), low, `loadAddressBE after storing ${hex(x)}`);
  }
});
