// 0x05 modexp: EIP-198 semantics, EIP-2565 (Berlin) pricing.
import { toBigInt, toBytes, type PrecompileResult } from "./common.js";

const MIN_GAS = 200n;

/** `len` bytes of `input` from `offset`, zero-filled past its end (offsets may exceed any buffer). */
function window(input: Uint8Array, offset: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  if (offset >= BigInt(input.length)) return out;
  const start = Number(offset);
  out.set(input.subarray(start, Math.min(start + len, input.length)));
  return out;
}

function bitLength(x: bigint): bigint {
  return x === 0n ? 0n : BigInt(x.toString(2).length);
}

/**
 * EIP-2565 gas. The iteration count follows EIP-198's adjusted exponent length: with a zero
 * exponent head and a long exponent it is exactly 8 * (expLen - 32), as geth charges (the
 * EIP-2565 pseudo-code would subtract one there; consensus follows the clients).
 */
export function modexpGas(baseLen: bigint, expLen: bigint, modLen: bigint, expHead: bigint): bigint {
  const maxLen = baseLen > modLen ? baseLen : modLen;
  const words = (maxLen + 7n) / 8n;
  const headBits = expHead === 0n ? 0n : bitLength(expHead) - 1n;
  let iterations = expLen <= 32n ? headBits : 8n * (expLen - 32n) + headBits;
  if (iterations < 1n) iterations = 1n;
  const cost = (words * words * iterations) / 3n;
  return cost > MIN_GAS ? cost : MIN_GAS;
}

/** base^exponent mod modulus, walking the exponent's bits from the top. */
function modPow(base: bigint, exponent: Uint8Array, modulus: bigint): bigint {
  let result = 1n % modulus;
  const b = base % modulus;
  for (const byte of exponent) {
    for (let bit = 7; bit >= 0; bit--) {
      result = (result * result) % modulus;
      if ((byte >> bit) & 1) result = (result * b) % modulus;
    }
  }
  return result;
}

export function modexp(input: Uint8Array, gas: bigint): PrecompileResult | null {
  const baseLen = toBigInt(window(input, 0n, 32));
  const expLen = toBigInt(window(input, 32n, 32));
  const modLen = toBigInt(window(input, 64n, 32));
  const expStart = 96n + baseLen;
  const headLen = expLen < 32n ? Number(expLen) : 32;
  const expHead = toBigInt(window(input, expStart, headLen));
  const cost = modexpGas(baseLen, expLen, modLen, expHead);
  if (gas < cost) return null;
  // Past the gas check every length is bounded by what the caller could pay for.
  if (modLen === 0n) return { gasUsed: cost, output: new Uint8Array(0) };
  const modBytes = Number(modLen);
  const modulus = toBigInt(window(input, expStart + expLen, modBytes));
  if (modulus === 0n) return { gasUsed: cost, output: new Uint8Array(modBytes) };
  // A non-zero modulus lies in the calldata, so base and exponent, before it, are all there.
  const start = Number(expStart);
  const base = toBigInt(input.subarray(96, start));
  const result = modPow(base, input.subarray(start, start + Number(expLen)), modulus);
  return { gasUsed: cost, output: toBytes(result, modBytes) };
}
