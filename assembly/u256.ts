// 256-bit EVM word arithmetic.
//
// A word is 32 bytes of linear memory holding a little-endian 256-bit integer (four u64 limbs,
// limb 0 least significant). Every operation takes pointers and writes its result through `r`,
// reading all of its inputs before the first store so that `r` may alias any input (the
// interpreter computes in place on its stack).
//
// Multiplication and division work on 32-bit digits held in u64 locals: WASM has no 64x64->128
// multiply, but a 32x32 product always fits an i64 and i64.div_u gives a native 64/32 quotient
// estimate for Knuth's algorithm D. Because the words are little-endian, digit i of a word is
// simply the u32 at byte offset 4*i, so no conversion is needed between the two views.
// No heap allocation: scratch space is static.

const M32: u64 = 0xFFFFFFFF;

// Dividend digits for Knuth D: up to 16 (a 512-bit product) plus one digit that normalisation
// shifts into, padded.
const U: usize = memory.data(80, 16);
// Divisor digits (normalised in place).
const V: usize = memory.data(32, 16);
// Quotient digits: up to 16 - 2 + 1 for a 512-bit dividend; div reads the first 8 as a word.
const Q: usize = memory.data(64, 16);
// Remainder word of udivrem.
const RW: usize = memory.data(32, 16);
// Absolute values for the signed operations (the inputs may alias r).
const SA: usize = memory.data(32, 16);
const SB: usize = memory.data(32, 16);
// EXP: copy of the base, the exponent limbs, base^2 and the odd powers base^1..base^15.
const EB: usize = memory.data(32, 16);
const EX: usize = memory.data(32, 16);
const EB2: usize = memory.data(32, 16);
const ETBL: usize = memory.data(256, 16);

// ---------------------------------------------------------------------------------------------
// Small helpers

@inline function dg(p: usize, i: i32): u64 {
  return <u64>load<u32>(p + (<usize>i << 2));
}

@inline function sdg(p: usize, i: i32, v: u64): void {
  store<u32>(p + (<usize>i << 2), <u32>v);
}

@inline function store4(r: usize, x0: u64, x1: u64, x2: u64, x3: u64): void {
  store<u64>(r, x0, 0);
  store<u64>(r, x1, 8);
  store<u64>(r, x2, 16);
  store<u64>(r, x3, 24);
}

// a < b on limbs (most significant compared first; data is usually decided by the top limb or
// has equal zero top limbs, so the branches predict well).
@inline function lt4(a0: u64, a1: u64, a2: u64, a3: u64, b0: u64, b1: u64, b2: u64, b3: u64): bool {
  if (a3 != b3) return a3 < b3;
  if (a2 != b2) return a2 < b2;
  if (a1 != b1) return a1 < b1;
  return a0 < b0;
}

@inline function ltWords(a: usize, b: usize): bool {
  return lt4(
    load<u64>(a, 0), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24),
    load<u64>(b, 0), load<u64>(b, 8), load<u64>(b, 16), load<u64>(b, 24),
  );
}

// Number of significant 32-bit digits (0 for zero).
@inline function digitCount(a: usize): i32 {
  const x3 = load<u64>(a, 24);
  if (x3) return 8 - (<i32>clz(x3) >> 5);
  const x2 = load<u64>(a, 16);
  if (x2) return 6 - (<i32>clz(x2) >> 5);
  const x1 = load<u64>(a, 8);
  if (x1) return 4 - (<i32>clz(x1) >> 5);
  const x0 = load<u64>(a, 0);
  if (x0) return 2 - (<i32>clz(x0) >> 5);
  return 0;
}

// r = -a (two's complement).
@inline function negInto(r: usize, a: usize): void {
  const a0 = ~load<u64>(a, 0), a1 = ~load<u64>(a, 8), a2 = ~load<u64>(a, 16), a3 = ~load<u64>(a, 24);
  const r0 = a0 + 1;
  const c0 = <u64>(r0 == 0);
  const r1 = a1 + c0;
  const c1 = <u64>(r1 < c0);
  const r2 = a2 + c1;
  const c2 = <u64>(r2 < c1);
  store4(r, r0, r1, r2, a3 + c2);
}

// ---------------------------------------------------------------------------------------------
// Helpers used by the interpreter

@inline export function isZero(a: usize): bool {
  return !v128.any_true(v128.or(v128.load(a, 0), v128.load(a, 16)));
}

