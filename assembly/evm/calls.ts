// CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2 and SELFDESTRUCT: setting up a child
// frame, and folding its result back into the caller when it ends.
import { Op } from "../opcodes";
import {
  G_CALL_VALUE, G_CALL_STIPEND, G_NEW_ACCOUNT, G_COLD_ACCOUNT_SURCHARGE, G_COLD_ACCOUNT_ACCESS,
  G_INITCODE_WORD, G_KECCAK_WORD_CREATE2, G_CODE_DEPOSIT_BYTE, CALL_GAS_RETAINED_DIVISOR, MAX_CALL_DEPTH,
  MAX_CODE_SIZE, MAX_INITCODE_SIZE,
} from "../gas";
import {
  isZero, fitsU64, lo64, setU64, setZero, copy, lt, add, sub, loadBE32, storeAddressBE, loadAddressBE,
} from "../u256";
import { keccak256 } from "../keccak";
import { Status } from "./status";
import {
  frame, depth, mem, enterFrame, resumeFrame, expandMemory, setReturnData, FrameKind, F_ADDRESS, F_CALLER,
  F_VALUE, F_CODE, F_CODE_LEN, F_BLOCKS, F_SP, F_RD, F_GAS, F_CALLDATA, F_CALLDATA_LEN, F_RD_LEN, F_STATIC,
  F_KIND, F_JOURNAL, F_LOGS, F_LOG_COUNT, F_REFUND, F_RET_OFFSET, F_RET_SIZE, F_ACCOUNT, F_OWNED_CODE,
  F_OUT, F_OUT_LEN, F_STATUS, F_CALL_GAS,
} from "./frame";
import { analyzeCode } from "./analysis";
import { logsLength, logCount, truncateLogs } from "./logs";
import { gasRefund, setGasRefund } from "./sstore";
import {
  findAccount, accountPtr, accountCode, isDeadOrAbsent, setAccountCode, A_BALANCE, A_NONCE, A_CODE_LEN,
  A_FLAGS, A_BLOCKS, F_WARM, F_EXISTS, F_CREATED, F_DESTRUCTED, F_TOUCHED, F_STORAGE_EMPTY, F_CODE_CHANGED,
} from "../state/accounts";
import { journalMark, revertTo, recordBalance, recordNonce, recordFlags, recordCode } from "../state/journal";
import { runPrecompile, isPrecompile } from "./precompiles";

const U64_MAX: u64 = 0xffffffffffffffff;
const targetWord = memory.data(32, 16);
const valueWord = memory.data(32, 16);
const scratch = memory.data(128, 16);

@inline function asU64(p: usize): u64 { return fitsU64(p) ? lo64(p) : U64_MAX; }

function toAddressInto(dst: usize, p: usize): void {
  store<u64>(dst, load<u64>(p));
  store<u64>(dst, load<u64>(p, 8), 8);
  store<u64>(dst, load<u64>(p, 16) & 0xffffffff, 16);
  store<u64>(dst, 0, 24);
}

/** Marks the account touched (EIP-161: touched accounts left empty are deleted). */
export function touch(account: u32): void {
  const f = load<u32>(accountPtr(account) + A_FLAGS);
  if ((f & F_TOUCHED) == 0) {
    recordFlags(account);
    store<u32>(accountPtr(account) + A_FLAGS, f | F_TOUCHED);
  }
}

/** Warms the account (EIP-2929); returns whether it was cold. */
export function warm(account: u32): bool {
  const f = load<u32>(accountPtr(account) + A_FLAGS);
  if ((f & F_WARM) != 0) return false;
  recordFlags(account);
  store<u32>(accountPtr(account) + A_FLAGS, f | F_WARM);
  return true;
}

/** Whether `from` can pay `value`. */
export function canPay(from: u32, value: usize): bool {
  lt(scratch, accountPtr(from) + A_BALANCE, value);
  return isZero(scratch);
}

/** Moves `value` (assumed affordable) and touches the recipient, which then exists. */
export function transfer(from: u32, to: u32, value: usize): void {
  if (!isZero(value)) {
    recordBalance(from);
    sub(accountPtr(from) + A_BALANCE, accountPtr(from) + A_BALANCE, value);
    recordBalance(to);
    add(accountPtr(to) + A_BALANCE, accountPtr(to) + A_BALANCE, value);
    const f = load<u32>(accountPtr(to) + A_FLAGS);
    if ((f & F_EXISTS) == 0) {
      recordFlags(to);
      store<u32>(accountPtr(to) + A_FLAGS, f | F_EXISTS);
    }
  }
  touch(to);
}

