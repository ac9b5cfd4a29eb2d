// Call frames. Nested calls run inside WASM on an explicit frame stack (no host recursion, no
// WASM recursion), one record per depth. A depth's stack, memory and return-data blocks are kept
// after its frame ends and reused by the next frame at that depth, so a call allocates nothing.
import { G_MEMORY_WORD, G_QUAD_COEFF_DIV, MAX_CALL_DEPTH, STACK_LIMIT } from "../gas";

export const F_ADDRESS: usize = 0; // word
export const F_CALLER: usize = 32; // word
export const F_VALUE: usize = 64; // word
export const F_CODE: usize = 96; // u32
export const F_CODE_LEN: usize = 100; // u32
export const F_BLOCKS: usize = 104; // u32
export const F_PC: usize = 108; // u32
export const F_SP: usize = 112; // u32
export const F_STACK: usize = 116; // u32 (pooled)
export const F_GAS: usize = 120; // i64
export const F_MEM: usize = 128; // u32 (pooled)
export const F_MEM_SIZE: usize = 132; // u32, a multiple of 32
export const F_MEM_CAP: usize = 136; // u32
export const F_CALLDATA: usize = 140; // u32
export const F_CALLDATA_LEN: usize = 144; // u32
export const F_RD: usize = 148; // u32 (pooled): return data of the last call this frame made
export const F_RD_LEN: usize = 152; // u32
export const F_RD_CAP: usize = 156; // u32
export const F_STATIC: usize = 160; // u32
export const F_KIND: usize = 164; // u32: FrameKind
export const F_JOURNAL: usize = 168; // u32: journal mark at entry
export const F_LOGS: usize = 172; // u32: log buffer length at entry
export const F_LOG_COUNT: usize = 176; // u32
export const F_REFUND: usize = 184; // i64: refund counter at entry
export const F_RET_OFFSET: usize = 192; // u32: where the caller wants the output
export const F_RET_SIZE: usize = 196; // u32
export const F_ACCOUNT: usize = 200; // u32: account index of F_ADDRESS
export const F_OWNED_CODE: usize = 204; // u32: init code block this frame owns (freed at its end)
export const F_OUT: usize = 208; // u32: output (RETURN/REVERT data) pointer
export const F_OUT_LEN: usize = 212; // u32
export const F_STATUS: usize = 216; // u32: Status
export const F_CALL_GAS: usize = 224; // i64: gas the frame started with
const FRAME_SIZE: usize = 256;

export const enum FrameKind {
  Call = 0,
  Create = 1,
}

let frames: usize = 0;
/** Depth of the running frame (0 = the transaction's own message). */
export let depth: i32 = 0;
/** Record of the running frame. */
export let frame: usize = 0;

// The running frame's memory, mirrored in globals because memory opcodes are hot.
export let mem: usize = 0;
export let memSize: u32 = 0;
let memCap: u32 = 0;

const STACK_BYTES: usize = <usize>STACK_LIMIT * 32;

export function initFrames(): void {
  const bytes = <usize>(MAX_CALL_DEPTH + 1) * FRAME_SIZE;
  frames = heap.alloc(bytes);
  memory.fill(frames, 0, bytes);
}

@inline export function frameAt(d: i32): usize {
  return frames + <usize>d * FRAME_SIZE;
}

/** Makes depth `d` the running frame and prepares its pooled blocks. */
export function enterFrame(d: i32): usize {
  depth = d;
  const f = frameAt(d);
  frame = f;
  if (load<u32>(f + F_STACK) == 0) store<u32>(f + F_STACK, <u32>heap.alloc(STACK_BYTES + 32));
  store<u32>(f + F_SP, load<u32>(f + F_STACK));
  store<u32>(f + F_PC, 0);
  store<u32>(f + F_MEM_SIZE, 0);
  store<u32>(f + F_RD_LEN, 0);
  store<u32>(f + F_OWNED_CODE, 0);
  store<u32>(f + F_OUT_LEN, 0);
  store<u32>(f + F_STATUS, 255);
  loadMemoryGlobals(f);
  return f;
}

/** Returns to the frame at depth `d` (its caller), after a child ended. */
export function resumeFrame(d: i32): usize {
  depth = d;
  frame = frameAt(d);
  loadMemoryGlobals(frame);
  return frame;
}

function loadMemoryGlobals(f: usize): void {
  mem = load<u32>(f + F_MEM);
  memSize = load<u32>(f + F_MEM_SIZE);
  memCap = load<u32>(f + F_MEM_CAP);
}

function saveMemoryGlobals(): void {
  store<u32>(frame + F_MEM, <u32>mem);
  store<u32>(frame + F_MEM_SIZE, memSize);
  store<u32>(frame + F_MEM_CAP, memCap);
}

/** Highest memory offset we can serve; beyond it any expansion is out of gas (as in evmone). */
const MAX_MEMORY: u64 = 0xffffffff;

/** Cost of `words` words of memory (yellow paper, C_mem). */
@inline export function memoryCost(words: u64): i64 {
  return <i64>(words * <u64>G_MEMORY_WORD + (words * words) / <u64>G_QUAD_COEFF_DIV);
}

/**
 * Charges for and performs the expansion needed to touch [offset, offset+size); returns the gas
 * left, negative when out of gas. A zero size touches nothing, whatever the offset (yellow paper).
 */
export function expandMemory(gas: i64, offset: u64, size: u64): i64 {
  if (size == 0) return gas;
  if (offset > MAX_MEMORY || size > MAX_MEMORY) return -1;
  const end = offset + size;
  if (end <= <u64>memSize) return gas;
  if (end > MAX_MEMORY) return -1;
  const newWords = (end + 31) >> 5;
  gas -= memoryCost(newWords) - memoryCost(<u64>(memSize >> 5));
  if (gas < 0) return gas;
  const newSize = <u32>(newWords << 5);
  if (newSize > memCap) {
    let cap = memCap == 0 ? <u32>4096 : memCap;
    while (cap < newSize) cap = cap << 1 > cap ? cap << 1 : newSize;
    mem = mem == 0 ? heap.alloc(cap) : heap.realloc(mem, cap);
    memCap = cap;
  }
  memory.fill(mem + memSize, 0, newSize - memSize);
  memSize = newSize;
  saveMemoryGlobals();
  return gas;
}

/** Replaces the running frame's return data with `len` bytes at `src`. */
export function setReturnData(f: usize, src: usize, len: u32): void {
  let rd = <usize>load<u32>(f + F_RD);
  const cap = load<u32>(f + F_RD_CAP);
  if (len > cap) {
    if (rd != 0) heap.free(rd);
    rd = heap.alloc(len);
    store<u32>(f + F_RD, <u32>rd);
    store<u32>(f + F_RD_CAP, len);
  }
  if (len > 0) memory.copy(rd, src, len);
  store<u32>(f + F_RD_LEN, len);
}

/** Before a message: the next frame opened is depth 0. */
export function resetDepth(): void {
  depth = -1;
}
