// One message (a transaction's execution, or ethereumjs' runCall): decode the input block, run the
// frames, encode the result; then, separately, the transaction's change set for the host's state.
import {
  IN_FLAGS, IN_DATA_LEN, IN_CODE_LEN, IN_ACCESS_LIST_LEN, IN_GAS, IN_BLOB_HASHES, IN_CALLER, IN_TO,
  IN_VALUE, IN_HEADER_SIZE, IN_INTRINSIC_GAS, IN_PRIORITY_FEE, IN_UPFRONT_FEE, IN_GAS_PRICE, OUT_TX_GAS_USED,
  MessageFlags, OUT_STATUS, OUT_DATA_LEN, OUT_GAS_LEFT, OUT_REFUND,
  OUT_CREATED, OUT_HAS_CREATED, OUT_LOG_COUNT, OUT_LOGS_LEN, OUT_HEADER_SIZE, IN_COINBASE, ChangeFlags, inputBlock,
  reserveOutput,
} from "../abi";
import { MAX_INITCODE_SIZE } from "../gas";
import { loadBE32, loadAddressBE, storeAddressBE, storeBE32, setU64, copy, isZero, mul, add, sub } from "../u256";
import { MAX_REFUND_QUOTIENT } from "../gas";
import { Status } from "./status";
import {
  frameAt, resetDepth, F_ADDRESS, F_CALLER, F_VALUE, F_ACCOUNT, F_STATIC, F_CALLDATA, F_CALLDATA_LEN,
  F_CODE, F_CODE_LEN, F_BLOCKS, F_OWNED_CODE, F_GAS, F_STATUS, F_OUT, F_OUT_LEN, F_RD, F_RD_LEN, FrameKind,
} from "./frame";
import { decodeContext, coinbase } from "./context";
import { resetLogs, logsBuffer, logsLength, logCount } from "./logs";
import { gasRefund, setGasRefund } from "./sstore";
import { run } from "./interpreter";
import { analyzeCode } from "./analysis";
import { openFrame, openCreateFrame, loadCodeInto, warm, touch, transfer, canPay, finishFrame } from "./calls";
import { isPrecompile, runPrecompile } from "./precompiles";
import {
  findAccount, accountPtr, beginTransactionAccounts, isEmpty, wipeAccount, markDirty, dirtyAccountCount,
  dirtyAccountAt, clearDirtyAccounts, A_ADDRESS, A_NONCE, A_BALANCE, A_CODE_HASH, A_CODE_LEN, A_FLAGS,
  F_EXISTS, F_DESTRUCTED, F_TOUCHED, F_CODE_CHANGED, F_STORAGE_EMPTY, accountCode, txEpoch,
} from "../state/accounts";
import {
  findSlot, slotPtr, S_KEY, S_CURRENT, S_ACCOUNT, S_WARM, beginTransactionStorage, wipeAccountStorage,
  dirtySlotCount, dirtySlotAt,
} from "../state/storage";
import { resetJournal, recordNonce, revertTo, recordBalance, recordFlags } from "../state/journal";

const callerWord = memory.data(32, 16);
const toWord = memory.data(32, 16);
const valueWord = memory.data(32, 16);
const precompileWord = memory.data(32, 16);
const slotWord = memory.data(32, 16);
const I64_MAX: u64 = 0x7fffffffffffffff;

let isCreate = false;

/** Starts a transaction: per-transaction flags, journal, logs, refunds and transient storage reset. */
function beginTransaction(): void {
  beginTransactionAccounts();
  beginTransactionStorage();
  resetJournal();
  resetLogs();
  setGasRefund(0);
}

/** EIP-2929, EIP-2930, EIP-3651: what a transaction warms before it runs. */
function warmTransactionAddresses(hasTo: bool, accessList: usize, accessListLen: u32): void {
  warm(findAccount(callerWord));
  if (hasTo) warm(findAccount(toWord));
  // The precompiles are warm by construction (state/accounts.ts, alwaysWarm).
  warm(findAccount(coinbase));
  const end = accessList + accessListLen;
  let p = accessList;
  while (p < end) {
    loadAddressBE(precompileWord, p);
    const account = findAccount(precompileWord);
    warm(account);
    const keys = load<u32>(p + 20);
    p += 24;
    for (let k: u32 = 0; k < keys; k++) {
      loadBE32(slotWord, p);
      store<u32>(slotPtr(findSlot(account, slotWord)) + S_WARM, txEpoch);
      p += 32;
    }
  }
}