/** Fills the bookkeeping fields every new frame needs. */
export function openFrame(kind: FrameKind, gas: i64): usize {
  const f = enterFrame(depth + 1);
  store<u32>(f + F_KIND, kind);
  store<u32>(f + F_JOURNAL, journalMark());
  store<u32>(f + F_LOGS, logsLength());
  store<u32>(f + F_LOG_COUNT, logCount());
  store<i64>(f + F_REFUND, gasRefund);
  store<i64>(f + F_GAS, gas);
  store<i64>(f + F_CALL_GAS, gas);
  return f;
}

/** Code and jump analysis of an account, computed once and kept with the account. */
export function loadCodeInto(f: usize, account: u32): void {
  const code = accountCode(account);
  const len = load<u32>(accountPtr(account) + A_CODE_LEN);
  let blocks = <usize>load<u32>(accountPtr(account) + A_BLOCKS);
  if (blocks == 0) {
    blocks = analyzeCode(code, len);
    store<u32>(accountPtr(account) + A_BLOCKS, <u32>blocks);
  }
  store<u32>(f + F_CODE, <u32>code);
  store<u32>(f + F_CODE_LEN, len);
  store<u32>(f + F_BLOCKS, <u32>blocks);
}

/** Runs CALL-family opcode `op` of the running frame. Returns Running, or a halt status of the frame. */
export function beginCall(op: u32): u32 {
  const parent = frame;
  let sp = <usize>load<u32>(parent + F_SP);
  let gas = load<i64>(parent + F_GAS);
  const hasValue = op == Op.CALL || op == Op.CALLCODE;
  const requested = asU64(sp - 32);
  toAddressInto(targetWord, sp - 64);
  let args = sp - 96;
  if (hasValue) { copy(valueWord, sp - 96); args = sp - 128; } else setZero(valueWord);
  const argsOffset = asU64(args), argsSize = asU64(args - 32);
  const retOffset = asU64(args - 64), retSize = asU64(args - 96);
  sp = args - 96; // the result goes where the last operand was
  const isStatic = load<u32>(parent + F_STATIC) != 0;
  const valueIsZero = isZero(valueWord);
  if (op == Op.CALL && isStatic && !valueIsZero) return Status.StaticStateChange;

  gas = expandMemory(gas, argsOffset, argsSize);
  if (gas >= 0) gas = expandMemory(gas, retOffset, retSize);
  if (gas < 0) return Status.OutOfGas;
  const target = findAccount(targetWord);
  if (warm(target)) gas -= G_COLD_ACCOUNT_SURCHARGE;
  if (!valueIsZero) {
    gas -= G_CALL_VALUE;
    if (op == Op.CALL && isDeadOrAbsent(target)) gas -= G_NEW_ACCOUNT;
  }
  if (gas < 0) return Status.OutOfGas;

  // EIP-150: forward at most all but one 64th of what is left.
  const available = gas - gas / CALL_GAS_RETAINED_DIVISOR;
  let callGas = requested < <u64>available ? <i64>requested : available;
  gas -= callGas;
  if (!valueIsZero) callGas += G_CALL_STIPEND;

  const self = load<u32>(parent + F_ACCOUNT);
  store<u32>(parent + F_SP, <u32>(sp + 32));
  store<u32>(parent + F_RD_LEN, 0);
  if (depth >= MAX_CALL_DEPTH || (!valueIsZero && !canPay(self, valueWord))) {
    setZero(sp);
    store<i64>(parent + F_GAS, gas + callGas);
    return Status.Running;
  }
  store<i64>(parent + F_GAS, gas);

  const mark = journalMark();
  const refundMark = gasRefund;
  const codeAccount = target;
  let account = target;
  if (op == Op.CALL) transfer(self, target, valueWord);
  else if (op == Op.STATICCALL) touch(target);
  if (op == Op.CALLCODE || op == Op.DELEGATECALL) account = self;

  const input: usize = argsSize == 0 ? 0 : mem + <usize>argsOffset;
  if (isPrecompile(targetWord)) {
    const used = runPrecompile(<i32>lo64(targetWord), input, <u32>argsSize, callGas, parent);
    if (used < 0) {
      revertTo(mark);
      setGasRefund(refundMark);
      setZero(sp);
      store<u32>(parent + F_RD_LEN, 0);
    } else {
      setU64(sp, 1);
      store<i64>(parent + F_GAS, gas + callGas - used);
      copyOutput(parent, retOffset, retSize);
    }
    return Status.Running;
  }
  if (load<u32>(accountPtr(codeAccount) + A_CODE_LEN) == 0) {
    setU64(sp, 1);
    store<i64>(parent + F_GAS, gas + callGas);
    return Status.Running;
  }

  const f = openFrame(FrameKind.Call, callGas);
  store<u32>(f + F_JOURNAL, mark);
  store<i64>(f + F_REFUND, refundMark);
  if (op == Op.CALL || op == Op.STATICCALL) copy(f + F_ADDRESS, targetWord);
  else copy(f + F_ADDRESS, parent + F_ADDRESS);
  if (op == Op.DELEGATECALL) {
    copy(f + F_CALLER, parent + F_CALLER);
    copy(f + F_VALUE, parent + F_VALUE);
  } else {
    copy(f + F_CALLER, parent + F_ADDRESS);
    copy(f + F_VALUE, valueWord);
  }
  store<u32>(f + F_ACCOUNT, account);
  store<u32>(f + F_STATIC, isStatic || op == Op.STATICCALL ? 1 : 0);
  store<u32>(f + F_CALLDATA, <u32>input);
  store<u32>(f + F_CALLDATA_LEN, <u32>argsSize);
  store<u32>(f + F_RET_OFFSET, <u32>retOffset);
  store<u32>(f + F_RET_SIZE, <u32>retSize);
  loadCodeInto(f, codeAccount);
  return Status.Running;
}

