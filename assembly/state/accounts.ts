// The account cache: every account a transaction touches, loaded from the host on first use and
// kept across transactions until the host resets it. Entries live in one growable block and are
// named by index (stable across growth); an open-addressing index maps addresses to entries.
import { hostLoadAccount, hostLoadCode } from "../host";
import { copy, setZero, loadBE32, storeAddressBE, eqWords } from "../u256";

// Entry layout (bytes).
export const A_ADDRESS: usize = 0; // address as a word
export const A_BALANCE: usize = 32; // word
export const A_CODE_HASH: usize = 64; // word (the hash read as a big-endian number)
export const A_NONCE: usize = 96; // u64
export const A_CODE: usize = 104; // u32 pointer to code + 33 zero bytes of padding (0 = not loaded)
export const A_CODE_LEN: usize = 108; // u32
export const A_BLOCKS: usize = 112; // u32 pointer to the JUMPDEST bitmap (0 = not analysed)
export const A_FLAGS: usize = 116; // u32
export const A_DIRTY_NEXT: usize = 120; // u32: position in the dirty list + 1 (0 = not listed)
export const A_EPOCH: usize = 124; // u32: the transaction that last saw the entry (per-tx flags are its)
const ENTRY_SIZE: usize = 128;

// Flags.
export const F_EXISTS: u32 = 1;
export const F_WARM: u32 = 2; // EIP-2929, per transaction
export const F_CREATED: u32 = 4; // created in this transaction (EIP-6780)
export const F_DESTRUCTED: u32 = 8; // SELFDESTRUCTed in this transaction
export const F_TOUCHED: u32 = 16; // EIP-161, per transaction
export const F_STORAGE_EMPTY: u32 = 32; // the committed storage is empty (EIP-7610 collision check)
export const F_CODE_CHANGED: u32 = 64; // code set in this transaction (export it)
// Flags that belong to one transaction; they are dropped lazily when a later transaction first
// sees the entry, so starting a transaction costs nothing however big the cache.
const PER_TX_FLAGS: u32 = F_WARM | F_CREATED | F_DESTRUCTED | F_TOUCHED | F_CODE_CHANGED;

/**
 * EIP-2929: the precompiles (0x01..0x0a in Cancun) are warm in every transaction. Holding that as a
 * property of the entry spares each transaction from warming ten accounts up front.
 */
@inline function alwaysWarm(e: usize): u32 {
  const lo = load<u64>(e + A_ADDRESS);
  return (load<u64>(e + A_ADDRESS, 8) | load<u64>(e + A_ADDRESS, 16)) == 0 && lo >= 1 && lo <= 10 ? F_WARM : 0;
}

/** The current transaction's number; entries stamped with an older one are refreshed on access. */
export let txEpoch: u32 = 1;

export function beginTransactionAccounts(): void {
  txEpoch++;
}

// keccak256 of the empty string (c5d24601...a470) as a little-endian word: the code hash of accounts
// without code. test/wasm/empty-code-hash pins it against keccak.
export const EMPTY_CODE_HASH = memory.data<u8>([
  0x70, 0xa4, 0x85, 0x5d, 0x04, 0xd8, 0xfa, 0x7b, 0x3b, 0x27, 0x82, 0xca, 0x53, 0xb6, 0x00, 0xe5,
  0xc0, 0x03, 0xc7, 0xdc, 0xb2, 0x7d, 0x7e, 0x92, 0x3c, 0x23, 0xf7, 0x86, 0x01, 0x46, 0xd2, 0xc5,
]);

let entries: usize = 0;
let count: u32 = 0;
let capacity: u32 = 0;
let index: usize = 0; // u32 slots: entry index + 1, 0 = free
let indexMask: u32 = 0;

// Accounts changed since the last export, in first-touch order (the export walks only these).
let dirty: usize = 0;
let dirtyCount: u32 = 0;
let dirtyCapacity: u32 = 0;

