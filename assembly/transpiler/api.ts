// The transpiler's batch entry points. The host writes the code once into `inputBuffer(len)`, makes
// one call, and reads one output block (`outputBlock()`); src/transpiler/wasm.ts is the other side of
// these formats. Integers in the output block are little-endian u32.
import { inputBlock, reserveOutput } from "../abi";
import { TranspileStatus, planTranspile, emitTranspiled, planDetail, plannedLength, plannedTableStart,
  plannedOriginalStart, plannedInstructions, plannedBanned, plannedJumpdests } from "./transpile";
import { Unsafe, checkTranspiled, unsafeOffset, unsafeDetail } from "./safety";

/** `transpileCode` flags. */
export const TRANSPILE_ALLOW_TRUNCATED_PUSH: u32 = 1;

// Transpile output block: header, then the code, the offset map (u32 per instruction: original
// offset | new offset << 16) and the banned list (u32 per banned instruction: offset | opcode << 16).
const TR_STATUS: usize = 0; // TranspileStatus
const TR_DETAIL: usize = 4; // on error: the offending offset or size
const TR_LENGTH: usize = 8;
const TR_TABLE_START: usize = 12;
const TR_ORIGINAL_START: usize = 16;
const TR_INSTRUCTIONS: usize = 20;
const TR_BANNED: usize = 24;
const TR_JUMPDESTS: usize = 28;
const TR_HEADER_SIZE: usize = 32;

// Safety output block.
const SC_REASON: usize = 0; // Unsafe
const SC_OFFSET: usize = 4;
const SC_OPCODE: usize = 8; // the byte at the offset (0 past the end of the code)
const SC_DETAIL: usize = 12;
const SC_SIZE: usize = 16;

/** Transpiles the `len` bytes of the input buffer. Returns the TranspileStatus (also in the output block). */
export function transpileCode(len: u32, flags: u32): u32 {
  const code = inputBlock();
  const status = planTranspile(code, len, (flags & TRANSPILE_ALLOW_TRUNCATED_PUSH) != 0);
  if (status != TranspileStatus.Ok) {
    const out = reserveOutput(TR_HEADER_SIZE);
    memory.fill(out, 0, TR_HEADER_SIZE);
    store<u32>(out + TR_STATUS, status);
    store<u32>(out + TR_DETAIL, planDetail);
    return status;
  }
  const length = <usize>plannedLength;
  const mapBytes = <usize>plannedInstructions << 2;
  const out = reserveOutput(TR_HEADER_SIZE + length + mapBytes + (<usize>plannedBanned << 2));
  store<u32>(out + TR_STATUS, status);
  store<u32>(out + TR_DETAIL, 0);
  store<u32>(out + TR_LENGTH, plannedLength);
  store<u32>(out + TR_TABLE_START, plannedTableStart);
  store<u32>(out + TR_ORIGINAL_START, plannedOriginalStart);
  store<u32>(out + TR_INSTRUCTIONS, plannedInstructions);
  store<u32>(out + TR_BANNED, plannedBanned);
  store<u32>(out + TR_JUMPDESTS, plannedJumpdests);
  const codeOut = out + TR_HEADER_SIZE;
  emitTranspiled(code, len, codeOut, codeOut + length, codeOut + length + mapBytes);
  return status;
}

/** Checks the `len` bytes of the input buffer. Returns the Unsafe reason (0: safe), also in the output block. */
export function checkSafetyCode(len: u32): u32 {
  const code = inputBlock();
  const reason = checkTranspiled(code, len);
  const out = reserveOutput(SC_SIZE);
  store<u32>(out + SC_REASON, reason);
  store<u32>(out + SC_OFFSET, reason == Unsafe.None ? 0 : unsafeOffset);
  store<u32>(out + SC_OPCODE, reason != Unsafe.None && unsafeOffset < len ? <u32>load<u8>(code + unsafeOffset) : 0);
  store<u32>(out + SC_DETAIL, unsafeDetail);
  return reason;
}