/** Copies the caller's fresh return data into its memory, as far as the requested window allows. */
function copyOutput(parent: usize, retOffset: u64, retSize: u64): void {
  const len = <u64>load<u32>(parent + F_RD_LEN);
  const n = min(len, retSize);
  if (n > 0) memory.copy(mem + <usize>retOffset, load<u32>(parent + F_RD), <usize>n);
}

/** keccak256(rlp([sender, nonce]))[12:] (yellow paper, eq. 85). */
function createAddress(out: usize, sender: usize, nonce: u64): void {
  const buf = scratch;
  let n = 0;
  let v = nonce;
  while (v != 0) { n++; v >>= 8; }
  const nonceLen = nonce == 0 || nonce >= 0x80 ? n + 1 : 1;
  store<u8>(buf, <u8>(0xc0 + 21 + nonceLen));
  store<u8>(buf + 1, 0x94);
  storeAddressBE(buf + 2, sender);
  if (nonce == 0) store<u8>(buf + 22, 0x80);
  else if (nonce < 0x80) store<u8>(buf + 22, <u8>nonce);
  else {
    store<u8>(buf + 22, <u8>(0x80 + n));
    for (let i = 0; i < n; i++) store<u8>(buf + 23 + i, <u8>(nonce >> (<u64>(n - 1 - i) << 3)));
  }
  keccak256(buf, 22 + nonceLen, buf + 64);
  loadAddressBE(out, buf + 64 + 12);
}

/** keccak256(0xff ++ sender ++ salt ++ keccak256(initcode))[12:] (EIP-1014). */
function create2Address(out: usize, sender: usize, salt: usize, code: usize, len: usize): void {
  const buf = scratch;
  store<u8>(buf, 0xff);
  storeAddressBE(buf + 1, sender);
  memory.copy(buf + 21, salt, 32);
  keccak256(code, len, buf + 53);
  keccak256(buf, 85, buf + 96);
  loadAddressBE(out, buf + 96 + 12);
}

const saltBytes = memory.data(32, 16);

/**
 * Creates a contract for the running frame (CREATE/CREATE2 opcode) or at the top level: checks the
 * creator, derives the address, bumps the nonce, then opens the init frame. `codeSrc` is copied.
 */