/** Runs the message in the input block and writes the result block. Returns the output block's address. */
export function executeMessage(): usize {
  const block = inputBlock();
  const flags = load<u32>(block + IN_FLAGS);
  const dataLen = load<u32>(block + IN_DATA_LEN);
  const codeLen = load<u32>(block + IN_CODE_LEN);
  const rawGas = load<u64>(block + IN_GAS);
  const gas = <i64>(rawGas > I64_MAX ? I64_MAX : rawGas);
  const data = block + IN_HEADER_SIZE;
  const codeOverride = data + dataLen;
  const blobHashes = codeOverride + codeLen;
  const accessList = blobHashes + (<usize>load<u32>(block + IN_BLOB_HASHES) << 5);
  isCreate = (flags & MessageFlags.Create) != 0;

  beginTransaction();
  decodeContext(block, blobHashes);
  loadAddressBE(callerWord, block + IN_CALLER);
  loadAddressBE(toWord, block + IN_TO);
  loadBE32(valueWord, block + IN_VALUE);
  if ((flags & MessageFlags.WarmTransactionAddresses) != 0) {
    warmTransactionAddresses(!isCreate, accessList, load<u32>(block + IN_ACCESS_LIST_LEN));
  }
  const caller = findAccount(callerWord);
  const chargeFees = (flags & MessageFlags.ChargeFees) != 0;
  if (chargeFees) {
    // Bought gas stays bought whatever the execution does: taken before the frame's journal mark.
    loadBE32(feeWord, block + IN_UPFRONT_FEE);
    recordBalance(caller);
    sub(accountPtr(caller) + A_BALANCE, accountPtr(caller) + A_BALANCE, feeWord);
  }
  precompileDone = false;
  const status = startMessage(flags, caller, gas, data, dataLen, codeOverride, codeLen);
  let out: usize;
  if (status == Status.Running) {
    if (!precompileDone) run();
    out = writeResult();
  } else {
    // Failed before any frame ran: a creation collision or oversized init code burns the gas.
    const burns = status == Status.CreateCollision || status == Status.InitCodeSizeExceeded;
    out = writeEarlyResult(status, burns ? 0 : gas);
  }
  if (chargeFees) out = settleFees(block, caller, out, gas);
  return out;
}

/** Opens the message's frame; returns Running, or why the message failed before it started. */
function startMessage(flags: u32, caller: u32, gas: i64, data: usize, dataLen: u32, codeOverride: usize, codeLen: u32): u32 {
  const nonce = load<u64>(accountPtr(caller) + A_NONCE);
  if ((flags & MessageFlags.BumpNonce) != 0) {
    if (nonce == 0xffffffffffffffff) return Status.NonceOverflow;
    recordNonce(caller);
    store<u64>(accountPtr(caller) + A_NONCE, nonce + 1);
    touch(caller);
  }
  if (!canPay(caller, valueWord)) return Status.InsufficientBalance;

  resetDepth();
  if (isCreate) {
    if (dataLen > <u32>MAX_INITCODE_SIZE) return Status.InitCodeSizeExceeded;
    if (openCreateFrame(caller, callerWord, valueWord, data, dataLen, gas, 0, nonce, false) < 0) {
      return Status.CreateCollision;
    }
    return Status.Running;
  }
  const f = openFrame(FrameKind.Call, gas);
  const to = findAccount(toWord);
  copy(f + F_ADDRESS, toWord);
  copy(f + F_CALLER, callerWord);
  copy(f + F_VALUE, valueWord);
  store<u32>(f + F_ACCOUNT, to);
  store<u32>(f + F_STATIC, 0);
  store<u32>(f + F_CALLDATA, <u32>data);
  store<u32>(f + F_CALLDATA_LEN, dataLen);
  transfer(caller, to, valueWord);
  if ((flags & MessageFlags.CodeOverride) != 0) {
    const code = heap.alloc(<usize>codeLen + 33);
    memory.copy(code, codeOverride, codeLen);
    memory.fill(code + codeLen, 0, 33);
    store<u32>(f + F_OWNED_CODE, <u32>code);
    store<u32>(f + F_CODE, <u32>code);
    store<u32>(f + F_CODE_LEN, codeLen);
    store<u32>(f + F_BLOCKS, <u32>analyzeCode(code, codeLen));
  } else if (isPrecompile(toWord)) {
    const used = runPrecompile(<i32>load<u64>(toWord), data, dataLen, gas, f);
    // The precompile's output is the frame's return data: hand it over as the frame's output and
    // end the frame here; run() then has nothing to do at depth 0.
    store<i64>(f + F_GAS, used < 0 ? 0 : gas - used);
    store<u32>(f + F_OUT, load<u32>(f + F_RD));
    store<u32>(f + F_OUT_LEN, used < 0 ? 0 : load<u32>(f + F_RD_LEN));
    store<u32>(f + F_STATUS, used < 0 ? Status.PrecompileFailure : Status.Success);
    finishFrame();
    precompileDone = true;
  } else {
    loadCodeInto(f, to);
  }
  return Status.Running;
}

