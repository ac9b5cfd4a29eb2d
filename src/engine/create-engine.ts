import { OvmError } from "../errors.js";
import { parseQuantity } from "../hex.js";
import type { Engine, EngineOptions } from "./types.js";
import { WasmEvmEngine } from "./wasm-engine.js";

/** Creates an engine (ovm-spec.md, section 6). Combinations not built yet fail with UNSUPPORTED. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const mode = options.mode ?? "evm";
  const backend = options.backend ?? "wasm";
  const db = options.db ?? "memory";
  const chainId = parseQuantity(options.chainId ?? 10, "chainId");
  if (mode !== "evm" && mode !== "ovm") throw new OvmError("INVALID_ARGUMENT", `mode must be "evm" or "ovm", got ${JSON.stringify(mode)}`);
  if (backend !== "wasm" && backend !== "hardhat") throw new OvmError("INVALID_ARGUMENT", `backend must be "wasm" or "hardhat", got ${JSON.stringify(backend)}`);
  if (mode === "ovm") {
    throw new OvmError("UNSUPPORTED", 'mode "ovm" is not built yet: the transpiler and ExecutionManager are the next milestone; use mode "evm"');
  }
  if (backend === "hardhat") {
    throw new OvmError("UNSUPPORTED", 'backend "hardhat" is not built yet (it arrives with the Solidity ExecutionManager); use backend "wasm"');
  }
  if (db !== "memory") {
    throw new OvmError("UNSUPPORTED", 'only db "memory" exists so far; the on-disk store arrives with blocks and persistence');
  }
  return new WasmEvmEngine(chainId);
}
