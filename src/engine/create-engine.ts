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
  if (mode === "ovm" && backend === "wasm") {
    throw new OvmError("UNSUPPORTED", 'mode "ovm" on backend "wasm" is not built yet (the engine will run the compiled EM in its WASM EVM); use backend "hardhat", or mode "evm"');
  }
  if (db !== "memory") {
    throw new OvmError("UNSUPPORTED", 'only db "memory" exists so far; the on-disk store arrives with blocks and persistence');
  }
  if (backend === "hardhat") {
    // Loaded on demand: Hardhat takes a second to load and the WASM backend never needs it.
    if (mode === "ovm") return (await import("../hardhat/ovm-engine.js")).HardhatOvmEngine.create(chainId);
    return (await import("../hardhat/evm-engine.js")).HardhatEvmEngine.create(chainId);
  }
  return new WasmEvmEngine(chainId);
}
