// Test-side readings of docs/ovm-transpiler.md, written from the page alone: the original analysis, a
// parser of the transpiled frame, and a plain JS transpiler the WASM output must equal byte for byte
// (the Solidity port has to match the same page, so any disagreement here is a question for the page).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { opcodeTable, type OpcodeFacts } from "../../src/evm/opcode-table.js";
import { buildStubBlob, STUB_BLOB_OFFSET, type StubBlob } from "../../src/ovm/stubs/blob.js";
import { OP } from "../../src/evm/assembler.js";

export const TABLE: OpcodeFacts[] = opcodeTable();
export const BLOB: StubBlob = buildStubBlob();
/** B: the body's entry JUMPDEST. */
export const BODY_ENTRY = STUB_BLOB_OFFSET + BLOB.code.length;
export const BODY_START = BODY_ENTRY + 1;
export const PUSH2 = OP.PUSH2;
export const PUSH4 = 0x63;

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/^0x/, ""), "hex"));
}

export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

export interface Instruction {
  offset: number;
  opcode: number;
  /** The immediate as the EVM reads it: zero-padded when it runs past the end. */
  immediate: Uint8Array;
}

/** The EVM's linear decode. */
export function decode(code: Uint8Array, from = 0, to = code.length): Instruction[] {
  const out: Instruction[] = [];
  for (let pc = from; pc < to;) {
    const opcode = code[pc];
    const width = TABLE[opcode].immediateSize;
    const immediate = new Uint8Array(width);
    immediate.set(code.subarray(pc + 1, Math.min(pc + 1 + width, to)));
    out.push({ offset: pc, opcode, immediate });
    pc += 1 + width;
  }
  return out;
}

/** J: the valid JUMPDESTs (0x5b at an instruction start). */
export function validJumpdests(code: Uint8Array): number[] {
  return decode(code).filter((i) => i.opcode === OP.JUMPDEST).map((i) => i.offset);
}

const u16 = (bytes: Uint8Array, at: number) => (bytes[at] << 8) | bytes[at + 1];

export interface Frame {
  bodyEntry: number;
  tableStart: number;
  originalStart: number;
  /** [original offset, new offset] per table entry. */
  table: [number, number][];
  original: Uint8Array;
}

export function parseFrame(out: Uint8Array): Frame {
  const tableStart = u16(out, 5);
  const originalStart = u16(out, 7);
  const table: [number, number][] = [];
  for (let at = tableStart; at < originalStart; at += 4) table.push([u16(out, at), u16(out, at + 2)]);
  return { bodyEntry: u16(out, 1), tableStart, originalStart, table, original: out.subarray(originalStart) };
}

function bigEndian(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** The body rules of the page, applied in the most literal way (two passes: sizes, then bytes). */
export function referenceTranspile(code: Uint8Array): Uint8Array {
  const instructions = decode(code);
  const jumpdests = new Set(validJumpdests(code));
  const isStaticPush = (index: number): boolean => {
    const i = instructions[index];
    const next = instructions[index + 1];
    if (i.opcode < OP.PUSH0 || i.opcode > OP.PUSH32 || !next) return false;
    if (next.opcode !== OP.JUMP && next.opcode !== OP.JUMPI) return false;
    const v = bigEndian(i.immediate);
    return v < BigInt(code.length) && jumpdests.has(Number(v));
  };
  const rewrite = (index: number, at: number, newOf: (p: number) => number): number[] => {
    const i = instructions[index];
    const ovm = TABLE[i.opcode].ovm;
    const push2 = (v: number) => [PUSH2, v >> 8, v & 0xff];
    const callSite = (entry: number) => [...push2(at + 7), ...push2(entry), OP.JUMP, OP.JUMPDEST];
    if (isStaticPush(index)) return push2(newOf(Number(bigEndian(i.immediate))));
    const afterStatic = index > 0 && isStaticPush(index - 1);
    if (i.opcode === OP.JUMP) return afterStatic ? [OP.JUMP] : [...push2(BLOB.jumpStub), OP.JUMP];
    if (i.opcode === OP.JUMPI) return afterStatic ? [OP.JUMPI] : [OP.SWAP1, ...push2(BLOB.jumpStub), OP.JUMPI, OP.POP];
    if (i.opcode === OP.PC) return push2(i.offset);
    if (i.opcode === OP.CODESIZE) return push2(code.length);
    if (ovm === "replaced" || i.opcode === OP.CODECOPY) return callSite(BLOB.entries.get(i.opcode)!);
    if (ovm === "guarded") return [...callSite(BLOB.logGuard), i.opcode];
    if (ovm === "banned") return [OP.INVALID];
    return [i.opcode, ...i.immediate];
  };
  // Pass 1: sizes (a rewrite's size never depends on new offsets).
  const newOffset = new Map<number, number>();
  let at = BODY_START;
  for (let index = 0; index < instructions.length; index++) {
    newOffset.set(instructions[index].offset, at);
    at += rewrite(index, at, () => 0).length;
  }
  const body: number[] = [];
  for (let index = 0; index < instructions.length; index++) {
    body.push(...rewrite(index, newOffset.get(instructions[index].offset)!, (p) => newOffset.get(p)!));
  }
  body.push(OP.STOP);
  const tableStart = BODY_START + body.length;
  const table: number[] = [];
  for (const p of [...jumpdests].sort((a, b) => a - b)) {
    const n = newOffset.get(p)!;
    table.push(p >> 8, p & 0xff, n >> 8, n & 0xff);
  }
  const originalStart = tableStart + table.length;
  return Uint8Array.from([
    PUSH2, BODY_ENTRY >> 8, BODY_ENTRY & 0xff, OP.JUMP,
    PUSH4, tableStart >> 8, tableStart & 0xff, originalStart >> 8, originalStart & 0xff,
    ...BLOB.code, OP.JUMPDEST, ...body, ...table, ...code,
  ]);
}

/** Every non-empty bytecode and deployedBytecode under artifacts/contracts (library slots zero-filled). */
export function artifactCodes(): { label: string; code: Uint8Array }[] {
  const root = fileURLToPath(new URL("../../artifacts/contracts", import.meta.url));
  if (!existsSync(root)) throw new Error(`${root} is missing: run \`npm run build\` first`);
  const out: { label: string; code: Uint8Array }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
        const json = JSON.parse(readFileSync(path, "utf8")) as { contractName: string; bytecode: string; deployedBytecode: string };
        for (const kind of ["bytecode", "deployedBytecode"] as const) {
          const code = hexToBytes(json[kind].replace(/__\$[0-9a-fA-F]{34}\$__/g, "0".repeat(40)));
          if (code.length > 0) out.push({ label: `${json.contractName}.${kind}`, code });
        }
      }
    }
  };
  walk(root);
  return out;
}
