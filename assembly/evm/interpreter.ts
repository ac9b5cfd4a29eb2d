// The interpreter loop. Base gas and stack bounds come from the opcode table through the code
// analysis and are checked once per basic block (analysis.ts), so each case does only its own work:
// its dynamic gas and its effect. Calls and creations leave interpretFrame; run() switches frames.
import { Op } from "../opcodes";
import {
  G_EXP_BYTE, G_KECCAK256_WORD, G_COPY_WORD, G_LOG_TOPIC, G_LOG_DATA_BYTE, G_COLD_ACCOUNT_SURCHARGE,
  G_COLD_SLOAD_SURCHARGE,
} from "../gas";
import {
  add, sub, mul, div, sdiv, mod, smod, addmod, mulmod, exp, signextend, lt, gt, slt, sgt, eq, iszero,
  and, or, xor, not, byteAt, shl, shr, sar, isZero, fitsU64, lo64, setU64, setZero, copy, byteLength,
  loadBE32, storeBE32, storeAddressBE,
} from "../u256";
import { keccak256 } from "../keccak";
import { Status } from "./status";
import {
  frame, depth, mem, memSize, expandMemory, F_CODE, F_CODE_LEN, F_BLOCKS, F_PC, F_SP, F_STACK, F_GAS,
  F_ADDRESS, F_CALLER, F_VALUE, F_CALLDATA, F_CALLDATA_LEN, F_RD, F_RD_LEN, F_STATIC, F_ACCOUNT, F_OUT,
  F_OUT_LEN, F_STATUS,
} from "./frame";
import { blockEntry, blockGas, blockStackFits, blockUnderflows, isJumpdestEntry } from "./analysis";
import * as ctx from "./context";
import { appendLog } from "./logs";
import { hostBlockHash, hostTrace } from "../host";
import {
  findAccount, accountPtr, accountCode, txEpoch, A_BALANCE, A_CODE_LEN, A_CODE_HASH, A_FLAGS, F_WARM,
  isDeadOrAbsent,
} from "../state/accounts";
import { findSlot, slotPtr, findTransientSlot, transientSlotPtr, S_CURRENT, S_WARM } from "../state/storage";
import { recordSlotWarm, recordTransient, recordFlags } from "../state/journal";
import { sstore } from "./sstore";
import { beginCall, beginCreate, selfDestruct, finishFrame } from "./calls";

const scratch = memory.data(64, 16);
const addressWord = memory.data(32, 16);
const U64_MAX: u64 = 0xffffffffffffffff;

/** The word as an offset/size, or u64 max when it does not fit (callers then run out of gas). */
@inline function asU64(p: usize): u64 {
  return fitsU64(p) ? lo64(p) : U64_MAX;
}

/** Copies the low 160 bits of the word at `p` into `addressWord`: stack operands name accounts. */
@inline function toAddress(p: usize): usize {
  store<u64>(addressWord, load<u64>(p));
  store<u64>(addressWord, load<u64>(p, 8), 8);
  store<u64>(addressWord, load<u64>(p, 16) & 0xffffffff, 16);
  store<u64>(addressWord, 0, 24);
  return addressWord;
}

/** EIP-2929: charges the cold surcharge on first access; returns the gas left (negative = out of gas). */
@inline function accessAccount(account: u32, gas: i64): i64 {
  const e = accountPtr(account);
  const f = load<u32>(e + A_FLAGS);
  if ((f & F_WARM) == 0) {
    gas -= G_COLD_ACCOUNT_SURCHARGE;
    recordFlags(account);
    store<u32>(e + A_FLAGS, f | F_WARM);
  }
  return gas;
}

@inline function copyCost(size: u64): i64 {
  return <i64>((size + 31) >> 5) * G_COPY_WORD;
}

