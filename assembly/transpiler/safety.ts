// The safety checker (docs/ovm-transpiler.md, "The safety checker"): a pure function over transpiled
// code that accepts exactly the code whose every run stays inside the body and the stubs, so the only
// state, context and call access is a stub's call to the EM. The EM runs it on everything it stores.
//
// Rules 1 to 3 check the frame and decode the body; rules 4 and 5 then run in one pass over the body
// (each instruction falls under one of them: a LOG under rule 5, anything else under rule 4), and
// rule 6 checks the table last. The first offence is reported.
import { Op, Ovm, ovmTreatment, immediateSize } from "../opcodes";
import { STUB_BLOB, STUB_BLOB_LENGTH, STUB_BLOB_OFFSET, JUMP_STUB, LOG_GUARD, isReturningStubEntry } from "./stub-blob";
import {
  PUSH2, PUSH4, PREAMBLE_PUSH, PREAMBLE_JUMP, HEADER_PUSH, HEADER_TABLE_START, HEADER_ORIGINAL_START,
  BODY_ENTRY, TABLE_ENTRY_SIZE, loadU16BE,
} from "./layout";

/** Why code is unsafe; src/transpiler/ turns each into its rule number and a message. */
export const enum Unsafe {
  None = 0,
  /** Rule 1: bytes 0..4 are not `PUSH2 B JUMP PUSH4`. Detail: the expected byte. */
  Preamble = 1,
  /** Rule 1: a byte of [9, B) differs from the stub blob. Detail: the expected byte. */
  StubBlob = 2,
  /** Rule 1: byte B is not JUMPDEST. */
  BodyEntry = 3,
  /** Rule 2: tableStart <= B. Detail: tableStart. */
  TableStart = 4,
  /** Rule 2: originalStart < tableStart or > the code length. Detail: originalStart. */
  OriginalStart = 5,
  /** Rule 2: originalStart - tableStart is not a multiple of 4. Detail: originalStart - tableStart. */
  TableLength = 6,
  /** Rule 3: the body is empty, its last instruction is not STOP, or a PUSH runs into the table. Detail: tableStart. */
  BodyEnd = 7,
  /** Rule 4: an opcode the body may not hold (PC, CODESIZE, CODECOPY, Replaced, Banned, undefined). */
  Forbidden = 8,
  /** Rule 4: a JUMP or JUMPI not right after a PUSH2. */
  JumpWithoutPush2 = 9,
  /** Rule 4: a jump to a returning stub entry that is not a well-formed call site. Detail: the entry. */
  CallSite = 10,
  /** Rule 4: a JUMPI to JUMP_STUB outside `SWAP1 PUSH2 JUMP_STUB JUMPI POP`. */
  DynamicJumpi = 11,
  /** Rule 4: a jump target that is neither a stub entry nor a table entry's new offset. Detail: the target. */
  JumpTarget = 12,
  /** Rule 5: a LOG not right after a LOG_GUARD call site. */
  UnguardedLog = 13,
  /** Rule 6: a table entry's new offset is no JUMPDEST instruction of the body, or is a return point. Detail: the new offset. */
  TableTarget = 14,
  /** Rule 6: a table entry's original offset is not above the previous one. Detail: the original offset. */
  TableOrder = 15,
}

// Findings of the last `checkTranspiled`, read by api.ts.
export let unsafeOffset: u32 = 0;
export let unsafeDetail: u32 = 0;

// Bitmaps over body offsets (all below tableStart <= 0xFFFF).
const BITMAP_BYTES: i32 = 0x10000 >> 3;
const INSTRUCTION_STARTS = memory.data(BITMAP_BYTES);
const TABLE_TARGETS = memory.data(BITMAP_BYTES);
const RETURN_POINTS = memory.data(BITMAP_BYTES);
const STUB_ENTRY_MAP = memory.data(BITMAP_BYTES);
let stubEntryMapReady = false;