@inline export function fitsU64(a: usize): bool {
  return (load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

@inline export function lo64(a: usize): u64 {
  return load<u64>(a, 0);
}

@inline export function setU64(r: usize, v: u64): void {
  v128.store(r, i64x2(<i64>v, 0), 0);
  v128.store(r, i64x2(0, 0), 16);
}

@inline export function setZero(r: usize): void {
  v128.store(r, i64x2(0, 0), 0);
  v128.store(r, i64x2(0, 0), 16);
}

@inline export function copy(r: usize, a: usize): void {
  const x = v128.load(a, 0);
  const y = v128.load(a, 16);
  v128.store(r, x, 0);
  v128.store(r, y, 16);
}

@inline export function eqWords(a: usize, b: usize): bool {
  const d = v128.or(
    v128.xor(v128.load(a, 0), v128.load(b, 0)),
    v128.xor(v128.load(a, 16), v128.load(b, 16)),
  );
  return !v128.any_true(d);
}

export function byteLength(a: usize): i32 {
  const x3 = load<u64>(a, 24);
  if (x3) return 32 - (<i32>clz(x3) >> 3);
  const x2 = load<u64>(a, 16);
  if (x2) return 24 - (<i32>clz(x2) >> 3);
  const x1 = load<u64>(a, 8);
  if (x1) return 16 - (<i32>clz(x1) >> 3);
  const x0 = load<u64>(a, 0);
  if (x0) return 8 - (<i32>clz(x0) >> 3);
  return 0;
}

// Byte order: a 16-byte reversal is a single shuffle (pshufb), far cheaper than the shift/mask
// sequence asc emits for bswap<u64> (WASM has no byte-swap instruction).
@inline function rev16(x: v128): v128 {
  return i8x16.shuffle(x, x, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
}

export function storeBE32(dst: usize, a: usize): void {
  const lo = v128.load(a, 0);
  const hi = v128.load(a, 16);
  v128.store(dst, rev16(hi), 0);
  v128.store(dst, rev16(lo), 16);
}

export function loadBE32(r: usize, src: usize): void {
  const hi = v128.load(src, 0);
  const lo = v128.load(src, 16);
  v128.store(r, rev16(lo), 0);
  v128.store(r, rev16(hi), 16);
}

// Reads exactly `len` bytes (never past src+len: code and calldata may end at the edge of
// memory).
export function loadBE(r: usize, src: usize, len: i32): void {
  if (len >= 32) {
    loadBE32(r, src);
    return;
  }
  const full = len >> 3;
  const part = len & 7;
  // The partial (most significant) limb comes first in memory.
  let top: u64 = 0;
  for (let i = 0; i < part; i++) top = (top << 8) | <u64>load<u8>(src + <usize>i);
  const end = src + <usize>len;
  let w0: u64 = top, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0;
  if (full >= 1) {
    w0 = bswap<u64>(load<u64>(end - 8));
    w1 = top;
    if (full >= 2) {
      w1 = bswap<u64>(load<u64>(end - 16));
      w2 = top;
      if (full >= 3) {
        w2 = bswap<u64>(load<u64>(end - 24));
        w3 = top;
      }
    }
  }
  store4(r, w0, w1, w2, w3);
}

export function storeAddressBE(dst: usize, a: usize): void {
  const x0 = load<u64>(a, 0), x1 = load<u64>(a, 8), x2 = load<u32>(a, 16);
  store<u32>(dst, bswap<u32>(x2), 0);
  store<u64>(dst, bswap<u64>(x1), 4);
  store<u64>(dst, bswap<u64>(x0), 12);
}

export function loadAddressBE(r: usize, src: usize): void {
  const x2 = <u64>bswap<u32>(load<u32>(src, 0));
  const x1 = bswap<u64>(load<u64>(src, 4));
  const x0 = bswap<u64>(load<u64>(src, 12));
  store4(r, x0, x1, x2, 0);
}

// ---------------------------------------------------------------------------------------------
// Bitwise and comparison

export function and(r: usize, a: usize, b: usize): void {
  const x = v128.and(v128.load(a, 0), v128.load(b, 0));
  const y = v128.and(v128.load(a, 16), v128.load(b, 16));
  v128.store(r, x, 0);
  v128.store(r, y, 16);
}

export function or(r: usize, a: usize, b: usize): void {
  const x = v128.or(v128.load(a, 0), v128.load(b, 0));
  const y = v128.or(v128.load(a, 16), v128.load(b, 16));
  v128.store(r, x, 0);
  v128.store(r, y, 16);
}

export function xor(r: usize, a: usize, b: usize): void {
  const x = v128.xor(v128.load(a, 0), v128.load(b, 0));
  const y = v128.xor(v128.load(a, 16), v128.load(b, 16));
  v128.store(r, x, 0);
  v128.store(r, y, 16);
}

export function not(r: usize, a: usize): void {
  const x = v128.not(v128.load(a, 0));
  const y = v128.not(v128.load(a, 16));
  v128.store(r, x, 0);
  v128.store(r, y, 16);
}

export function lt(r: usize, a: usize, b: usize): void {
  setU64(r, <u64>ltWords(a, b));
}

export function gt(r: usize, a: usize, b: usize): void {
  setU64(r, <u64>ltWords(b, a));
}

// Signed order = unsigned order with the sign bits flipped.
@inline function sltWords(a: usize, b: usize): bool {
  const s: u64 = 0x8000000000000000;
  return lt4(
    load<u64>(a, 0), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24) ^ s,
    load<u64>(b, 0), load<u64>(b, 8), load<u64>(b, 16), load<u64>(b, 24) ^ s,
  );
}

export function slt(r: usize, a: usize, b: usize): void {
  setU64(r, <u64>sltWords(a, b));
}

export function sgt(r: usize, a: usize, b: usize): void {
  setU64(r, <u64>sltWords(b, a));
}

export function eq(r: usize, a: usize, b: usize): void {
  setU64(r, <u64>eqWords(a, b));
}

export function iszero(r: usize, a: usize): void {
  setU64(r, <u64>isZero(a));
}

export function byteAt(r: usize, i: usize, x: usize): void {
  const i0 = load<u64>(i, 0);
  if (!fitsU64(i) || i0 >= 32) {
    setZero(r);
    return;
  }
  setU64(r, <u64>load<u8>(x + 31 - <usize>i0));
}

// Bits shifted in from the neighbouring limb. Splitting the shift as 1 + (63 - s) keeps every
// WASM shift count below 64 (counts are taken mod 64), so s == 0 correctly yields 0.
@inline function spillR(x: u64, s: u64): u64 {
  return (x >> 1) >> (63 - s);
}

@inline function spillL(x: u64, s: u64): u64 {
  return (x << 1) << (63 - s);
}

export function shl(r: usize, shift: usize, value: usize): void {
  const n = load<u64>(shift, 0);
  if (!fitsU64(shift) || n >= 256) {
    setZero(r);
    return;
  }
  const v0 = load<u64>(value, 0), v1 = load<u64>(value, 8), v2 = load<u64>(value, 16), v3 = load<u64>(value, 24);
  const s = n & 63;
  switch (<i32>(n >> 6)) {
    case 0:
      store4(r, v0 << s, (v1 << s) | spillR(v0, s), (v2 << s) | spillR(v1, s), (v3 << s) | spillR(v2, s));
      break;
    case 1:
      store4(r, 0, v0 << s, (v1 << s) | spillR(v0, s), (v2 << s) | spillR(v1, s));
      break;
    case 2:
      store4(r, 0, 0, v0 << s, (v1 << s) | spillR(v0, s));
      break;
    default:
      store4(r, 0, 0, 0, v0 << s);
  }
}

@inline function shrLimbs(r: usize, n: u64, v0: u64, v1: u64, v2: u64, v3: u64): void {
  const s = n & 63;
  switch (<i32>(n >> 6)) {
    case 0:
      store4(r, (v0 >> s) | spillL(v1, s), (v1 >> s) | spillL(v2, s), (v2 >> s) | spillL(v3, s), v3 >> s);
      break;
    case 1:
      store4(r, (v1 >> s) | spillL(v2, s), (v2 >> s) | spillL(v3, s), v3 >> s, 0);
      break;
    case 2:
      store4(r, (v2 >> s) | spillL(v3, s), v3 >> s, 0, 0);
      break;
    default:
      store4(r, v3 >> s, 0, 0, 0);
  }
}

export function shr(r: usize, shift: usize, value: usize): void {
  const n = load<u64>(shift, 0);
  if (!fitsU64(shift) || n >= 256) {
    setZero(r);
    return;
  }
  shrLimbs(r, n, load<u64>(value, 0), load<u64>(value, 8), load<u64>(value, 16), load<u64>(value, 24));
}

// For negative values, sar(x) = ~shr(~x): the inverted shift fills with ones.
export function sar(r: usize, shift: usize, value: usize): void {
  const n = load<u64>(shift, 0);
  const big = !fitsU64(shift) || n >= 256;
  const v3 = load<u64>(value, 24);
  const m: u64 = <u64>(<i64>v3 >> 63);
  if (big) {
    v128.store(r, i64x2.splat(<i64>m), 0);
    v128.store(r, i64x2.splat(<i64>m), 16);
    return;
  }
  const v0 = load<u64>(value, 0) ^ m, v1 = load<u64>(value, 8) ^ m, v2 = load<u64>(value, 16) ^ m;
  shrLimbs(r, n, v0, v1, v2, v3 ^ m);
  if (m) not(r, r);
}

export function signextend(r: usize, b: usize, x: usize): void {
  const k = load<u64>(b, 0);
  if (!fitsU64(b) || k >= 31) {
    copy(r, x);
    return;
  }
  const t = k * 8 + 7; // index of the sign bit
  const li = <i32>(t >> 6);
  const bit = t & 63;
  const x0 = load<u64>(x, 0), x1 = load<u64>(x, 8), x2 = load<u64>(x, 16), x3 = load<u64>(x, 24);
  const xl = load<u64>(x + (<usize>li << 3));
  const fill: u64 = 0 - ((xl >> bit) & 1);
  // 2 << 63 wraps to 0, so bit == 63 gives an all-ones mask.
  const mask: u64 = (<u64>2 << bit) - 1;
  const ml = (xl & mask) | (fill & ~mask);
  switch (li) {
    case 0: store4(r, ml, fill, fill, fill); break;
    case 1: store4(r, x0, ml, fill, fill); break;
    case 2: store4(r, x0, x1, ml, fill); break;
    default: store4(r, x0, x1, x2, ml);
  }
}

// ---------------------------------------------------------------------------------------------
// Addition, subtraction, multiplication

export function add(r: usize, a: usize, b: usize): void {
  const a0 = load<u64>(a, 0), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b, 0), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const s0 = a0 + b0;
  let c = <u64>(s0 < a0);
  let t = a1 + b1;
  let c2 = <u64>(t < a1);
  const s1 = t + c;
  c = c2 | <u64>(s1 < t);
  t = a2 + b2;
  c2 = <u64>(t < a2);
  const s2 = t + c;
  c = c2 | <u64>(s2 < t);
  store4(r, s0, s1, s2, a3 + b3 + c);
}

export function sub(r: usize, a: usize, b: usize): void {
  const a0 = load<u64>(a, 0), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b, 0), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const d0 = a0 - b0;
  let br = <u64>(a0 < b0);
  let t = a1 - b1;
  let br2 = <u64>(a1 < b1);
  const d1 = t - br;
  br = br2 | <u64>(t < br);
  t = a2 - b2;
  br2 = <u64>(a2 < b2);
  const d2 = t - br;
  br = br2 | <u64>(t < br);
  store4(r, d0, d1, d2, a3 - b3 - br);
}

// 64x64 -> 128 for the case where both operands fit a limb.
@inline function mul64x64(r: usize, x: u64, y: u64): void {
  const xl = x & M32, xh = x >> 32, yl = y & M32, yh = y >> 32;
  const ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
  const mid = (ll >> 32) + (hl & M32) + lh; // < 2^64: lh <= (2^32-1)^2
  store4(r, (mid << 32) | (ll & M32), hh + (hl >> 32) + (mid >> 32), 0, 0);
}

