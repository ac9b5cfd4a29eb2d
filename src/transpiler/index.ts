// The OVM transpiler and safety checker (docs/ovm-transpiler.md), run in WASM: one call per code.
import { TranspileError } from "./errors.js";
import { transpileRaw, checkSafetyRaw, opcodeNames, TranspileStatus } from "./wasm.js";
import { STUB_BLOB_OFFSET } from "../ovm/stubs/blob.js";
import { MAX_INITCODE_SIZE } from "../engine/intrinsic-gas.js";
import type { Hex } from "../hex.js";

export { TranspileError, type TranspileErrorCode, type TranspileErrorDetail } from "./errors.js";

/** Offsets in transpiled code are 16-bit, so originalStart must not pass this. */
export const MAX_OFFSET = 0xffff;
const TABLE_ENTRY_SIZE = 4;

export interface TranspileOptions {
  /**
   * Accept a last PUSH whose immediate runs past the end, emitting it zero-padded as the EVM executes
   * it (what the EM always does: init code carries constructor arguments after its code). Default false.
   */
  allowTruncatedPush?: boolean;
}

export interface BannedOpcode {
  offset: number;
  opcode: number;
  /** "NUMBER", or "0x0c" for a byte that is not a Cancun opcode. */
  name: string;
}

export interface TranspileResult {
  /** The transpiled code, 0x-prefixed hex. */
  code: Hex;
  /** Original instruction offset -> new offset, for every instruction of the original, in order. */
  offsetMap: Map<number, number>;
  /** Every banned or undefined opcode decoded as an instruction (each became INVALID). */
  banned: BannedOpcode[];
  originalLength: number;
  /** Length of the transpiled code. */
  length: number;
  stubBlobLength: number;
  /** First byte of the rewritten instructions (B + 1). */
  bodyStart: number;
  /** Bytes of the rewritten instructions, the final STOP included. */
  bodyLength: number;
  tableStart: number;
  /** One per valid JUMPDEST of the original. */
  tableEntries: number;
  originalStart: number;
  /** body + jump table: the bytes that grow with the original (the rest is the fixed frame and the original). */
  executableLength: number;
  growth: {
    /** executableLength / originalLength */
    executable: number;
    /** length / originalLength */
    total: number;
  };
}

export type SafetyResult =
  | { safe: true }
  | {
    safe: false;
    /** The first offending byte (for rules 4 and 5 the JUMP, JUMPI or LOG checked; for rule 6 the table entry). */
    offset: number;
    /** The byte at `offset` (0 past the end of the code). */
    opcode: number;
    reason: string;
    /** The rule of docs/ovm-transpiler.md, "The safety checker", that fails (1..6). */
    rule: number;
  };

/** Bytes from a Uint8Array, or from hex with or without 0x. */
export function codeBytes(code: string | Uint8Array): Uint8Array {
  if (code instanceof Uint8Array) return code;
  if (typeof code !== "string") throw new TranspileError("INVALID_HEX", `code must be a hex string or a Uint8Array, got ${typeof code}`);
  const body = code.startsWith("0x") || code.startsWith("0X") ? code.slice(2) : code;
  const bad = body.search(/[^0-9a-fA-F]/);
  if (bad >= 0) {
    throw new TranspileError("INVALID_HEX", `code is not hex: character ${JSON.stringify(body[bad])} at position ${bad}`, { offset: bad });
  }
  if (body.length % 2 !== 0) throw new TranspileError("INVALID_HEX", `code has an odd number of hex digits (${body.length})`);
  return Uint8Array.from(Buffer.from(body, "hex"));
}

function toHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