const feeWord = memory.data(32, 16);
const gasWord = memory.data(32, 16);
let precompileDone = false;

/**
 * Transaction fee settlement after execution: the receipt's gas used (intrinsic in, refund capped
 * at a fifth out, EIP-3529), the unused gas returned to the sender at the gas price, and the
 * priority fee per used gas paid to the coinbase (the base fee part is burnt).
 */
function settleFees(block: usize, caller: u32, out: usize, messageGas: i64): usize {
  const intrinsic = load<u64>(block + IN_INTRINSIC_GAS);
  const gasLimit = intrinsic + <u64>messageGas;
  let used = gasLimit - <u64>load<i64>(out + OUT_GAS_LEFT);
  const refund = load<i64>(out + OUT_REFUND);
  const cap = used / <u64>MAX_REFUND_QUOTIENT;
  used -= refund > 0 ? min(<u64>refund, cap) : 0;
  store<u64>(out + OUT_TX_GAS_USED, used);

  loadBE32(feeWord, block + IN_GAS_PRICE);
  setU64(gasWord, gasLimit - used);
  mul(gasWord, gasWord, feeWord);
  recordBalance(caller);
  add(accountPtr(caller) + A_BALANCE, accountPtr(caller) + A_BALANCE, gasWord);

  const miner = findAccount(coinbase);
  loadBE32(feeWord, block + IN_PRIORITY_FEE);
  setU64(gasWord, used);
  mul(gasWord, gasWord, feeWord);
  recordBalance(miner);
  add(accountPtr(miner) + A_BALANCE, accountPtr(miner) + A_BALANCE, gasWord);
  const f = load<u32>(accountPtr(miner) + A_FLAGS);
  if ((f & F_EXISTS) == 0 && !isZero(gasWord)) {
    recordFlags(miner);
    store<u32>(accountPtr(miner) + A_FLAGS, f | F_EXISTS);
  }
  touch(miner);
  return out;
}

function writeEarlyResult(status: Status, gasLeft: i64): usize {
  const out = reserveOutput(OUT_HEADER_SIZE);
  memory.fill(out, 0, OUT_HEADER_SIZE);
  store<u32>(out + OUT_STATUS, status);
  store<i64>(out + OUT_GAS_LEFT, gasLeft);
  return out;
}

function writeResult(): usize {
  const f = frameAt(0);
  const status = load<u32>(f + F_STATUS);
  const dataLen = status <= <u32>Status.Revert ? load<u32>(f + F_OUT_LEN) : 0;
  const logsLen = status == Status.Success ? logsLength() : 0;
  const out = reserveOutput(OUT_HEADER_SIZE + <usize>dataLen + logsLen);
  memory.fill(out, 0, OUT_HEADER_SIZE);
  store<u32>(out + OUT_STATUS, status);
  store<u32>(out + OUT_DATA_LEN, dataLen);
  store<i64>(out + OUT_GAS_LEFT, load<i64>(f + F_GAS));
  store<i64>(out + OUT_REFUND, status == Status.Success ? gasRefund : 0);
  if (isCreate && status == Status.Success) {
    storeAddressBE(out + OUT_CREATED, f + F_ADDRESS);
    store<u32>(out + OUT_HAS_CREATED, 1);
  }
  if (dataLen > 0) memory.copy(out + OUT_HEADER_SIZE, load<u32>(f + F_OUT), dataLen);
  store<u32>(out + OUT_LOG_COUNT, status == Status.Success ? logCount() : 0);
  store<u32>(out + OUT_LOGS_LEN, logsLen);
  if (logsLen > 0) memory.copy(out + OUT_HEADER_SIZE + dataLen, logsBuffer(), logsLen);
  return out;
}

