// 0x02 sha256 and 0x03 ripemd160, priced per 32-byte word of input.
import { sha256 } from "@noble/hashes/sha2.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import type { PrecompileResult } from "./common.js";

const words = (len: number): bigint => BigInt(Math.ceil(len / 32));

export function sha256Precompile(input: Uint8Array, gas: bigint): PrecompileResult | null {
  const cost = 60n + 12n * words(input.length);
  if (gas < cost) return null;
  return { gasUsed: cost, output: sha256(input) };
}

export function ripemd160Precompile(input: Uint8Array, gas: bigint): PrecompileResult | null {
  const cost = 600n + 120n * words(input.length);
  if (gas < cost) return null;
  // The 20-byte digest is returned left-padded to a word.
  const out = new Uint8Array(32);
  out.set(ripemd160(input), 12);
  return { gasUsed: cost, output: out };
}