// Low 256 bits of a*b, column by column (product scanning). Each column sums the low and high
// 32-bit halves of its products separately, so nothing overflows and no carry compare is
// needed, and sums them as balanced trees so the dependency chain stays short (EXP and MULMOD
// chains are latency bound). The top column only needs its low 32 bits, so it wraps freely.
export function mul(r: usize, a: usize, b: usize): void {
  if (fitsU64(a) && fitsU64(b)) {
    mul64x64(r, load<u64>(a, 0), load<u64>(b, 0));
    return;
  }
  const a0 = dg(a, 0), a1 = dg(a, 1), a2 = dg(a, 2), a3 = dg(a, 3), a4 = dg(a, 4), a5 = dg(a, 5), a6 = dg(a, 6), a7 = dg(a, 7);
  const b0 = dg(b, 0), b1 = dg(b, 1), b2 = dg(b, 2), b3 = dg(b, 3), b4 = dg(b, 4), b5 = dg(b, 5), b6 = dg(b, 6), b7 = dg(b, 7);
  const t0 = a0 * b0;
  const L1: u64 = (t0 & M32);
  const H2: u64 = t0 >> 32;
  const d0 = L1 & M32;
  const c3 = H2 + (L1 >> 32);
  const t4 = a0 * b1;
  const t5 = a1 * b0;
  const L6: u64 = c3 + ((t4 & M32) + (t5 & M32));
  const H7: u64 = (t4 >> 32) + (t5 >> 32);
  const d1 = L6 & M32;
  const c8 = H7 + (L6 >> 32);
  const t9 = a0 * b2;
  const t10 = a1 * b1;
  const t11 = a2 * b0;
  const L12: u64 = c8 + (((t9 & M32) + (t10 & M32)) + (t11 & M32));
  const H13: u64 = ((t9 >> 32) + (t10 >> 32)) + (t11 >> 32);
  const d2 = L12 & M32;
  const c14 = H13 + (L12 >> 32);
  const t15 = a0 * b3;
  const t16 = a1 * b2;
  const t17 = a2 * b1;
  const t18 = a3 * b0;
  const L19: u64 = c14 + (((t15 & M32) + (t16 & M32)) + ((t17 & M32) + (t18 & M32)));
  const H20: u64 = ((t15 >> 32) + (t16 >> 32)) + ((t17 >> 32) + (t18 >> 32));
  const d3 = L19 & M32;
  const c21 = H20 + (L19 >> 32);
  const t22 = a0 * b4;
  const t23 = a1 * b3;
  const t24 = a2 * b2;
  const t25 = a3 * b1;
  const t26 = a4 * b0;
  const L27: u64 = c21 + ((((t22 & M32) + (t23 & M32)) + ((t24 & M32) + (t25 & M32))) + (t26 & M32));
  const H28: u64 = (((t22 >> 32) + (t23 >> 32)) + ((t24 >> 32) + (t25 >> 32))) + (t26 >> 32);
  const d4 = L27 & M32;
  const c29 = H28 + (L27 >> 32);
  const t30 = a0 * b5;
  const t31 = a1 * b4;
  const t32 = a2 * b3;
  const t33 = a3 * b2;
  const t34 = a4 * b1;
  const t35 = a5 * b0;
  const L36: u64 = c29 + ((((t30 & M32) + (t31 & M32)) + ((t32 & M32) + (t33 & M32))) + ((t34 & M32) + (t35 & M32)));
  const H37: u64 = (((t30 >> 32) + (t31 >> 32)) + ((t32 >> 32) + (t33 >> 32))) + ((t34 >> 32) + (t35 >> 32));
  const d5 = L36 & M32;
  const c38 = H37 + (L36 >> 32);
  const t39 = a0 * b6;
  const t40 = a1 * b5;
  const t41 = a2 * b4;
  const t42 = a3 * b3;
  const t43 = a4 * b2;
  const t44 = a5 * b1;
  const t45 = a6 * b0;
  const L46: u64 = c38 + ((((t39 & M32) + (t40 & M32)) + ((t41 & M32) + (t42 & M32))) + (((t43 & M32) + (t44 & M32)) + (t45 & M32)));
  const H47: u64 = (((t39 >> 32) + (t40 >> 32)) + ((t41 >> 32) + (t42 >> 32))) + (((t43 >> 32) + (t44 >> 32)) + (t45 >> 32));
  const d6 = L46 & M32;
  const c48 = H47 + (L46 >> 32);
  const t49 = a0 * b7;
  const t50 = a1 * b6;
  const t51 = a2 * b5;
  const t52 = a3 * b4;
  const t53 = a4 * b3;
  const t54 = a5 * b2;
  const t55 = a6 * b1;
  const t56 = a7 * b0;
  const d7 = ((((t49 + t50) + (t51 + t52)) + ((t53 + t54) + (t55 + t56))) + c48) & M32;
  store4(r, d0 | (d1 << 32), d2 | (d3 << 32), d4 | (d5 << 32), d6 | (d7 << 32));
}

// Low 256 bits of a*a: each cross product a_i*a_j (i<j) is computed once and doubled.
function sqr(r: usize, a: usize): void {
  const a0 = dg(a, 0), a1 = dg(a, 1), a2 = dg(a, 2), a3 = dg(a, 3), a4 = dg(a, 4), a5 = dg(a, 5), a6 = dg(a, 6), a7 = dg(a, 7);
  const t0 = a0 * a0;
  const L1: u64 = t0 & M32;
  const H2: u64 = t0 >> 32;
  const d0 = L1 & M32;
  const c3 = H2 + (L1 >> 32);
  const t4 = a0 * a1;
  const L5: u64 = ((t4 & M32) << 1) + c3;
  const H6: u64 = (t4 >> 32) << 1;
  const d1 = L5 & M32;
  const c7 = H6 + (L5 >> 32);
  const t8 = a0 * a2;
  const t9 = a1 * a1;
  const L10: u64 = (((t8 & M32) << 1) + (t9 & M32)) + c7;
  const H11: u64 = ((t8 >> 32) << 1) + (t9 >> 32);
  const d2 = L10 & M32;
  const c12 = H11 + (L10 >> 32);
  const t13 = a0 * a3;
  const t14 = a1 * a2;
  const L15: u64 = (((t13 & M32) + (t14 & M32)) << 1) + c12;
  const H16: u64 = ((t13 >> 32) + (t14 >> 32)) << 1;
  const d3 = L15 & M32;
  const c17 = H16 + (L15 >> 32);
  const t18 = a0 * a4;
  const t19 = a1 * a3;
  const t20 = a2 * a2;
  const L21: u64 = ((((t18 & M32) + (t19 & M32)) << 1) + (t20 & M32)) + c17;
  const H22: u64 = (((t18 >> 32) + (t19 >> 32)) << 1) + (t20 >> 32);
  const d4 = L21 & M32;
  const c23 = H22 + (L21 >> 32);
  const t24 = a0 * a5;
  const t25 = a1 * a4;
  const t26 = a2 * a3;
  const L27: u64 = ((((t24 & M32) + (t25 & M32)) + (t26 & M32)) << 1) + c23;
  const H28: u64 = (((t24 >> 32) + (t25 >> 32)) + (t26 >> 32)) << 1;
  const d5 = L27 & M32;
  const c29 = H28 + (L27 >> 32);
  const t30 = a0 * a6;
  const t31 = a1 * a5;
  const t32 = a2 * a4;
  const t33 = a3 * a3;
  const L34: u64 = (((((t30 & M32) + (t31 & M32)) + (t32 & M32)) << 1) + (t33 & M32)) + c29;
  const H35: u64 = ((((t30 >> 32) + (t31 >> 32)) + (t32 >> 32)) << 1) + (t33 >> 32);
  const d6 = L34 & M32;
  const c36 = H35 + (L34 >> 32);
  const t37 = a0 * a7;
  const t38 = a1 * a6;
  const t39 = a2 * a5;
  const t40 = a3 * a4;
  const d7 = (((t37 + t38) + (t39 + t40)) * 2 + c36) & M32;
  store4(r, d0 | (d1 << 32), d2 | (d3 << 32), d4 | (d5 << 32), d6 | (d7 << 32));
}

