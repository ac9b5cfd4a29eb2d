// The OVM transpiler (docs/ovm-transpiler.md is normative: every output byte is fixed there, and the
// Solidity port in contracts/ovm/Transpiler.sol must produce the same bytes).
//
// Three linear passes over the original code: analysis (valid JUMPDESTs, instruction and banned
// counts, a truncated PUSH at the end), sizing (new(p) for every instruction start, which needs
// J complete because a static jump may point forward), and emission. Rewrite sizes depend only on
// the code and J, so the sizes of the second pass are the ones the third one writes.
import { Op, Ovm, ovmTreatment, immediateSize } from "../opcodes";
import { STUB_BLOB, STUB_BLOB_LENGTH, STUB_BLOB_OFFSET, JUMP_STUB, LOG_GUARD, stubEntry } from "./stub-blob";
import {
  PUSH2, PUSH4, PREAMBLE_PUSH, PREAMBLE_JUMP, HEADER_PUSH, HEADER_TABLE_START, HEADER_ORIGINAL_START,
  BODY_ENTRY, TABLE_ENTRY_SIZE, MAX_ORIGINAL_LENGTH, MAX_OFFSET, storeU16BE, isPush,
} from "./layout";

export const enum TranspileStatus {
  Ok = 0,
  EmptyCode = 1,
  /** Detail: the input length, or the originalStart it would need. */
  CodeTooLarge = 2,
  /** Detail: the offset of the PUSH whose immediate runs past the end. */
  TruncatedPush = 3,
}

// Rewrite sizes (the "bytes" column of the body rules).
const STATIC_JUMP_SIZE: u32 = 3; // PUSH2 new(v)
const DYNAMIC_JUMP_SIZE: u32 = 4; // PUSH2 JUMP_STUB JUMP
const DYNAMIC_JUMPI_SIZE: u32 = 6; // SWAP1 PUSH2 JUMP_STUB JUMPI POP
const CONSTANT_SIZE: u32 = 3; // PC, CODESIZE: PUSH2 of the original figure
const CALL_SITE_SIZE: u32 = 8; // PUSH2 R PUSH2 entry JUMP JUMPDEST
const GUARDED_SIZE: u32 = CALL_SITE_SIZE + 1; // a LOG_GUARD call site, then the LOG itself
const TRAP_SIZE: u32 = 1; // INVALID
/** Where the return point R (the call site's JUMPDEST) sits inside a call site. */
const RETURN_POINT_AT: u32 = CALL_SITE_SIZE - 1;

// Figures of the last `planTranspile`, read by api.ts and by `emitTranspiled`.
export let planDetail: u32 = 0;
export let plannedLength: u32 = 0;
export let plannedTableStart: u32 = 0;
export let plannedOriginalStart: u32 = 0;
export let plannedInstructions: u32 = 0;
export let plannedBanned: u32 = 0;
export let plannedJumpdests: u32 = 0;

// Scratch per original byte, reused across calls: a JUMPDEST flag, and new(p) as a u32 (the sizing
// pass may run past 0xFFFF before the limit check rejects the code).
let scratch: usize = 0;
let scratchCap: usize = 0;
let isJumpdest: usize = 0;
let newOffset: usize = 0;

function reserveScratch(len: u32): void {
  const need = <usize>len * 5;
  if (need > scratchCap) {
    if (scratch != 0) heap.free(scratch);
    scratchCap = max<usize>(need, 4096);
    scratch = heap.alloc(scratchCap);
  }
  newOffset = scratch;
  isJumpdest = scratch + (<usize>len << 2);
}

// Per original byte flags (the `isJumpdest` array): a valid JUMPDEST, and, set by the sizing pass,
// "this PUSH is a static jump's" so that emission does not decide it again.
const FLAG_JUMPDEST: u8 = 1;
const FLAG_STATIC_PUSH: u8 = 2;

@inline function jumpdestAt(v: u32): bool {
  return (load<u8>(isJumpdest + v) & FLAG_JUMPDEST) != 0;
}

@inline function staticPushAt(pc: u32): bool {
  return (load<u8>(isJumpdest + pc) & FLAG_STATIC_PUSH) != 0;
}

@inline function newOffsetOf(p: u32): u32 {
  return load<u32>(newOffset + (<usize>p << 2));
}

/**
 * The target v when the instruction at `pc` is a static jump's PUSH (a PUSHk whose next instruction
 * is JUMP or JUMPI, with v a valid JUMPDEST of the original), else -1.
 */
