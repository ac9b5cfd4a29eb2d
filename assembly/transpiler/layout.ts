// The fixed frame of transpiled code (docs/ovm-transpiler.md, "Layout"): what the transpiler writes
// and the safety checker reads back. Multi-byte numbers in the code are big-endian, as the EVM reads them.
import { Op } from "../opcodes";
import { STUB_BLOB_OFFSET, STUB_BLOB_LENGTH } from "./stub-blob";

export const PUSH2: u8 = <u8>(Op.PUSH1 + 1);
export const PUSH4: u8 = <u8>(Op.PUSH1 + 3);

/** `PUSH2 B JUMP` at offset 0: the only instruction before the body entry that ever runs. */
export const PREAMBLE_PUSH: i32 = 0;
export const PREAMBLE_JUMP: i32 = 3;
/** The header is a PUSH4 so that JUMPDEST analysis cannot read its data bytes as opcodes. */
export const HEADER_PUSH: i32 = 4;
export const HEADER_TABLE_START: i32 = 5;
export const HEADER_ORIGINAL_START: i32 = 7;

/** B: the body's entry JUMPDEST, right after the stub blob. */
export const BODY_ENTRY: i32 = STUB_BLOB_OFFSET + STUB_BLOB_LENGTH;

/** A jump-table entry: <original offset u16><new offset u16>. */
export const TABLE_ENTRY_SIZE: i32 = 4;

/** EIP-3860's init-code limit, which also bounds deployed code (EIP-170's 24,576 is below it). */
export const MAX_ORIGINAL_LENGTH: i32 = 49152;
/** Offsets in the header, the table and the body's PUSH2s are 16-bit. */
export const MAX_OFFSET: i32 = 0xffff;

@inline export function loadU16BE(at: usize): i32 {
  return (<i32>load<u8>(at) << 8) | <i32>load<u8>(at + 1);
}

@inline export function storeU16BE(at: usize, value: i32): void {
  store<u8>(at, <u8>(value >> 8));
  store<u8>(at + 1, <u8>value);
}

/** PUSH0..PUSH32: the opcodes a static jump's target may come from. */
@inline export function isPush(op: u32): bool {
  return <i32>op >= Op.PUSH0 && <i32>op <= Op.PUSH32;
}
