// Shared shapes and byte helpers for the host-side precompiles.

export interface PrecompileResult {
  gasUsed: bigint;
  output: Uint8Array;
}

/** Returns null on failure (out of gas or bad input): the caller then loses all the gas it gave. */
export type Precompile = (input: Uint8Array, gas: bigint) => PrecompileResult | null;

/** `input` as if followed by infinitely many zero bytes, cut to `len` (calldata semantics). */
export function padRight(input: Uint8Array, len: number): Uint8Array {
  if (input.length >= len) return input.subarray(0, len);
  const out = new Uint8Array(len);
  out.set(input);
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Big-endian unsigned integer; goes through hex because byte-by-byte shifting is quadratic. */
export function toBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = "0x";
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i]];
  return BigInt(hex);
}

/** `value` big-endian in exactly `len` bytes (value must fit). */
export function toBytes(value: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  if (value === 0n) return out;
  const hex = value.toString(16);
  const digits = hex.length;
  // Odd digit counts leave a lone high nibble for the first byte.
  let pos = len - Math.ceil(digits / 2);
  let i = 0;
  if (digits % 2 === 1) {
    out[pos++] = parseInt(hex[0], 16);
    i = 1;
  }
  for (; i < digits; i += 2) out[pos++] = parseInt(hex.slice(i, i + 2), 16);
  return out;
}