function staticJumpTarget(code: usize, len: u32, pc: u32, op: u32): i32 {
  if (!isPush(op)) return -1;
  const width = <u32>immediateSize(op);
  const next = pc + 1 + width;
  if (next >= len) return -1; // no next instruction (this also covers a truncated PUSH)
  const nextOp = <u32>load<u8>(code + next);
  if (nextOp != Op.JUMP && nextOp != Op.JUMPI) return -1;
  // v < len <= 49,152 fits 16 bits, so any wider value is no JUMPDEST.
  let v: u32 = 0;
  for (let i: u32 = 0; i < width; i++) {
    if (v > <u32>MAX_OFFSET >> 8) return -1;
    v = (v << 8) | <u32>load<u8>(code + pc + 1 + i);
  }
  if (v >= len || !jumpdestAt(v)) return -1;
  return <i32>v;
}

/**
 * Bytes the rewrite of `op` takes. `isStaticPush`: this PUSH is a static jump's; `afterStaticPush`:
 * the previous instruction was, so this JUMP/JUMPI stays as is.
 */
function rewriteSize(op: u32, isStaticPush: bool, afterStaticPush: bool): u32 {
  if (isStaticPush) return STATIC_JUMP_SIZE;
  switch (ovmTreatment(op)) {
    case Ovm.Replaced: return CALL_SITE_SIZE;
    case Ovm.Guarded: return GUARDED_SIZE;
    case Ovm.Banned: return TRAP_SIZE;
    case Ovm.Rewritten: {
      if (op == Op.JUMP) return afterStaticPush ? 1 : DYNAMIC_JUMP_SIZE;
      if (op == Op.JUMPI) return afterStaticPush ? 1 : DYNAMIC_JUMPI_SIZE;
      if (op == Op.PC || op == Op.CODESIZE) return CONSTANT_SIZE;
      return CALL_SITE_SIZE; // CODECOPY: the stub reads the original kept at the end
    }
    default: return 1 + <u32>immediateSize(op);
  }
}

/**
 * Analysis and sizing of `code[0, len)`. Returns a TranspileStatus; on Ok the planned* figures
 * describe the output and `emitTranspiled` may run (on the same input, before any other plan).
 */
export function planTranspile(code: usize, len: u32, allowTruncatedPush: bool): TranspileStatus {
  planDetail = 0;
  if (len == 0) return TranspileStatus.EmptyCode;
  if (len > <u32>MAX_ORIGINAL_LENGTH) {
    planDetail = len;
    return TranspileStatus.CodeTooLarge;
  }
  reserveScratch(len);
  memory.fill(isJumpdest, 0, len);

  // Analysis: the EVM's linear decode.
  let instructions: u32 = 0;
  let banned: u32 = 0;
  let jumpdests: u32 = 0;
  let pc: u32 = 0;
  while (pc < len) {
    const op = <u32>load<u8>(code + pc);
    if (op == Op.JUMPDEST) {
      store<u8>(isJumpdest + pc, FLAG_JUMPDEST);
      jumpdests++;
    } else if (ovmTreatment(op) == Ovm.Banned) {
      banned++;
    }
    instructions++;
    const next = pc + 1 + <u32>immediateSize(op);
    if (next > len && !allowTruncatedPush) {
      planDetail = pc;
      return TranspileStatus.TruncatedPush;
    }
    pc = next;
  }

  // Sizing: new(p) for every instruction start.
  let at: u32 = <u32>BODY_ENTRY + 1;
  let afterStaticPush = false;
  pc = 0;
  while (pc < len) {
    const op = <u32>load<u8>(code + pc);
    store<u32>(newOffset + (<usize>pc << 2), at);
    const isStaticPush = staticJumpTarget(code, len, pc, op) >= 0;
    if (isStaticPush) store<u8>(isJumpdest + pc, load<u8>(isJumpdest + pc) | FLAG_STATIC_PUSH);
    at += rewriteSize(op, isStaticPush, afterStaticPush);
    afterStaticPush = isStaticPush;
    pc += 1 + <u32>immediateSize(op);
  }
  const tableStart = at + 1; // after the STOP that ends the body
  const originalStart = tableStart + jumpdests * <u32>TABLE_ENTRY_SIZE;
  if (originalStart > <u32>MAX_OFFSET) {
    planDetail = originalStart;
    return TranspileStatus.CodeTooLarge;
  }
  plannedTableStart = tableStart;
  plannedOriginalStart = originalStart;
  plannedLength = originalStart + len;
  plannedInstructions = instructions;
  plannedBanned = banned;
  plannedJumpdests = jumpdests;
  return TranspileStatus.Ok;
}

/** A call site: PUSH2 R, PUSH2 entry, JUMP, JUMPDEST at R. Returns the offset after it. */
function emitCallSite(out: usize, at: u32, entry: i32): u32 {
  const returnPoint = at + RETURN_POINT_AT;
  store<u8>(out + at, PUSH2);
  storeU16BE(out + at + 1, <i32>returnPoint);
  store<u8>(out + at + 3, PUSH2);
  storeU16BE(out + at + 4, entry);
  store<u8>(out + at + 6, <u8>Op.JUMP);
  store<u8>(out + at + 7, <u8>Op.JUMPDEST);
  return at + CALL_SITE_SIZE;
}

