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
const MIN_SHIFT: u64 = 32; // bits 32-43: stack items the block needs on entry
const RANGE_SHIFT: u64 = 44; // bits 44-55: how far above that minimum the entry height may be
const FIELD_MASK: u64 = 0xfff;
const JUMPDEST_BIT: u64 = 1 << 63; // the position is a JUMPDEST outside PUSH data
/** Minimum of a block no stack height can satisfy (it needs more than the stack can hold). */
const IMPOSSIBLE: i32 = 0xfff;

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

// Segment records of the first pass (one per straight-line run), 32 bytes each.
const SEG_START: usize = 0; // u32
const SEG_FALLS_INTO: usize = 4; // u32: 1 when the run falls through into a JUMPDEST
const SEG_GAS: usize = 8; // u64
const SEG_REQUIRED: usize = 16; // i32
const SEG_GROWTH: usize = 20; // i32
const SEG_DELTA: usize = 24; // i32
const SEG_SIZE: usize = 32;

/**
 * Builds the block table of `code` (padded by 33 zero bytes): (len + 1) u64 entries.
 *
 * First pass: straight-line runs, split before each JUMPDEST and after each terminator or
 * gas-reading instruction. Second pass, backwards: a run that falls through into a JUMPDEST also
 * pays for the run that follows, so execution that flows into a JUMPDEST has already been charged
 * and the JUMPDEST costs only its dispatch; a jump charges the chain that starts at its target.
 */
export function analyzeCode(code: usize, len: u32): usize {
  const bytes = (<usize>len + 1) << 3;
  const table = heap.alloc(bytes);
  memory.fill(table, 0, bytes);
  const segments = heap.alloc((<usize>len + 1) * SEG_SIZE);
  let count: usize = 0;
  let pc: u32 = 0;
  let seg: usize = 0;
  let open = false;
  while (pc < len) {
    const op = <u32>load<u8>(code + pc);
    if (op == Op.JUMPDEST) {
      if (open) store<u32>(seg + SEG_FALLS_INTO, 1);
      store<u64>(table + (<usize>pc << 3), JUMPDEST_BIT);
      open = false;
    }
    if (!open) {
      open = true;
      seg = segments + count * SEG_SIZE;
      count++;
      store<u32>(seg + SEG_START, pc);
      store<u32>(seg + SEG_FALLS_INTO, 0);
      store<u64>(seg + SEG_GAS, 0);
      store<i32>(seg + SEG_REQUIRED, 0);
      store<i32>(seg + SEG_GROWTH, 0);
      store<i32>(seg + SEG_DELTA, 0);
    }
    let delta = load<i32>(seg + SEG_DELTA);
    const need = stackIn(op) - delta;
    if (need > load<i32>(seg + SEG_REQUIRED)) store<i32>(seg + SEG_REQUIRED, need);
    delta += stackOut(op) - stackIn(op);
    store<i32>(seg + SEG_DELTA, delta);
    if (delta > load<i32>(seg + SEG_GROWTH)) store<i32>(seg + SEG_GROWTH, delta);
    store<u64>(seg + SEG_GAS, load<u64>(seg + SEG_GAS) + <u64>baseGas(op));
    pc += 1 + <u32>immediateSize(op);
    if (endsBlock(op)) open = false;
  }
  // Backwards, fold each run that falls into a JUMPDEST together with the (already folded) next one.
  for (let i = <isize>count - 2; i >= 0; i--) {
    const a = segments + <usize>i * SEG_SIZE;
    if (load<u32>(a + SEG_FALLS_INTO) == 0) continue;
    const b = a + SEG_SIZE;
    const aDelta = load<i32>(a + SEG_DELTA);
    store<u64>(a + SEG_GAS, load<u64>(a + SEG_GAS) + load<u64>(b + SEG_GAS));
    store<i32>(a + SEG_REQUIRED, max(load<i32>(a + SEG_REQUIRED), load<i32>(b + SEG_REQUIRED) - aDelta));
    store<i32>(a + SEG_GROWTH, max(load<i32>(a + SEG_GROWTH), aDelta + load<i32>(b + SEG_GROWTH)));
    store<i32>(a + SEG_DELTA, aDelta + load<i32>(b + SEG_DELTA));
  }
  for (let i: usize = 0; i < count; i++) {
    const a = segments + i * SEG_SIZE;
    writeBlock(table, load<u32>(a + SEG_START), load<u64>(a + SEG_GAS), load<i32>(a + SEG_REQUIRED), load<i32>(a + SEG_GROWTH));
  }
  heap.free(segments);
  // Falling off the end runs the implicit STOP: an empty block any stack height may enter.
  writeBlock(table, len, 0, 0, 0);
  return table;
}

function writeBlock(table: usize, start: u32, gas: u64, required: i32, growth: i32): void {
  const at = table + (<usize>start << 3);
  // Entry heights h that run the block without underflow or overflow: required <= h <= 1024 - growth.
  let minimum = required;
  let range = STACK_LIMIT - growth - required;
  if (range < 0 || required > STACK_LIMIT) { minimum = IMPOSSIBLE; range = 0; }
  const entry = (gas > GAS_MASK ? GAS_MASK : gas) | (<u64>minimum << MIN_SHIFT) | (<u64>range << RANGE_SHIFT);
  store<u64>(at, load<u64>(at) | entry);
}

@inline export function blockEntry(table: usize, pc: usize): u64 {
  return load<u64>(table + (pc << 3));
}

@inline export function blockGas(entry: u64): i64 {
  return <i64>(entry & GAS_MASK);
}

/** Whether a stack of `height` items satisfies the block: one subtraction and one comparison. */
@inline export function blockStackFits(entry: u64, height: u32): bool {
  return height - <u32>((entry >> MIN_SHIFT) & FIELD_MASK) <= <u32>((entry >> RANGE_SHIFT) & FIELD_MASK);
}

/** After blockStackFits failed: was it an underflow (else an overflow)? */
@inline export function blockUnderflows(entry: u64, height: u32): bool {
  return height < <u32>((entry >> MIN_SHIFT) & FIELD_MASK);
}

@inline export function isJumpdestEntry(entry: u64): bool {
  return (entry & JUMPDEST_BIT) != 0;
}

@inline export function isJumpdest(table: usize, len: u32, target: u64): bool {
  return target < <u64>len && (load<u64>(table + (<usize>target << 3)) & JUMPDEST_BIT) != 0;
}