@inline function setBit(map: usize, at: u32): void {
  const byte = map + (at >> 3);
  store<u8>(byte, load<u8>(byte) | <u8>(<u32>1 << (at & 7)));
}

@inline function bit(map: usize, at: u32): bool {
  return (load<u8>(map + (at >> 3)) & <u8>(<u32>1 << (at & 7))) != 0;
}

/** Returning stub entries as a bitmap, built once: rule 4 asks for every JUMP and JUMPI. */
function isReturningEntry(target: u32): bool {
  if (!stubEntryMapReady) {
    for (let at: i32 = STUB_BLOB_OFFSET; at < BODY_ENTRY; at++) {
      if (isReturningStubEntry(at)) setBit(STUB_ENTRY_MAP, <u32>at);
    }
    stubEntryMapReady = true;
  }
  return target < <u32>BODY_ENTRY && bit(STUB_ENTRY_MAP, target);
}

@inline function fail(reason: Unsafe, offset: u32, detail: u32): Unsafe {
  unsafeOffset = offset;
  unsafeDetail = detail;
  return reason;
}

/** Checks `code[0, len)`. Returns Unsafe.None, or the first offence (unsafeOffset/unsafeDetail say where). */
export function checkTranspiled(code: usize, len: u32): Unsafe {
  unsafeOffset = 0;
  unsafeDetail = 0;
  const entry = <u32>BODY_ENTRY;

  // Rule 1: preamble, stub blob and body entry. Past the end of the code a byte reads as 0, as in the EVM.
  for (let i: u32 = 0; i <= <u32>HEADER_PUSH; i++) {
    let expected: u32;
    if (i == <u32>PREAMBLE_PUSH) expected = PUSH2;
    else if (i == <u32>PREAMBLE_PUSH + 1) expected = entry >> 8;
    else if (i == <u32>PREAMBLE_PUSH + 2) expected = entry & 0xff;
    else if (i == <u32>PREAMBLE_JUMP) expected = Op.JUMP;
    else expected = PUSH4;
    if (i >= len || <u32>load<u8>(code + i) != expected) return fail(Unsafe.Preamble, i, expected);
  }
  for (let i: u32 = 0; i < <u32>STUB_BLOB_LENGTH; i++) {
    const at = <u32>STUB_BLOB_OFFSET + i;
    const expected = <u32>load<u8>(STUB_BLOB + i);
    if (at >= len || <u32>load<u8>(code + at) != expected) return fail(Unsafe.StubBlob, at, expected);
  }
  if (entry >= len || <u32>load<u8>(code + entry) != Op.JUMPDEST) return fail(Unsafe.BodyEntry, entry, Op.JUMPDEST);

  // Rule 2: the header (bytes 5..8 exist: B > 8 is in the code).
  const tableStart = <u32>loadU16BE(code + HEADER_TABLE_START);
  const originalStart = <u32>loadU16BE(code + HEADER_ORIGINAL_START);
  if (tableStart <= entry) return fail(Unsafe.TableStart, HEADER_TABLE_START, tableStart);
  if (originalStart < tableStart || originalStart > len) return fail(Unsafe.OriginalStart, HEADER_ORIGINAL_START, originalStart);
  if ((originalStart - tableStart) % <u32>TABLE_ENTRY_SIZE != 0) {
    return fail(Unsafe.TableLength, HEADER_ORIGINAL_START, originalStart - tableStart);
  }

  // Rule 3: the body decodes to exactly [B+1, tableStart) and ends with STOP.
  // Whole bitmaps are cleared: a table may name offsets past the body, and no bit of an earlier call may survive.
  memory.fill(INSTRUCTION_STARTS, 0, BITMAP_BYTES);
  memory.fill(TABLE_TARGETS, 0, BITMAP_BYTES);
  memory.fill(RETURN_POINTS, 0, BITMAP_BYTES);
  const bodyStart = entry + 1;
  if (bodyStart == tableStart) return fail(Unsafe.BodyEnd, bodyStart, tableStart);
  let pc = bodyStart;
  let last = pc;
  while (pc < tableStart) {
    setBit(INSTRUCTION_STARTS, pc);
    last = pc;
    pc += 1 + <u32>immediateSize(<u32>load<u8>(code + pc));
  }
  if (pc != tableStart || <u32>load<u8>(code + last) != Op.STOP) return fail(Unsafe.BodyEnd, last, tableStart);

  // The table's new offsets: the targets a static jump may name (validated by rule 6 below).
  for (let at = tableStart; at < originalStart; at += TABLE_ENTRY_SIZE) {
    setBit(TABLE_TARGETS, <u32>loadU16BE(code + at + 2));
  }

  // Rules 4 and 5, instruction by instruction. Since the body ends with STOP, the byte after any other
  // instruction is still in the body.
  let previous: i64 = -1; // the instruction before pc
  let beforePrevious: i64 = -1; // the one before that
  let guardReturn: i64 = -1; // R of the last LOG_GUARD call site
  pc = bodyStart;
  while (pc < tableStart) {
    const op = <u32>load<u8>(code + pc);
    const treatment = ovmTreatment(op);
    if (treatment == Ovm.Guarded) {
      if (guardReturn < 0 || <i64>pc != guardReturn + 1) return fail(Unsafe.UnguardedLog, pc, 0);
    } else if (op == Op.JUMP || op == Op.JUMPI) {
      if (previous < 0 || load<u8>(code + <usize>previous) != PUSH2) return fail(Unsafe.JumpWithoutPush2, pc, 0);
      const target = <u32>loadU16BE(code + <usize>previous + 1);
      if (target == <u32>JUMP_STUB) {
        if (op == Op.JUMPI) {
          const formed = beforePrevious >= 0 && <u32>load<u8>(code + <usize>beforePrevious) == Op.SWAP1 &&
            <u32>load<u8>(code + pc + 1) == Op.POP;
          if (!formed) return fail(Unsafe.DynamicJumpi, pc, target);
        }
      } else if (isReturningEntry(target)) {
        const returnPoint = pc + 1;
        const formed = op == Op.JUMP && beforePrevious >= 0 && load<u8>(code + <usize>beforePrevious) == PUSH2 &&
          <u32>loadU16BE(code + <usize>beforePrevious + 1) == returnPoint && <u32>load<u8>(code + returnPoint) == Op.JUMPDEST;
        if (!formed) return fail(Unsafe.CallSite, pc, target);
        setBit(RETURN_POINTS, returnPoint);
        if (target == <u32>LOG_GUARD) guardReturn = returnPoint;
      } else if (!bit(TABLE_TARGETS, target)) {
        return fail(Unsafe.JumpTarget, pc, target);
      }
    } else if (treatment != Ovm.Native) {
      return fail(Unsafe.Forbidden, pc, 0);
    }
    beforePrevious = previous;
    previous = pc;
    pc += 1 + <u32>immediateSize(op);
  }

  // Rule 6: every entry leads to a JUMPDEST instruction of the body that is not a return point (a jump
  // there would skip the stub, e.g. a LOG_GUARD's check), and original offsets increase.
  let lastOriginal: i64 = -1;
  for (let at = tableStart; at < originalStart; at += TABLE_ENTRY_SIZE) {
    const original = <u32>loadU16BE(code + at);
    const target = <u32>loadU16BE(code + at + 2);
    const lands = target >= bodyStart && target < tableStart && bit(INSTRUCTION_STARTS, target) &&
      <u32>load<u8>(code + target) == Op.JUMPDEST && !bit(RETURN_POINTS, target);
    if (!lands) return fail(Unsafe.TableTarget, at, target);
    if (<i64>original <= lastOriginal) return fail(Unsafe.TableOrder, at, original);
    lastOriginal = original;
  }
  return Unsafe.None;
}
