// The one table of opcode facts. The interpreter reads its stack and base-gas columns before
// dispatch; the transpiler and safety checker read the OVM column; src/ reads the whole table
// through `opcodeInfo` to print docs. Nothing else lists opcodes.
import {
  G_ZERO, G_JUMPDEST, G_BASE, G_VERYLOW, G_LOW, G_MID, G_HIGH, G_EXP, G_KECCAK256, G_BLOCKHASH,
  G_LOG, G_CREATE, G_SELFDESTRUCT, G_WARM_ACCESS, G_TLOAD, G_TSTORE, G_BLOBHASH, STACK_LIMIT,
} from "./gas";

/** How the OVM treats an opcode (ovm-spec.md, section 3). */
export const enum Ovm {
  /** Runs as is. */
  Native = 0,
  /** Becomes a call into the ExecutionManager. */
  Replaced = 1,
  /** A layer-1 fact with no meaning in layer 2 (or undefined in Cancun): becomes a trap. */
  Banned = 2,
  /** Kept but rewritten in place: jumps through the jump table, PC and code reads see original offsets/bytes. */
  Rewritten = 3,
  /** Runs natively after a call into the EM that traps in a static frame (LOGn: logs are the code contract's own). */
  Guarded = 4,
}

export const enum Op {
  STOP = 0x00, ADD = 0x01, MUL = 0x02, SUB = 0x03, DIV = 0x04, SDIV = 0x05, MOD = 0x06, SMOD = 0x07,
  ADDMOD = 0x08, MULMOD = 0x09, EXP = 0x0a, SIGNEXTEND = 0x0b,
  LT = 0x10, GT = 0x11, SLT = 0x12, SGT = 0x13, EQ = 0x14, ISZERO = 0x15, AND = 0x16, OR = 0x17,
  XOR = 0x18, NOT = 0x19, BYTE = 0x1a, SHL = 0x1b, SHR = 0x1c, SAR = 0x1d,
  KECCAK256 = 0x20,
  ADDRESS = 0x30, BALANCE = 0x31, ORIGIN = 0x32, CALLER = 0x33, CALLVALUE = 0x34, CALLDATALOAD = 0x35,
  CALLDATASIZE = 0x36, CALLDATACOPY = 0x37, CODESIZE = 0x38, CODECOPY = 0x39, GASPRICE = 0x3a,
  EXTCODESIZE = 0x3b, EXTCODECOPY = 0x3c, RETURNDATASIZE = 0x3d, RETURNDATACOPY = 0x3e, EXTCODEHASH = 0x3f,
  BLOCKHASH = 0x40, COINBASE = 0x41, TIMESTAMP = 0x42, NUMBER = 0x43, PREVRANDAO = 0x44, GASLIMIT = 0x45,
  CHAINID = 0x46, SELFBALANCE = 0x47, BASEFEE = 0x48, BLOBHASH = 0x49, BLOBBASEFEE = 0x4a,
  POP = 0x50, MLOAD = 0x51, MSTORE = 0x52, MSTORE8 = 0x53, SLOAD = 0x54, SSTORE = 0x55, JUMP = 0x56,
  JUMPI = 0x57, PC = 0x58, MSIZE = 0x59, GAS = 0x5a, JUMPDEST = 0x5b, TLOAD = 0x5c, TSTORE = 0x5d,
  MCOPY = 0x5e, PUSH0 = 0x5f, PUSH1 = 0x60, PUSH32 = 0x7f, DUP1 = 0x80, DUP16 = 0x8f, SWAP1 = 0x90,
  SWAP16 = 0x9f, LOG0 = 0xa0, LOG4 = 0xa4,
  CREATE = 0xf0, CALL = 0xf1, CALLCODE = 0xf2, RETURN = 0xf3, DELEGATECALL = 0xf4, CREATE2 = 0xf5,
  STATICCALL = 0xfa, REVERT = 0xfd, INVALID = 0xfe, SELFDESTRUCT = 0xff,
}

