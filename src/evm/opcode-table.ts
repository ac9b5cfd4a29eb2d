// The opcode table as JS sees it: read from the WASM module (assembly/opcodes.ts is the only list).
import { loadWasmModule, type EngineExports } from "../wasm/module.js";
import { createHostImports } from "../wasm/host.js";

export type OvmTreatment = "native" | "replaced" | "banned" | "rewritten" | "guarded";

export interface OpcodeFacts {
  opcode: number;
  name: string;
  defined: boolean;
  immediateSize: number;
  stackIn: number;
  stackOut: number;
  baseGas: number;
  ovm: OvmTreatment;
}

const TREATMENTS: OvmTreatment[] = ["native", "replaced", "banned", "rewritten", "guarded"];
let cached: OpcodeFacts[] | undefined;

export function opcodeTable(): OpcodeFacts[] {
  if (cached) return cached;
  const instance = new WebAssembly.Instance(loadWasmModule(), createHostImports({
    state: () => { throw new Error("no state"); },
    memory: () => new Uint8Array(0),
    blockHash: () => new Uint8Array(32),
  }));
  const x = instance.exports as unknown as EngineExports;
  x._initialize();
  const mem = new Uint8Array(x.memory.buffer);
  const table: OpcodeFacts[] = [];
  for (let op = 0; op < 256; op++) {
    const info = x.opcodeInfo(op);
    const at = x.opcodeName(op);
    let name = "";
    for (let i = 0; i < 16 && mem[at + i] !== 0; i++) name += String.fromCharCode(mem[at + i]);
    const defined = ((info >> 27n) & 1n) === 1n;
    table.push({
      opcode: op,
      name: defined ? name : `UNDEFINED_0x${op.toString(16).padStart(2, "0")}`,
      defined,
      immediateSize: Number(info & 0xffn),
      stackIn: Number((info >> 8n) & 0xffn),
      stackOut: Number((info >> 16n) & 0xffn),
      baseGas: Number(info >> 32n),
      ovm: TREATMENTS[Number((info >> 24n) & 7n)],
    });
  }
  cached = table;
  return table;
}
