// Finds and compiles the WASM engine once per process; instances are cheap after that.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { OvmError } from "../errors.js";

/** The package root: this file is src/wasm/module.ts, or dist/wasm/module.js once built. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** "release": the fast build; "trace": reports every instruction to the host (debugging only). */
export type WasmVariant = "release" | "trace";

const compiled = new Map<WasmVariant, WebAssembly.Module>();

export function wasmPath(variant: WasmVariant = "release"): string {
  if (variant === "release" && process.env.OVM_WASM) return process.env.OVM_WASM;
  return path.join(PACKAGE_ROOT, "build", variant === "release" ? "ovm.wasm" : "ovm.trace.wasm");
}

export function loadWasmModule(variant: WasmVariant = "release"): WebAssembly.Module {
  const cached = compiled.get(variant);
  if (cached) return cached;
  const file = wasmPath(variant);
  if (!existsSync(file)) {
    throw new OvmError("WASM_MISSING", `WASM engine not built: ${file} is missing (run: npm run build)`, { file });
  }
  const module = new WebAssembly.Module(readFileSync(file));
  compiled.set(variant, module);
  return module;
}

/** The exports of build/ovm.wasm (assembly/index.ts). */
export interface EngineExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  resetState(): void;
  inputBuffer(size: number): number;
  outputBlock(): number;
  executeMessage(): number;
  finalizeTransaction(): number;
  discardTransaction(): void;
  opcodeInfo(op: number): bigint;
  opcodeName(op: number): number;
  keccak256(input: number, len: number, out: number): void;
}