// Column storage: one byte or word per opcode, in static memory so the interpreter's pre-dispatch
// check is two loads. STACK_CHECK packs the two bounds the interpreter compares the stack height
// (in bytes) against: low 16 bits = required height, high 16 bits = the highest height at which the
// opcode may run without overflowing 1024 items.
const BASE_GAS = memory.data(256 * 8, 8);
const STACK_CHECK = memory.data(256 * 4, 4);
const STACK_IN = memory.data(256);
const STACK_OUT = memory.data(256);
const IMMEDIATE = memory.data(256);
const OVM = memory.data(256);
const DEFINED = memory.data(256);
const NAMES = memory.data(256 * 16); // NUL-padded ASCII, 15 characters at most

// Word-size multiples kept in bytes so the interpreter compares against `sp - stackBase` directly.
const WORD: i32 = 32;

function define(op: i32, name: string, immediate: i32, stackIn: i32, stackOut: i32, gas: i64, ovm: Ovm): void {
  store<i64>(BASE_GAS + (<usize>op << 3), gas);
  const maxHeight = stackOut > stackIn ? STACK_LIMIT - (stackOut - stackIn) : STACK_LIMIT;
  store<u32>(STACK_CHECK + (<usize>op << 2), <u32>(stackIn * WORD) | (<u32>(maxHeight * WORD) << 16));
  store<u8>(STACK_IN + op, <u8>stackIn);
  store<u8>(STACK_OUT + op, <u8>stackOut);
  store<u8>(IMMEDIATE + op, <u8>immediate);
  store<u8>(OVM + op, <u8>ovm);
  store<u8>(DEFINED + op, 1);
  const n = min(name.length, 15);
  for (let i = 0; i < n; i++) store<u8>(NAMES + (<usize>op << 4) + i, <u8>name.charCodeAt(i));
}