const scratchAddress = memory.data(32, 8);
const scratchAccount = memory.data(96, 8);

@inline export function accountPtr(i: u32): usize {
  return entries + <usize>i * ENTRY_SIZE;
}

@inline function hashAddress(a: usize): u32 {
  const h = (load<u64>(a) ^ (load<u64>(a, 8) * 0x9e3779b97f4a7c15) ^ (load<u64>(a, 16) * 0xc2b2ae3d27d4eb4f)) *
    0xff51afd7ed558ccd;
  return <u32>(h >> 32);
}

function allocIndex(slots: u32): void {
  index = heap.alloc(<usize>slots << 2);
  memory.fill(index, 0, <usize>slots << 2);
  indexMask = slots - 1;
}

export function resetAccounts(): void {
  for (let i: u32 = 0; i < count; i++) {
    const code = load<u32>(accountPtr(i) + A_CODE);
    if (code != 0) heap.free(code);
    const jd = load<u32>(accountPtr(i) + A_BLOCKS);
    if (jd != 0) heap.free(jd);
  }
  if (entries != 0) { heap.free(entries); heap.free(index); }
  capacity = 1024;
  count = 0;
  entries = heap.alloc(<usize>capacity * ENTRY_SIZE);
  allocIndex(capacity * 2);
  if (dirty == 0) { dirtyCapacity = 256; dirty = heap.alloc(<usize>dirtyCapacity << 2); }
  dirtyCount = 0;
}

function grow(): void {
  capacity <<= 1;
  entries = heap.realloc(entries, <usize>capacity * ENTRY_SIZE);
  heap.free(index);
  allocIndex(capacity * 2);
  for (let i: u32 = 0; i < count; i++) {
    let h = hashAddress(accountPtr(i)) & indexMask;
    while (load<u32>(index + (<usize>h << 2)) != 0) h = (h + 1) & indexMask;
    store<u32>(index + (<usize>h << 2), i + 1);
  }
}

/** Index of the account at `address` (a word), loading it from the host on a miss. */
export function findAccount(address: usize): u32 {
  let h = hashAddress(address) & indexMask;
  while (true) {
    const slot = load<u32>(index + (<usize>h << 2));
    if (slot == 0) break;
    if (eqWords(accountPtr(slot - 1), address)) {
      const e = accountPtr(slot - 1);
      if (load<u32>(e + A_EPOCH) != txEpoch) {
        store<u32>(e + A_EPOCH, txEpoch);
        store<u32>(e + A_FLAGS, (load<u32>(e + A_FLAGS) & ~PER_TX_FLAGS) | alwaysWarm(e));
      }
      return slot - 1;
    }
    h = (h + 1) & indexMask;
  }
  if (count == capacity) {
    grow();
    return findAccount(address);
  }
  const i = count++;
  store<u32>(index + (<usize>h << 2), i + 1);
  const e = accountPtr(i);
  memory.fill(e, 0, ENTRY_SIZE);
  copy(e + A_ADDRESS, address);
  store<u32>(e + A_EPOCH, txEpoch);
  storeAddressBE(scratchAddress, address);
  if (hostLoadAccount(scratchAddress, scratchAccount) != 0) {
    store<u64>(e + A_NONCE, load<u64>(scratchAccount));
    loadBE32(e + A_BALANCE, scratchAccount + 8);
    loadBE32(e + A_CODE_HASH, scratchAccount + 40);
    store<u32>(e + A_CODE_LEN, load<u32>(scratchAccount + 72));
    store<u32>(e + A_FLAGS, F_EXISTS | (load<u32>(scratchAccount + 76) != 0 ? F_STORAGE_EMPTY : 0));
  } else {
    copy(e + A_CODE_HASH, EMPTY_CODE_HASH);
    store<u32>(e + A_FLAGS, F_STORAGE_EMPTY);
  }
  store<u32>(e + A_FLAGS, load<u32>(e + A_FLAGS) | alwaysWarm(e));
  return i;
}