const ACCOUNT_RECORD: usize = 20 + 4 + 8 + 32 + 32 + 4;
const SLOT_RECORD: usize = 20 + 32 + 32;

/** Whether the account is in the post-transaction state (EIP-161: empty untouched absent accounts are not). */
function survives(account: u32): bool {
  if (isDeleted(account)) return false;
  return (load<u32>(accountPtr(account) + A_FLAGS) & F_EXISTS) != 0 || !isEmpty(account);
}

function isDeleted(account: u32): bool {
  const f = load<u32>(accountPtr(account) + A_FLAGS);
  return (f & F_DESTRUCTED) != 0 || ((f & F_TOUCHED) != 0 && isEmpty(account));
}

/**
 * Ends the transaction: applies EIP-6780 deletions and EIP-161 removal of touched empty accounts,
 * and writes the change set (every account and slot the transaction changed) to the output block.
 */
export function finalizeTransaction(): usize {
  const accounts = dirtyAccountCount();
  const slots = dirtySlotCount();
  let size: usize = 8 + <usize>slots * SLOT_RECORD;
  for (let k: u32 = 0; k < accounts; k++) {
    const a = dirtyAccountAt(k);
    size += ACCOUNT_RECORD;
    if ((load<u32>(accountPtr(a) + A_FLAGS) & F_CODE_CHANGED) != 0) size += load<u32>(accountPtr(a) + A_CODE_LEN);
  }
  const out = reserveOutput(size);
  let p = out + 8;
  let accountsWritten: u32 = 0;
  for (let k: u32 = 0; k < accounts; k++) {
    const a = dirtyAccountAt(k);
    const e = accountPtr(a);
    const fl = load<u32>(e + A_FLAGS);
    const deleted = isDeleted(a);
    // An account comes into existence by any change that makes it non-empty (a nonce bump of a
    // sender that was absent, say), not only by value or creation.
    if (!deleted && !survives(a)) continue;
    storeAddressBE(p, e + A_ADDRESS);
    const codeChanged = !deleted && (fl & F_CODE_CHANGED) != 0;
    store<u32>(p + 20, (deleted ? ChangeFlags.Deleted : 0) | (codeChanged ? ChangeFlags.CodeChanged : 0));
    store<u64>(p + 24, load<u64>(e + A_NONCE));
    storeBE32(p + 32, e + A_BALANCE);
    storeBE32(p + 64, e + A_CODE_HASH);
    const codeLen = load<u32>(e + A_CODE_LEN);
    store<u32>(p + 96, codeLen);
    p += ACCOUNT_RECORD;
    if (codeChanged && codeLen > 0) {
      memory.copy(p, accountCode(a), codeLen);
      p += codeLen;
    }
    accountsWritten++;
  }
  let slotsWritten: u32 = 0;
  for (let k: u32 = 0; k < slots; k++) {
    const s = slotPtr(dirtySlotAt(k));
    const account = load<u32>(s + S_ACCOUNT);
    // Slots of accounts that are gone (or never came to be: a reverted creation) are not state.
    if (!survives(account)) continue;
    storeAddressBE(p, accountPtr(account) + A_ADDRESS);
    storeBE32(p + 20, s + S_KEY);
    storeBE32(p + 52, s + S_CURRENT);
    p += SLOT_RECORD;
    slotsWritten++;
    if (!isZero(s + S_CURRENT)) {
      const e = accountPtr(account);
      store<u32>(e + A_FLAGS, load<u32>(e + A_FLAGS) & ~F_STORAGE_EMPTY);
    }
  }
  store<u32>(out, accountsWritten);
  store<u32>(out + 4, slotsWritten);
  for (let k: u32 = 0; k < accounts; k++) {
    const a = dirtyAccountAt(k);
    if (isDeleted(a)) {
      wipeAccountStorage(a);
      wipeAccount(a);
    }
  }
  clearDirtyAccounts();
  return out;
}

/** Undoes everything the last message did (an eth_call-style run leaves no trace). */
export function discardTransaction(): void {
  revertTo(0);
  clearDirtyAccounts();
}