function defineTable(): void {
  // Undefined opcodes: INVALID semantics (all gas consumed), banned in the OVM. The stack bound 0/1024
  // lets them through the pre-check so the dispatcher reports them as invalid, not as stack errors.
  for (let op = 0; op < 256; op++) {
    store<u32>(STACK_CHECK + (<usize>op << 2), <u32>(STACK_LIMIT * WORD) << 16);
    store<u8>(OVM + op, <u8>Ovm.Banned);
  }
  const N = Ovm.Native, R = Ovm.Replaced, B = Ovm.Banned, W = Ovm.Rewritten, G = Ovm.Guarded;
  define(0x00, "STOP", 0, 0, 0, G_ZERO, N);
  define(0x01, "ADD", 0, 2, 1, G_VERYLOW, N);
  define(0x02, "MUL", 0, 2, 1, G_LOW, N);
  define(0x03, "SUB", 0, 2, 1, G_VERYLOW, N);
  define(0x04, "DIV", 0, 2, 1, G_LOW, N);
  define(0x05, "SDIV", 0, 2, 1, G_LOW, N);
  define(0x06, "MOD", 0, 2, 1, G_LOW, N);
  define(0x07, "SMOD", 0, 2, 1, G_LOW, N);
  define(0x08, "ADDMOD", 0, 3, 1, G_MID, N);
  define(0x09, "MULMOD", 0, 3, 1, G_MID, N);
  define(0x0a, "EXP", 0, 2, 1, G_EXP, N);
  define(0x0b, "SIGNEXTEND", 0, 2, 1, G_LOW, N);
  define(0x10, "LT", 0, 2, 1, G_VERYLOW, N);
  define(0x11, "GT", 0, 2, 1, G_VERYLOW, N);
  define(0x12, "SLT", 0, 2, 1, G_VERYLOW, N);
  define(0x13, "SGT", 0, 2, 1, G_VERYLOW, N);
  define(0x14, "EQ", 0, 2, 1, G_VERYLOW, N);
  define(0x15, "ISZERO", 0, 1, 1, G_VERYLOW, N);
  define(0x16, "AND", 0, 2, 1, G_VERYLOW, N);
  define(0x17, "OR", 0, 2, 1, G_VERYLOW, N);
  define(0x18, "XOR", 0, 2, 1, G_VERYLOW, N);
  define(0x19, "NOT", 0, 1, 1, G_VERYLOW, N);
  define(0x1a, "BYTE", 0, 2, 1, G_VERYLOW, N);
  define(0x1b, "SHL", 0, 2, 1, G_VERYLOW, N);
  define(0x1c, "SHR", 0, 2, 1, G_VERYLOW, N);
  define(0x1d, "SAR", 0, 2, 1, G_VERYLOW, N);
  define(0x20, "KECCAK256", 0, 2, 1, G_KECCAK256, N);
  define(0x30, "ADDRESS", 0, 0, 1, G_BASE, R);
  define(0x31, "BALANCE", 0, 1, 1, G_WARM_ACCESS, R);
  define(0x32, "ORIGIN", 0, 0, 1, G_BASE, R);
  define(0x33, "CALLER", 0, 0, 1, G_BASE, R);
  define(0x34, "CALLVALUE", 0, 0, 1, G_BASE, R);
  define(0x35, "CALLDATALOAD", 0, 1, 1, G_VERYLOW, N);
  define(0x36, "CALLDATASIZE", 0, 0, 1, G_BASE, N);
  define(0x37, "CALLDATACOPY", 0, 3, 0, G_VERYLOW, N);
  define(0x38, "CODESIZE", 0, 0, 1, G_BASE, W);
  define(0x39, "CODECOPY", 0, 3, 0, G_VERYLOW, W);
  define(0x3a, "GASPRICE", 0, 0, 1, G_BASE, B);
  define(0x3b, "EXTCODESIZE", 0, 1, 1, G_WARM_ACCESS, R);
  define(0x3c, "EXTCODECOPY", 0, 4, 0, G_WARM_ACCESS, R);
  define(0x3d, "RETURNDATASIZE", 0, 0, 1, G_BASE, N);
  define(0x3e, "RETURNDATACOPY", 0, 3, 0, G_VERYLOW, N);
  define(0x3f, "EXTCODEHASH", 0, 1, 1, G_WARM_ACCESS, R);
  define(0x40, "BLOCKHASH", 0, 1, 1, G_BLOCKHASH, B);
  define(0x41, "COINBASE", 0, 0, 1, G_BASE, B);
  define(0x42, "TIMESTAMP", 0, 0, 1, G_BASE, R);
  define(0x43, "NUMBER", 0, 0, 1, G_BASE, B);
  define(0x44, "PREVRANDAO", 0, 0, 1, G_BASE, B);
  define(0x45, "GASLIMIT", 0, 0, 1, G_BASE, R);
  define(0x46, "CHAINID", 0, 0, 1, G_BASE, R);
  define(0x47, "SELFBALANCE", 0, 0, 1, G_LOW, R);
  define(0x48, "BASEFEE", 0, 0, 1, G_BASE, B);
  define(0x49, "BLOBHASH", 0, 1, 1, G_BLOBHASH, B);
  define(0x4a, "BLOBBASEFEE", 0, 0, 1, G_BASE, B);
  define(0x50, "POP", 0, 1, 0, G_BASE, N);
  define(0x51, "MLOAD", 0, 1, 1, G_VERYLOW, N);
  define(0x52, "MSTORE", 0, 2, 0, G_VERYLOW, N);
  define(0x53, "MSTORE8", 0, 2, 0, G_VERYLOW, N);
  define(0x54, "SLOAD", 0, 1, 1, G_WARM_ACCESS, R);
  define(0x55, "SSTORE", 0, 2, 0, G_ZERO, R);
  define(0x56, "JUMP", 0, 1, 0, G_MID, W);
  define(0x57, "JUMPI", 0, 2, 0, G_HIGH, W);
  define(0x58, "PC", 0, 0, 1, G_BASE, W);
  define(0x59, "MSIZE", 0, 0, 1, G_BASE, N);
  define(0x5a, "GAS", 0, 0, 1, G_BASE, N);
  define(0x5b, "JUMPDEST", 0, 0, 0, G_JUMPDEST, N);
  define(0x5c, "TLOAD", 0, 1, 1, G_TLOAD, R);
  define(0x5d, "TSTORE", 0, 2, 0, G_TSTORE, R);
  define(0x5e, "MCOPY", 0, 3, 0, G_VERYLOW, N);
  define(0x5f, "PUSH0", 0, 0, 1, G_BASE, N);
  for (let n = 1; n <= 32; n++) define(0x5f + n, "PUSH" + n.toString(), n, 0, 1, G_VERYLOW, N);
  for (let n = 1; n <= 16; n++) define(0x7f + n, "DUP" + n.toString(), 0, n, n + 1, G_VERYLOW, N);
  for (let n = 1; n <= 16; n++) define(0x8f + n, "SWAP" + n.toString(), 0, n + 1, n + 1, G_VERYLOW, N);
  for (let n = 0; n <= 4; n++) define(0xa0 + n, "LOG" + n.toString(), 0, n + 2, 0, G_LOG, G);
  define(0xf0, "CREATE", 0, 3, 1, G_CREATE, R);
  define(0xf1, "CALL", 0, 7, 1, G_WARM_ACCESS, R);
  define(0xf2, "CALLCODE", 0, 7, 1, G_WARM_ACCESS, R);
  define(0xf3, "RETURN", 0, 2, 0, G_ZERO, N);
  define(0xf4, "DELEGATECALL", 0, 6, 1, G_WARM_ACCESS, R);
  define(0xf5, "CREATE2", 0, 4, 1, G_CREATE, R);
  define(0xfa, "STATICCALL", 0, 6, 1, G_WARM_ACCESS, R);
  define(0xfd, "REVERT", 0, 2, 0, G_ZERO, N);
  // INVALID is defined (EIP-141) but behaves like any undefined opcode; the OVM keeps it as the trap.
  define(0xfe, "INVALID", 0, 0, 0, G_ZERO, N);
  define(0xff, "SELFDESTRUCT", 0, 1, 0, G_SELFDESTRUCT, R);
}

