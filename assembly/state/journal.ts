// The journal: every state change a frame makes is recorded with the value it replaced, so a
// reverting frame undoes exactly its own changes by rolling back to the mark taken at its start.
import { copy } from "../u256";
import {
  accountPtr, A_BALANCE, A_NONCE, A_FLAGS, A_CODE, A_CODE_LEN, A_BLOCKS, A_CODE_HASH, markDirty,
} from "./accounts";
import { slotPtr, transientSlotPtr, S_CURRENT, S_WARM, markSlotDirty } from "./storage";

const enum Kind {
  Storage = 1,
  Transient = 2,
  Balance = 3,
  Nonce = 4,
  Flags = 5,
  Code = 6,
  SlotWarm = 7,
}

const ENTRY_SIZE: usize = 64;
const K_KIND: usize = 0; // u32
const K_INDEX: usize = 4; // u32
const K_EXTRA: usize = 8; // u64
const K_WORD: usize = 16; // 32 bytes
const K_EXTRA2: usize = 48; // u64

let entries: usize = 0;
let count: u32 = 0;
let capacity: u32 = 0;

function push(kind: Kind, index: u32): usize {
  if (count == capacity) {
    capacity = capacity == 0 ? 1024 : capacity << 1;
    entries = entries == 0 ? heap.alloc(<usize>capacity * ENTRY_SIZE) : heap.realloc(entries, <usize>capacity * ENTRY_SIZE);
  }
  const e = entries + <usize>count * ENTRY_SIZE;
  count++;
  store<u32>(e + K_KIND, kind);
  store<u32>(e + K_INDEX, index);
  return e;
}

@inline export function journalMark(): u32 { return count; }
export function resetJournal(): void { count = 0; }

export function recordStorage(slot: u32): void {
  copy(push(Kind.Storage, slot) + K_WORD, slotPtr(slot) + S_CURRENT);
  markSlotDirty(slot);
}

export function recordTransient(slot: u32): void {
  copy(push(Kind.Transient, slot) + K_WORD, transientSlotPtr(slot) + S_CURRENT);
}

export function recordSlotWarm(slot: u32): void {
  store<u64>(push(Kind.SlotWarm, slot) + K_EXTRA, load<u32>(slotPtr(slot) + S_WARM));
}

export function recordBalance(account: u32): void {
  copy(push(Kind.Balance, account) + K_WORD, accountPtr(account) + A_BALANCE);
  markDirty(account);
}

export function recordNonce(account: u32): void {
  store<u64>(push(Kind.Nonce, account) + K_EXTRA, load<u64>(accountPtr(account) + A_NONCE));
  markDirty(account);
}

/** Flags changes (warmth, existence, touched, created, destructed) all go through here. */
export function recordFlags(account: u32): void {
  store<u64>(push(Kind.Flags, account) + K_EXTRA, load<u32>(accountPtr(account) + A_FLAGS));
  markDirty(account);
}

export function recordCode(account: u32): void {
  const a = accountPtr(account);
  const e = push(Kind.Code, account);
  store<u64>(e + K_EXTRA, <u64>load<u32>(a + A_CODE) | (<u64>load<u32>(a + A_CODE_LEN) << 32));
  store<u64>(e + K_EXTRA2, load<u32>(a + A_BLOCKS));
  copy(e + K_WORD, a + A_CODE_HASH);
  markDirty(account);
}

/** Undoes every change recorded after `mark`, newest first. */
export function revertTo(mark: u32): void {
  while (count > mark) {
    count--;
    const e = entries + <usize>count * ENTRY_SIZE;
    const index = load<u32>(e + K_INDEX);
    switch (load<u32>(e + K_KIND)) {
      case Kind.Storage: copy(slotPtr(index) + S_CURRENT, e + K_WORD); break;
      case Kind.Transient: copy(transientSlotPtr(index) + S_CURRENT, e + K_WORD); break;
      case Kind.SlotWarm: store<u32>(slotPtr(index) + S_WARM, <u32>load<u64>(e + K_EXTRA)); break;
      case Kind.Balance: copy(accountPtr(index) + A_BALANCE, e + K_WORD); break;
      case Kind.Nonce: store<u64>(accountPtr(index) + A_NONCE, load<u64>(e + K_EXTRA)); break;
      case Kind.Flags: store<u32>(accountPtr(index) + A_FLAGS, <u32>load<u64>(e + K_EXTRA)); break;
      case Kind.Code: {
        const a = accountPtr(index);
        const code = load<u32>(a + A_CODE);
        const jd = load<u32>(a + A_BLOCKS);
        const old = load<u64>(e + K_EXTRA);
        // The code installed by the reverted frame is owned by nobody else: free it.
        if (code != 0 && code != <u32>old) heap.free(code);
        if (jd != 0 && jd != <u32>load<u64>(e + K_EXTRA2)) heap.free(jd);
        store<u32>(a + A_CODE, <u32>old);
        store<u32>(a + A_CODE_LEN, <u32>(old >> 32));
        store<u32>(a + A_BLOCKS, <u32>load<u64>(e + K_EXTRA2));
        copy(a + A_CODE_HASH, e + K_WORD);
        break;
      }
    }
  }
}
