// The storage cache (persistent storage, keyed by account index and slot) and the transient
// storage of EIP-1153 (same shape, emptied after every transaction). Persistent entries keep the
// committed value beside the current one: EIP-2200's gas rules need both.
import { hostLoadStorage } from "../host";
import { copy, setZero, loadBE32, storeBE32, storeAddressBE, eqWords } from "../u256";
import { accountPtr, A_ADDRESS, flags, F_STORAGE_EMPTY, F_CREATED, txEpoch } from "./accounts";

export const S_KEY: usize = 0; // slot word
export const S_CURRENT: usize = 32; // word
export const S_ORIGINAL: usize = 64; // word: value at the start of the transaction
export const S_ACCOUNT: usize = 96; // u32 account index
export const S_WARM: usize = 100; // u32: the transaction in which the slot was warmed (EIP-2929)
export const S_DIRTY_NEXT: usize = 104; // u32: position in the dirty list + 1
export const S_EPOCH: usize = 108; // u32: the transaction that last saw the entry
const ENTRY_SIZE: usize = 112;

/** One open-addressing table of (account index, slot) -> entry. */
class SlotTable {
  entries: usize = 0;
  count: u32 = 0;
  capacity: u32 = 0;
  index: usize = 0;
  mask: u32 = 0;
  dirty: usize = 0;
  dirtyCount: u32 = 0;
  dirtyCapacity: u32 = 0;
}

const persistent = new SlotTable();
const transient = new SlotTable();

@inline function entryPtr(t: SlotTable, i: u32): usize {
  return t.entries + <usize>i * ENTRY_SIZE;
}

@inline function hashKey(account: u32, slot: usize): u32 {
  const h = (load<u64>(slot) ^ (load<u64>(slot, 8) * 0x9e3779b97f4a7c15) ^ (load<u64>(slot, 16) * 0xc2b2ae3d27d4eb4f) ^
    (load<u64>(slot, 24) * 0x165667b19e3779f9) ^ (<u64>account * 0x27d4eb2f165667c5)) * 0xff51afd7ed558ccd;
  return <u32>(h >> 32);
}

function allocIndex(t: SlotTable, slots: u32): void {
  t.index = heap.alloc(<usize>slots << 2);
  memory.fill(t.index, 0, <usize>slots << 2);
  t.mask = slots - 1;
}

function resetTable(t: SlotTable, capacity: u32): void {
  if (t.entries != 0) { heap.free(t.entries); heap.free(t.index); }
  t.capacity = capacity;
  t.count = 0;
  t.entries = heap.alloc(<usize>capacity * ENTRY_SIZE);
  allocIndex(t, capacity * 2);
  if (t.dirty == 0) { t.dirtyCapacity = 256; t.dirty = heap.alloc(<usize>t.dirtyCapacity << 2); }
  t.dirtyCount = 0;
}

function grow(t: SlotTable): void {
  t.capacity <<= 1;
  t.entries = heap.realloc(t.entries, <usize>t.capacity * ENTRY_SIZE);
  heap.free(t.index);
  allocIndex(t, t.capacity * 2);
  for (let i: u32 = 0; i < t.count; i++) {
    const e = entryPtr(t, i);
    let h = hashKey(load<u32>(e + S_ACCOUNT), e + S_KEY) & t.mask;
    while (load<u32>(t.index + (<usize>h << 2)) != 0) h = (h + 1) & t.mask;
    store<u32>(t.index + (<usize>h << 2), i + 1);
  }
}

const scratchAddress = memory.data(32, 8);
const scratchSlot = memory.data(32, 8);
const scratchValue = memory.data(32, 8);