defineTable();

@inline export function baseGas(op: u32): i64 { return load<i64>(BASE_GAS + (<usize>op << 3)); }
@inline export function stackCheck(op: u32): u32 { return load<u32>(STACK_CHECK + (<usize>op << 2)); }
@inline export function immediateSize(op: u32): i32 { return load<u8>(IMMEDIATE + op); }
@inline export function ovmTreatment(op: u32): Ovm { return <Ovm>load<u8>(OVM + op); }
@inline export function isDefined(op: u32): bool { return load<u8>(DEFINED + op) != 0; }
@inline export function stackIn(op: u32): i32 { return load<u8>(STACK_IN + op); }
@inline export function stackOut(op: u32): i32 { return load<u8>(STACK_OUT + op); }

/**
 * Packs one row of the table for the host: bits 0-7 immediate size, 8-15 stack in, 16-23 stack
 * out, 24-26 OVM treatment, 27 defined, 32-63 base gas.
 */
export function opcodeInfo(op: u32): u64 {
  op &= 0xff;
  return <u64>immediateSize(op) | (<u64>stackIn(op) << 8) | (<u64>stackOut(op) << 16) |
    (<u64>ovmTreatment(op) << 24) | (<u64>(isDefined(op) ? 1 : 0) << 27) | (<u64>baseGas(op) << 32);
}

/** Address of the opcode's NUL-padded 16-byte name. */
export function opcodeName(op: u32): usize {
  return NAMES + (<usize>(op & 0xff) << 4);
}