export function openCreateFrame(creator: u32, creatorAddress: usize, value: usize, codeSrc: usize, codeLen: u32,
    gas: i64, salt: usize, addressNonce: u64, bumpNonce: bool): i32 {
  const nonce = load<u64>(accountPtr(creator) + A_NONCE);
  if (salt == 0) createAddress(targetWord, creatorAddress, addressNonce);
  else {
    copy(saltBytes, salt); // salt is already big-endian bytes
    create2Address(targetWord, creatorAddress, saltBytes, codeSrc, codeLen);
  }
  if (bumpNonce) {
    recordNonce(creator);
    store<u64>(accountPtr(creator) + A_NONCE, nonce + 1);
  }
  const target = findAccount(targetWord);
  warm(target);
  const t = accountPtr(target);
  // EIP-684 and EIP-7610: an address with code, a nonce or storage cannot be created again.
  if (load<u64>(t + A_NONCE) != 0 || load<u32>(t + A_CODE_LEN) != 0 || (load<u32>(t + A_FLAGS) & F_STORAGE_EMPTY) == 0) {
    return -1;
  }
  const f = openFrame(FrameKind.Create, gas);
  copy(f + F_ADDRESS, targetWord);
  copy(f + F_CALLER, creatorAddress);
  copy(f + F_VALUE, value);
  store<u32>(f + F_ACCOUNT, target);
  store<u32>(f + F_STATIC, 0);
  store<u32>(f + F_CALLDATA, 0);
  store<u32>(f + F_CALLDATA_LEN, 0);
  const code = heap.alloc(<usize>codeLen + 33);
  if (codeLen > 0) memory.copy(code, codeSrc, codeLen);
  memory.fill(code + codeLen, 0, 33);
  store<u32>(f + F_OWNED_CODE, <u32>code);
  store<u32>(f + F_CODE, <u32>code);
  store<u32>(f + F_CODE_LEN, codeLen);
  store<u32>(f + F_BLOCKS, <u32>analyzeCode(code, codeLen));
  recordFlags(target);
  store<u32>(t + A_FLAGS, load<u32>(t + A_FLAGS) | F_EXISTS | F_CREATED | F_STORAGE_EMPTY);
  recordNonce(target);
  store<u64>(t + A_NONCE, 1); // EIP-161
  transfer(creator, target, value);
  return 0;
}

/** CREATE / CREATE2 opcode. */
export function beginCreate(op: u32): u32 {
  const parent = frame;
  let sp = <usize>load<u32>(parent + F_SP);
  let gas = load<i64>(parent + F_GAS);
  if (load<u32>(parent + F_STATIC) != 0) return Status.StaticStateChange;
  copy(valueWord, sp - 32);
  const offset = asU64(sp - 64), size = asU64(sp - 96);
  let salt: usize = 0;
  if (op == Op.CREATE2) {
    // Salt as big-endian bytes, the form the address derivation hashes.
    salt = scratch + 32;
    storeBE32Into(salt, sp - 128);
    sp -= 128;
  } else {
    sp -= 96;
  }
  // EIP-3860: oversized init code is an exceptional halt of the creating frame.
  if (size > <u64>MAX_INITCODE_SIZE) return Status.InitCodeSizeExceeded;
  const words = <i64>((size + 31) >> 5);
  gas -= words * G_INITCODE_WORD;
  if (op == Op.CREATE2) gas -= words * G_KECCAK_WORD_CREATE2;
  if (gas < 0) return Status.OutOfGas;
  gas = expandMemory(gas, offset, size);
  if (gas < 0) return Status.OutOfGas;

  const callGas = gas - gas / CALL_GAS_RETAINED_DIVISOR;
  gas -= callGas;
  const self = load<u32>(parent + F_ACCOUNT);
  store<u32>(parent + F_SP, <u32>(sp + 32));
  store<u32>(parent + F_RD_LEN, 0);
  setZero(sp);
  if (depth >= MAX_CALL_DEPTH || !canPay(self, valueWord) ||
      load<u64>(accountPtr(self) + A_NONCE) == U64_MAX) {
    store<i64>(parent + F_GAS, gas + callGas);
    return Status.Running;
  }
  store<i64>(parent + F_GAS, gas);
  const code = size == 0 ? scratch : mem + <usize>offset;
  if (openCreateFrame(self, parent + F_ADDRESS, valueWord, code, <u32>size, callGas, salt,
      load<u64>(accountPtr(self) + A_NONCE), true) < 0) {
    // A collision burns the gas given to the creation.
    return Status.Running;
  }
  return Status.Running;
}

function storeBE32Into(dst: usize, word: usize): void {
  for (let i = 0; i < 32; i++) store<u8>(dst + i, load<u8>(word + 31 - i));
}

