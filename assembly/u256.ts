// 256-bit EVM word arithmetic.
//
// A word is 32 bytes of linear memory holding a little-endian 256-bit integer (four u64 limbs,
// limb 0 least significant). Every operation takes pointers and writes its result through `r`,
// reading all of its inputs before the first store so that `r` may alias any input (the
// interpreter computes in place on its stack). No heap allocation: scratch space is static.
//
// Words are read and written as whole u64 limbs. A load that spans several recent narrower
// stores, or only part of a wider one (u64 stores read back as v128, v128 stores read back as
// u64), cannot be forwarded from the store buffer and stalls for ~15 cycles; since one
// operation's result is usually the next one's input, mixing widths would cost that on most
// opcodes. (A u32 load contained in a recent u64 store is forwarded, the upper half with a few
// cycles' delay; the digit code below measured no better when avoiding that.)
//
// WASM has no 64x64->128 multiply, so products are built from 32-bit digits (a 32x32 product
// fits an i64), and division is Knuth's algorithm D on 32-bit digits with i64.div_u giving the
// 64/32 quotient estimates. Because words are little-endian, digit i is the u32 at byte 4*i.
// Where conversions are amortised (EXP, and the Barrett reduction of MULMOD) products use
// radix 2^30 instead, which needs about half the instructions per product; see below.

const M32: u64 = 0xFFFFFFFF;
const M30: u64 = 0x3FFFFFFF;

// Dividend digits for Knuth D: up to 16 (a 512-bit product) plus one digit that normalisation
// shifts into, padded.
const U: usize = memory.data(80, 16);
// Divisor digits (normalised in place).
const V: usize = memory.data(32, 16);
// Quotient digits: up to 17 - 8 + 1 (the reciprocal for MULMOD) or 8 - 2 + 1 (udivrem).
const Q: usize = memory.data(64, 16);
// Remainder word of udivrem.
const RW: usize = memory.data(32, 16);
// Absolute values for the signed operations (the inputs may alias r).
const SA: usize = memory.data(32, 16);
const SB: usize = memory.data(32, 16);
// EXP state in radix 2^30 (9 digits of 8 bytes each): base^2 and the odd powers
// base^1..base^15; plus the exponent limbs.
const EX: usize = memory.data(32, 16);
const EB2: usize = memory.data(72, 16);
const ETBL: usize = memory.data(8 * 72, 16);

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

// r = -x (two's complement) for the word with limbs x0..x3.
@inline function negLimbs(r: usize, x0: u64, x1: u64, x2: u64, x3: u64): void {
  const a0 = ~x0, a1 = ~x1, a2 = ~x2, a3 = ~x3;
  const r0 = a0 + 1;
  const c0 = <u64>(r0 == 0);
  const r1 = a1 + c0;
  const c1 = <u64>(r1 < c0);
  const r2 = a2 + c1;
  const c2 = <u64>(r2 < c1);
  store4(r, r0, r1, r2, a3 + c2);
}

@inline function negInto(r: usize, a: usize): void {
  negLimbs(r, load<u64>(a, 0), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24));
}

// ---------------------------------------------------------------------------------------------
// Helpers used by the interpreter