// Full 512-bit product a*b into U[0..16).
function mul512(a: usize, b: usize): void {
  const a0 = dg(a, 0), a1 = dg(a, 1), a2 = dg(a, 2), a3 = dg(a, 3), a4 = dg(a, 4), a5 = dg(a, 5), a6 = dg(a, 6), a7 = dg(a, 7);
  const b0 = dg(b, 0), b1 = dg(b, 1), b2 = dg(b, 2), b3 = dg(b, 3), b4 = dg(b, 4), b5 = dg(b, 5), b6 = dg(b, 6), b7 = dg(b, 7);
  const t0 = a0 * b0;
  const L1: u64 = (t0 & M32);
  const H2: u64 = t0 >> 32;
  const d0 = L1 & M32;
  const c3 = H2 + (L1 >> 32);
  const t4 = a0 * b1;
  const t5 = a1 * b0;
  const L6: u64 = c3 + ((t4 & M32) + (t5 & M32));
  const H7: u64 = (t4 >> 32) + (t5 >> 32);
  const d1 = L6 & M32;
  const c8 = H7 + (L6 >> 32);
  const t9 = a0 * b2;
  const t10 = a1 * b1;
  const t11 = a2 * b0;
  const L12: u64 = c8 + (((t9 & M32) + (t10 & M32)) + (t11 & M32));
  const H13: u64 = ((t9 >> 32) + (t10 >> 32)) + (t11 >> 32);
  const d2 = L12 & M32;
  const c14 = H13 + (L12 >> 32);
  const t15 = a0 * b3;
  const t16 = a1 * b2;
  const t17 = a2 * b1;
  const t18 = a3 * b0;
  const L19: u64 = c14 + (((t15 & M32) + (t16 & M32)) + ((t17 & M32) + (t18 & M32)));
  const H20: u64 = ((t15 >> 32) + (t16 >> 32)) + ((t17 >> 32) + (t18 >> 32));
  const d3 = L19 & M32;
  const c21 = H20 + (L19 >> 32);
  const t22 = a0 * b4;
  const t23 = a1 * b3;
  const t24 = a2 * b2;
  const t25 = a3 * b1;
  const t26 = a4 * b0;
  const L27: u64 = c21 + ((((t22 & M32) + (t23 & M32)) + ((t24 & M32) + (t25 & M32))) + (t26 & M32));
  const H28: u64 = (((t22 >> 32) + (t23 >> 32)) + ((t24 >> 32) + (t25 >> 32))) + (t26 >> 32);
  const d4 = L27 & M32;
  const c29 = H28 + (L27 >> 32);
  const t30 = a0 * b5;
  const t31 = a1 * b4;
  const t32 = a2 * b3;
  const t33 = a3 * b2;
  const t34 = a4 * b1;
  const t35 = a5 * b0;
  const L36: u64 = c29 + ((((t30 & M32) + (t31 & M32)) + ((t32 & M32) + (t33 & M32))) + ((t34 & M32) + (t35 & M32)));
  const H37: u64 = (((t30 >> 32) + (t31 >> 32)) + ((t32 >> 32) + (t33 >> 32))) + ((t34 >> 32) + (t35 >> 32));
  const d5 = L36 & M32;
  const c38 = H37 + (L36 >> 32);
  const t39 = a0 * b6;
  const t40 = a1 * b5;
  const t41 = a2 * b4;
  const t42 = a3 * b3;
  const t43 = a4 * b2;
  const t44 = a5 * b1;
  const t45 = a6 * b0;
  const L46: u64 = c38 + ((((t39 & M32) + (t40 & M32)) + ((t41 & M32) + (t42 & M32))) + (((t43 & M32) + (t44 & M32)) + (t45 & M32)));
  const H47: u64 = (((t39 >> 32) + (t40 >> 32)) + ((t41 >> 32) + (t42 >> 32))) + (((t43 >> 32) + (t44 >> 32)) + (t45 >> 32));
  const d6 = L46 & M32;
  const c48 = H47 + (L46 >> 32);
  const t49 = a0 * b7;
  const t50 = a1 * b6;
  const t51 = a2 * b5;
  const t52 = a3 * b4;
  const t53 = a4 * b3;
  const t54 = a5 * b2;
  const t55 = a6 * b1;
  const t56 = a7 * b0;
  const L57: u64 = c48 + ((((t49 & M32) + (t50 & M32)) + ((t51 & M32) + (t52 & M32))) + (((t53 & M32) + (t54 & M32)) + ((t55 & M32) + (t56 & M32))));
  const H58: u64 = (((t49 >> 32) + (t50 >> 32)) + ((t51 >> 32) + (t52 >> 32))) + (((t53 >> 32) + (t54 >> 32)) + ((t55 >> 32) + (t56 >> 32)));
  const d7 = L57 & M32;
  const c59 = H58 + (L57 >> 32);
  const t60 = a1 * b7;
  const t61 = a2 * b6;
  const t62 = a3 * b5;
  const t63 = a4 * b4;
  const t64 = a5 * b3;
  const t65 = a6 * b2;
  const t66 = a7 * b1;
  const L67: u64 = c59 + ((((t60 & M32) + (t61 & M32)) + ((t62 & M32) + (t63 & M32))) + (((t64 & M32) + (t65 & M32)) + (t66 & M32)));
  const H68: u64 = (((t60 >> 32) + (t61 >> 32)) + ((t62 >> 32) + (t63 >> 32))) + (((t64 >> 32) + (t65 >> 32)) + (t66 >> 32));
  const d8 = L67 & M32;
  const c69 = H68 + (L67 >> 32);
  const t70 = a2 * b7;
  const t71 = a3 * b6;
  const t72 = a4 * b5;
  const t73 = a5 * b4;
  const t74 = a6 * b3;
  const t75 = a7 * b2;
  const L76: u64 = c69 + ((((t70 & M32) + (t71 & M32)) + ((t72 & M32) + (t73 & M32))) + ((t74 & M32) + (t75 & M32)));
  const H77: u64 = (((t70 >> 32) + (t71 >> 32)) + ((t72 >> 32) + (t73 >> 32))) + ((t74 >> 32) + (t75 >> 32));
  const d9 = L76 & M32;
  const c78 = H77 + (L76 >> 32);
  const t79 = a3 * b7;
  const t80 = a4 * b6;
  const t81 = a5 * b5;
  const t82 = a6 * b4;
  const t83 = a7 * b3;
  const L84: u64 = c78 + ((((t79 & M32) + (t80 & M32)) + ((t81 & M32) + (t82 & M32))) + (t83 & M32));
  const H85: u64 = (((t79 >> 32) + (t80 >> 32)) + ((t81 >> 32) + (t82 >> 32))) + (t83 >> 32);
  const d10 = L84 & M32;
  const c86 = H85 + (L84 >> 32);
  const t87 = a4 * b7;
  const t88 = a5 * b6;
  const t89 = a6 * b5;
  const t90 = a7 * b4;
  const L91: u64 = c86 + (((t87 & M32) + (t88 & M32)) + ((t89 & M32) + (t90 & M32)));
  const H92: u64 = ((t87 >> 32) + (t88 >> 32)) + ((t89 >> 32) + (t90 >> 32));
  const d11 = L91 & M32;
  const c93 = H92 + (L91 >> 32);
  const t94 = a5 * b7;
  const t95 = a6 * b6;
  const t96 = a7 * b5;
  const L97: u64 = c93 + (((t94 & M32) + (t95 & M32)) + (t96 & M32));
  const H98: u64 = ((t94 >> 32) + (t95 >> 32)) + (t96 >> 32);
  const d12 = L97 & M32;
  const c99 = H98 + (L97 >> 32);
  const t100 = a6 * b7;
  const t101 = a7 * b6;
  const L102: u64 = c99 + ((t100 & M32) + (t101 & M32));
  const H103: u64 = (t100 >> 32) + (t101 >> 32);
  const d13 = L102 & M32;
  const c104 = H103 + (L102 >> 32);
  const t105 = a7 * b7;
  const L106: u64 = c104 + (t105 & M32);
  const H107: u64 = t105 >> 32;
  const d14 = L106 & M32;
  const c108 = H107 + (L106 >> 32);
  const d15 = c108;
  store4(U, d0 | (d1 << 32), d2 | (d3 << 32), d4 | (d5 << 32), d6 | (d7 << 32));
  store4(U + 32, d8 | (d9 << 32), d10 | (d11 << 32), d12 | (d13 << 32), d14 | (d15 << 32));
}

// ---------------------------------------------------------------------------------------------
// Division

// Knuth's algorithm D (TAOCP 4.3.1) on 32-bit digits: divides U[0..m) by V[0..n), with
// 2 <= n <= m and V[n-1] != 0. Writes quotient digits Q[0..m-n] and leaves the remainder,
// still shifted left by the returned normalisation shift, in U[0..n).
function knuth(m: i32, n: i32): u64 {
  const s = <u64>clz<u32>(load<u32>(V + (<usize>(n - 1) << 2)));
  // Normalise so that the top divisor digit has its high bit set; this keeps each quotient
  // estimate at most 2 too large. For s == 0, x >> 32 of a 32-bit digit is 0, so no branch.
  for (let i = n - 1; i > 0; i--) sdg(V, i, (dg(V, i) << s) | (dg(V, i - 1) >> (32 - s)));
  sdg(V, 0, dg(V, 0) << s);
  sdg(U, m, dg(U, m - 1) >> (32 - s));
  for (let i = m - 1; i > 0; i--) sdg(U, i, (dg(U, i) << s) | (dg(U, i - 1) >> (32 - s)));
  sdg(U, 0, dg(U, 0) << s);

  const vt = dg(V, n - 1);
  const vs = dg(V, n - 2);
  for (let j = m - n; j >= 0; j--) {
    const ujn = dg(U, j + n);
    const num = (ujn << 32) | dg(U, j + n - 1);
    let qhat = num / vt;
    let rhat = num - qhat * vt;
    const u2 = dg(U, j + n - 2);
    while (qhat > M32 || qhat * vs > ((rhat << 32) | u2)) {
      qhat--;
      rhat += vt;
      if (rhat > M32) break;
    }
    // U[j..j+n] -= qhat * V, tracking the product's high half plus the borrow in k.
    let k: i64 = 0;
    let t: i64;
    for (let i = 0; i < n; i++) {
      const pr = qhat * dg(V, i);
      t = <i64>dg(U, i + j) - k - <i64>(pr & M32);
      sdg(U, i + j, <u64>t);
      k = <i64>(pr >> 32) - (t >> 32);
    }
    t = <i64>ujn - k;
    sdg(U, j + n, <u64>t);
    if (t < 0) {
      // qhat was one too large (rare): add the divisor back.
      qhat--;
      let c: u64 = 0;
      for (let i = 0; i < n; i++) {
        const sm = dg(U, i + j) + dg(V, i) + c;
        sdg(U, i + j, sm);
        c = sm >> 32;
      }
      sdg(U, j + n, dg(U, j + n) + c);
    }
    sdg(Q, j, qhat);
  }
  return s;
}

