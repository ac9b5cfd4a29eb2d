// Precompiles that run on the host: rarely hot, so well-kept JS libraries do the work. The identity
// precompile runs inside WASM. Each returns the gas used and the output, or null when it fails
// (out of gas or bad input: the caller then loses all the gas it gave).
import { sha256 } from "@noble/hashes/sha2.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { OvmError } from "../errors.js";

export interface PrecompileResult {
  gasUsed: bigint;
  output: Uint8Array;
}

const words = (len: number): bigint => BigInt(Math.ceil(len / 32));

function padRight(input: Uint8Array, len: number): Uint8Array {
  if (input.length >= len) return input;
  const out = new Uint8Array(len);
  out.set(input);
  return out;
}

function ecrecover(input: Uint8Array, gas: bigint): PrecompileResult | null {
  const cost = 3000n;
  if (gas < cost) return null;
  const data = padRight(input, 128);
  const v = data.subarray(32, 64);
  for (let i = 0; i < 31; i++) if (v[i] !== 0) return { gasUsed: cost, output: new Uint8Array(0) };
  if (v[31] !== 27 && v[31] !== 28) return { gasUsed: cost, output: new Uint8Array(0) };
  try {
    const sig = secp256k1.Signature.fromBytes(data.slice(64, 128), "compact").addRecoveryBit(v[31] - 27);
    const point = sig.recoverPublicKey(data.slice(0, 32));
    const pub = point.toBytes(false);
    const out = new Uint8Array(32);
    out.set(keccak_256(pub.subarray(1)).subarray(12), 12);
    return { gasUsed: cost, output: out };
  } catch {
    return { gasUsed: cost, output: new Uint8Array(0) };
  }
}

function sha256Precompile(input: Uint8Array, gas: bigint): PrecompileResult | null {
  const cost = 60n + 12n * words(input.length);
  if (gas < cost) return null;
  return { gasUsed: cost, output: sha256(input) };
}

function ripemd160Precompile(input: Uint8Array, gas: bigint): PrecompileResult | null {
  const cost = 600n + 120n * words(input.length);
  if (gas < cost) return null;
  const out = new Uint8Array(32);
  out.set(ripemd160(input), 12);
  return { gasUsed: cost, output: out };
}

const RUNNERS: Record<number, (input: Uint8Array, gas: bigint) => PrecompileResult | null> = {
  1: ecrecover,
  2: sha256Precompile,
  3: ripemd160Precompile,
};

/** Runs precompile `id`; throws UNSUPPORTED for the ones not implemented yet (never a wrong answer). */
export function runHostPrecompile(id: number, input: Uint8Array, gas: bigint): PrecompileResult | null {
  const run = RUNNERS[id];
  if (!run) {
    throw new OvmError("UNSUPPORTED", `precompile 0x${id.toString(16).padStart(2, "0")} is not implemented yet (modexp, bn128, blake2f and KZG come with the transactions/conformance work)`, { id });
  }
  return run(input, gas);
}
