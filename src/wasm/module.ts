// Finds and compiles the WASM engine once per process; instances are cheap after that.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { OvmError } from "../errors.js";

/** The package root: this file is src/wasm/module.ts, or dist/wasm/module.js once built. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let compiled: WebAssembly.Module | undefined;

export function wasmPath(): string {
  return process.env.OVM_WASM ?? path.join(PACKAGE_ROOT, "build", "ovm.wasm");
}

export function loadWasmModule(): WebAssembly.Module {
  if (compiled) return compiled;
  const file = wasmPath();
  if (!existsSync(file)) {
    throw new OvmError("WASM_MISSING", `WASM engine not built: ${file} is missing (run: npm run build)`, { file });
  }
  compiled = new WebAssembly.Module(readFileSync(file));
  return compiled;
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
  setTracing(on: number): void;
}