/** Copies `size` bytes of a source of `srcLen` bytes from `srcOff` to memory, zero-filling past its end. */
function copyPadded(dst: usize, src: usize, srcLen: u64, srcOff: u64, size: u64): void {
  if (size == 0) return;
  let n: u64 = 0;
  if (srcOff < srcLen) n = min(size, srcLen - srcOff);
  if (n > 0) memory.copy(dst, src + <usize>srcOff, <usize>n);
  if (n < size) memory.fill(dst + <usize>n, 0, <usize>(size - n));
}

// Set by the build: 1 in the trace build (build/ovm.trace.wasm), 0 in release, so the release loop
// carries no tracing test at all.
// @ts-ignore: defined by asc --use
const TRACE: i32 = OVM_TRACE;

// PUSHn masks: entry n keeps the low n bytes of a little-endian word.
const PUSH_MASKS = memory.data(33 * 32, 16);
for (let n = 0; n <= 32; n++) memory.fill(PUSH_MASKS + <usize>n * 32, 0xff, <usize>n);

/**
 * PUSHn immediate as a word: the 32 bytes that end where the immediate ends, byte-reversed, with
 * the bytes above the immediate cleared. Reading up to 31 bytes before the immediate is safe: code
 * blocks sit inside the heap, after the module's static data, and end with 33 zero bytes.
 */
@inline function pushImmediate(r: usize, end: usize, n: usize): void {
  const mask = PUSH_MASKS + (n << 5);
  const shuffleHi = v128.load(end - 32);
  const shuffleLo = v128.load(end - 16);
  const lo = v128.and(i8x16.shuffle(shuffleLo, shuffleLo, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), v128.load(mask));
  const hi = v128.and(i8x16.shuffle(shuffleHi, shuffleHi, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), v128.load(mask, 16));
  // Stored as u64 limbs: the next instruction reads the word with that width.
  store<u64>(r, i64x2.extract_lane(lo, 0));
  store<u64>(r, i64x2.extract_lane(lo, 1), 8);
  store<u64>(r, i64x2.extract_lane(hi, 0), 16);
  store<u64>(r, i64x2.extract_lane(hi, 1), 24);
}

// One case per PUSHn/DUPn/SWAPn with a constant n: the operand offsets fold into the addressing and
// the opcode need not stay live across the dispatch.
// Stack words move as four u64 limbs, the width the arithmetic reads and writes them with: mixing
// v128 and u64 accesses to the same bytes stalls store-to-load forwarding (~15 cycles measured).
@inline function dup(sp: usize, n: usize): void {
  const from = sp - (n << 5);
  store<u64>(sp, load<u64>(from));
  store<u64>(sp, load<u64>(from, 8), 8);
  store<u64>(sp, load<u64>(from, 16), 16);
  store<u64>(sp, load<u64>(from, 24), 24);
}

@inline function swap(sp: usize, n: usize): void {
  const a = sp - 32;
  const b = sp - ((n + 1) << 5);
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  store<u64>(a, load<u64>(b));
  store<u64>(a, load<u64>(b, 8), 8);
  store<u64>(a, load<u64>(b, 16), 16);
  store<u64>(a, load<u64>(b, 24), 24);
  store<u64>(b, a0);
  store<u64>(b, a1, 8);
  store<u64>(b, a2, 16);
  store<u64>(b, a3, 24);
}

/** Sentinels `enterBlock` returns instead of the gas left. */
const BLOCK_OUT_OF_GAS: i64 = -1;
const BLOCK_UNDERFLOW: i64 = -2;
const BLOCK_OVERFLOW: i64 = -3;

/**
 * Charges the base gas of the block starting at `pc` and checks its stack bounds, when a block is
 * entered other than by falling through into it: frame entry, after GAS, SSTORE or a JUMPI not
 * taken. Returns the gas left or a sentinel.
 */
@inline function enterBlock(blocks: usize, pc: usize, gas: i64, height: usize): i64 {
  return chargeBlock(blockEntry(blocks, pc), gas, height);
}