@inline export function isZero(a: usize): bool {
  return (load<u64>(a, 0) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

@inline export function fitsU64(a: usize): bool {
  return (load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

@inline export function lo64(a: usize): u64 {
  return load<u64>(a, 0);
}

@inline export function setU64(r: usize, v: u64): void {
  store4(r, v, 0, 0, 0);
}

@inline export function setZero(r: usize): void {
  store4(r, 0, 0, 0, 0);
}

@inline export function copy(r: usize, a: usize): void {
  store4(r, load<u64>(a, 0), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24));
}

@inline export function eqWords(a: usize, b: usize): bool {
  return (
    ((load<u64>(a, 0) ^ load<u64>(b, 0)) | (load<u64>(a, 8) ^ load<u64>(b, 8)) |
      (load<u64>(a, 16) ^ load<u64>(b, 16)) | (load<u64>(a, 24) ^ load<u64>(b, 24))) == 0
  );
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
  const lo = i64x2.replace_lane(i64x2.splat(load<i64>(a, 0)), 1, load<i64>(a, 8));
  const hi = i64x2.replace_lane(i64x2.splat(load<i64>(a, 16)), 1, load<i64>(a, 24));
  v128.store(dst, rev16(hi), 0);
  v128.store(dst, rev16(lo), 16);
}

export function loadBE32(r: usize, src: usize): void {
  const hi = rev16(v128.load(src, 0));
  const lo = rev16(v128.load(src, 16));
  store4(r, i64x2.extract_lane(lo, 0), i64x2.extract_lane(lo, 1), i64x2.extract_lane(hi, 0), i64x2.extract_lane(hi, 1));
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
  const x0 = load<u64>(a, 0) & load<u64>(b, 0), x1 = load<u64>(a, 8) & load<u64>(b, 8);
  const x2 = load<u64>(a, 16) & load<u64>(b, 16), x3 = load<u64>(a, 24) & load<u64>(b, 24);
  store4(r, x0, x1, x2, x3);
}

export function or(r: usize, a: usize, b: usize): void {
  const x0 = load<u64>(a, 0) | load<u64>(b, 0), x1 = load<u64>(a, 8) | load<u64>(b, 8);
  const x2 = load<u64>(a, 16) | load<u64>(b, 16), x3 = load<u64>(a, 24) | load<u64>(b, 24);
  store4(r, x0, x1, x2, x3);
}

export function xor(r: usize, a: usize, b: usize): void {
  const x0 = load<u64>(a, 0) ^ load<u64>(b, 0), x1 = load<u64>(a, 8) ^ load<u64>(b, 8);
  const x2 = load<u64>(a, 16) ^ load<u64>(b, 16), x3 = load<u64>(a, 24) ^ load<u64>(b, 24);
  store4(r, x0, x1, x2, x3);
}

export function not(r: usize, a: usize): void {
  store4(r, ~load<u64>(a, 0), ~load<u64>(a, 8), ~load<u64>(a, 16), ~load<u64>(a, 24));
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

// Logical right shift by n < 256, with every result limb xor-ed with m (0 or ~0, for SAR).
@inline function shrLimbs(r: usize, n: u64, v0: u64, v1: u64, v2: u64, v3: u64, m: u64): void {
  const s = n & 63;
  switch (<i32>(n >> 6)) {
    case 0:
      store4(r, ((v0 >> s) | spillL(v1, s)) ^ m, ((v1 >> s) | spillL(v2, s)) ^ m, ((v2 >> s) | spillL(v3, s)) ^ m, (v3 >> s) ^ m);
      break;
    case 1:
      store4(r, ((v1 >> s) | spillL(v2, s)) ^ m, ((v2 >> s) | spillL(v3, s)) ^ m, (v3 >> s) ^ m, m);
      break;
    case 2:
      store4(r, ((v2 >> s) | spillL(v3, s)) ^ m, (v3 >> s) ^ m, m, m);
      break;
    default:
      store4(r, (v3 >> s) ^ m, m, m, m);
  }
}

export function shr(r: usize, shift: usize, value: usize): void {
  const n = load<u64>(shift, 0);
  if (!fitsU64(shift) || n >= 256) {
    setZero(r);
    return;
  }
  shrLimbs(r, n, load<u64>(value, 0), load<u64>(value, 8), load<u64>(value, 16), load<u64>(value, 24), 0);
}

// For negative values, sar(x) = ~shr(~x): the inverted shift fills with ones.
export function sar(r: usize, shift: usize, value: usize): void {
  const n = load<u64>(shift, 0);
  const big = !fitsU64(shift) || n >= 256;
  const v3 = load<u64>(value, 24);
  const m: u64 = <u64>(<i64>v3 >> 63);
  if (big) {
    store4(r, m, m, m, m);
    return;
  }
  const v0 = load<u64>(value, 0) ^ m, v1 = load<u64>(value, 8) ^ m, v2 = load<u64>(value, 16) ^ m;
  shrLimbs(r, n, v0, v1, v2, v3 ^ m, m);
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

// Low 256 bits of a*b on 32-bit digits, column by column (product scanning). Each column keeps
// the low and high 32-bit halves of its products in separate accumulators so that nothing
// overflows and no carry compare is needed; the top column only needs its low 32 bits, so it
// wraps freely. (Radix 2^30 needs fewer instructions per product, see below, but the
// conversions from and to limbs cost more than that saves on a single multiplication.)
export function mul(r: usize, a: usize, b: usize): void {
  if (fitsU64(a) && fitsU64(b)) {
    mul64x64(r, load<u64>(a, 0), load<u64>(b, 0));
    return;
  }
  const al0 = load<u64>(a, 0), al1 = load<u64>(a, 8), al2 = load<u64>(a, 16), al3 = load<u64>(a, 24);
  const a0 = al0 & M32, a1 = al0 >> 32, a2 = al1 & M32, a3 = al1 >> 32;
  const a4 = al2 & M32, a5 = al2 >> 32, a6 = al3 & M32, a7 = al3 >> 32;
  const bl0 = load<u64>(b, 0), bl1 = load<u64>(b, 8), bl2 = load<u64>(b, 16), bl3 = load<u64>(b, 24);
  const b0 = bl0 & M32, b1 = bl0 >> 32, b2 = bl1 & M32, b3 = bl1 >> 32;
  const b4 = bl2 & M32, b5 = bl2 >> 32, b6 = bl3 & M32, b7 = bl3 >> 32;
  let p: u64, L: u64, H: u64;
  p = a0 * b0; L = p & M32; H = p >> 32;
  const d0 = L & M32; L = H + (L >> 32);
  p = a0 * b1; L += p & M32; H = p >> 32;
  p = a1 * b0; L += p & M32; H += p >> 32;
  const d1 = L & M32; L = H + (L >> 32);
  p = a0 * b2; L += p & M32; H = p >> 32;
  p = a1 * b1; L += p & M32; H += p >> 32;
  p = a2 * b0; L += p & M32; H += p >> 32;
  const d2 = L & M32; L = H + (L >> 32);
  p = a0 * b3; L += p & M32; H = p >> 32;
  p = a1 * b2; L += p & M32; H += p >> 32;
  p = a2 * b1; L += p & M32; H += p >> 32;
  p = a3 * b0; L += p & M32; H += p >> 32;
  const d3 = L & M32; L = H + (L >> 32);
  p = a0 * b4; L += p & M32; H = p >> 32;
  p = a1 * b3; L += p & M32; H += p >> 32;
  p = a2 * b2; L += p & M32; H += p >> 32;
  p = a3 * b1; L += p & M32; H += p >> 32;
  p = a4 * b0; L += p & M32; H += p >> 32;
  const d4 = L & M32; L = H + (L >> 32);
  p = a0 * b5; L += p & M32; H = p >> 32;
  p = a1 * b4; L += p & M32; H += p >> 32;
  p = a2 * b3; L += p & M32; H += p >> 32;
  p = a3 * b2; L += p & M32; H += p >> 32;
  p = a4 * b1; L += p & M32; H += p >> 32;
  p = a5 * b0; L += p & M32; H += p >> 32;
  const d5 = L & M32; L = H + (L >> 32);
  p = a0 * b6; L += p & M32; H = p >> 32;
  p = a1 * b5; L += p & M32; H += p >> 32;
  p = a2 * b4; L += p & M32; H += p >> 32;
  p = a3 * b3; L += p & M32; H += p >> 32;
  p = a4 * b2; L += p & M32; H += p >> 32;
  p = a5 * b1; L += p & M32; H += p >> 32;
  p = a6 * b0; L += p & M32; H += p >> 32;
  const d6 = L & M32; L = H + (L >> 32);
  L += a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0;
  const d7 = L & M32;
  store4(r, d0 | (d1 << 32), d2 | (d3 << 32), d4 | (d5 << 32), d6 | (d7 << 32));
}

// Radix 2^30 (nine digits for 256 bits): a 30x30-bit product is below 2^60, so a whole column of
// products (at most ten, plus the carry) is summed in a u64 with one add each, and a digit is
// split off only once per column; with 32-bit digits every product has to be split into halves
// first. This roughly halves the instructions per product, and pays off where the conversions
// are amortised: across a whole EXP, and in the Barrett reduction of MULMOD.

// Radix-2^30 words (nine u64 digits in memory) for EXP: r = a*b and r = a*a, modulo 2^256. The
// top digit keeps bits 240..269; bits above 255 are junk that only ever moves upwards, so the
// low 256 bits stay exact.
function mul30(r: usize, a: usize, b: usize): void {
  const a0 = load<u64>(a, 0);
  const a1 = load<u64>(a, 8);
  const a2 = load<u64>(a, 16);
  const a3 = load<u64>(a, 24);
  const a4 = load<u64>(a, 32);
  const a5 = load<u64>(a, 40);
  const a6 = load<u64>(a, 48);
  const a7 = load<u64>(a, 56);
  const a8 = load<u64>(a, 64);
  const b0 = load<u64>(b, 0);
  const b1 = load<u64>(b, 8);
  const b2 = load<u64>(b, 16);
  const b3 = load<u64>(b, 24);
  const b4 = load<u64>(b, 32);
  const b5 = load<u64>(b, 40);
  const b6 = load<u64>(b, 48);
  const b7 = load<u64>(b, 56);
  const b8 = load<u64>(b, 64);
  const S0: u64 = a0 * b0;
  const d0 = S0 & M30;
  const S1: u64 = a0 * b1 + a1 * b0 + (S0 >> 30);
  const d1 = S1 & M30;
  const S2: u64 = a0 * b2 + a1 * b1 + a2 * b0 + (S1 >> 30);
  const d2 = S2 & M30;
  const S3: u64 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + (S2 >> 30);
  const d3 = S3 & M30;
  const S4: u64 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 + (S3 >> 30);
  const d4 = S4 & M30;
  const S5: u64 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0 + (S4 >> 30);
  const d5 = S5 & M30;
  const S6: u64 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0 + (S5 >> 30);
  const d6 = S6 & M30;
  const S7: u64 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0 + (S6 >> 30);
  const d7 = S7 & M30;
  const S8: u64 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0 + (S7 >> 30);
  const d8 = S8 & M30;
  store<u64>(r, d0, 0);
  store<u64>(r, d1, 8);
  store<u64>(r, d2, 16);
  store<u64>(r, d3, 24);
  store<u64>(r, d4, 32);
  store<u64>(r, d5, 40);
  store<u64>(r, d6, 48);
  store<u64>(r, d7, 56);
  store<u64>(r, d8, 64);
}

function sqr30(r: usize, a: usize): void {
  const a0 = load<u64>(a, 0);
  const a1 = load<u64>(a, 8);
  const a2 = load<u64>(a, 16);
  const a3 = load<u64>(a, 24);
  const a4 = load<u64>(a, 32);
  const a5 = load<u64>(a, 40);
  const a6 = load<u64>(a, 48);
  const a7 = load<u64>(a, 56);
  const a8 = load<u64>(a, 64);
  const S0: u64 = a0 * a0;
  const d0 = S0 & M30;
  const S1: u64 = ((a0 * a1) << 1) + (S0 >> 30);
  const d1 = S1 & M30;
  const S2: u64 = ((a0 * a2) << 1) + a1 * a1 + (S1 >> 30);
  const d2 = S2 & M30;
  const S3: u64 = ((a0 * a3 + a1 * a2) << 1) + (S2 >> 30);
  const d3 = S3 & M30;
  const S4: u64 = ((a0 * a4 + a1 * a3) << 1) + a2 * a2 + (S3 >> 30);
  const d4 = S4 & M30;
  const S5: u64 = ((a0 * a5 + a1 * a4 + a2 * a3) << 1) + (S4 >> 30);
  const d5 = S5 & M30;
  const S6: u64 = ((a0 * a6 + a1 * a5 + a2 * a4) << 1) + a3 * a3 + (S5 >> 30);
  const d6 = S6 & M30;
  const S7: u64 = ((a0 * a7 + a1 * a6 + a2 * a5 + a3 * a4) << 1) + (S6 >> 30);
  const d7 = S7 & M30;
  const S8: u64 = ((a0 * a8 + a1 * a7 + a2 * a6 + a3 * a5) << 1) + a4 * a4 + (S7 >> 30);
  const d8 = S8 & M30;
  store<u64>(r, d0, 0);
  store<u64>(r, d1, 8);
  store<u64>(r, d2, 16);
  store<u64>(r, d3, 24);
  store<u64>(r, d4, 32);
  store<u64>(r, d5, 40);
  store<u64>(r, d6, 48);
  store<u64>(r, d7, 56);
  store<u64>(r, d8, 64);
}

@inline function toR30(r: usize, a: usize): void {
  const l0 = load<u64>(a, 0), l1 = load<u64>(a, 8), l2 = load<u64>(a, 16), l3 = load<u64>(a, 24);
  store<u64>(r, l0 & M30, 0);
  store<u64>(r, (l0 >> 30) & M30, 8);
  store<u64>(r, (l0 >> 60) | ((l1 << 4) & M30), 16);
  store<u64>(r, (l1 >> 26) & M30, 24);
  store<u64>(r, (l1 >> 56) | ((l2 << 8) & M30), 32);
  store<u64>(r, (l2 >> 22) & M30, 40);
  store<u64>(r, (l2 >> 52) | ((l3 << 12) & M30), 48);
  store<u64>(r, (l3 >> 18) & M30, 56);
  store<u64>(r, l3 >> 48, 64);
}

@inline function fromR30(r: usize, d: usize): void {
  const d0 = load<u64>(d, 0), d1 = load<u64>(d, 8), d2 = load<u64>(d, 16), d3 = load<u64>(d, 24);
  const d4 = load<u64>(d, 32), d5 = load<u64>(d, 40), d6 = load<u64>(d, 48), d7 = load<u64>(d, 56);
  const d8 = load<u64>(d, 64);
  store4(r, d0 | (d1 << 30) | (d2 << 60), (d2 >> 4) | (d3 << 26) | (d4 << 56), (d4 >> 8) | (d5 << 22) | (d6 << 52), (d6 >> 12) | (d7 << 18) | (d8 << 48));
}

// Full 512-bit product a*b into U[0..16).
function mul512(a: usize, b: usize): void {
  const al0 = load<u64>(a, 0), al1 = load<u64>(a, 8), al2 = load<u64>(a, 16), al3 = load<u64>(a, 24);
  const a0 = al0 & M32, a1 = al0 >> 32, a2 = al1 & M32, a3 = al1 >> 32;
  const a4 = al2 & M32, a5 = al2 >> 32, a6 = al3 & M32, a7 = al3 >> 32;
  const bl0 = load<u64>(b, 0), bl1 = load<u64>(b, 8), bl2 = load<u64>(b, 16), bl3 = load<u64>(b, 24);
  const b0 = bl0 & M32, b1 = bl0 >> 32, b2 = bl1 & M32, b3 = bl1 >> 32;
  const b4 = bl2 & M32, b5 = bl2 >> 32, b6 = bl3 & M32, b7 = bl3 >> 32;
  let p: u64, L: u64, H: u64;
  p = a0 * b0; L = p & M32; H = p >> 32;
  const d0 = L & M32; L = H + (L >> 32);
  p = a0 * b1; L += p & M32; H = p >> 32;
  p = a1 * b0; L += p & M32; H += p >> 32;
  const d1 = L & M32; L = H + (L >> 32);
  p = a0 * b2; L += p & M32; H = p >> 32;
  p = a1 * b1; L += p & M32; H += p >> 32;
  p = a2 * b0; L += p & M32; H += p >> 32;
  const d2 = L & M32; L = H + (L >> 32);
  p = a0 * b3; L += p & M32; H = p >> 32;
  p = a1 * b2; L += p & M32; H += p >> 32;
  p = a2 * b1; L += p & M32; H += p >> 32;
  p = a3 * b0; L += p & M32; H += p >> 32;
  const d3 = L & M32; L = H + (L >> 32);
  p = a0 * b4; L += p & M32; H = p >> 32;
  p = a1 * b3; L += p & M32; H += p >> 32;
  p = a2 * b2; L += p & M32; H += p >> 32;
  p = a3 * b1; L += p & M32; H += p >> 32;
  p = a4 * b0; L += p & M32; H += p >> 32;
  const d4 = L & M32; L = H + (L >> 32);
  p = a0 * b5; L += p & M32; H = p >> 32;
  p = a1 * b4; L += p & M32; H += p >> 32;
  p = a2 * b3; L += p & M32; H += p >> 32;
  p = a3 * b2; L += p & M32; H += p >> 32;
  p = a4 * b1; L += p & M32; H += p >> 32;
  p = a5 * b0; L += p & M32; H += p >> 32;
  const d5 = L & M32; L = H + (L >> 32);
  p = a0 * b6; L += p & M32; H = p >> 32;
  p = a1 * b5; L += p & M32; H += p >> 32;
  p = a2 * b4; L += p & M32; H += p >> 32;
  p = a3 * b3; L += p & M32; H += p >> 32;
  p = a4 * b2; L += p & M32; H += p >> 32;
  p = a5 * b1; L += p & M32; H += p >> 32;
  p = a6 * b0; L += p & M32; H += p >> 32;
  const d6 = L & M32; L = H + (L >> 32);
  p = a0 * b7; L += p & M32; H = p >> 32;
  p = a1 * b6; L += p & M32; H += p >> 32;
  p = a2 * b5; L += p & M32; H += p >> 32;
  p = a3 * b4; L += p & M32; H += p >> 32;
  p = a4 * b3; L += p & M32; H += p >> 32;
  p = a5 * b2; L += p & M32; H += p >> 32;
  p = a6 * b1; L += p & M32; H += p >> 32;
  p = a7 * b0; L += p & M32; H += p >> 32;
  const d7 = L & M32; L = H + (L >> 32);
  p = a1 * b7; L += p & M32; H = p >> 32;
  p = a2 * b6; L += p & M32; H += p >> 32;
  p = a3 * b5; L += p & M32; H += p >> 32;
  p = a4 * b4; L += p & M32; H += p >> 32;
  p = a5 * b3; L += p & M32; H += p >> 32;
  p = a6 * b2; L += p & M32; H += p >> 32;
  p = a7 * b1; L += p & M32; H += p >> 32;
  const d8 = L & M32; L = H + (L >> 32);
  p = a2 * b7; L += p & M32; H = p >> 32;
  p = a3 * b6; L += p & M32; H += p >> 32;
  p = a4 * b5; L += p & M32; H += p >> 32;
  p = a5 * b4; L += p & M32; H += p >> 32;
  p = a6 * b3; L += p & M32; H += p >> 32;
  p = a7 * b2; L += p & M32; H += p >> 32;
  const d9 = L & M32; L = H + (L >> 32);
  p = a3 * b7; L += p & M32; H = p >> 32;
  p = a4 * b6; L += p & M32; H += p >> 32;
  p = a5 * b5; L += p & M32; H += p >> 32;
  p = a6 * b4; L += p & M32; H += p >> 32;
  p = a7 * b3; L += p & M32; H += p >> 32;
  const d10 = L & M32; L = H + (L >> 32);
  p = a4 * b7; L += p & M32; H = p >> 32;
  p = a5 * b6; L += p & M32; H += p >> 32;
  p = a6 * b5; L += p & M32; H += p >> 32;
  p = a7 * b4; L += p & M32; H += p >> 32;
  const d11 = L & M32; L = H + (L >> 32);
  p = a5 * b7; L += p & M32; H = p >> 32;
  p = a6 * b6; L += p & M32; H += p >> 32;
  p = a7 * b5; L += p & M32; H += p >> 32;
  const d12 = L & M32; L = H + (L >> 32);
  p = a6 * b7; L += p & M32; H = p >> 32;
  p = a7 * b6; L += p & M32; H += p >> 32;
  const d13 = L & M32; L = H + (L >> 32);
  p = a7 * b7; L += p & M32; H = p >> 32;
  const d14 = L & M32; L = H + (L >> 32);
  const d15 = L;
  store4(U, d0 | (d1 << 32), d2 | (d3 << 32), d4 | (d5 << 32), d6 | (d7 << 32));
  store4(U + 32, d8 | (d9 << 32), d10 | (d11 << 32), d12 | (d13 << 32), d14 | (d15 << 32));
}

// ---------------------------------------------------------------------------------------------
// Division

// The main loop of knuth below, one copy per divisor length n (2..8): with n fixed, the divisor
// digits stay in locals and the multiply-subtract and add-back steps are unrolled. Each step j
// estimates a quotient digit from the top two remainder digits (refined with the third), then
// subtracts qhat * V from U[j..j+n]; if that went negative (rare) qhat was one too large.
function knuth2(m: i32): void {
  const v0 = dg(V, 0);
  const v1 = dg(V, 1);
  for (let j = m - 2; j >= 0; j--) {
    const up = U + (<usize>j << 2);
    const ujn = dg(up, 2);
    const num = (ujn << 32) | dg(up, 1);
    let qhat = num / v1;
    let rhat = num - qhat * v1;
    const u2 = dg(up, 0);
    while (qhat > M32 || qhat * v0 > ((rhat << 32) | u2)) {
      qhat--;
      rhat += v1;
      if (rhat > M32) break;
    }
    let k: i64 = 0;
    let t: i64;
    let pr: u64;
    pr = qhat * v0;
    t = <i64>dg(up, 0) - k - <i64>(pr & M32);
    sdg(up, 0, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v1;
    t = <i64>dg(up, 1) - k - <i64>(pr & M32);
    sdg(up, 1, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    t = <i64>ujn - k;
    sdg(up, 2, <u64>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      let sm: u64;
      sm = dg(up, 0) + v0 + c;
      sdg(up, 0, sm);
      c = sm >> 32;
      sm = dg(up, 1) + v1 + c;
      sdg(up, 1, sm);
      c = sm >> 32;
      sdg(up, 2, dg(up, 2) + c);
    }
    sdg(Q, j, qhat);
  }
}

function knuth3(m: i32): void {
  const v0 = dg(V, 0);
  const v1 = dg(V, 1);
  const v2 = dg(V, 2);
  for (let j = m - 3; j >= 0; j--) {
    const up = U + (<usize>j << 2);
    const ujn = dg(up, 3);
    const num = (ujn << 32) | dg(up, 2);
    let qhat = num / v2;
    let rhat = num - qhat * v2;
    const u2 = dg(up, 1);
    while (qhat > M32 || qhat * v1 > ((rhat << 32) | u2)) {
      qhat--;
      rhat += v2;
      if (rhat > M32) break;
    }
    let k: i64 = 0;
    let t: i64;
    let pr: u64;
    pr = qhat * v0;
    t = <i64>dg(up, 0) - k - <i64>(pr & M32);
    sdg(up, 0, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v1;
    t = <i64>dg(up, 1) - k - <i64>(pr & M32);
    sdg(up, 1, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v2;
    t = <i64>dg(up, 2) - k - <i64>(pr & M32);
    sdg(up, 2, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    t = <i64>ujn - k;
    sdg(up, 3, <u64>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      let sm: u64;
      sm = dg(up, 0) + v0 + c;
      sdg(up, 0, sm);
      c = sm >> 32;
      sm = dg(up, 1) + v1 + c;
      sdg(up, 1, sm);
      c = sm >> 32;
      sm = dg(up, 2) + v2 + c;
      sdg(up, 2, sm);
      c = sm >> 32;
      sdg(up, 3, dg(up, 3) + c);
    }
    sdg(Q, j, qhat);
  }
}

function knuth4(m: i32): void {
  const v0 = dg(V, 0);
  const v1 = dg(V, 1);
  const v2 = dg(V, 2);
  const v3 = dg(V, 3);
  for (let j = m - 4; j >= 0; j--) {
    const up = U + (<usize>j << 2);
    const ujn = dg(up, 4);
    const num = (ujn << 32) | dg(up, 3);
    let qhat = num / v3;
    let rhat = num - qhat * v3;
    const u2 = dg(up, 2);
    while (qhat > M32 || qhat * v2 > ((rhat << 32) | u2)) {
      qhat--;
      rhat += v3;
      if (rhat > M32) break;
    }
    let k: i64 = 0;
    let t: i64;
    let pr: u64;
    pr = qhat * v0;
    t = <i64>dg(up, 0) - k - <i64>(pr & M32);
    sdg(up, 0, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v1;
    t = <i64>dg(up, 1) - k - <i64>(pr & M32);
    sdg(up, 1, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v2;
    t = <i64>dg(up, 2) - k - <i64>(pr & M32);
    sdg(up, 2, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v3;
    t = <i64>dg(up, 3) - k - <i64>(pr & M32);
    sdg(up, 3, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    t = <i64>ujn - k;
    sdg(up, 4, <u64>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      let sm: u64;
      sm = dg(up, 0) + v0 + c;
      sdg(up, 0, sm);
      c = sm >> 32;
      sm = dg(up, 1) + v1 + c;
      sdg(up, 1, sm);
      c = sm >> 32;
      sm = dg(up, 2) + v2 + c;
      sdg(up, 2, sm);
      c = sm >> 32;
      sm = dg(up, 3) + v3 + c;
      sdg(up, 3, sm);
      c = sm >> 32;
      sdg(up, 4, dg(up, 4) + c);
    }
    sdg(Q, j, qhat);
  }
}

function knuth5(m: i32): void {
  const v0 = dg(V, 0);
  const v1 = dg(V, 1);
  const v2 = dg(V, 2);
  const v3 = dg(V, 3);
  const v4 = dg(V, 4);
  for (let j = m - 5; j >= 0; j--) {
    const up = U + (<usize>j << 2);
    const ujn = dg(up, 5);
    const num = (ujn << 32) | dg(up, 4);
    let qhat = num / v4;
    let rhat = num - qhat * v4;
    const u2 = dg(up, 3);
    while (qhat > M32 || qhat * v3 > ((rhat << 32) | u2)) {
      qhat--;
      rhat += v4;
      if (rhat > M32) break;
    }
    let k: i64 = 0;
    let t: i64;
    let pr: u64;
    pr = qhat * v0;
    t = <i64>dg(up, 0) - k - <i64>(pr & M32);
    sdg(up, 0, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v1;
    t = <i64>dg(up, 1) - k - <i64>(pr & M32);
    sdg(up, 1, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v2;
    t = <i64>dg(up, 2) - k - <i64>(pr & M32);
    sdg(up, 2, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v3;
    t = <i64>dg(up, 3) - k - <i64>(pr & M32);
    sdg(up, 3, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v4;
    t = <i64>dg(up, 4) - k - <i64>(pr & M32);
    sdg(up, 4, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    t = <i64>ujn - k;
    sdg(up, 5, <u64>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      let sm: u64;
      sm = dg(up, 0) + v0 + c;
      sdg(up, 0, sm);
      c = sm >> 32;
      sm = dg(up, 1) + v1 + c;
      sdg(up, 1, sm);
      c = sm >> 32;
      sm = dg(up, 2) + v2 + c;
      sdg(up, 2, sm);
      c = sm >> 32;
      sm = dg(up, 3) + v3 + c;
      sdg(up, 3, sm);
      c = sm >> 32;
      sm = dg(up, 4) + v4 + c;
      sdg(up, 4, sm);
      c = sm >> 32;
      sdg(up, 5, dg(up, 5) + c);
    }
    sdg(Q, j, qhat);
  }
}

function knuth6(m: i32): void {
  const v0 = dg(V, 0);
  const v1 = dg(V, 1);
  const v2 = dg(V, 2);
  const v3 = dg(V, 3);
  const v4 = dg(V, 4);
  const v5 = dg(V, 5);
  for (let j = m - 6; j >= 0; j--) {
    const up = U + (<usize>j << 2);
    const ujn = dg(up, 6);
    const num = (ujn << 32) | dg(up, 5);
    let qhat = num / v5;
    let rhat = num - qhat * v5;
    const u2 = dg(up, 4);
    while (qhat > M32 || qhat * v4 > ((rhat << 32) | u2)) {
      qhat--;
      rhat += v5;
      if (rhat > M32) break;
    }
    let k: i64 = 0;
    let t: i64;
    let pr: u64;
    pr = qhat * v0;
    t = <i64>dg(up, 0) - k - <i64>(pr & M32);
    sdg(up, 0, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v1;
    t = <i64>dg(up, 1) - k - <i64>(pr & M32);
    sdg(up, 1, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v2;
    t = <i64>dg(up, 2) - k - <i64>(pr & M32);
    sdg(up, 2, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v3;
    t = <i64>dg(up, 3) - k - <i64>(pr & M32);
    sdg(up, 3, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v4;
    t = <i64>dg(up, 4) - k - <i64>(pr & M32);
    sdg(up, 4, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v5;
    t = <i64>dg(up, 5) - k - <i64>(pr & M32);
    sdg(up, 5, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    t = <i64>ujn - k;
    sdg(up, 6, <u64>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      let sm: u64;
      sm = dg(up, 0) + v0 + c;
      sdg(up, 0, sm);
      c = sm >> 32;
      sm = dg(up, 1) + v1 + c;
      sdg(up, 1, sm);
      c = sm >> 32;
      sm = dg(up, 2) + v2 + c;
      sdg(up, 2, sm);
      c = sm >> 32;
      sm = dg(up, 3) + v3 + c;
      sdg(up, 3, sm);
      c = sm >> 32;
      sm = dg(up, 4) + v4 + c;
      sdg(up, 4, sm);
      c = sm >> 32;
      sm = dg(up, 5) + v5 + c;
      sdg(up, 5, sm);
      c = sm >> 32;
      sdg(up, 6, dg(up, 6) + c);
    }
    sdg(Q, j, qhat);
  }
}

function knuth7(m: i32): void {
  const v0 = dg(V, 0);
  const v1 = dg(V, 1);
  const v2 = dg(V, 2);
  const v3 = dg(V, 3);
  const v4 = dg(V, 4);
  const v5 = dg(V, 5);
  const v6 = dg(V, 6);
  for (let j = m - 7; j >= 0; j--) {
    const up = U + (<usize>j << 2);
    const ujn = dg(up, 7);
    const num = (ujn << 32) | dg(up, 6);
    let qhat = num / v6;
    let rhat = num - qhat * v6;
    const u2 = dg(up, 5);
    while (qhat > M32 || qhat * v5 > ((rhat << 32) | u2)) {
      qhat--;
      rhat += v6;
      if (rhat > M32) break;
    }
    let k: i64 = 0;
    let t: i64;
    let pr: u64;
    pr = qhat * v0;
    t = <i64>dg(up, 0) - k - <i64>(pr & M32);
    sdg(up, 0, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v1;
    t = <i64>dg(up, 1) - k - <i64>(pr & M32);
    sdg(up, 1, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v2;
    t = <i64>dg(up, 2) - k - <i64>(pr & M32);
    sdg(up, 2, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v3;
    t = <i64>dg(up, 3) - k - <i64>(pr & M32);
    sdg(up, 3, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v4;
    t = <i64>dg(up, 4) - k - <i64>(pr & M32);
    sdg(up, 4, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v5;
    t = <i64>dg(up, 5) - k - <i64>(pr & M32);
    sdg(up, 5, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v6;
    t = <i64>dg(up, 6) - k - <i64>(pr & M32);
    sdg(up, 6, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    t = <i64>ujn - k;
    sdg(up, 7, <u64>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      let sm: u64;
      sm = dg(up, 0) + v0 + c;
      sdg(up, 0, sm);
      c = sm >> 32;
      sm = dg(up, 1) + v1 + c;
      sdg(up, 1, sm);
      c = sm >> 32;
      sm = dg(up, 2) + v2 + c;
      sdg(up, 2, sm);
      c = sm >> 32;
      sm = dg(up, 3) + v3 + c;
      sdg(up, 3, sm);
      c = sm >> 32;
      sm = dg(up, 4) + v4 + c;
      sdg(up, 4, sm);
      c = sm >> 32;
      sm = dg(up, 5) + v5 + c;
      sdg(up, 5, sm);
      c = sm >> 32;
      sm = dg(up, 6) + v6 + c;
      sdg(up, 6, sm);
      c = sm >> 32;
      sdg(up, 7, dg(up, 7) + c);
    }
    sdg(Q, j, qhat);
  }
}

function knuth8(m: i32): void {
  const v0 = dg(V, 0);
  const v1 = dg(V, 1);
  const v2 = dg(V, 2);
  const v3 = dg(V, 3);
  const v4 = dg(V, 4);
  const v5 = dg(V, 5);
  const v6 = dg(V, 6);
  const v7 = dg(V, 7);
  for (let j = m - 8; j >= 0; j--) {
    const up = U + (<usize>j << 2);
    const ujn = dg(up, 8);
    const num = (ujn << 32) | dg(up, 7);
    let qhat = num / v7;
    let rhat = num - qhat * v7;
    const u2 = dg(up, 6);
    while (qhat > M32 || qhat * v6 > ((rhat << 32) | u2)) {
      qhat--;
      rhat += v7;
      if (rhat > M32) break;
    }
    let k: i64 = 0;
    let t: i64;
    let pr: u64;
    pr = qhat * v0;
    t = <i64>dg(up, 0) - k - <i64>(pr & M32);
    sdg(up, 0, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v1;
    t = <i64>dg(up, 1) - k - <i64>(pr & M32);
    sdg(up, 1, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v2;
    t = <i64>dg(up, 2) - k - <i64>(pr & M32);
    sdg(up, 2, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v3;
    t = <i64>dg(up, 3) - k - <i64>(pr & M32);
    sdg(up, 3, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v4;
    t = <i64>dg(up, 4) - k - <i64>(pr & M32);
    sdg(up, 4, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v5;
    t = <i64>dg(up, 5) - k - <i64>(pr & M32);
    sdg(up, 5, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v6;
    t = <i64>dg(up, 6) - k - <i64>(pr & M32);
    sdg(up, 6, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    pr = qhat * v7;
    t = <i64>dg(up, 7) - k - <i64>(pr & M32);
    sdg(up, 7, <u64>t);
    k = <i64>(pr >> 32) - (t >> 32);
    t = <i64>ujn - k;
    sdg(up, 8, <u64>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      let sm: u64;
      sm = dg(up, 0) + v0 + c;
      sdg(up, 0, sm);
      c = sm >> 32;
      sm = dg(up, 1) + v1 + c;
      sdg(up, 1, sm);
      c = sm >> 32;
      sm = dg(up, 2) + v2 + c;
      sdg(up, 2, sm);
      c = sm >> 32;
      sm = dg(up, 3) + v3 + c;
      sdg(up, 3, sm);
      c = sm >> 32;
      sm = dg(up, 4) + v4 + c;
      sdg(up, 4, sm);
      c = sm >> 32;
      sm = dg(up, 5) + v5 + c;
      sdg(up, 5, sm);
      c = sm >> 32;
      sm = dg(up, 6) + v6 + c;
      sdg(up, 6, sm);
      c = sm >> 32;
      sm = dg(up, 7) + v7 + c;
      sdg(up, 7, sm);
      c = sm >> 32;
      sdg(up, 8, dg(up, 8) + c);
    }
    sdg(Q, j, qhat);
  }
}

// Knuth's algorithm D (TAOCP 4.3.1) on 32-bit digits: divides U[0..m) by V[0..n), with
// 2 <= n <= 8, n <= m <= 17, V[n-1] != 0, and U zero from digit m to the end of its limb.
// Writes quotient digits Q[0..m-n] and leaves the remainder, still shifted left by the returned
// normalisation shift, in U[0..n) (digits n..m end as zero).
function knuth(m: i32, n: i32): u64 {
  const s = <u64>clz<u32>(load<u32>(V + (<usize>(n - 1) << 2)));
  // Normalise so that the top divisor digit has its high bit set, which keeps each quotient
  // estimate at most 2 too large. Shifting whole 64-bit limbs halves the work. (Writing the
  // 32-bit digits that the main loop reads instead measured slower.)
  if (s) {
    const rs = 64 - s;
    const v0 = load<u64>(V, 0), v1 = load<u64>(V, 8), v2 = load<u64>(V, 16), v3 = load<u64>(V, 24);
    store4(V, v0 << s, (v1 << s) | (v0 >> rs), (v2 << s) | (v1 >> rs), (v3 << s) | (v2 >> rs));
    let p = U + (<usize>(m >> 1) << 3);
    let hi = load<u64>(p);
    while (p > U) {
      const lo = load<u64>(p - 8);
      store<u64>(p, (hi << s) | (lo >> rs));
      hi = lo;
      p -= 8;
    }
    store<u64>(U, hi << s);
  }
  switch (n) {
    case 2: knuth2(m); break;
    case 3: knuth3(m); break;
    case 4: knuth4(m); break;
    case 5: knuth5(m); break;
    case 6: knuth6(m); break;
    case 7: knuth7(m); break;
    default: knuth8(m);
  }
  return s;
}

// Limb i of a word held as 32-bit digits at p, read digit by digit to match how they were
// written.
@inline function limbOfDigits(p: usize, i: i32): u64 {
  return dg(p, 2 * i) | (dg(p, 2 * i + 1) << 32);
}

// Writes the remainder left by knuth (shifted left by s) into r as a word. It is below 2^256,
// so digit 8 contributes only the bits shifted down into limb 3.
@inline function unnormalise(r: usize, s: u64): void {
  const u0 = limbOfDigits(U, 0), u1 = limbOfDigits(U, 1), u2 = limbOfDigits(U, 2), u3 = limbOfDigits(U, 3);
  if (s) {
    const ls = 64 - s;
    const u4 = dg(U, 8);
    store4(r, (u0 >> s) | (u1 << ls), (u1 >> s) | (u2 << ls), (u2 >> s) | (u3 << ls), (u3 >> s) | (u4 << ls));
  } else {
    store4(r, u0, u1, u2, u3);
  }
}

// Remainder of U (m digits, as limbs) by a single digit d.
@inline function shortRem(m: i32, d: u64): u64 {
  let rem: u64 = 0;
  for (let i = (m - 1) >> 1; i >= 0; i--) {
    const x = load<u64>(U + (<usize>i << 3));
    rem = ((rem << 32) | (x >> 32)) % d;
    rem = ((rem << 32) | (x & M32)) % d;
  }
  return rem;
}

// r = U mod n, for a dividend of m <= 17 significant digits held as limbs, and n != 0.
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
  // knuth needs digit m clear: for odd m it is the top half of the dividend's top limb and
  // already zero; for even m it starts a limb that may hold stale data.
  if (!(m & 1)) store<u64>(U + (<usize>m << 2), 0);
  copy(V, n);
  const s = knuth(m, nd);
  unnormalise(r, s);
}

// a / b and a % b into Q and RW when both have the same number of 32-bit digits (at least 3)
// and a >= b, so the quotient is a single digit: one step of Knuth D done in registers, without
// the copies and loops of the general path. Operands of similar size are common (EEST-style
// benchmarks, SDIV/SMOD of values near each other).
function udivremOneDigit(a: usize, b: usize): void {
  const a0 = load<u64>(a, 0), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b, 0), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  // Normalise: shift both left so that the divisor's top bit is bit 255 (b >= 2^64 here).
  const sh: u64 = b3 ? clz(b3) : b2 ? 64 + clz(b2) : 128 + clz(b1);
  const s = sh & 63;
  let B0: u64, B1: u64, B2: u64, B3: u64, A0: u64, A1: u64, A2: u64, A3: u64, A4: u64;
  switch (<i32>(sh >> 6)) {
    case 0:
      B3 = (b3 << s) | spillR(b2, s); B2 = (b2 << s) | spillR(b1, s); B1 = (b1 << s) | spillR(b0, s); B0 = b0 << s;
      A4 = spillR(a3, s); A3 = (a3 << s) | spillR(a2, s); A2 = (a2 << s) | spillR(a1, s); A1 = (a1 << s) | spillR(a0, s); A0 = a0 << s;
      break;
    case 1:
      B3 = (b2 << s) | spillR(b1, s); B2 = (b1 << s) | spillR(b0, s); B1 = b0 << s; B0 = 0;
      A4 = spillR(a2, s); A3 = (a2 << s) | spillR(a1, s); A2 = (a1 << s) | spillR(a0, s); A1 = a0 << s; A0 = 0;
      break;
    default:
      B3 = (b1 << s) | spillR(b0, s); B2 = b0 << s; B1 = 0; B0 = 0;
      A4 = spillR(a1, s); A3 = (a1 << s) | spillR(a0, s); A2 = a0 << s; A1 = 0; A0 = 0;
  }
  // Quotient estimate from the top two digits, refined with the third (at most 1 too large).
  const vt = B3 >> 32;
  const num = (A4 << 32) | (A3 >> 32);
  let qhat = num / vt;
  let rhat = num - qhat * vt;
  while (qhat > M32 || qhat * (B3 & M32) > ((rhat << 32) | (A3 & M32))) {
    qhat--;
    rhat += vt;
    if (rhat > M32) break;
  }
  // P = qhat * B' (five limbs), from 32-bit halves so that each partial product fits a u64
  let t = qhat * (B0 & M32);
  let c = t >> 32;
  let lo = t & M32;
  t = qhat * (B0 >> 32) + c;
  const P0 = lo | (t << 32);
  c = t >> 32;
  t = qhat * (B1 & M32) + c;
  c = t >> 32;
  lo = t & M32;
  t = qhat * (B1 >> 32) + c;
  const P1 = lo | (t << 32);
  c = t >> 32;
  t = qhat * (B2 & M32) + c;
  c = t >> 32;
  lo = t & M32;
  t = qhat * (B2 >> 32) + c;
  const P2 = lo | (t << 32);
  c = t >> 32;
  t = qhat * (B3 & M32) + c;
  c = t >> 32;
  lo = t & M32;
  t = qhat * (B3 >> 32) + c;
  const P3 = lo | (t << 32);
  const P4 = t >> 32;
  // R = A' - P
  let R0 = A0 - P0;
  let br = <u64>(A0 < P0);
  let d = A1 - P1;
  let br2 = <u64>(A1 < P1);
  let R1 = d - br;
  br = br2 | <u64>(d < br);
  d = A2 - P2;
  br2 = <u64>(A2 < P2);
  let R2 = d - br;
  br = br2 | <u64>(d < br);
  d = A3 - P3;
  br2 = <u64>(A3 < P3);
  let R3 = d - br;
  br = br2 | <u64>(d < br);
  if (A4 < P4 + br) {
    // qhat was one too large (rare): add B' back
    qhat--;
    R0 += B0;
    let cy = <u64>(R0 < B0);
    d = R1 + B1;
    let cy2 = <u64>(d < B1);
    R1 = d + cy;
    cy = cy2 | <u64>(R1 < d);
    d = R2 + B2;
    cy2 = <u64>(d < B2);
    R2 = d + cy;
    cy = cy2 | <u64>(R2 < d);
    R3 = R3 + B3 + cy;
  }
  setU64(Q, qhat);
  // remainder = R >> sh (R < B' < 2^256)
  switch (<i32>(sh >> 6)) {
    case 0:
      store4(RW, (R0 >> s) | spillL(R1, s), (R1 >> s) | spillL(R2, s), (R2 >> s) | spillL(R3, s), R3 >> s);
      break;
    case 1:
      store4(RW, (R1 >> s) | spillL(R2, s), (R2 >> s) | spillL(R3, s), R3 >> s, 0);
      break;
    default:
      store4(RW, (R2 >> s) | spillL(R3, s), R3 >> s, 0, 0);
  }
}

// Unsigned a / b and a % b into Q (digits 0..7, read back with limbOfDigits) and RW, for b != 0.
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
  if (na == nb) {
    udivremOneDigit(a, b);
    return;
  }
  if (nb == 1) {
    // short division, two digits per limb
    const d = load<u64>(b, 0);
    let rem: u64 = 0;
    setZero(Q);
    for (let i = (na - 1) >> 1; i >= 0; i--) {
      const x = load<u64>(a + (<usize>i << 3));
      let cur = (rem << 32) | (x >> 32);
      const qh = cur / d;
      rem = cur - qh * d;
      cur = (rem << 32) | (x & M32);
      const ql = cur / d;
      rem = cur - ql * d;
      sdg(Q, 2 * i + 1, qh);
      sdg(Q, 2 * i, ql);
    }
    setU64(RW, rem);
    return;
  }
  copy(U, a);
  store<u64>(U, 0, 32);
  copy(V, b);
  setZero(Q);
  const s = knuth(na, nb);
  unnormalise(RW, s);
}

// The quotient of udivrem into r. Q may have been written digit by digit, and a load spanning
// several recent narrower stores stalls (see the top of the file), so it is read by digits.
@inline function loadQuotient(r: usize): void {
  store4(r, limbOfDigits(Q, 0), limbOfDigits(Q, 1), limbOfDigits(Q, 2), limbOfDigits(Q, 3));
}

export function div(r: usize, a: usize, b: usize): void {
  if (isZero(b)) {
    setZero(r);
    return;
  }
  udivrem(a, b);
  loadQuotient(r);
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
  loadQuotient(r);
  if (na != nb) negInto(r, r);
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

// (a + b) mod n over the 257-bit sum S. Reduced operands (the elliptic-curve case) give S < 2n,
// where the result is S or S - n: both are computed and selected without branches, since which
// one applies is a coin flip that a branch predictor cannot learn. A few more subtractions
// cover slightly unreduced operands; anything else goes through a division.
export function addmod(r: usize, a: usize, b: usize, n: usize): void {
  const n0 = load<u64>(n, 0), n1 = load<u64>(n, 8), n2 = load<u64>(n, 16), n3 = load<u64>(n, 24);
  const a0 = load<u64>(a, 0), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b, 0), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  // s = a + b, c = bit 256
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
  c = c2 | <u64>(s3 < t);
  // d = s - n, br = borrow out of bit 256; S - n = d exactly when c == br
  let d0 = s0 - n0;
  let br = <u64>(s0 < n0);
  t = s1 - n1;
  let br2 = <u64>(s1 < n1);
  let d1 = t - br;
  br = br2 | <u64>(t < br);
  t = s2 - n2;
  br2 = <u64>(s2 < n2);
  let d2 = t - br;
  br = br2 | <u64>(t < br);
  t = s3 - n3;
  br2 = <u64>(s3 < n3);
  let d3 = t - br;
  br = br2 | <u64>(t < br);
  // e = borrow of d - n, i.e. d < n
  let e = <u64>(d0 < n0);
  e = select<u64>(<u64>(d1 < n1), e, d1 != n1);
  e = select<u64>(<u64>(d2 < n2), e, d2 != n2);
  e = select<u64>(<u64>(d3 < n3), e, d3 != n3);
  const below = (c ^ 1) & br; // S < n
  if (below | ((<u64>(c == br)) & e)) {
    const useS = below != 0;
    store4(r, select(s0, d0, useS), select(s1, d1, useS), select(s2, d2, useS), select(s3, d3, useS));
    return;
  }
  if ((n0 | n1 | n2 | n3) == 0) {
    setZero(r);
    return;
  }
  if (c == br) {
    // S - n = d >= n: try a few more subtractions
    for (let k = 0; k < 3; k++) {
      const f0 = d0 - n0;
      br = <u64>(d0 < n0);
      t = d1 - n1;
      br2 = <u64>(d1 < n1);
      const f1 = t - br;
      br = br2 | <u64>(t < br);
      t = d2 - n2;
      br2 = <u64>(d2 < n2);
      const f2 = t - br;
      br = br2 | <u64>(t < br);
      t = d3 - n3;
      br2 = <u64>(d3 < n3);
      const f3 = t - br;
      br = br2 | <u64>(t < br);
      if (br) break; // d < n
      d0 = f0; d1 = f1; d2 = f2; d3 = f3;
      if (lt4(d0, d1, d2, d3, n0, n1, n2, n3)) {
        store4(r, d0, d1, d2, d3);
        return;
      }
    }
  }
  store4(U, s0, s1, s2, s3);
  store<u64>(U, c, 32);
  remU(r, c ? 9 : digitCount(U), n);
}

// Barrett reduction for moduli n >= 2^240 (the elliptic-curve case), in radix B = 2^30 with
// k = 9 digits: with mu = floor(B^18 / n) precomputed, a product is reduced with two partial
// products and at most three subtractions, instead of nine dependent quotient-digit steps of
// Knuth D. mu costs one long division, so it is computed only when the same modulus shows up
// twice in a row, and kept for the two most recent such moduli. An entry holds n as a word, n
// in radix 2^30 (9 digits) and mu in radix 2^30 (10 digits).
const BC_ND: usize = 32;
const BC_MU: usize = 32 + 72;
const BC_SIZE: usize = 32 + 72 + 80;
const BC0: usize = memory.data(<i32>BC_SIZE, 16);
const BC1: usize = memory.data(<i32>BC_SIZE, 16);
const BC_CAND: usize = memory.data(32, 16);

function installMu(n: usize): usize {
  memory.fill(U, 0, 64);
  store<u64>(U, <u64>1 << 28, 64); // U = 2^540 = B^18: digit 16 = 2^28, 17 digits
  copy(V, n);
  knuth(17, 8); // quotient < 2^300 = B^10 since n > 2^240 (powers of two never get here)
  memory.copy(BC1, BC0, BC_SIZE);
  copy(BC0, n);
  toR30(BC0 + BC_ND, n);
  for (let i = 0; i < 10; i++) {
    const bit = i * 30;
    const j = bit >> 5;
    store<u64>(BC0 + BC_MU + (<usize>i << 3), ((dg(Q, j) | (dg(Q, j + 1) << 32)) >> <u64>(bit & 31)) & M30);
  }
  setZero(BC_CAND);
  return BC0;
}

// r = a*b mod n, n >= 2^240 and not a power of two, with entry e from installMu. HAC 14.42 with
// the partial quotient product of 14.44: q = floor(floor(x / B^8) * mu / B^10) computed from
// columns >= 8 only is at most 3 below floor(x / n), so x - q*n < 4n < B^10 and is exact
// modulo B^10.
function barrett30(r: usize, a: usize, b: usize, n: usize, e: usize): void {
  const mu = e + BC_MU;
  const nd = e + BC_ND;
  const al0 = load<u64>(a, 0), al1 = load<u64>(a, 8), al2 = load<u64>(a, 16), al3 = load<u64>(a, 24);
  const bl0 = load<u64>(b, 0), bl1 = load<u64>(b, 8), bl2 = load<u64>(b, 16), bl3 = load<u64>(b, 24);
  const a0 = al0 & M30, a1 = (al0 >> 30) & M30, a2 = (al0 >> 60) | ((al1 << 4) & M30);
  const a3 = (al1 >> 26) & M30, a4 = (al1 >> 56) | ((al2 << 8) & M30), a5 = (al2 >> 22) & M30;
  const a6 = (al2 >> 52) | ((al3 << 12) & M30), a7 = (al3 >> 18) & M30, a8 = al3 >> 48;
  const b0 = bl0 & M30, b1 = (bl0 >> 30) & M30, b2 = (bl0 >> 60) | ((bl1 << 4) & M30);
  const b3 = (bl1 >> 26) & M30, b4 = (bl1 >> 56) | ((bl2 << 8) & M30), b5 = (bl2 >> 22) & M30;
  const b6 = (bl2 >> 52) | ((bl3 << 12) & M30), b7 = (bl3 >> 18) & M30, b8 = bl3 >> 48;
  const S0: u64 = a0 * b0;
  const x0 = S0 & M30;
  const S1: u64 = a0 * b1 + a1 * b0 + (S0 >> 30);
  const x1 = S1 & M30;
  const S2: u64 = a0 * b2 + a1 * b1 + a2 * b0 + (S1 >> 30);
  const x2 = S2 & M30;
  const S3: u64 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + (S2 >> 30);
  const x3 = S3 & M30;
  const S4: u64 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 + (S3 >> 30);
  const x4 = S4 & M30;
  const S5: u64 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0 + (S4 >> 30);
  const x5 = S5 & M30;
  const S6: u64 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0 + (S5 >> 30);
  const x6 = S6 & M30;
  const S7: u64 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0 + (S6 >> 30);
  const x7 = S7 & M30;
  const S8: u64 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0 + (S7 >> 30);
  const x8 = S8 & M30;
  const S9: u64 = a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2 + a8 * b1 + (S8 >> 30);
  const x9 = S9 & M30;
  const S10: u64 = a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3 + a8 * b2 + (S9 >> 30);
  const x10 = S10 & M30;
  const S11: u64 = a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4 + a8 * b3 + (S10 >> 30);
  const x11 = S11 & M30;
  const S12: u64 = a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5 + a8 * b4 + (S11 >> 30);
  const x12 = S12 & M30;
  const S13: u64 = a5 * b8 + a6 * b7 + a7 * b6 + a8 * b5 + (S12 >> 30);
  const x13 = S13 & M30;
  const S14: u64 = a6 * b8 + a7 * b7 + a8 * b6 + (S13 >> 30);
  const x14 = S14 & M30;
  const S15: u64 = a7 * b8 + a8 * b7 + (S14 >> 30);
  const x15 = S15 & M30;
  const S16: u64 = a8 * b8 + (S15 >> 30);
  const x16 = S16 & M30;
  const x17 = (S16 >> 30);
  const m0 = load<u64>(mu, 0);
  const m1 = load<u64>(mu, 8);
  const m2 = load<u64>(mu, 16);
  const m3 = load<u64>(mu, 24);
  const m4 = load<u64>(mu, 32);
  const m5 = load<u64>(mu, 40);
  const m6 = load<u64>(mu, 48);
  const m7 = load<u64>(mu, 56);
  const m8 = load<u64>(mu, 64);
  const m9 = load<u64>(mu, 72);
  const y0 = x8;
  const y1 = x9;
  const y2 = x10;
  const y3 = x11;
  const y4 = x12;
  const y5 = x13;
  const y6 = x14;
  const y7 = x15;
  const y8 = x16;
  const y9 = x17;
  const S17: u64 = y0 * m8 + y1 * m7 + y2 * m6 + y3 * m5 + y4 * m4 + y5 * m3 + y6 * m2 + y7 * m1 + y8 * m0;
  const S18: u64 = y0 * m9 + y1 * m8 + y2 * m7 + y3 * m6 + y4 * m5 + y5 * m4 + y6 * m3 + y7 * m2 + y8 * m1 + y9 * m0 + (S17 >> 30);
  const S19: u64 = y1 * m9 + y2 * m8 + y3 * m7 + y4 * m6 + y5 * m5 + y6 * m4 + y7 * m3 + y8 * m2 + y9 * m1 + (S18 >> 30);
  const q10 = S19 & M30;
  const S20: u64 = y2 * m9 + y3 * m8 + y4 * m7 + y5 * m6 + y6 * m5 + y7 * m4 + y8 * m3 + y9 * m2 + (S19 >> 30);
  const q11 = S20 & M30;
  const S21: u64 = y3 * m9 + y4 * m8 + y5 * m7 + y6 * m6 + y7 * m5 + y8 * m4 + y9 * m3 + (S20 >> 30);
  const q12 = S21 & M30;
  const S22: u64 = y4 * m9 + y5 * m8 + y6 * m7 + y7 * m6 + y8 * m5 + y9 * m4 + (S21 >> 30);
  const q13 = S22 & M30;
  const S23: u64 = y5 * m9 + y6 * m8 + y7 * m7 + y8 * m6 + y9 * m5 + (S22 >> 30);
  const q14 = S23 & M30;
  const S24: u64 = y6 * m9 + y7 * m8 + y8 * m7 + y9 * m6 + (S23 >> 30);
  const q15 = S24 & M30;
  const S25: u64 = y7 * m9 + y8 * m8 + y9 * m7 + (S24 >> 30);
  const q16 = S25 & M30;
  const S26: u64 = y8 * m9 + y9 * m8 + (S25 >> 30);
  const q17 = S26 & M30;
  const S27: u64 = y9 * m9 + (S26 >> 30);
  const q18 = S27 & M30;
  const q19 = (S27 >> 30);
  const z0 = q10;
  const z1 = q11;
  const z2 = q12;
  const z3 = q13;
  const z4 = q14;
  const z5 = q15;
  const z6 = q16;
  const z7 = q17;
  const z8 = q18;
  const z9 = q19;
  const n0 = load<u64>(nd, 0);
  const n1 = load<u64>(nd, 8);
  const n2 = load<u64>(nd, 16);
  const n3 = load<u64>(nd, 24);
  const n4 = load<u64>(nd, 32);
  const n5 = load<u64>(nd, 40);
  const n6 = load<u64>(nd, 48);
  const n7 = load<u64>(nd, 56);
  const n8 = load<u64>(nd, 64);
  const S28: u64 = z0 * n0;
  const s0 = S28 & M30;
  const S29: u64 = z0 * n1 + z1 * n0 + (S28 >> 30);
  const s1 = S29 & M30;
  const S30: u64 = z0 * n2 + z1 * n1 + z2 * n0 + (S29 >> 30);
  const s2 = S30 & M30;
  const S31: u64 = z0 * n3 + z1 * n2 + z2 * n1 + z3 * n0 + (S30 >> 30);
  const s3 = S31 & M30;
  const S32: u64 = z0 * n4 + z1 * n3 + z2 * n2 + z3 * n1 + z4 * n0 + (S31 >> 30);
  const s4 = S32 & M30;
  const S33: u64 = z0 * n5 + z1 * n4 + z2 * n3 + z3 * n2 + z4 * n1 + z5 * n0 + (S32 >> 30);
  const s5 = S33 & M30;
  const S34: u64 = z0 * n6 + z1 * n5 + z2 * n4 + z3 * n3 + z4 * n2 + z5 * n1 + z6 * n0 + (S33 >> 30);
  const s6 = S34 & M30;
  const S35: u64 = z0 * n7 + z1 * n6 + z2 * n5 + z3 * n4 + z4 * n3 + z5 * n2 + z6 * n1 + z7 * n0 + (S34 >> 30);
  const s7 = S35 & M30;
  const S36: u64 = z0 * n8 + z1 * n7 + z2 * n6 + z3 * n5 + z4 * n4 + z5 * n3 + z6 * n2 + z7 * n1 + z8 * n0 + (S35 >> 30);
  const s8 = S36 & M30;
  const S37: u64 = z1 * n8 + z2 * n7 + z3 * n6 + z4 * n5 + z5 * n4 + z6 * n3 + z7 * n2 + z8 * n1 + z9 * n0 + (S36 >> 30);
  const s9 = S37 & M30;
  // t = (x mod B^10) - s
  let t0 = x0 - s0;
  let t1 = x1 - s1 - (t0 >> 63);
  let t2 = x2 - s2 - (t1 >> 63);
  let t3 = x3 - s3 - (t2 >> 63);
  let t4 = x4 - s4 - (t3 >> 63);
  let t5 = x5 - s5 - (t4 >> 63);
  let t6 = x6 - s6 - (t5 >> 63);
  let t7 = x7 - s7 - (t6 >> 63);
  let t8 = x8 - s8 - (t7 >> 63);
  const t9 = x9 - s9 - (t8 >> 63);
  t0 &= M30; t1 &= M30; t2 &= M30; t3 &= M30; t4 &= M30; t5 &= M30; t6 &= M30; t7 &= M30; t8 &= M30;
  // back to limbs; t < 4n < 2^258, bits 256 and up go to `top`
  let r0 = t0 | (t1 << 30) | (t2 << 60);
  let r1 = (t2 >> 4) | (t3 << 26) | (t4 << 56);
  let r2 = (t4 >> 8) | (t5 << 22) | (t6 << 52);
  let r3 = (t6 >> 12) | (t7 << 18) | (t8 << 48);
  let top = ((t8 >> 16) | (t9 << 14)) & M30;
  const N0 = load<u64>(n, 0), N1 = load<u64>(n, 8), N2 = load<u64>(n, 16), N3 = load<u64>(n, 24);
  while (top != 0 || !lt4(r0, r1, r2, r3, N0, N1, N2, N3)) {
    let br = <u64>(r0 < N0);
    r0 -= N0;
    let u = r1 - N1;
    let br2 = <u64>(r1 < N1);
    r1 = u - br;
    br = br2 | <u64>(u < br);
    u = r2 - N2;
    br2 = <u64>(r2 < N2);
    r2 = u - br;
    br = br2 | <u64>(u < br);
    u = r3 - N3;
    br2 = <u64>(r3 < N3);
    r3 = u - br;
    br = br2 | <u64>(u < br);
    top -= br;
  }
  store4(r, r0, r1, r2, r3);
}

// (a * b) mod n over the full 512-bit product: Barrett reduction for large moduli seen more than
// once in a row (see above), a mask for powers of two, otherwise the product divided by Knuth D
// (with native arithmetic when everything is small).
export function mulmod(r: usize, a: usize, b: usize, n: usize): void {
  const n3 = load<u64>(n, 24);
  if (n3 > M32) {
    if ((load<u64>(n, 0) | load<u64>(n, 8) | load<u64>(n, 16)) == 0 && popcnt(n3) == 1) {
      // n = 2^k: keep the low k bits (k >= 224, so they all come from the low 256-bit product)
      mul(r, a, b);
      store<u64>(r, load<u64>(r, 24) & (n3 - 1), 24);
      return;
    }
    if (n3 >= <u64>1 << 48) {
      let e: usize = 0;
      if (eqWords(n, BC0)) e = BC0;
      else if (eqWords(n, BC1)) e = BC1;
      else if (eqWords(n, BC_CAND)) e = installMu(n);
      if (e) {
        barrett30(r, a, b, n, e);
        return;
      }
      copy(BC_CAND, n);
    }
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

// Lowest bit of the window that starts at set bit i: at most 4 bits long, ending on a set bit.
@inline function windowEnd(i: i32): i32 {
  let l = i - 3;
  if (l < 0) l = 0;
  while (!expBit(l)) l++;
  return l;
}

@inline function windowValue(i: i32, l: i32): i32 {
  let val = 0;
  for (let j = i; j >= l; j--) val = (val << 1) | <i32>expBit(j);
  return val;
}

// The accumulator of the loops below lives in locals rather than in memory: the squarings form
// one long dependency chain, and a store/load round trip per step would lengthen it.
// Binary square-and-multiply over exponent bits bits-2..0, starting from the base.
function expBinary(r: usize, bits: i32): void {
  let c0: u64 = load<u64>(ETBL, 0), c1: u64 = load<u64>(ETBL, 8), c2: u64 = load<u64>(ETBL, 16);
  let c3: u64 = load<u64>(ETBL, 24), c4: u64 = load<u64>(ETBL, 32), c5: u64 = load<u64>(ETBL, 40);
  let c6: u64 = load<u64>(ETBL, 48), c7: u64 = load<u64>(ETBL, 56), c8: u64 = load<u64>(ETBL, 64);
  for (let i = bits - 2; i >= 0; i--) {
    {
      const S0: u64 = c0 * c0;
      const n0 = S0 & M30;
      const S1: u64 = ((c0 * c1) << 1) + (S0 >> 30);
      const n1 = S1 & M30;
      const S2: u64 = ((c0 * c2) << 1) + c1 * c1 + (S1 >> 30);
      const n2 = S2 & M30;
      const S3: u64 = ((c0 * c3 + c1 * c2) << 1) + (S2 >> 30);
      const n3 = S3 & M30;
      const S4: u64 = ((c0 * c4 + c1 * c3) << 1) + c2 * c2 + (S3 >> 30);
      const n4 = S4 & M30;
      const S5: u64 = ((c0 * c5 + c1 * c4 + c2 * c3) << 1) + (S4 >> 30);
      const n5 = S5 & M30;
      const S6: u64 = ((c0 * c6 + c1 * c5 + c2 * c4) << 1) + c3 * c3 + (S5 >> 30);
      const n6 = S6 & M30;
      const S7: u64 = ((c0 * c7 + c1 * c6 + c2 * c5 + c3 * c4) << 1) + (S6 >> 30);
      const n7 = S7 & M30;
      const S8: u64 = ((c0 * c8 + c1 * c7 + c2 * c6 + c3 * c5) << 1) + c4 * c4 + (S7 >> 30);
      const n8 = S8 & M30;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      c4 = n4;
      c5 = n5;
      c6 = n6;
      c7 = n7;
      c8 = n8;
    }
    if (expBit(i)) {
      {
        const w0 = load<u64>(ETBL, 0);
        const w1 = load<u64>(ETBL, 8);
        const w2 = load<u64>(ETBL, 16);
        const w3 = load<u64>(ETBL, 24);
        const w4 = load<u64>(ETBL, 32);
        const w5 = load<u64>(ETBL, 40);
        const w6 = load<u64>(ETBL, 48);
        const w7 = load<u64>(ETBL, 56);
        const w8 = load<u64>(ETBL, 64);
        const S9: u64 = c0 * w0;
        const n0 = S9 & M30;
        const S10: u64 = c0 * w1 + c1 * w0 + (S9 >> 30);
        const n1 = S10 & M30;
        const S11: u64 = c0 * w2 + c1 * w1 + c2 * w0 + (S10 >> 30);
        const n2 = S11 & M30;
        const S12: u64 = c0 * w3 + c1 * w2 + c2 * w1 + c3 * w0 + (S11 >> 30);
        const n3 = S12 & M30;
        const S13: u64 = c0 * w4 + c1 * w3 + c2 * w2 + c3 * w1 + c4 * w0 + (S12 >> 30);
        const n4 = S13 & M30;
        const S14: u64 = c0 * w5 + c1 * w4 + c2 * w3 + c3 * w2 + c4 * w1 + c5 * w0 + (S13 >> 30);
        const n5 = S14 & M30;
        const S15: u64 = c0 * w6 + c1 * w5 + c2 * w4 + c3 * w3 + c4 * w2 + c5 * w1 + c6 * w0 + (S14 >> 30);
        const n6 = S15 & M30;
        const S16: u64 = c0 * w7 + c1 * w6 + c2 * w5 + c3 * w4 + c4 * w3 + c5 * w2 + c6 * w1 + c7 * w0 + (S15 >> 30);
        const n7 = S16 & M30;
        const S17: u64 = c0 * w8 + c1 * w7 + c2 * w6 + c3 * w5 + c4 * w4 + c5 * w3 + c6 * w2 + c7 * w1 + c8 * w0 + (S16 >> 30);
        const n8 = S17 & M30;
        c0 = n0;
        c1 = n1;
        c2 = n2;
        c3 = n3;
        c4 = n4;
        c5 = n5;
        c6 = n6;
        c7 = n7;
        c8 = n8;
      }
    }
  }
  store4(
    r,
    c0 | (c1 << 30) | (c2 << 60),
    (c2 >> 4) | (c3 << 26) | (c4 << 56),
    (c4 >> 8) | (c5 << 22) | (c6 << 52),
    (c6 >> 12) | (c7 << 18) | (c8 << 48),
  );
}

// Sliding window of up to 4 bits over the odd powers in ETBL; the first window (the top bit is
// set) loads its power instead of multiplying.
function expWindow(r: usize, bits: i32): void {
  let i = bits - 1;
  let l = windowEnd(i);
  let pw = ETBL + <usize>(windowValue(i, l) >> 1) * 72;
  let c0: u64 = load<u64>(pw, 0), c1: u64 = load<u64>(pw, 8), c2: u64 = load<u64>(pw, 16);
  let c3: u64 = load<u64>(pw, 24), c4: u64 = load<u64>(pw, 32), c5: u64 = load<u64>(pw, 40);
  let c6: u64 = load<u64>(pw, 48), c7: u64 = load<u64>(pw, 56), c8: u64 = load<u64>(pw, 64);
  i = l - 1;
  while (i >= 0) {
    if (!expBit(i)) {
      {
        const S18: u64 = c0 * c0;
        const n0 = S18 & M30;
        const S19: u64 = ((c0 * c1) << 1) + (S18 >> 30);
        const n1 = S19 & M30;
        const S20: u64 = ((c0 * c2) << 1) + c1 * c1 + (S19 >> 30);
        const n2 = S20 & M30;
        const S21: u64 = ((c0 * c3 + c1 * c2) << 1) + (S20 >> 30);
        const n3 = S21 & M30;
        const S22: u64 = ((c0 * c4 + c1 * c3) << 1) + c2 * c2 + (S21 >> 30);
        const n4 = S22 & M30;
        const S23: u64 = ((c0 * c5 + c1 * c4 + c2 * c3) << 1) + (S22 >> 30);
        const n5 = S23 & M30;
        const S24: u64 = ((c0 * c6 + c1 * c5 + c2 * c4) << 1) + c3 * c3 + (S23 >> 30);
        const n6 = S24 & M30;
        const S25: u64 = ((c0 * c7 + c1 * c6 + c2 * c5 + c3 * c4) << 1) + (S24 >> 30);
        const n7 = S25 & M30;
        const S26: u64 = ((c0 * c8 + c1 * c7 + c2 * c6 + c3 * c5) << 1) + c4 * c4 + (S25 >> 30);
        const n8 = S26 & M30;
        c0 = n0;
        c1 = n1;
        c2 = n2;
        c3 = n3;
        c4 = n4;
        c5 = n5;
        c6 = n6;
        c7 = n7;
        c8 = n8;
      }
      i--;
      continue;
    }
    l = windowEnd(i);
    pw = ETBL + <usize>(windowValue(i, l) >> 1) * 72;
    for (let j = i; j >= l; j--) {
      {
        const S27: u64 = c0 * c0;
        const n0 = S27 & M30;
        const S28: u64 = ((c0 * c1) << 1) + (S27 >> 30);
        const n1 = S28 & M30;
        const S29: u64 = ((c0 * c2) << 1) + c1 * c1 + (S28 >> 30);
        const n2 = S29 & M30;
        const S30: u64 = ((c0 * c3 + c1 * c2) << 1) + (S29 >> 30);
        const n3 = S30 & M30;
        const S31: u64 = ((c0 * c4 + c1 * c3) << 1) + c2 * c2 + (S30 >> 30);
        const n4 = S31 & M30;
        const S32: u64 = ((c0 * c5 + c1 * c4 + c2 * c3) << 1) + (S31 >> 30);
        const n5 = S32 & M30;
        const S33: u64 = ((c0 * c6 + c1 * c5 + c2 * c4) << 1) + c3 * c3 + (S32 >> 30);
        const n6 = S33 & M30;
        const S34: u64 = ((c0 * c7 + c1 * c6 + c2 * c5 + c3 * c4) << 1) + (S33 >> 30);
        const n7 = S34 & M30;
        const S35: u64 = ((c0 * c8 + c1 * c7 + c2 * c6 + c3 * c5) << 1) + c4 * c4 + (S34 >> 30);
        const n8 = S35 & M30;
        c0 = n0;
        c1 = n1;
        c2 = n2;
        c3 = n3;
        c4 = n4;
        c5 = n5;
        c6 = n6;
        c7 = n7;
        c8 = n8;
      }
    }
    {
      const w0 = load<u64>(pw, 0);
      const w1 = load<u64>(pw, 8);
      const w2 = load<u64>(pw, 16);
      const w3 = load<u64>(pw, 24);
      const w4 = load<u64>(pw, 32);
      const w5 = load<u64>(pw, 40);
      const w6 = load<u64>(pw, 48);
      const w7 = load<u64>(pw, 56);
      const w8 = load<u64>(pw, 64);
      const S36: u64 = c0 * w0;
      const n0 = S36 & M30;
      const S37: u64 = c0 * w1 + c1 * w0 + (S36 >> 30);
      const n1 = S37 & M30;
      const S38: u64 = c0 * w2 + c1 * w1 + c2 * w0 + (S37 >> 30);
      const n2 = S38 & M30;
      const S39: u64 = c0 * w3 + c1 * w2 + c2 * w1 + c3 * w0 + (S38 >> 30);
      const n3 = S39 & M30;
      const S40: u64 = c0 * w4 + c1 * w3 + c2 * w2 + c3 * w1 + c4 * w0 + (S39 >> 30);
      const n4 = S40 & M30;
      const S41: u64 = c0 * w5 + c1 * w4 + c2 * w3 + c3 * w2 + c4 * w1 + c5 * w0 + (S40 >> 30);
      const n5 = S41 & M30;
      const S42: u64 = c0 * w6 + c1 * w5 + c2 * w4 + c3 * w3 + c4 * w2 + c5 * w1 + c6 * w0 + (S41 >> 30);
      const n6 = S42 & M30;
      const S43: u64 = c0 * w7 + c1 * w6 + c2 * w5 + c3 * w4 + c4 * w3 + c5 * w2 + c6 * w1 + c7 * w0 + (S42 >> 30);
      const n7 = S43 & M30;
      const S44: u64 = c0 * w8 + c1 * w7 + c2 * w6 + c3 * w5 + c4 * w4 + c5 * w3 + c6 * w2 + c7 * w1 + c8 * w0 + (S43 >> 30);
      const n8 = S44 & M30;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      c4 = n4;
      c5 = n5;
      c6 = n6;
      c7 = n7;
      c8 = n8;
    }
    // an even base can reach zero long before the exponent ends
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | (c8 & 0xFFFF)) == 0) break;
    i = l - 1;
  }
  store4(
    r,
    c0 | (c1 << 30) | (c2 << 60),
    (c2 >> 4) | (c3 << 26) | (c4 << 56),
    (c4 >> 8) | (c5 << 22) | (c6 << 52),
    (c6 >> 12) | (c7 << 18) | (c8 << 48),
  );
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
  toR30(ETBL, base);
  const bits: i32 = e3 ? 256 - <i32>clz(e3) : e2 ? 192 - <i32>clz(e2) : e1 ? 128 - <i32>clz(e1) : 64 - <i32>clz(e0);
  if (bits <= 24) {
    expBinary(r, bits);
    return;
  }
  sqr30(EB2, ETBL);
  for (let k = 1; k < 8; k++) mul30(ETBL + <usize>k * 72, ETBL + <usize>(k - 1) * 72, EB2);
  expWindow(r, bits);
}