@inline function emitPush2(out: usize, at: u32, value: i32): void {
  store<u8>(out + at, PUSH2);
  storeU16BE(out + at + 1, value);
}

/**
 * Writes the transpiled code planned by the last `planTranspile` (plannedLength bytes at `out`), the
 * offset map (u32 per instruction: original offset | new offset << 16) at `map` and the banned list
 * (u32 per banned instruction: offset | opcode << 16) at `bannedOut`.
 */
export function emitTranspiled(code: usize, len: u32, out: usize, map: usize, bannedOut: usize): void {
  const tableStart = plannedTableStart;
  const originalStart = plannedOriginalStart;
  store<u8>(out + PREAMBLE_PUSH, PUSH2);
  storeU16BE(out + PREAMBLE_PUSH + 1, BODY_ENTRY);
  store<u8>(out + PREAMBLE_JUMP, <u8>Op.JUMP);
  store<u8>(out + HEADER_PUSH, PUSH4);
  storeU16BE(out + HEADER_TABLE_START, <i32>tableStart);
  storeU16BE(out + HEADER_ORIGINAL_START, <i32>originalStart);
  memory.copy(out + STUB_BLOB_OFFSET, STUB_BLOB, STUB_BLOB_LENGTH);
  store<u8>(out + BODY_ENTRY, <u8>Op.JUMPDEST);

  let pc: u32 = 0;
  let afterStaticPush = false;
  let mapAt = map;
  let bannedAt = bannedOut;
  while (pc < len) {
    const op = <u32>load<u8>(code + pc);
    const width = <u32>immediateSize(op);
    const at = newOffsetOf(pc);
    store<u32>(mapAt, pc | (at << 16));
    mapAt += 4;
    const isStaticPush = staticPushAt(pc);
    if (isStaticPush) {
      emitPush2(out, at, <i32>newOffsetOf(<u32>staticJumpTarget(code, len, pc, op)));
    } else if (ovmTreatment(op) == Ovm.Native && width == 0) {
      store<u8>(out + at, <u8>op); // the common case, without the bulk-memory calls below
    } else {
      switch (ovmTreatment(op)) {
        case Ovm.Replaced: {
          emitCallSite(out, at, stubEntry(op));
          break;
        }
        case Ovm.Guarded: {
          const after = emitCallSite(out, at, LOG_GUARD);
          store<u8>(out + after, <u8>op);
          break;
        }
        case Ovm.Banned: {
          store<u8>(out + at, <u8>Op.INVALID);
          store<u32>(bannedAt, pc | (op << 16));
          bannedAt += 4;
          break;
        }
        case Ovm.Rewritten: {
          if (op == Op.JUMP) {
            if (afterStaticPush) {
              store<u8>(out + at, <u8>op);
            } else {
              emitPush2(out, at, JUMP_STUB);
              store<u8>(out + at + 3, <u8>Op.JUMP);
            }
          } else if (op == Op.JUMPI) {
            if (afterStaticPush) {
              store<u8>(out + at, <u8>op);
            } else {
              // The condition goes on top so a zero condition falls through without a lookup (then
              // POP drops the target), as L1 ignores the target of a JUMPI not taken.
              store<u8>(out + at, <u8>Op.SWAP1);
              emitPush2(out, at + 1, JUMP_STUB);
              store<u8>(out + at + 4, <u8>Op.JUMPI);
              store<u8>(out + at + 5, <u8>Op.POP);
            }
          } else if (op == Op.PC) {
            emitPush2(out, at, <i32>pc);
          } else if (op == Op.CODESIZE) {
            emitPush2(out, at, <i32>len);
          } else {
            emitCallSite(out, at, stubEntry(op));
          }
          break;
        }
        default: {
          // Native, PUSH immediates included; a truncated PUSH (allowed by the plan) is zero-padded to
          // its full width, which is what the EVM executes.
          store<u8>(out + at, <u8>op);
          const available = min<u32>(width, len - pc - 1);
          memory.copy(out + at + 1, code + pc + 1, available);
          if (available < width) memory.fill(out + at + 1 + available, 0, width - available);
        }
      }
    }
    afterStaticPush = isStaticPush;
    pc += 1 + width;
  }
  store<u8>(out + tableStart - 1, <u8>Op.STOP);

  let entry = out + tableStart;
  for (let p: u32 = 0; p < len; p++) {
    if (!jumpdestAt(p)) continue;
    storeU16BE(entry, <i32>p);
    storeU16BE(entry + 2, <i32>newOffsetOf(p));
    entry += TABLE_ENTRY_SIZE;
  }
  memory.copy(out + originalStart, code, len);
}