// Remainder of U[0..m) by a single digit d.
@inline function shortRem(m: i32, d: u64): u64 {
  let rem: u64 = 0;
  for (let i = m - 1; i >= 0; i--) rem = ((rem << 32) | dg(U, i)) % d;
  return rem;
}

// Writes the remainder left by knuth (n digits, shifted by s) into r as a word.
@inline function unnormalise(r: usize, n: i32, s: u64): void {
  setZero(RW);
  for (let i = 0; i < n; i++) sdg(RW, i, (dg(U, i) | (dg(U, i + 1) << 32)) >> s);
  copy(r, RW);
}

// r = U[0..m) mod n, for m <= 17 significant digits and n != 0.
function remU(r: usize, m: i32, n: usize): void {
  const nd = digitCount(n);
  if (m < nd) {
    copy(r, U); // already reduced (and fits 8 digits)
    return;
  }
  if (nd <= 2) {
    const n0 = load<u64>(n, 0);
    if (m <= 2) {
      setU64(r, load<u64>(U, 0) % n0);
      return;
    }
    if (nd == 1) {
      setU64(r, shortRem(m, n0));
      return;
    }
  }
  copy(V, n);
  const s = knuth(m, nd);
  unnormalise(r, nd, s);
}

// Unsigned a / b and a % b into Q (first 8 digits) and RW, for b != 0.
function udivrem(a: usize, b: usize): void {
  const nb = digitCount(b);
  const na = digitCount(a);
  if (na <= 2) {
    // nb <= na or a < b; either way both operands fit a limb here when nb <= 2.
    const a0 = load<u64>(a, 0);
    if (nb <= 2) {
      const b0 = load<u64>(b, 0);
      const q = a0 / b0;
      setU64(Q, q);
      setU64(RW, a0 - q * b0);
      return;
    }
  }
  if (na < nb || (na == nb && ltWords(a, b))) {
    copy(RW, a);
    setZero(Q);
    return;
  }
  copy(U, a);
  setZero(Q);
  if (nb == 1) {
    const d = load<u64>(b, 0);
    let rem: u64 = 0;
    for (let i = na - 1; i >= 0; i--) {
      const cur = (rem << 32) | dg(U, i);
      const q = cur / d;
      rem = cur - q * d;
      sdg(Q, i, q);
    }
    setU64(RW, rem);
    return;
  }
  copy(V, b);
  const s = knuth(na, nb);
  unnormalise(RW, nb, s);
}

export function div(r: usize, a: usize, b: usize): void {
  if (isZero(b)) {
    setZero(r);
    return;
  }
  udivrem(a, b);
  copy(r, Q);
}

export function mod(r: usize, a: usize, b: usize): void {
  if (isZero(b)) {
    setZero(r);
    return;
  }
  udivrem(a, b);
  copy(r, RW);
}

// Signed division on magnitudes; the quotient is negated when the signs differ. For
// -2^255 / -1 the magnitude quotient 2^255 reads back as -2^255, as the EVM requires.
export function sdiv(r: usize, a: usize, b: usize): void {
  if (isZero(b)) {
    setZero(r);
    return;
  }
  const na = <i64>load<u64>(a, 24) < 0;
  const nb = <i64>load<u64>(b, 24) < 0;
  if (na) negInto(SA, a); else copy(SA, a);
  if (nb) negInto(SB, b); else copy(SB, b);
  udivrem(SA, SB);
  if (na != nb) negInto(r, Q); else copy(r, Q);
}

// The remainder takes the sign of the dividend.
export function smod(r: usize, a: usize, b: usize): void {
  if (isZero(b)) {
    setZero(r);
    return;
  }
  const na = <i64>load<u64>(a, 24) < 0;
  if (na) negInto(SA, a); else copy(SA, a);
  if (<i64>load<u64>(b, 24) < 0) negInto(SB, b); else copy(SB, b);
  udivrem(SA, SB);
  if (na) negInto(r, RW); else copy(r, RW);
}

// ---------------------------------------------------------------------------------------------
// Modular arithmetic

// (a + b) mod n over the 257-bit sum. When the sum is below 2n (always so for reduced a, b)
// at most one subtraction is needed; only other inputs go through a division.
export function addmod(r: usize, a: usize, b: usize, n: usize): void {
  const n0 = load<u64>(n, 0), n1 = load<u64>(n, 8), n2 = load<u64>(n, 16), n3 = load<u64>(n, 24);
  if ((n0 | n1 | n2 | n3) == 0) {
    setZero(r);
    return;
  }
  const a0 = load<u64>(a, 0), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b, 0), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const s0 = a0 + b0;
  let c = <u64>(s0 < a0);
  let t = a1 + b1;
  let c2 = <u64>(t < a1);
  const s1 = t + c;
  c = c2 | <u64>(s1 < t);
  t = a2 + b2;
  c2 = <u64>(t < a2);
  const s2 = t + c;
  c = c2 | <u64>(s2 < t);
  t = a3 + b3;
  c2 = <u64>(t < a3);
  const s3 = t + c;
  c = c2 | <u64>(s3 < t); // bit 256 of the sum
  if (c == 0 && lt4(s0, s1, s2, s3, n0, n1, n2, n3)) {
    store4(r, s0, s1, s2, s3);
    return;
  }
  // d = s - n (s >= n here, so the 257-bit difference is non-negative)
  const d0 = s0 - n0;
  let br = <u64>(s0 < n0);
  t = s1 - n1;
  let br2 = <u64>(s1 < n1);
  const d1 = t - br;
  br = br2 | <u64>(t < br);
  t = s2 - n2;
  br2 = <u64>(s2 < n2);
  const d2 = t - br;
  br = br2 | <u64>(t < br);
  t = s3 - n3;
  br2 = <u64>(s3 < n3);
  const d3 = t - br;
  br = br2 | <u64>(t < br);
  if (c == br && lt4(d0, d1, d2, d3, n0, n1, n2, n3)) {
    store4(r, d0, d1, d2, d3);
    return;
  }
  store4(U, s0, s1, s2, s3);
  store<u64>(U, c, 32);
  remU(r, c ? 9 : digitCount(U), n);
}

// Barrett reduction for moduli of 8 digits (n >= 2^224), the elliptic-curve case: with
// mu = floor(2^512 / n) precomputed, a 512-bit product is reduced with two partial 9x9-digit
// products and at most three subtractions, instead of nine dependent quotient-digit steps of
// Knuth D. mu costs one long division, so it is computed only when the same modulus shows up
// twice in a row, and kept for the two most recent such moduli.
const BC_N0: usize = memory.data(32, 16);
const BC_MU0: usize = memory.data(48, 16);
const BC_N1: usize = memory.data(32, 16);
const BC_MU1: usize = memory.data(48, 16);
const BC_CAND: usize = memory.data(32, 16);

function installMu(n: usize): usize {
  memory.fill(U, 0, 64);
  store<u64>(U, 1, 64); // U = 2^512 (digit 16 = 1), 17 digits
  copy(V, n);
  knuth(17, 8); // quotient < 2^288 because n > 2^224 (powers of two never get here)
  copy(BC_N1, BC_N0);
  copy(BC_MU1, BC_MU0);
  v128.store(BC_MU1, v128.load(BC_MU0, 32), 32);
  copy(BC_N0, n);
  copy(BC_MU0, Q);
  v128.store(BC_MU0, v128.load(Q, 32), 32);
  store<u32>(BC_MU0, 0, 36); // digits 9.. of the padding stay clean
  setZero(BC_CAND);
  return BC_MU0;
}