/** `height` in bytes (sp - stackBase). */
@inline function chargeBlock(entry: u64, gas: i64, height: usize): i64 {
  gas -= blockGas(entry);
  if (gas < 0) return BLOCK_OUT_OF_GAS;
  const items = <u32>(height >> 5);
  if (!blockStackFits(entry, items)) return blockUnderflows(entry, items) ? BLOCK_UNDERFLOW : BLOCK_OVERFLOW;
  return gas;
}

/**
 * The entry of the block at jump target `target`, or 0 when it is not a JUMPDEST (a JUMPDEST's
 * entry is never 0: its flag bit is set).
 */
@inline function jumpTarget(blocks: usize, codeLen: u32, target: u64): u64 {
  if (target >= <u64>codeLen) return 0;
  const entry = blockEntry(blocks, <usize>target);
  return isJumpdestEntry(entry) ? entry : 0;
}

@inline function blockFailure(sentinel: i64): u32 {
  return sentinel == BLOCK_OUT_OF_GAS ? Status.OutOfGas : sentinel == BLOCK_UNDERFLOW ? Status.StackUnderflow : Status.StackOverflow;
}

/** Saves the loop's registers into the frame record and reports how the frame stops. */
@inline function leave(f: usize, pc: usize, sp: usize, gas: i64, status: u32): u32 {
  store<u32>(f + F_PC, <u32>pc);
  store<u32>(f + F_SP, <u32>sp);
  store<i64>(f + F_GAS, gas);
  return status;
}

/** Runs frames until the message at depth 0 ends. */
export function run(): void {
  while (true) {
    const status = interpretFrame(frame);
    if (status != Status.Running) {
      // Any halt other than success or REVERT consumes all the frame's gas.
      if (status > <u32>Status.Revert) {
        store<i64>(frame + F_GAS, 0);
        store<u32>(frame + F_OUT_LEN, 0);
      }
      store<u32>(frame + F_STATUS, status);
      if (finishFrame()) return;
    }
  }
}

/**
 * Runs the frame `f` from its saved position until it halts (returns its status) or switches
 * frames for a call or creation (returns Running). Every exit is at a block boundary.
 */