/** Transpiles EVM code into OVM code (docs/ovm-transpiler.md). Throws TranspileError. */
export function transpile(code: string | Uint8Array, options: TranspileOptions = {}): TranspileResult {
  const input = codeBytes(code);
  const raw = transpileRaw(input, options.allowTruncatedPush === true);
  if (raw.status !== TranspileStatus.Ok) {
    switch (raw.status) {
      case TranspileStatus.EmptyCode:
        throw new TranspileError("EMPTY_CODE", "code is empty: there is nothing to transpile (an account without code stays without code)");
      case TranspileStatus.CodeTooLarge:
        if (input.length > MAX_INITCODE_SIZE) {
          throw new TranspileError("CODE_TOO_LARGE", `code is ${input.length} bytes; at most ${MAX_INITCODE_SIZE} (EIP-3860) can be transpiled`,
            { size: input.length, limit: MAX_INITCODE_SIZE });
        }
        throw new TranspileError("CODE_TOO_LARGE",
          `the transpiled code would keep the original at offset ${raw.detail}, past the 16-bit limit ${MAX_OFFSET}: the code grows too much`,
          { size: raw.detail, limit: MAX_OFFSET });
      default:
        throw new TranspileError("TRUNCATED_PUSH",
          `the PUSH at offset ${raw.detail} runs past the end of the code (allowTruncatedPush / --allow-truncated-push emits it zero-padded, as the EVM runs it)`,
          { offset: raw.detail });
    }
  }
  const names = opcodeNames();
  const banned: BannedOpcode[] = [];
  for (let i = 0; i < raw.banned.length; i += 2) {
    banned.push({ offset: raw.banned[i], opcode: raw.banned[i + 1], name: names[raw.banned[i + 1]] });
  }
  const bodyEntry = (raw.code[1] << 8) | raw.code[2];
  const bodyStart = bodyEntry + 1;
  const bodyLength = raw.tableStart - bodyStart;
  const executableLength = bodyLength + raw.jumpdests * TABLE_ENTRY_SIZE;
  // The offset map is built on first use: a Map of every instruction costs more than the
  // transpilation itself on large codes (V8 Maps slow down past a few thousand entries), and most
  // callers (the EM path, benchmarks) never read it.
  let offsetMap: Map<number, number> | undefined;
  const offsets = raw.offsets;
  const result = {
    code: toHex(raw.code),
    get offsetMap(): Map<number, number> {
      if (offsetMap === undefined) {
        offsetMap = new Map<number, number>();
        for (const packed of offsets) offsetMap.set(packed & 0xffff, packed >>> 16);
      }
      return offsetMap;
    },
    banned,
    originalLength: input.length,
    length: raw.code.length,
    stubBlobLength: bodyEntry - STUB_BLOB_OFFSET,
    bodyStart,
    bodyLength,
    tableStart: raw.tableStart,
    tableEntries: raw.jumpdests,
    originalStart: raw.originalStart,
    executableLength,
    growth: { executable: executableLength / input.length, total: raw.code.length / input.length },
  };
  return result;
}

// assembly/transpiler/safety.ts: Unsafe -> rule and message.
const REASONS: Record<number, { rule: number; message: (f: { offset: number; detail: number; name: string }) => string }> = {
  1: { rule: 1, message: (f) => `byte ${f.offset} must be 0x${hex2(f.detail)}: the code starts with PUSH2 B JUMP PUSH4 (B = 9 + stub blob length)` },
  2: { rule: 1, message: (f) => `byte ${f.offset} differs from the stub blob (expected 0x${hex2(f.detail)})` },
  3: { rule: 1, message: (f) => `byte ${f.offset} (the body's entry B) must be JUMPDEST` },
  4: { rule: 2, message: (f) => `header tableStart ${f.detail} is not after the body's entry` },
  5: { rule: 2, message: (f) => `header originalStart ${f.detail} is below tableStart or past the end of the code` },
  6: { rule: 2, message: (f) => `the jump table's length ${f.detail} (originalStart - tableStart) is not a multiple of 4` },
  7: { rule: 3, message: (f) => `the body must decode to instructions ending with STOP exactly at tableStart ${f.detail}` },
  8: { rule: 4, message: (f) => `${f.name} may not appear in the body` },
  9: { rule: 4, message: (f) => `${f.name} does not directly follow a PUSH2` },
  10: { rule: 4, message: (f) => `${f.name} to the stub entry ${f.detail} is not a call site (PUSH2 R, PUSH2 entry, JUMP, JUMPDEST at R)` },
  11: { rule: 4, message: (f) => `JUMPI to JUMP_STUB (${f.detail}) is not in the form SWAP1 PUSH2 JUMP_STUB JUMPI POP` },
  12: { rule: 4, message: (f) => `${f.name} target ${f.detail} is neither a stub entry nor the new offset of a jump-table entry` },
  13: { rule: 5, message: (f) => `${f.name} does not directly follow a LOG_GUARD call site` },
  14: { rule: 6, message: (f) => `the jump-table entry at ${f.offset} points at ${f.detail}, which is not a JUMPDEST instruction of the body or is a call site's return point` },
  15: { rule: 6, message: (f) => `the jump-table entry at ${f.offset} has original offset ${f.detail}, not above the previous entry's` },
};

function hex2(v: number): string {
  return v.toString(16).padStart(2, "0");
}

/** Accepts exactly the transpiled code whose every run stays in the body and the stubs (docs/ovm-transpiler.md). */
export function checkSafety(code: string | Uint8Array): SafetyResult {
  const raw = checkSafetyRaw(codeBytes(code));
  if (raw.reason === 0) return { safe: true };
  const known = REASONS[raw.reason];
  if (!known) throw new Error(`the safety checker returned an unknown reason ${raw.reason}`);
  const name = opcodeNames()[raw.opcode];
  return {
    safe: false,
    offset: raw.offset,
    opcode: raw.opcode,
    reason: known.message({ offset: raw.offset, detail: raw.detail, name }),
    rule: known.rule,
  };
}