// r = a*b mod n for 8-digit n, mu = floor(2^512 / n) (9 digits). HAC 14.42 with the partial
// quotient product of 14.44: q = floor(floor(x / b^7) * mu / b^9) computed from columns >= 7
// only is at most 3 below floor(x / n), so x - q*n < 4n < b^9 and is exact modulo b^9.
function barrett8(r: usize, a: usize, b: usize, n: usize, mu: usize): void {
  const a0 = dg(a, 0), a1 = dg(a, 1), a2 = dg(a, 2), a3 = dg(a, 3), a4 = dg(a, 4), a5 = dg(a, 5), a6 = dg(a, 6), a7 = dg(a, 7);
  const b0 = dg(b, 0), b1 = dg(b, 1), b2 = dg(b, 2), b3 = dg(b, 3), b4 = dg(b, 4), b5 = dg(b, 5), b6 = dg(b, 6), b7 = dg(b, 7);
  const t0 = a0 * b0;
  const L1: u64 = (t0 & M32);
  const H2: u64 = t0 >> 32;
  const x0 = L1 & M32;
  const c3 = H2 + (L1 >> 32);
  const t4 = a0 * b1;
  const t5 = a1 * b0;
  const L6: u64 = c3 + ((t4 & M32) + (t5 & M32));
  const H7: u64 = (t4 >> 32) + (t5 >> 32);
  const x1 = L6 & M32;
  const c8 = H7 + (L6 >> 32);
  const t9 = a0 * b2;
  const t10 = a1 * b1;
  const t11 = a2 * b0;
  const L12: u64 = c8 + (((t9 & M32) + (t10 & M32)) + (t11 & M32));
  const H13: u64 = ((t9 >> 32) + (t10 >> 32)) + (t11 >> 32);
  const x2 = L12 & M32;
  const c14 = H13 + (L12 >> 32);
  const t15 = a0 * b3;
  const t16 = a1 * b2;
  const t17 = a2 * b1;
  const t18 = a3 * b0;
  const L19: u64 = c14 + (((t15 & M32) + (t16 & M32)) + ((t17 & M32) + (t18 & M32)));
  const H20: u64 = ((t15 >> 32) + (t16 >> 32)) + ((t17 >> 32) + (t18 >> 32));
  const x3 = L19 & M32;
  const c21 = H20 + (L19 >> 32);
  const t22 = a0 * b4;
  const t23 = a1 * b3;
  const t24 = a2 * b2;
  const t25 = a3 * b1;
  const t26 = a4 * b0;
  const L27: u64 = c21 + ((((t22 & M32) + (t23 & M32)) + ((t24 & M32) + (t25 & M32))) + (t26 & M32));
  const H28: u64 = (((t22 >> 32) + (t23 >> 32)) + ((t24 >> 32) + (t25 >> 32))) + (t26 >> 32);
  const x4 = L27 & M32;
  const c29 = H28 + (L27 >> 32);
  const t30 = a0 * b5;
  const t31 = a1 * b4;
  const t32 = a2 * b3;
  const t33 = a3 * b2;
  const t34 = a4 * b1;
  const t35 = a5 * b0;
  const L36: u64 = c29 + ((((t30 & M32) + (t31 & M32)) + ((t32 & M32) + (t33 & M32))) + ((t34 & M32) + (t35 & M32)));
  const H37: u64 = (((t30 >> 32) + (t31 >> 32)) + ((t32 >> 32) + (t33 >> 32))) + ((t34 >> 32) + (t35 >> 32));
  const x5 = L36 & M32;
  const c38 = H37 + (L36 >> 32);
  const t39 = a0 * b6;
  const t40 = a1 * b5;
  const t41 = a2 * b4;
  const t42 = a3 * b3;
  const t43 = a4 * b2;
  const t44 = a5 * b1;
  const t45 = a6 * b0;
  const L46: u64 = c38 + ((((t39 & M32) + (t40 & M32)) + ((t41 & M32) + (t42 & M32))) + (((t43 & M32) + (t44 & M32)) + (t45 & M32)));
  const H47: u64 = (((t39 >> 32) + (t40 >> 32)) + ((t41 >> 32) + (t42 >> 32))) + (((t43 >> 32) + (t44 >> 32)) + (t45 >> 32));
  const x6 = L46 & M32;
  const c48 = H47 + (L46 >> 32);
  const t49 = a0 * b7;
  const t50 = a1 * b6;
  const t51 = a2 * b5;
  const t52 = a3 * b4;
  const t53 = a4 * b3;
  const t54 = a5 * b2;
  const t55 = a6 * b1;
  const t56 = a7 * b0;
  const L57: u64 = c48 + ((((t49 & M32) + (t50 & M32)) + ((t51 & M32) + (t52 & M32))) + (((t53 & M32) + (t54 & M32)) + ((t55 & M32) + (t56 & M32))));
  const H58: u64 = (((t49 >> 32) + (t50 >> 32)) + ((t51 >> 32) + (t52 >> 32))) + (((t53 >> 32) + (t54 >> 32)) + ((t55 >> 32) + (t56 >> 32)));
  const x7 = L57 & M32;
  const c59 = H58 + (L57 >> 32);
  const t60 = a1 * b7;
  const t61 = a2 * b6;
  const t62 = a3 * b5;
  const t63 = a4 * b4;
  const t64 = a5 * b3;
  const t65 = a6 * b2;
  const t66 = a7 * b1;
  const L67: u64 = c59 + ((((t60 & M32) + (t61 & M32)) + ((t62 & M32) + (t63 & M32))) + (((t64 & M32) + (t65 & M32)) + (t66 & M32)));
  const H68: u64 = (((t60 >> 32) + (t61 >> 32)) + ((t62 >> 32) + (t63 >> 32))) + (((t64 >> 32) + (t65 >> 32)) + (t66 >> 32));
  const x8 = L67 & M32;
  const c69 = H68 + (L67 >> 32);
  const t70 = a2 * b7;
  const t71 = a3 * b6;
  const t72 = a4 * b5;
  const t73 = a5 * b4;
  const t74 = a6 * b3;
  const t75 = a7 * b2;
  const L76: u64 = c69 + ((((t70 & M32) + (t71 & M32)) + ((t72 & M32) + (t73 & M32))) + ((t74 & M32) + (t75 & M32)));
  const H77: u64 = (((t70 >> 32) + (t71 >> 32)) + ((t72 >> 32) + (t73 >> 32))) + ((t74 >> 32) + (t75 >> 32));
  const x9 = L76 & M32;
  const c78 = H77 + (L76 >> 32);
  const t79 = a3 * b7;
  const t80 = a4 * b6;
  const t81 = a5 * b5;
  const t82 = a6 * b4;
  const t83 = a7 * b3;
  const L84: u64 = c78 + ((((t79 & M32) + (t80 & M32)) + ((t81 & M32) + (t82 & M32))) + (t83 & M32));
  const H85: u64 = (((t79 >> 32) + (t80 >> 32)) + ((t81 >> 32) + (t82 >> 32))) + (t83 >> 32);
  const x10 = L84 & M32;
  const c86 = H85 + (L84 >> 32);
  const t87 = a4 * b7;
  const t88 = a5 * b6;
  const t89 = a6 * b5;
  const t90 = a7 * b4;
  const L91: u64 = c86 + (((t87 & M32) + (t88 & M32)) + ((t89 & M32) + (t90 & M32)));
  const H92: u64 = ((t87 >> 32) + (t88 >> 32)) + ((t89 >> 32) + (t90 >> 32));
  const x11 = L91 & M32;
  const c93 = H92 + (L91 >> 32);
  const t94 = a5 * b7;
  const t95 = a6 * b6;
  const t96 = a7 * b5;
  const L97: u64 = c93 + (((t94 & M32) + (t95 & M32)) + (t96 & M32));
  const H98: u64 = ((t94 >> 32) + (t95 >> 32)) + (t96 >> 32);
  const x12 = L97 & M32;
  const c99 = H98 + (L97 >> 32);
  const t100 = a6 * b7;
  const t101 = a7 * b6;
  const L102: u64 = c99 + ((t100 & M32) + (t101 & M32));
  const H103: u64 = (t100 >> 32) + (t101 >> 32);
  const x13 = L102 & M32;
  const c104 = H103 + (L102 >> 32);
  const t105 = a7 * b7;
  const L106: u64 = c104 + (t105 & M32);
  const H107: u64 = t105 >> 32;
  const x14 = L106 & M32;
  const c108 = H107 + (L106 >> 32);
  const x15 = c108;
  const m0 = dg(mu, 0);
  const m1 = dg(mu, 1);
  const m2 = dg(mu, 2);
  const m3 = dg(mu, 3);
  const m4 = dg(mu, 4);
  const m5 = dg(mu, 5);
  const m6 = dg(mu, 6);
  const m7 = dg(mu, 7);
  const m8 = dg(mu, 8);
  const t109 = x7 * m7;
  const t110 = x8 * m6;
  const t111 = x9 * m5;
  const t112 = x10 * m4;
  const t113 = x11 * m3;
  const t114 = x12 * m2;
  const t115 = x13 * m1;
  const t116 = x14 * m0;
  const L117: u64 = ((((t109 & M32) + (t110 & M32)) + ((t111 & M32) + (t112 & M32))) + (((t113 & M32) + (t114 & M32)) + ((t115 & M32) + (t116 & M32))));
  const H118: u64 = (((t109 >> 32) + (t110 >> 32)) + ((t111 >> 32) + (t112 >> 32))) + (((t113 >> 32) + (t114 >> 32)) + ((t115 >> 32) + (t116 >> 32)));
  const c119 = H118 + (L117 >> 32);
  const t120 = x7 * m8;
  const t121 = x8 * m7;
  const t122 = x9 * m6;
  const t123 = x10 * m5;
  const t124 = x11 * m4;
  const t125 = x12 * m3;
  const t126 = x13 * m2;
  const t127 = x14 * m1;
  const t128 = x15 * m0;
  const L129: u64 = c119 + (((((t120 & M32) + (t121 & M32)) + ((t122 & M32) + (t123 & M32))) + (((t124 & M32) + (t125 & M32)) + ((t126 & M32) + (t127 & M32)))) + (t128 & M32));
  const H130: u64 = ((((t120 >> 32) + (t121 >> 32)) + ((t122 >> 32) + (t123 >> 32))) + (((t124 >> 32) + (t125 >> 32)) + ((t126 >> 32) + (t127 >> 32)))) + (t128 >> 32);
  const c131 = H130 + (L129 >> 32);
  const t132 = x8 * m8;
  const t133 = x9 * m7;
  const t134 = x10 * m6;
  const t135 = x11 * m5;
  const t136 = x12 * m4;
  const t137 = x13 * m3;
  const t138 = x14 * m2;
  const t139 = x15 * m1;
  const L140: u64 = c131 + ((((t132 & M32) + (t133 & M32)) + ((t134 & M32) + (t135 & M32))) + (((t136 & M32) + (t137 & M32)) + ((t138 & M32) + (t139 & M32))));
  const H141: u64 = (((t132 >> 32) + (t133 >> 32)) + ((t134 >> 32) + (t135 >> 32))) + (((t136 >> 32) + (t137 >> 32)) + ((t138 >> 32) + (t139 >> 32)));
  const q0 = L140 & M32;
  const c142 = H141 + (L140 >> 32);
  const t143 = x9 * m8;
  const t144 = x10 * m7;
  const t145 = x11 * m6;
  const t146 = x12 * m5;
  const t147 = x13 * m4;
  const t148 = x14 * m3;
  const t149 = x15 * m2;
  const L150: u64 = c142 + ((((t143 & M32) + (t144 & M32)) + ((t145 & M32) + (t146 & M32))) + (((t147 & M32) + (t148 & M32)) + (t149 & M32)));
  const H151: u64 = (((t143 >> 32) + (t144 >> 32)) + ((t145 >> 32) + (t146 >> 32))) + (((t147 >> 32) + (t148 >> 32)) + (t149 >> 32));
  const q1 = L150 & M32;
  const c152 = H151 + (L150 >> 32);
  const t153 = x10 * m8;
  const t154 = x11 * m7;
  const t155 = x12 * m6;
  const t156 = x13 * m5;
  const t157 = x14 * m4;
  const t158 = x15 * m3;
  const L159: u64 = c152 + ((((t153 & M32) + (t154 & M32)) + ((t155 & M32) + (t156 & M32))) + ((t157 & M32) + (t158 & M32)));
  const H160: u64 = (((t153 >> 32) + (t154 >> 32)) + ((t155 >> 32) + (t156 >> 32))) + ((t157 >> 32) + (t158 >> 32));
  const q2 = L159 & M32;
  const c161 = H160 + (L159 >> 32);
  const t162 = x11 * m8;
  const t163 = x12 * m7;
  const t164 = x13 * m6;
  const t165 = x14 * m5;
  const t166 = x15 * m4;
  const L167: u64 = c161 + ((((t162 & M32) + (t163 & M32)) + ((t164 & M32) + (t165 & M32))) + (t166 & M32));
  const H168: u64 = (((t162 >> 32) + (t163 >> 32)) + ((t164 >> 32) + (t165 >> 32))) + (t166 >> 32);
  const q3 = L167 & M32;
  const c169 = H168 + (L167 >> 32);
  const t170 = x12 * m8;
  const t171 = x13 * m7;
  const t172 = x14 * m6;
  const t173 = x15 * m5;
  const L174: u64 = c169 + (((t170 & M32) + (t171 & M32)) + ((t172 & M32) + (t173 & M32)));
  const H175: u64 = ((t170 >> 32) + (t171 >> 32)) + ((t172 >> 32) + (t173 >> 32));
  const q4 = L174 & M32;
  const c176 = H175 + (L174 >> 32);
  const t177 = x13 * m8;
  const t178 = x14 * m7;
  const t179 = x15 * m6;
  const L180: u64 = c176 + (((t177 & M32) + (t178 & M32)) + (t179 & M32));
  const H181: u64 = ((t177 >> 32) + (t178 >> 32)) + (t179 >> 32);
  const q5 = L180 & M32;
  const c182 = H181 + (L180 >> 32);
  const t183 = x14 * m8;
  const t184 = x15 * m7;
  const L185: u64 = c182 + ((t183 & M32) + (t184 & M32));
  const H186: u64 = (t183 >> 32) + (t184 >> 32);
  const q6 = L185 & M32;
  const c187 = H186 + (L185 >> 32);
  const t188 = x15 * m8;
  const L189: u64 = c187 + (t188 & M32);
  const H190: u64 = t188 >> 32;
  const q7 = L189 & M32;
  const c191 = H190 + (L189 >> 32);
  const q8 = c191;
  const n0 = dg(n, 0);
  const n1 = dg(n, 1);
  const n2 = dg(n, 2);
  const n3 = dg(n, 3);
  const n4 = dg(n, 4);
  const n5 = dg(n, 5);
  const n6 = dg(n, 6);
  const n7 = dg(n, 7);
  const t192 = q0 * n0;
  const L193: u64 = (t192 & M32);
  const H194: u64 = t192 >> 32;
  const s0 = L193 & M32;
  const c195 = H194 + (L193 >> 32);
  const t196 = q0 * n1;
  const t197 = q1 * n0;
  const L198: u64 = c195 + ((t196 & M32) + (t197 & M32));
  const H199: u64 = (t196 >> 32) + (t197 >> 32);
  const s1 = L198 & M32;
  const c200 = H199 + (L198 >> 32);
  const t201 = q0 * n2;
  const t202 = q1 * n1;
  const t203 = q2 * n0;
  const L204: u64 = c200 + (((t201 & M32) + (t202 & M32)) + (t203 & M32));
  const H205: u64 = ((t201 >> 32) + (t202 >> 32)) + (t203 >> 32);
  const s2 = L204 & M32;
  const c206 = H205 + (L204 >> 32);
  const t207 = q0 * n3;
  const t208 = q1 * n2;
  const t209 = q2 * n1;
  const t210 = q3 * n0;
  const L211: u64 = c206 + (((t207 & M32) + (t208 & M32)) + ((t209 & M32) + (t210 & M32)));
  const H212: u64 = ((t207 >> 32) + (t208 >> 32)) + ((t209 >> 32) + (t210 >> 32));
  const s3 = L211 & M32;
  const c213 = H212 + (L211 >> 32);
  const t214 = q0 * n4;
  const t215 = q1 * n3;
  const t216 = q2 * n2;
  const t217 = q3 * n1;
  const t218 = q4 * n0;
  const L219: u64 = c213 + ((((t214 & M32) + (t215 & M32)) + ((t216 & M32) + (t217 & M32))) + (t218 & M32));
  const H220: u64 = (((t214 >> 32) + (t215 >> 32)) + ((t216 >> 32) + (t217 >> 32))) + (t218 >> 32);
  const s4 = L219 & M32;
  const c221 = H220 + (L219 >> 32);
  const t222 = q0 * n5;
  const t223 = q1 * n4;
  const t224 = q2 * n3;
  const t225 = q3 * n2;
  const t226 = q4 * n1;
  const t227 = q5 * n0;
  const L228: u64 = c221 + ((((t222 & M32) + (t223 & M32)) + ((t224 & M32) + (t225 & M32))) + ((t226 & M32) + (t227 & M32)));
  const H229: u64 = (((t222 >> 32) + (t223 >> 32)) + ((t224 >> 32) + (t225 >> 32))) + ((t226 >> 32) + (t227 >> 32));
  const s5 = L228 & M32;
  const c230 = H229 + (L228 >> 32);
  const t231 = q0 * n6;
  const t232 = q1 * n5;
  const t233 = q2 * n4;
  const t234 = q3 * n3;
  const t235 = q4 * n2;
  const t236 = q5 * n1;
  const t237 = q6 * n0;
  const L238: u64 = c230 + ((((t231 & M32) + (t232 & M32)) + ((t233 & M32) + (t234 & M32))) + (((t235 & M32) + (t236 & M32)) + (t237 & M32)));
  const H239: u64 = (((t231 >> 32) + (t232 >> 32)) + ((t233 >> 32) + (t234 >> 32))) + (((t235 >> 32) + (t236 >> 32)) + (t237 >> 32));
  const s6 = L238 & M32;
  const c240 = H239 + (L238 >> 32);
  const t241 = q0 * n7;
  const t242 = q1 * n6;
  const t243 = q2 * n5;
  const t244 = q3 * n4;
  const t245 = q4 * n3;
  const t246 = q5 * n2;
  const t247 = q6 * n1;
  const t248 = q7 * n0;
  const L249: u64 = c240 + ((((t241 & M32) + (t242 & M32)) + ((t243 & M32) + (t244 & M32))) + (((t245 & M32) + (t246 & M32)) + ((t247 & M32) + (t248 & M32))));
  const H250: u64 = (((t241 >> 32) + (t242 >> 32)) + ((t243 >> 32) + (t244 >> 32))) + (((t245 >> 32) + (t246 >> 32)) + ((t247 >> 32) + (t248 >> 32)));
  const s7 = L249 & M32;
  const c251 = H250 + (L249 >> 32);
  const t252 = q1 * n7;
  const t253 = q2 * n6;
  const t254 = q3 * n5;
  const t255 = q4 * n4;
  const t256 = q5 * n3;
  const t257 = q6 * n2;
  const t258 = q7 * n1;
  const t259 = q8 * n0;
  const s8 = ((((t252 + t253) + (t254 + t255)) + ((t256 + t257) + (t258 + t259))) + c251) & M32;
  // r = (x mod b^9) - s, on four limbs plus a top digit
  const x0l = x0 | (x1 << 32), x1l = x2 | (x3 << 32), x2l = x4 | (x5 << 32), x3l = x6 | (x7 << 32);
  const s0l = s0 | (s1 << 32), s1l = s2 | (s3 << 32), s2l = s4 | (s5 << 32), s3l = s6 | (s7 << 32);
  let r0 = x0l - s0l;
  let br = <u64>(x0l < s0l);
  let t = x1l - s1l;
  let br2 = <u64>(x1l < s1l);
  let r1 = t - br;
  br = br2 | <u64>(t < br);
  t = x2l - s2l;
  br2 = <u64>(x2l < s2l);
  let r2 = t - br;
  br = br2 | <u64>(t < br);
  t = x3l - s3l;
  br2 = <u64>(x3l < s3l);
  let r3 = t - br;
  br = br2 | <u64>(t < br);
  let top = (x8 - s8 - br) & M32;
  const N0 = load<u64>(n, 0), N1 = load<u64>(n, 8), N2 = load<u64>(n, 16), N3 = load<u64>(n, 24);
  while (top != 0 || !lt4(r0, r1, r2, r3, N0, N1, N2, N3)) {
    br = <u64>(r0 < N0);
    r0 -= N0;
    t = r1 - N1;
    br2 = <u64>(r1 < N1);
    r1 = t - br;
    br = br2 | <u64>(t < br);
    t = r2 - N2;
    br2 = <u64>(r2 < N2);
    r2 = t - br;
    br = br2 | <u64>(t < br);
    t = r3 - N3;
    br2 = <u64>(r3 < N3);
    r3 = t - br;
    br = br2 | <u64>(t < br);
    top -= br;
  }
  store4(r, r0, r1, r2, r3);
}

