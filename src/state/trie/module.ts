// Finds and compiles the state-trie WASM module (build/trie.wasm, built from assembly/trie/) once
// per process; each StateTrie is an instance of it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../../wasm/module.js";
import { OvmError } from "../../errors.js";

/** The exports of build/trie.wasm (assembly/trie/index.ts). */
export interface TrieExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  batchBuffer(size: number): number;
  applyBatch(length: number, withRoot: number): number;
  rootOutput(): number;
  prove(length: number): number;
  liveCells(): number;
  arenaBytes(): number;
  hashedNodes(): number;
  // Partial tries (assembly/trie/witness.ts) and sibling records (assembly/trie/trie.ts).
  loadWitness(length: number): number;
  witnessError(): number;
  storageEmpty(): number;
  reset(): void;
  incompleteInfo(): number;
  recordSiblings(on: number): void;
  siblingRecords(): number;
  siblingRecordCount(): number;
  clearSiblingRecords(): void;
}

let compiled: WebAssembly.Module | undefined;

export function trieWasmPath(): string {
  return process.env.OVM_TRIE_WASM ?? path.join(PACKAGE_ROOT, "build", "trie.wasm");
}

export function instantiateTrie(): TrieExports {
  if (compiled === undefined) {
    const file = trieWasmPath();
    if (!existsSync(file)) {
      throw new OvmError("WASM_MISSING", `state-trie WASM not built: ${file} is missing (run: npm run build)`, { file });
    }
    compiled = new WebAssembly.Module(readFileSync(file));
  }
  const instance = new WebAssembly.Instance(compiled, {
    env: {
      abort(messagePtr: number, filePtr: number, line: number, column: number): never {
        throw new OvmError("ENGINE_FAULT", `the state-trie WASM aborted at ${line}:${column} (message at ${messagePtr}, file at ${filePtr})`);
      },
    },
  });
  const exports = instance.exports as unknown as TrieExports;
  exports._initialize();
  return exports;
}
