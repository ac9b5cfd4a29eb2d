// Precompiles that run on the host: rarely hot, so they are written in JS over well-kept
// libraries (one file per family under precompiles/). The identity precompile runs inside WASM.
// Each returns the gas used and the output, or null when it fails (out of gas or bad input: the
// caller then loses all the gas it gave).
import { OvmError } from "../errors.js";
import type { Precompile, PrecompileResult } from "./precompiles/common.js";
import { ecrecover } from "./precompiles/ecrecover.js";
import { sha256Precompile, ripemd160Precompile } from "./precompiles/hashes.js";
import { modexp } from "./precompiles/modexp.js";
import { ecAdd, ecMul, ecPairing } from "./precompiles/bn254.js";
import { blake2f } from "./precompiles/blake2f.js";
import { pointEvaluation } from "./precompiles/kzg.js";

export type { PrecompileResult } from "./precompiles/common.js";

const RUNNERS: Record<number, Precompile> = {
  1: ecrecover,
  2: sha256Precompile,
  3: ripemd160Precompile,
  5: modexp,
  6: ecAdd,
  7: ecMul,
  8: ecPairing,
  9: blake2f,
  10: pointEvaluation,
};

/**
 * Runs precompile `id` (0x01..0x0a except 0x04, which never leaves WASM). Invalid input is
 * answered with null inside each precompile; an exception from here is an engine bug, so it is
 * reported as ENGINE_FAULT rather than turned into a failed call (that would be a wrong answer).
 */
export function runHostPrecompile(id: number, input: Uint8Array, gas: bigint): PrecompileResult | null {
  const run = RUNNERS[id];
  if (!run) {
    throw new OvmError("UNSUPPORTED", `no host precompile at 0x${id.toString(16).padStart(2, "0")}`, { id });
  }
  try {
    return run(input, gas);
  } catch (e) {
    throw new OvmError("ENGINE_FAULT", `precompile 0x${id.toString(16).padStart(2, "0")} failed internally: ${(e as Error).message}`, e);
  }
}