/** Pointer to the account's code (padded with 33 zero bytes), loading it on first use. */
export function accountCode(i: u32): usize {
  const e = accountPtr(i);
  let code = <usize>load<u32>(e + A_CODE);
  if (code == 0) {
    const len = <usize>load<u32>(e + A_CODE_LEN);
    code = heap.alloc(len + 33);
    memory.fill(code + len, 0, 33);
    if (len > 0) {
      storeAddressBE(scratchAddress, e + A_ADDRESS);
      hostLoadCode(scratchAddress, code);
    }
    store<u32>(e + A_CODE, <u32>code);
  }
  return code;
}

@inline export function flags(i: u32): u32 { return load<u32>(accountPtr(i) + A_FLAGS); }
@inline export function setFlags(i: u32, f: u32): void { store<u32>(accountPtr(i) + A_FLAGS, f); }

/** EIP-161: no code, zero nonce, zero balance. */
export function isEmpty(i: u32): bool {
  const e = accountPtr(i);
  return load<u64>(e + A_NONCE) == 0 && load<u32>(e + A_CODE_LEN) == 0 &&
    (load<u64>(e + A_BALANCE) | load<u64>(e + A_BALANCE + 8) | load<u64>(e + A_BALANCE + 16) |
      load<u64>(e + A_BALANCE + 24)) == 0;
}

/** Whether the account "exists" in the EIP-161 sense the gas rules use (present and not empty). */
export function isDeadOrAbsent(i: u32): bool {
  return (flags(i) & F_EXISTS) == 0 || isEmpty(i);
}

/** Records that the account changed, so the next export includes it. */
export function markDirty(i: u32): void {
  const e = accountPtr(i);
  if (load<u32>(e + A_DIRTY_NEXT) != 0) return;
  if (dirtyCount == dirtyCapacity) {
    dirtyCapacity <<= 1;
    dirty = heap.realloc(dirty, <usize>dirtyCapacity << 2);
  }
  store<u32>(dirty + (<usize>dirtyCount << 2), i);
  dirtyCount++;
  store<u32>(e + A_DIRTY_NEXT, dirtyCount);
}

@inline export function dirtyAccountCount(): u32 { return dirtyCount; }
@inline export function dirtyAccountAt(k: u32): u32 { return load<u32>(dirty + (<usize>k << 2)); }

export function clearDirtyAccounts(): void {
  for (let k: u32 = 0; k < dirtyCount; k++) store<u32>(accountPtr(dirtyAccountAt(k)) + A_DIRTY_NEXT, 0);
  dirtyCount = 0;
}

/** Drops the account from the cache view: it is empty and absent (after deletion at transaction end). */
export function wipeAccount(i: u32): void {
  const e = accountPtr(i);
  const code = load<u32>(e + A_CODE);
  if (code != 0) heap.free(code);
  const jd = load<u32>(e + A_BLOCKS);
  if (jd != 0) heap.free(jd);
  setZero(e + A_BALANCE);
  copy(e + A_CODE_HASH, EMPTY_CODE_HASH);
  store<u64>(e + A_NONCE, 0);
  store<u32>(e + A_CODE, 0);
  store<u32>(e + A_CODE_LEN, 0);
  store<u32>(e + A_BLOCKS, 0);
  store<u32>(e + A_FLAGS, F_STORAGE_EMPTY);
}

@inline export function accountCount(): u32 { return count; }

/** Installs code for an account (CREATE): takes ownership of `code` (padded as accountCode's). */
export function setAccountCode(i: u32, code: usize, len: u32, hash: usize): void {
  const e = accountPtr(i);
  store<u32>(e + A_CODE, <u32>code);
  store<u32>(e + A_CODE_LEN, len);
  store<u32>(e + A_BLOCKS, 0);
  copy(e + A_CODE_HASH, hash);
}

