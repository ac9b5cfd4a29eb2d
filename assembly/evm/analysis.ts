// Code analysis, once per code: basic blocks and jump targets.
//
// The interpreter charges base gas and checks stack bounds once per basic block instead of once per
// instruction (evmone's "advanced" analysis, applied to our baseline loop): the result is the same
// because a block is left early only by an exceptional halt, which consumes all gas anyway. Blocks end
// at every instruction that reads the remaining gas (GAS, SSTORE's stipend check, CALL*, CREATE*),
// so those always see the exact figure, and at every terminator and before every JUMPDEST.
import { Op, baseGas, stackIn, stackOut, immediateSize, isDefined } from "../opcodes";
import { STACK_LIMIT } from "../gas";

// Block entry layout (one u64 per code position, meaningful at block starts):
const GAS_MASK: u64 = 0xffffffff; // bits 0-31: base gas of the whole block
const REQUIRED_SHIFT: u64 = 32; // bits 32-43: stack items the block needs on entry
const GROWTH_SHIFT: u64 = 44; // bits 44-55: most items the block adds above its entry height
const FIELD_MASK: u64 = 0xfff;
const JUMPDEST_BIT: u64 = 1 << 63; // the position is a JUMPDEST outside PUSH data
const CLAMP: i32 = 0xfff;

@inline function endsBlock(op: u32): bool {
  switch (op) {
    case Op.STOP: case Op.JUMP: case Op.JUMPI: case Op.RETURN: case Op.REVERT: case Op.INVALID:
    case Op.SELFDESTRUCT: case Op.GAS: case Op.SSTORE: case Op.CALL: case Op.CALLCODE:
    case Op.DELEGATECALL: case Op.STATICCALL: case Op.CREATE: case Op.CREATE2:
      return true;
    default:
      return !isDefined(op);
  }
}

/** Builds the block table of `code` (padded by 33 zero bytes): (len + 1) u64 entries. */
export function analyzeCode(code: usize, len: u32): usize {
  const bytes = (<usize>len + 1) << 3;
  const table = heap.alloc(bytes);
  memory.fill(table, 0, bytes);
  let pc: u32 = 0;
  let start: u32 = 0;
  let gas: u64 = 0;
  let delta: i32 = 0;
  let required: i32 = 0;
  let growth: i32 = 0;
  let open = false;
  while (pc < len) {
    const op = <u32>load<u8>(code + pc);
    if (op == Op.JUMPDEST) {
      if (open) writeBlock(table, start, gas, required, growth);
      store<u64>(table + (<usize>pc << 3), JUMPDEST_BIT);
      open = false;
    }
    if (!open) {
      open = true;
      start = pc;
      gas = 0;
      delta = 0;
      required = 0;
      growth = 0;
    }
    const need = stackIn(op) - delta;
    if (need > required) required = need;
    delta += stackOut(op) - stackIn(op);
    if (delta > growth) growth = delta;
    gas += <u64>baseGas(op);
    pc += 1 + <u32>immediateSize(op);
    if (endsBlock(op)) {
      writeBlock(table, start, gas, required, growth);
      open = false;
    }
  }
  if (open) writeBlock(table, start, gas, required, growth);
  return table;
}

function writeBlock(table: usize, start: u32, gas: u64, required: i32, growth: i32): void {
  const at = table + (<usize>start << 3);
  const entry = (gas > GAS_MASK ? GAS_MASK : gas) | (<u64>min(required, CLAMP) << REQUIRED_SHIFT) |
    (<u64>min(growth, CLAMP) << GROWTH_SHIFT);
  store<u64>(at, load<u64>(at) | entry);
}

@inline export function blockEntry(table: usize, pc: usize): u64 {
  return load<u64>(table + (pc << 3));
}

@inline export function blockGas(entry: u64): i64 {
  return <i64>(entry & GAS_MASK);
}

/** Stack bounds in bytes (the interpreter compares `sp - stackBase` against them). */
@inline export function blockMinHeight(entry: u64): usize {
  return <usize>((entry >> REQUIRED_SHIFT) & FIELD_MASK) << 5;
}

/** Negative when the block pushes more than the whole stack holds. */
@inline export function blockMaxHeight(entry: u64): i32 {
  return (STACK_LIMIT - <i32>((entry >> GROWTH_SHIFT) & FIELD_MASK)) << 5;
}

@inline export function isJumpdest(table: usize, len: u32, target: u64): bool {
  return target < <u64>len && (load<u64>(table + (<usize>target << 3)) & JUMPDEST_BIT) != 0;
}
