// Code analysis, once per code: which offsets are JUMPDESTs outside PUSH data.
import { Op } from "../opcodes";

/** Builds the bitmap (bit i set = offset i is a valid jump target); `code` is padded by 33 zeros. */
export function analyzeJumpdests(code: usize, len: u32): usize {
  const bytes = (<usize>len + 8) >> 3;
  const map = heap.alloc(bytes);
  memory.fill(map, 0, bytes);
  let pc: u32 = 0;
  while (pc < len) {
    const op = <u32>load<u8>(code + pc);
    if (op == Op.JUMPDEST) {
      store<u8>(map + (pc >> 3), load<u8>(map + (pc >> 3)) | <u8>(<u32>1 << (pc & 7)));
      pc++;
    } else if (op >= <u32>Op.PUSH1 && op <= <u32>Op.PUSH32) {
      pc += op - Op.PUSH1 + 2;
    } else {
      pc++;
    }
  }
  return map;
}

@inline export function isJumpdest(map: usize, len: u32, target: u64): bool {
  return target < <u64>len && (load<u8>(map + <usize>(target >> 3)) & <u8>(<u32>1 << <u32>(target & 7))) != 0;
}