/** Finds or inserts the entry; a new entry starts at zero and reports `true` through `isNew`. */
function findOrInsert(t: SlotTable, account: u32, slot: usize): u32 {
  let h = hashKey(account, slot) & t.mask;
  while (true) {
    const s = load<u32>(t.index + (<usize>h << 2));
    if (s == 0) break;
    const e = entryPtr(t, s - 1);
    if (load<u32>(e + S_ACCOUNT) == account && eqWords(e + S_KEY, slot)) return s - 1;
    h = (h + 1) & t.mask;
  }
  if (t.count == t.capacity) {
    grow(t);
    return findOrInsert(t, account, slot);
  }
  const i = t.count++;
  store<u32>(t.index + (<usize>h << 2), i + 1);
  const e = entryPtr(t, i);
  memory.fill(e, 0, ENTRY_SIZE);
  copy(e + S_KEY, slot);
  store<u32>(e + S_ACCOUNT, account);
  store<u32>(e + S_EPOCH, 0); // marks the entry as new for the caller
  return i;
}

/** Entry index of a persistent slot, loading its committed value from the host on a miss. */
export function findSlot(account: u32, slot: usize): u32 {
  const i = findOrInsert(persistent, account, slot);
  const e = entryPtr(persistent, i);
  const seen = load<u32>(e + S_EPOCH);
  if (seen == txEpoch) return i;
  store<u32>(e + S_EPOCH, txEpoch);
  if (seen != 0) {
    // First access in this transaction: what the last one left is now committed.
    copy(e + S_ORIGINAL, e + S_CURRENT);
  } else {
    // A fresh account has no committed storage: don't ask the host.
    if ((flags(account) & (F_STORAGE_EMPTY | F_CREATED)) == 0) {
      storeAddressBE(scratchAddress, accountPtr(account) + A_ADDRESS);
      storeBE32(scratchSlot, slot);
      hostLoadStorage(scratchAddress, scratchSlot, scratchValue);
      loadBE32(e + S_ORIGINAL, scratchValue);
      copy(e + S_CURRENT, e + S_ORIGINAL);
    }
  }
  return i;
}

@inline export function slotPtr(i: u32): usize { return entryPtr(persistent, i); }

/** Entry index of a transient slot (zero when never written in this transaction). */
export function findTransientSlot(account: u32, slot: usize): u32 {
  const i = findOrInsert(transient, account, slot);
  store<u32>(entryPtr(transient, i) + S_EPOCH, txEpoch);
  return i;
}

@inline export function transientSlotPtr(i: u32): usize { return entryPtr(transient, i); }

function markDirtyIn(t: SlotTable, i: u32): void {
  const e = entryPtr(t, i);
  if (load<u32>(e + S_DIRTY_NEXT) != 0) return;
  if (t.dirtyCount == t.dirtyCapacity) {
    t.dirtyCapacity <<= 1;
    t.dirty = heap.realloc(t.dirty, <usize>t.dirtyCapacity << 2);
  }
  store<u32>(t.dirty + (<usize>t.dirtyCount << 2), i);
  t.dirtyCount++;
  store<u32>(e + S_DIRTY_NEXT, t.dirtyCount);
}

export function markSlotDirty(i: u32): void { markDirtyIn(persistent, i); }
@inline export function dirtySlotCount(): u32 { return persistent.dirtyCount; }
@inline export function dirtySlotAt(k: u32): u32 { return load<u32>(persistent.dirty + (<usize>k << 2)); }
@inline export function slotCount(): u32 { return persistent.count; }

/** Starts a new transaction's storage view: the dirty list is emptied and transient storage cleared. */
export function beginTransactionStorage(): void {
  const t = persistent;
  for (let k: u32 = 0; k < t.dirtyCount; k++) {
    store<u32>(entryPtr(t, load<u32>(t.dirty + (<usize>k << 2))) + S_DIRTY_NEXT, 0);
  }
  t.dirtyCount = 0;
  if (transient.count > 0 || transient.entries == 0) resetTable(transient, 64);
}

/** Every cached slot of `account` becomes zero (its storage was wiped at transaction end). */
export function wipeAccountStorage(account: u32): void {
  const t = persistent;
  for (let i: u32 = 0; i < t.count; i++) {
    const e = entryPtr(t, i);
    if (load<u32>(e + S_ACCOUNT) == account) {
      setZero(e + S_CURRENT);
      setZero(e + S_ORIGINAL);
    }
  }
}

export function resetStorage(): void {
  resetTable(persistent, 1024);
  resetTable(transient, 64);
}