// (a * b) mod n over the full 512-bit product.
export function mulmod(r: usize, a: usize, b: usize, n: usize): void {
  const n3 = load<u64>(n, 24);
  if (n3 > M32) {
    if ((load<u64>(n, 0) | load<u64>(n, 8) | load<u64>(n, 16)) == 0 && popcnt(n3) == 1) {
      // n = 2^k: keep the low k bits (k >= 224, so they all come from the low 256-bit product)
      mul(r, a, b);
      store<u64>(r, load<u64>(r, 24) & (n3 - 1), 24);
      return;
    }
    let mu: usize = 0;
    if (eqWords(n, BC_N0)) mu = BC_MU0;
    else if (eqWords(n, BC_N1)) mu = BC_MU1;
    else if (eqWords(n, BC_CAND)) mu = installMu(n);
    if (mu) {
      barrett8(r, a, b, n, mu);
      return;
    }
    copy(BC_CAND, n);
  } else if (isZero(n)) {
    setZero(r);
    return;
  }
  if (fitsU64(a) && fitsU64(b)) {
    const x = load<u64>(a, 0), y = load<u64>(b, 0);
    if (((x | y) >> 32) == 0 && fitsU64(n)) {
      setU64(r, (x * y) % load<u64>(n, 0));
      return;
    }
    mul64x64(U, x, y);
    store4(U + 32, 0, 0, 0, 0);
    remU(r, digitCount(U), n);
    return;
  }
  mul512(a, b);
  let m = digitCount(U + 32);
  m = m ? m + 8 : digitCount(U);
  remU(r, m, n);
}