function interpretFrame(f: usize): u32 {
  const code = <usize>load<u32>(f + F_CODE);
  const codeLen = load<u32>(f + F_CODE_LEN);
  const blocks = <usize>load<u32>(f + F_BLOCKS);
  const stackBase = <usize>load<u32>(f + F_STACK);
  let pc = <usize>load<u32>(f + F_PC);
  let sp = <usize>load<u32>(f + F_SP);
  let gas = enterBlock(blocks, pc, load<i64>(f + F_GAS), sp - load<u32>(f + F_STACK));
  if (gas < 0) return leave(f, pc, sp, 0, blockFailure(gas));

  while (true) {
    const op = <u32>load<u8>(code + pc);
    if (TRACE) hostTrace(<u32>pc, op, gas, depth, <u32>((sp - stackBase) >> 5), sp);
    pc++;

    switch (op) {
      case Op.STOP: return leave(f, pc, sp, gas, Status.Success);
      case Op.ADD: { add(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.MUL: { mul(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.SUB: { sub(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.DIV: { div(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.SDIV: { sdiv(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.MOD: { mod(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.SMOD: { smod(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.ADDMOD: { addmod(sp - 96, sp - 32, sp - 64, sp - 96); sp -= 64; break; }
      case Op.MULMOD: { mulmod(sp - 96, sp - 32, sp - 64, sp - 96); sp -= 64; break; }
      case Op.EXP: {
        gas -= G_EXP_BYTE * <i64>byteLength(sp - 64);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        exp(sp - 64, sp - 32, sp - 64);
        sp -= 32;
        break;
      }
      case Op.SIGNEXTEND: { signextend(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.LT: { lt(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.GT: { gt(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.SLT: { slt(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.SGT: { sgt(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.EQ: { eq(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.ISZERO: { iszero(sp - 32, sp - 32); break; }
      case Op.AND: { and(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.OR: { or(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.XOR: { xor(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.NOT: { not(sp - 32, sp - 32); break; }
      case Op.BYTE: { byteAt(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.SHL: { shl(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.SHR: { shr(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.SAR: { sar(sp - 64, sp - 32, sp - 64); sp -= 32; break; }
      case Op.KECCAK256: {
        const offset = asU64(sp - 32), size = asU64(sp - 64);
        if (size > 0xffffffff) return leave(f, pc, sp, gas, Status.OutOfGas);
        gas -= <i64>((size + 31) >> 5) * G_KECCAK256_WORD;
        gas = expandMemory(gas, offset, size);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        keccak256(size == 0 ? scratch : mem + <usize>offset, <usize>size, scratch);
        loadBE32(sp - 64, scratch);
        sp -= 32;
        break;
      }
      case Op.ADDRESS: { copy(sp, f + F_ADDRESS); sp += 32; break; }
      case Op.BALANCE: {
        const account = findAccount(toAddress(sp - 32));
        gas = accessAccount(account, gas);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        copy(sp - 32, accountPtr(account) + A_BALANCE);
        break;
      }
      case Op.ORIGIN: { copy(sp, ctx.origin); sp += 32; break; }
      case Op.CALLER: { copy(sp, f + F_CALLER); sp += 32; break; }
      case Op.CALLVALUE: { copy(sp, f + F_VALUE); sp += 32; break; }
      case Op.CALLDATALOAD: {
        const offset = asU64(sp - 32);
        const len = <u64>load<u32>(f + F_CALLDATA_LEN);
        const data = <usize>load<u32>(f + F_CALLDATA);
        if (offset >= len) { setZero(sp - 32); break; }
        if (offset + 32 <= len) { loadBE32(sp - 32, data + <usize>offset); break; }
        copyPadded(scratch, data, len, offset, 32);
        loadBE32(sp - 32, scratch);
        break;
      }
      case Op.CALLDATASIZE: { setU64(sp, load<u32>(f + F_CALLDATA_LEN)); sp += 32; break; }
      case Op.CALLDATACOPY:
      case Op.CODECOPY:
      case Op.RETURNDATACOPY: {
        const memOffset = asU64(sp - 32), srcOffset = asU64(sp - 64), size = asU64(sp - 96);
        sp -= 96;
        let src: usize, srcLen: u64;
        if (op == Op.CALLDATACOPY) { src = load<u32>(f + F_CALLDATA); srcLen = load<u32>(f + F_CALLDATA_LEN); }
        else if (op == Op.CODECOPY) { src = code; srcLen = codeLen; }
        else {
          src = load<u32>(f + F_RD); srcLen = load<u32>(f + F_RD_LEN);
          // EIP-211: reading past the end of the return data is an exceptional halt.
          if (srcOffset > srcLen || size > srcLen - srcOffset) return leave(f, pc, sp, gas, Status.ReturnDataOutOfBounds);
        }
        if (size > 0xffffffff) return leave(f, pc, sp, gas, Status.OutOfGas);
        gas -= copyCost(size);
        gas = expandMemory(gas, memOffset, size);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        copyPadded(mem + <usize>memOffset, src, srcLen, srcOffset, size);
        break;
      }
      case Op.CODESIZE: { setU64(sp, codeLen); sp += 32; break; }
      case Op.GASPRICE: { copy(sp, ctx.gasPrice); sp += 32; break; }
      case Op.EXTCODESIZE: {
        const account = findAccount(toAddress(sp - 32));
        gas = accessAccount(account, gas);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        setU64(sp - 32, load<u32>(accountPtr(account) + A_CODE_LEN));
        break;
      }
      case Op.EXTCODECOPY: {
        const account = findAccount(toAddress(sp - 32));
        const memOffset = asU64(sp - 64), srcOffset = asU64(sp - 96), size = asU64(sp - 128);
        sp -= 128;
        gas = accessAccount(account, gas);
        if (size > 0xffffffff) return leave(f, pc, sp, gas, Status.OutOfGas);
        gas -= copyCost(size);
        gas = expandMemory(gas, memOffset, size);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        if (size > 0) {
          const len = load<u32>(accountPtr(account) + A_CODE_LEN);
          copyPadded(mem + <usize>memOffset, accountCode(account), len, srcOffset, size);
        }
        break;
      }
      case Op.RETURNDATASIZE: { setU64(sp, load<u32>(f + F_RD_LEN)); sp += 32; break; }
      case Op.EXTCODEHASH: {
        const account = findAccount(toAddress(sp - 32));
        gas = accessAccount(account, gas);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        // EIP-1052 with EIP-161: an empty account hashes to zero, not to keccak("").
        if (isDeadOrAbsent(account)) setZero(sp - 32);
        else copy(sp - 32, accountPtr(account) + A_CODE_HASH);
        break;
      }
      case Op.BLOCKHASH: {
        const n = asU64(sp - 32);
        const current = ctx.blockNumber;
        if (n < current && current - n <= 256) {
          hostBlockHash(n, scratch);
          loadBE32(sp - 32, scratch);
        } else {
          setZero(sp - 32);
        }
        break;
      }
      case Op.COINBASE: { copy(sp, ctx.coinbase); sp += 32; break; }
      case Op.TIMESTAMP: { setU64(sp, ctx.timestamp); sp += 32; break; }
      case Op.NUMBER: { setU64(sp, ctx.blockNumber); sp += 32; break; }
      case Op.PREVRANDAO: { copy(sp, ctx.prevRandao); sp += 32; break; }
      case Op.GASLIMIT: { setU64(sp, ctx.blockGasLimit); sp += 32; break; }
      case Op.CHAINID: { setU64(sp, ctx.chainId); sp += 32; break; }
      case Op.SELFBALANCE: { copy(sp, accountPtr(load<u32>(f + F_ACCOUNT)) + A_BALANCE); sp += 32; break; }
      case Op.BASEFEE: { copy(sp, ctx.baseFee); sp += 32; break; }
      case Op.BLOBHASH: {
        const i = asU64(sp - 32);
        if (i < <u64>ctx.blobHashCount) loadBE32(sp - 32, ctx.blobHashes + <usize>(i << 5));
        else setZero(sp - 32);
        break;
      }
      case Op.BLOBBASEFEE: { copy(sp, ctx.blobBaseFee); sp += 32; break; }
      case Op.POP: { sp -= 32; break; }
      case Op.MLOAD: {
        const offset = asU64(sp - 32);
        gas = expandMemory(gas, offset, 32);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        loadBE32(sp - 32, mem + <usize>offset);
        break;
      }
      case Op.MSTORE: {
        const offset = asU64(sp - 32);
        gas = expandMemory(gas, offset, 32);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        storeBE32(mem + <usize>offset, sp - 64);
        sp -= 64;
        break;
      }
      case Op.MSTORE8: {
        const offset = asU64(sp - 32);
        gas = expandMemory(gas, offset, 1);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        store<u8>(mem + <usize>offset, load<u8>(sp - 64));
        sp -= 64;
        break;
      }
      case Op.SLOAD: {
        const slot = findSlot(load<u32>(f + F_ACCOUNT), sp - 32);
        const s = slotPtr(slot);
        if (load<u32>(s + S_WARM) != txEpoch) {
          gas -= G_COLD_SLOAD_SURCHARGE;
          if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
          recordSlotWarm(slot);
          store<u32>(s + S_WARM, txEpoch);
        }
        copy(sp - 32, s + S_CURRENT);
        break;
      }
      case Op.SSTORE: {
        if (load<u32>(f + F_STATIC) != 0) return leave(f, pc, sp, gas, Status.StaticStateChange);
        gas = sstore(load<u32>(f + F_ACCOUNT), sp - 32, sp - 64, gas);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        sp -= 64;
        gas = enterBlock(blocks, pc, gas, sp - stackBase);
        if (gas < 0) return leave(f, pc, sp, 0, blockFailure(gas));
        break;
      }
      case Op.JUMP: {
        const entry = jumpTarget(blocks, codeLen, asU64(sp - 32));
        if (entry == 0) return leave(f, pc, sp, gas, Status.InvalidJump);
        sp -= 32;
        // Enter the target's block here and step over its JUMPDEST (whose gas the block includes).
        pc = <usize>lo64(sp) + 1;
        gas = chargeBlock(entry, gas, sp - stackBase);
        if (gas < 0) return leave(f, pc, sp, 0, blockFailure(gas));
        break;
      }
      case Op.JUMPI: {
        sp -= 64;
        if (!isZero(sp)) {
          const entry = jumpTarget(blocks, codeLen, asU64(sp + 32));
          if (entry == 0) return leave(f, pc, sp, gas, Status.InvalidJump);
          pc = <usize>lo64(sp + 32) + 1;
          gas = chargeBlock(entry, gas, sp - stackBase);
        } else {
          gas = enterBlock(blocks, pc, gas, sp - stackBase);
        }
        if (gas < 0) return leave(f, pc, sp, 0, blockFailure(gas));
        break;
      }
      case Op.PC: { setU64(sp, <u64>(pc - 1)); sp += 32; break; }
      case Op.MSIZE: { setU64(sp, memSize); sp += 32; break; }
      case Op.GAS: {
        setU64(sp, <u64>gas);
        sp += 32;
        gas = enterBlock(blocks, pc, gas, sp - stackBase);
        if (gas < 0) return leave(f, pc, sp, 0, blockFailure(gas));
        break;
      }
      // Reached only by falling through, and the block that fell through already paid for it.
      case Op.JUMPDEST: { break; }
      case Op.TLOAD: {
        const slot = findTransientSlot(load<u32>(f + F_ACCOUNT), sp - 32);
        copy(sp - 32, transientSlotPtr(slot) + S_CURRENT);
        break;
      }
      case Op.TSTORE: {
        if (load<u32>(f + F_STATIC) != 0) return leave(f, pc, sp, gas, Status.StaticStateChange);
        const slot = findTransientSlot(load<u32>(f + F_ACCOUNT), sp - 32);
        recordTransient(slot);
        copy(transientSlotPtr(slot) + S_CURRENT, sp - 64);
        sp -= 64;
        break;
      }
      case Op.MCOPY: {
        const dst = asU64(sp - 32), src = asU64(sp - 64), size = asU64(sp - 96);
        sp -= 96;
        if (size > 0xffffffff) return leave(f, pc, sp, gas, Status.OutOfGas);
        gas -= copyCost(size);
        gas = expandMemory(gas, max(dst, src), size);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        if (size > 0) memory.copy(mem + <usize>dst, mem + <usize>src, <usize>size);
        break;
      }
      case Op.PUSH0: { setZero(sp); sp += 32; break; }
      case Op.PUSH1: { setU64(sp, load<u8>(code + pc)); pc += 1; sp += 32; break; }
      case 0x61: { pc += 2; pushImmediate(sp, code + pc, 2); sp += 32; break; } // PUSH2
      case 0x62: { pc += 3; pushImmediate(sp, code + pc, 3); sp += 32; break; } // PUSH3
      case 0x63: { pc += 4; pushImmediate(sp, code + pc, 4); sp += 32; break; } // PUSH4
      case 0x64: { pc += 5; pushImmediate(sp, code + pc, 5); sp += 32; break; } // PUSH5
      case 0x65: { pc += 6; pushImmediate(sp, code + pc, 6); sp += 32; break; } // PUSH6
      case 0x66: { pc += 7; pushImmediate(sp, code + pc, 7); sp += 32; break; } // PUSH7
      case 0x67: { pc += 8; pushImmediate(sp, code + pc, 8); sp += 32; break; } // PUSH8
      case 0x68: { pc += 9; pushImmediate(sp, code + pc, 9); sp += 32; break; } // PUSH9
      case 0x69: { pc += 10; pushImmediate(sp, code + pc, 10); sp += 32; break; } // PUSH10
      case 0x6a: { pc += 11; pushImmediate(sp, code + pc, 11); sp += 32; break; } // PUSH11
      case 0x6b: { pc += 12; pushImmediate(sp, code + pc, 12); sp += 32; break; } // PUSH12
      case 0x6c: { pc += 13; pushImmediate(sp, code + pc, 13); sp += 32; break; } // PUSH13
      case 0x6d: { pc += 14; pushImmediate(sp, code + pc, 14); sp += 32; break; } // PUSH14
      case 0x6e: { pc += 15; pushImmediate(sp, code + pc, 15); sp += 32; break; } // PUSH15
      case 0x6f: { pc += 16; pushImmediate(sp, code + pc, 16); sp += 32; break; } // PUSH16
      case 0x70: { pc += 17; pushImmediate(sp, code + pc, 17); sp += 32; break; } // PUSH17
      case 0x71: { pc += 18; pushImmediate(sp, code + pc, 18); sp += 32; break; } // PUSH18
      case 0x72: { pc += 19; pushImmediate(sp, code + pc, 19); sp += 32; break; } // PUSH19
      case 0x73: { pc += 20; pushImmediate(sp, code + pc, 20); sp += 32; break; } // PUSH20
      case 0x74: { pc += 21; pushImmediate(sp, code + pc, 21); sp += 32; break; } // PUSH21
      case 0x75: { pc += 22; pushImmediate(sp, code + pc, 22); sp += 32; break; } // PUSH22
      case 0x76: { pc += 23; pushImmediate(sp, code + pc, 23); sp += 32; break; } // PUSH23
      case 0x77: { pc += 24; pushImmediate(sp, code + pc, 24); sp += 32; break; } // PUSH24
      case 0x78: { pc += 25; pushImmediate(sp, code + pc, 25); sp += 32; break; } // PUSH25
      case 0x79: { pc += 26; pushImmediate(sp, code + pc, 26); sp += 32; break; } // PUSH26
      case 0x7a: { pc += 27; pushImmediate(sp, code + pc, 27); sp += 32; break; } // PUSH27
      case 0x7b: { pc += 28; pushImmediate(sp, code + pc, 28); sp += 32; break; } // PUSH28
      case 0x7c: { pc += 29; pushImmediate(sp, code + pc, 29); sp += 32; break; } // PUSH29
      case 0x7d: { pc += 30; pushImmediate(sp, code + pc, 30); sp += 32; break; } // PUSH30
      case 0x7e: { pc += 31; pushImmediate(sp, code + pc, 31); sp += 32; break; } // PUSH31
      case 0x7f: { pc += 32; pushImmediate(sp, code + pc, 32); sp += 32; break; } // PUSH32
      case 0x80: { dup(sp, 1); sp += 32; break; } // DUP1
      case 0x81: { dup(sp, 2); sp += 32; break; } // DUP2
      case 0x82: { dup(sp, 3); sp += 32; break; } // DUP3
      case 0x83: { dup(sp, 4); sp += 32; break; } // DUP4
      case 0x84: { dup(sp, 5); sp += 32; break; } // DUP5
      case 0x85: { dup(sp, 6); sp += 32; break; } // DUP6
      case 0x86: { dup(sp, 7); sp += 32; break; } // DUP7
      case 0x87: { dup(sp, 8); sp += 32; break; } // DUP8
      case 0x88: { dup(sp, 9); sp += 32; break; } // DUP9
      case 0x89: { dup(sp, 10); sp += 32; break; } // DUP10
      case 0x8a: { dup(sp, 11); sp += 32; break; } // DUP11
      case 0x8b: { dup(sp, 12); sp += 32; break; } // DUP12
      case 0x8c: { dup(sp, 13); sp += 32; break; } // DUP13
      case 0x8d: { dup(sp, 14); sp += 32; break; } // DUP14
      case 0x8e: { dup(sp, 15); sp += 32; break; } // DUP15
      case 0x8f: { dup(sp, 16); sp += 32; break; } // DUP16
      case 0x90: { swap(sp, 1); break; } // SWAP1
      case 0x91: { swap(sp, 2); break; } // SWAP2
      case 0x92: { swap(sp, 3); break; } // SWAP3
      case 0x93: { swap(sp, 4); break; } // SWAP4
      case 0x94: { swap(sp, 5); break; } // SWAP5
      case 0x95: { swap(sp, 6); break; } // SWAP6
      case 0x96: { swap(sp, 7); break; } // SWAP7
      case 0x97: { swap(sp, 8); break; } // SWAP8
      case 0x98: { swap(sp, 9); break; } // SWAP9
      case 0x99: { swap(sp, 10); break; } // SWAP10
      case 0x9a: { swap(sp, 11); break; } // SWAP11
      case 0x9b: { swap(sp, 12); break; } // SWAP12
      case 0x9c: { swap(sp, 13); break; } // SWAP13
      case 0x9d: { swap(sp, 14); break; } // SWAP14
      case 0x9e: { swap(sp, 15); break; } // SWAP15
      case 0x9f: { swap(sp, 16); break; } // SWAP16
      case 0xa0: case 0xa1: case 0xa2: case 0xa3: case 0xa4: {
        if (load<u32>(f + F_STATIC) != 0) return leave(f, pc, sp, gas, Status.StaticStateChange);
        const topics = op - 0xa0;
        const offset = asU64(sp - 32), size = asU64(sp - 64);
        if (size > 0xffffffff) return leave(f, pc, sp, gas, Status.OutOfGas);
        gas -= G_LOG_TOPIC * <i64>topics + G_LOG_DATA_BYTE * <i64>size;
        gas = expandMemory(gas, offset, size);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        let at = appendLog(topics, <u32>size);
        storeAddressBE(at, f + F_ADDRESS);
        store<u32>(at + 20, topics);
        at += 24;
        for (let t: u32 = 0; t < topics; t++) {
          storeBE32(at, sp - 96 - (<usize>t << 5));
          at += 32;
        }
        store<u32>(at, <u32>size);
        if (size > 0) memory.copy(at + 4, mem + <usize>offset, <usize>size);
        sp -= <usize>(topics + 2) << 5;
        break;
      }
      case Op.CREATE:
      case Op.CREATE2:
      case Op.CALL:
      case Op.CALLCODE:
      case Op.DELEGATECALL:
      case Op.STATICCALL:
      case Op.SELFDESTRUCT: {
        leave(f, pc, sp, gas, Status.Running);
        if (op == Op.CREATE || op == Op.CREATE2) return beginCreate(op);
        if (op == Op.SELFDESTRUCT) return selfDestruct();
        return beginCall(op);
      }
      case Op.RETURN:
      case Op.REVERT: {
        const offset = asU64(sp - 32), size = asU64(sp - 64);
        gas = expandMemory(gas, offset, size);
        if (gas < 0) return leave(f, pc, sp, gas, Status.OutOfGas);
        store<u32>(f + F_OUT, size == 0 ? 0 : <u32>(mem + <usize>offset));
        store<u32>(f + F_OUT_LEN, <u32>size);
        sp -= 64;
        return leave(f, pc, sp, gas, op == Op.RETURN ? Status.Success : Status.Revert);
      }
      default: return leave(f, pc, sp, gas, Status.InvalidOpcode);
    }
  }
}
