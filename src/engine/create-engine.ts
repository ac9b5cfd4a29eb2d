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
  if (db !== "memory") {
    throw new OvmError("UNSUPPORTED", 'only db "memory" exists so far; the on-disk store arrives with blocks and persistence');
  }
  // Hardhat is loaded on demand: it takes a second to load and the WASM backend never needs it.
  const l1: Engine = backend === "hardhat"
    ? await (await import("../hardhat/evm-engine.js")).HardhatEvmEngine.create(chainId, { returnData: mode === "ovm" ? "call-first" : "trace" })
    : new WasmEvmEngine(chainId);
  if (mode === "evm") return l1;
  // In mode "ovm" the same compiled ExecutionManager runs on either backend's EVM.
  const { OvmEngine } = await import("../ovm/ovm-engine.js");
  return OvmEngine.create(chainId, l1);
}