// ---------------------------------------------------------------------------------------------
// Exponentiation

@inline function expBit(i: i32): u64 {
  return (load<u64>(EX + (<usize>(i >> 6) << 3)) >> <u64>(i & 63)) & 1;
}

// base^exponent mod 2^256. Left-to-right square-and-multiply; long exponents use a sliding
// window of 4 bits over the precomputed odd powers base^1..base^15, which cuts the number of
// multiplications from ~bits/2 to ~bits/5. Stops early once the accumulator is zero (even bases).
export function exp(r: usize, base: usize, exponent: usize): void {
  const e0 = load<u64>(exponent, 0), e1 = load<u64>(exponent, 8), e2 = load<u64>(exponent, 16), e3 = load<u64>(exponent, 24);
  if ((e0 | e1 | e2 | e3) == 0) {
    setU64(r, 1);
    return;
  }
  const b0 = load<u64>(base, 0), b1 = load<u64>(base, 8), b2 = load<u64>(base, 16), b3 = load<u64>(base, 24);
  if ((b1 | b2 | b3) == 0 && b0 <= 1) {
    setU64(r, b0);
    return;
  }
  if (popcnt(b0) + popcnt(b1) + popcnt(b2) + popcnt(b3) == 1) {
    // base = 2^k: the result is a single bit or zero.
    const k: u64 = b0 ? ctz(b0) : b1 ? 64 + ctz(b1) : b2 ? 128 + ctz(b2) : 192 + ctz(b3);
    setZero(r);
    if ((e1 | e2 | e3) == 0 && e0 < 256) {
      const sh = k * e0;
      if (sh < 256) store<u64>(r + <usize>((sh >> 6) << 3), <u64>1 << (sh & 63));
    }
    return;
  }
  store4(EX, e0, e1, e2, e3);
  copy(EB, base);
  const bits: i32 = e3 ? 256 - <i32>clz(e3) : e2 ? 192 - <i32>clz(e2) : e1 ? 128 - <i32>clz(e1) : 64 - <i32>clz(e0);
  if (bits <= 24) {
    copy(r, EB);
    for (let i = bits - 2; i >= 0; i--) {
      sqr(r, r);
      if (expBit(i)) mul(r, r, EB);
    }
    return;
  }
  copy(ETBL, EB);
  sqr(EB2, EB);
  for (let k = 1; k < 8; k++) mul(ETBL + (<usize>k << 5), ETBL + (<usize>(k - 1) << 5), EB2);
  let i = bits - 1;
  let started = false;
  while (i >= 0) {
    if (!expBit(i)) {
      sqr(r, r);
      i--;
      continue;
    }
    let l = i - 3;
    if (l < 0) l = 0;
    while (!expBit(l)) l++;
    let val = 0;
    for (let j = i; j >= l; j--) val = (val << 1) | <i32>expBit(j);
    const pw = ETBL + (<usize>(val >> 1) << 5);
    if (started) {
      for (let j = i; j >= l; j--) sqr(r, r);
      mul(r, r, pw);
      if (isZero(r)) return;
    } else {
      copy(r, pw);
      started = true;
    }
    i = l - 1;
  }
}
