// 0x09 blake2f: the BLAKE2b compression function F (RFC 7693 section 3.2) with a caller-chosen
// round count, as EIP-152 specifies. 64-bit words are held as (lo, hi) pairs of 32-bit halves in
// typed arrays: word i is at [2i] (low half) and [2i + 1] (high half). BigInt would be far too
// slow, since one gas buys one round.
import type { PrecompileResult } from "./common.js";

const INPUT_LENGTH = 213;

// The BLAKE2b IV (the SHA-512 IV), as (lo, hi) halves.
const IV = Uint32Array.from([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

// RFC 7693 section 2.7; round r uses row r mod 10 (EIP-152 allows any number of rounds).
const SIGMA: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];
/** SIGMA with every entry doubled: indices of low halves in the message array. */
const SIGMA2 = SIGMA.map((row) => Int32Array.from(row, (i) => 2 * i));

/**
 * BLAKE2b's G on words a, b, c, d of `v` with message words x, y (all indices already doubled to
 * point at low halves). Additions carry from the low half into the high half; the rotations by 32,
 * 24, 16 and 63 bits are written out per case. Kept in one function on locals: it is the whole
 * cost of the precompile.
 */
function mix(v: Uint32Array, m: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
  let al = v[a], ah = v[a + 1], bl = v[b], bh = v[b + 1];
  let cl = v[c], ch = v[c + 1], dl = v[d], dh = v[d + 1];
  let lo: number, t: number;

  // a += b + m[x]; d = (d ^ a) >>> 32
  lo = al + bl + m[x];
  ah = (ah + bh + m[x + 1] + ((lo / 0x1_0000_0000) | 0)) >>> 0;
  al = lo >>> 0;
  t = (dl ^ al) >>> 0;
  dl = (dh ^ ah) >>> 0;
  dh = t;
  // c += d; b = (b ^ c) >>> 24
  lo = cl + dl;
  ch = (ch + dh + ((lo / 0x1_0000_0000) | 0)) >>> 0;
  cl = lo >>> 0;
  t = bl ^ cl;
  bh ^= ch;
  bl = ((t >>> 24) | (bh << 8)) >>> 0;
  bh = ((bh >>> 24) | (t << 8)) >>> 0;
  // a += b + m[y]; d = (d ^ a) >>> 16
  lo = al + bl + m[y];
  ah = (ah + bh + m[y + 1] + ((lo / 0x1_0000_0000) | 0)) >>> 0;
  al = lo >>> 0;
  t = dl ^ al;
  dh ^= ah;
  dl = ((t >>> 16) | (dh << 16)) >>> 0;
  dh = ((dh >>> 16) | (t << 16)) >>> 0;
  // c += d; b = (b ^ c) >>> 63, i.e. rotated left by 1
  lo = cl + dl;
  ch = (ch + dh + ((lo / 0x1_0000_0000) | 0)) >>> 0;
  cl = lo >>> 0;
  t = bl ^ cl;
  bh ^= ch;
  bl = ((t << 1) | (bh >>> 31)) >>> 0;
  bh = ((bh << 1) | (t >>> 31)) >>> 0;

  v[a] = al; v[a + 1] = ah; v[b] = bl; v[b + 1] = bh;
  v[c] = cl; v[c + 1] = ch; v[d] = dl; v[d + 1] = dh;
}

/**
 * F(h, m, t, f) with `rounds` rounds; `h` (8 words) is updated in place. `m` holds 16 words,
 * `t` two, all as (lo, hi) halves.
 */
export function blake2bCompress(rounds: number, h: Uint32Array, m: Uint32Array, t: Uint32Array, final: boolean): void {
  const v = new Uint32Array(32);
  v.set(h, 0);
  v.set(IV, 16);
  v[24] ^= t[0];
  v[25] ^= t[1];
  v[26] ^= t[2];
  v[27] ^= t[3];
  if (final) {
    v[28] = ~v[28];
    v[29] = ~v[29];
  }
  for (let r = 0; r < rounds; r++) {
    const s = SIGMA2[r % 10];
    mix(v, m, 0, 8, 16, 24, s[0], s[1]);
    mix(v, m, 2, 10, 18, 26, s[2], s[3]);
    mix(v, m, 4, 12, 20, 28, s[4], s[5]);
    mix(v, m, 6, 14, 22, 30, s[6], s[7]);
    mix(v, m, 0, 10, 20, 30, s[8], s[9]);
    mix(v, m, 2, 12, 22, 24, s[10], s[11]);
    mix(v, m, 4, 14, 16, 26, s[12], s[13]);
    mix(v, m, 6, 8, 18, 28, s[14], s[15]);
  }
  for (let i = 0; i < 16; i++) h[i] ^= v[i] ^ v[i + 16];
}

/** Little-endian 64-bit words from `bytes` as (lo, hi) 32-bit halves. */
function words(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(4 * i, true);
  return out;
}

export function blake2f(input: Uint8Array, gas: bigint): PrecompileResult | null {
  if (input.length !== INPUT_LENGTH) return null;
  const rounds = new DataView(input.buffer, input.byteOffset, 4).getUint32(0, false);
  const cost = BigInt(rounds);
  if (gas < cost) return null;
  const flag = input[212];
  if (flag !== 0 && flag !== 1) return null;
  const h = words(input.slice(4, 68));
  blake2bCompress(rounds, h, words(input.slice(68, 196)), words(input.slice(196, 212)), flag === 1);
  const output = new Uint8Array(64);
  const view = new DataView(output.buffer);
  for (let i = 0; i < 16; i++) view.setUint32(4 * i, h[i], true);
  return { gasUsed: cost, output };
}