/** SELFDESTRUCT under EIP-6780: always moves the balance, deletes only what this transaction created. */
export function selfDestruct(): u32 {
  const f = frame;
  if (load<u32>(f + F_STATIC) != 0) return Status.StaticStateChange;
  const sp = <usize>load<u32>(f + F_SP);
  let gas = load<i64>(f + F_GAS);
  toAddressInto(targetWord, sp - 32);
  const self = load<u32>(f + F_ACCOUNT);
  const beneficiary = findAccount(targetWord);
  if (warm(beneficiary)) gas -= G_COLD_ACCOUNT_ACCESS;
  const balance = accountPtr(self) + A_BALANCE;
  if (!isZero(balance) && isDeadOrAbsent(beneficiary)) gas -= G_NEW_ACCOUNT;
  if (gas < 0) return Status.OutOfGas;
  const selfFlags = load<u32>(accountPtr(self) + A_FLAGS);
  const createdHere = (selfFlags & F_CREATED) != 0;
  if (beneficiary != self) {
    copy(valueWord, balance);
    transfer(self, beneficiary, valueWord);
  } else if (createdHere && !isZero(balance)) {
    recordBalance(self);
    setZero(balance);
  }
  if (createdHere) {
    recordFlags(self);
    store<u32>(accountPtr(self) + A_FLAGS, load<u32>(accountPtr(self) + A_FLAGS) | F_DESTRUCTED);
  }
  store<u32>(f + F_SP, <u32>(sp - 32));
  store<i64>(f + F_GAS, gas);
  store<u32>(f + F_OUT_LEN, 0);
  return Status.Success;
}

/**
 * Ends the running frame (its status, gas and output are in its record): deposits created code,
 * undoes a failed frame's changes, and hands the result to the caller. Returns true when the
 * frame was the message's own (depth 0).
 */
export function finishFrame(): bool {
  const f = frame;
  let status = load<u32>(f + F_STATUS);
  let gas = load<i64>(f + F_GAS);
  const kind = load<u32>(f + F_KIND);
  if (kind == FrameKind.Create) {
    if (status == Status.Success) status = depositCode(f);
    gas = load<i64>(f + F_GAS);
    if (status > <u32>Status.Revert) { gas = 0; store<i64>(f + F_GAS, 0); }
    store<u32>(f + F_STATUS, status);
  }
  if (status != Status.Success) {
    revertTo(load<u32>(f + F_JOURNAL));
    setGasRefund(load<i64>(f + F_REFUND));
    truncateLogs(load<u32>(f + F_LOGS), load<u32>(f + F_LOG_COUNT));
  }
  const owned = load<u32>(f + F_OWNED_CODE);
  if (owned != 0) {
    heap.free(owned);
    heap.free(load<u32>(f + F_BLOCKS));
    store<u32>(f + F_OWNED_CODE, 0);
  }
  if (depth == 0) return true;

  const outLen = status <= <u32>Status.Revert ? load<u32>(f + F_OUT_LEN) : 0;
  const out = <usize>load<u32>(f + F_OUT);
  const parent = resumeFrame(depth - 1);
  const resultSlot = <usize>load<u32>(parent + F_SP) - 32;
  if (status <= <u32>Status.Revert) store<i64>(parent + F_GAS, load<i64>(parent + F_GAS) + gas);
  if (kind == FrameKind.Call) {
    setU64(resultSlot, status == Status.Success ? 1 : 0);
    setReturnData(parent, out, outLen);
    copyOutput(parent, <u64>load<u32>(f + F_RET_OFFSET), <u64>load<u32>(f + F_RET_SIZE));
  } else {
    if (status == Status.Success) {
      copy(resultSlot, f + F_ADDRESS);
      setReturnData(parent, 0, 0);
    } else {
      setZero(resultSlot);
      setReturnData(parent, out, status == Status.Revert ? outLen : 0);
    }
  }
  return false;
}

/** Code deposit of a successful creation (EIP-170 size, EIP-3541 prefix, 200 gas a byte). */
function depositCode(f: usize): u32 {
  const len = load<u32>(f + F_OUT_LEN);
  const out = <usize>load<u32>(f + F_OUT);
  if (len > <u32>MAX_CODE_SIZE) return Status.CodeSizeExceeded;
  if (len > 0 && load<u8>(out) == 0xef) return Status.InvalidCodePrefix;
  const gas = load<i64>(f + F_GAS) - <i64>len * G_CODE_DEPOSIT_BYTE;
  if (gas < 0) return Status.OutOfGas;
  store<i64>(f + F_GAS, gas);
  const account = load<u32>(f + F_ACCOUNT);
  const code = heap.alloc(<usize>len + 33);
  if (len > 0) memory.copy(code, out, len);
  memory.fill(code + len, 0, 33);
  keccak256(code, len, scratch);
  loadBE32(scratch + 32, scratch);
  recordCode(account);
  setAccountCode(account, code, len, scratch + 32);
  const a = accountPtr(account);
  recordFlags(account);
  store<u32>(a + A_FLAGS, load<u32>(a + A_FLAGS) | F_CODE_CHANGED);
  return Status.Success;
}
