// The transpiler's own instance of the WASM module (assembly/transpiler/api.ts): created once, lazily,
// synchronously. The transpiler makes no host calls; the imports only satisfy the module.
import { loadWasmModule } from "../wasm/module.js";
import { createHostImports } from "../wasm/host.js";

interface TranspilerExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  inputBuffer(size: number): number;
  outputBlock(): number;
  transpileCode(len: number, flags: number): number;
  checkSafetyCode(len: number): number;
  opcodeInfo(op: number): bigint;
  opcodeName(op: number): number;
}

/** assembly/transpiler/api.ts: TRANSPILE_ALLOW_TRUNCATED_PUSH. */
const ALLOW_TRUNCATED_PUSH = 1;

/** assembly/transpiler/transpile.ts: TranspileStatus. */
export const TranspileStatus = { Ok: 0, EmptyCode: 1, CodeTooLarge: 2, TruncatedPush: 3 } as const;

// Output block offsets (assembly/transpiler/api.ts).
const TR_STATUS = 0;
const TR_DETAIL = 4;
const TR_LENGTH = 8;
const TR_TABLE_START = 12;
const TR_ORIGINAL_START = 16;
const TR_INSTRUCTIONS = 20;
const TR_BANNED = 24;
const TR_JUMPDESTS = 28;
const TR_HEADER_SIZE = 32;
const SC_REASON = 0;
const SC_OFFSET = 4;
const SC_OPCODE = 8;
const SC_DETAIL = 12;

export interface RawTranspileOk {
  status: typeof TranspileStatus.Ok;
  code: Uint8Array;
  tableStart: number;
  originalStart: number;
  jumpdests: number;
  /** Per instruction: original offset, new offset. */
  offsets: Uint32Array;
  /** Per banned instruction: offset, opcode. */
  banned: Uint32Array;
}

export interface RawTranspileFailure {
  status: Exclude<(typeof TranspileStatus)[keyof typeof TranspileStatus], typeof TranspileStatus.Ok>;
  /** The offending offset or size. */
  detail: number;
}

export type RawTranspileResult = RawTranspileOk | RawTranspileFailure;

export interface RawSafetyResult {
  /** assembly/transpiler/safety.ts: Unsafe (0: safe). */
  reason: number;
  offset: number;
  opcode: number;
  detail: number;
}

let instance: TranspilerExports | undefined;

function exports(): TranspilerExports {
  if (instance) return instance;
  const refuse = (): never => { throw new Error("the transpiler makes no host calls"); };
  const wasm = new WebAssembly.Instance(loadWasmModule("release"), createHostImports({
    state: refuse,
    memory: () => new Uint8Array(0),
    blockHash: refuse,
  }));
  const x = wasm.exports as unknown as TranspilerExports;
  x._initialize();
  instance = x;
  return x;
}

function writeInput(x: TranspilerExports, code: Uint8Array): void {
  const at = x.inputBuffer(code.length);
  new Uint8Array(x.memory.buffer).set(code, at);
}

export function transpileRaw(code: Uint8Array, allowTruncatedPush: boolean): RawTranspileResult {
  const x = exports();
  writeInput(x, code);
  x.transpileCode(code.length, allowTruncatedPush ? ALLOW_TRUNCATED_PUSH : 0);
  const out = x.outputBlock();
  const view = new DataView(x.memory.buffer, out);
  const status = view.getUint32(TR_STATUS, true);
  if (status !== TranspileStatus.Ok) {
    return { status: status as RawTranspileFailure["status"], detail: view.getUint32(TR_DETAIL, true) };
  }
  const length = view.getUint32(TR_LENGTH, true);
  const instructions = view.getUint32(TR_INSTRUCTIONS, true);
  const bannedCount = view.getUint32(TR_BANNED, true);
  const codeAt = out + TR_HEADER_SIZE;
  const mem = new Uint8Array(x.memory.buffer);
  // One copy of the packed map (original | new << 16 per instruction); index.ts unpacks it on demand.
  const offsets = new Uint32Array(x.memory.buffer.slice(codeAt + length, codeAt + length + 4 * instructions));
  const banned = new Uint32Array(bannedCount * 2);
  const entries = new DataView(x.memory.buffer, codeAt + length);
  for (let i = 0; i < bannedCount; i++) {
    const packed = entries.getUint32(4 * (instructions + i), true);
    banned[2 * i] = packed & 0xffff;
    banned[2 * i + 1] = packed >>> 16;
  }
  return {
    status: TranspileStatus.Ok,
    code: mem.slice(codeAt, codeAt + length),
    tableStart: view.getUint32(TR_TABLE_START, true),
    originalStart: view.getUint32(TR_ORIGINAL_START, true),
    jumpdests: view.getUint32(TR_JUMPDESTS, true),
    offsets,
    banned,
  };
}

export function checkSafetyRaw(code: Uint8Array): RawSafetyResult {
  const x = exports();
  writeInput(x, code);
  x.checkSafetyCode(code.length);
  const view = new DataView(x.memory.buffer, x.outputBlock());
  return {
    reason: view.getUint32(SC_REASON, true),
    offset: view.getUint32(SC_OFFSET, true),
    opcode: view.getUint32(SC_OPCODE, true),
    detail: view.getUint32(SC_DETAIL, true),
  };
}

let names: string[] | undefined;

/** Opcode names from the module's own table; an undefined byte is named by its hex ("0x0c"). */
export function opcodeNames(): string[] {
  if (names) return names;
  const x = exports();
  const mem = new Uint8Array(x.memory.buffer);
  const list: string[] = [];
  for (let op = 0; op < 256; op++) {
    const defined = ((x.opcodeInfo(op) >> 27n) & 1n) === 1n;
    let name = "";
    const at = x.opcodeName(op);
    for (let i = 0; i < 16 && mem[at + i] !== 0; i++) name += String.fromCharCode(mem[at + i]);
    list.push(defined ? name : `0x${op.toString(16).padStart(2, "0")}`);
  }
  names = list;
  return list;
}
