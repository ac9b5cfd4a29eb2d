// The change batches JS sends (src/state/trie/batch.ts writes them; the two files describe the
// same bytes and change together), applied to the account trie and the accounts' storage tries.
//
// A batch is records back to back; each starts with a u32 opcode (little-endian). Addresses, slots,
// balances, values and hashes are big-endian bytes; the nonce is a little-endian u64.
//   1 Account        u32 op | address 20 | nonce u64 | balance 32 | code hash 32        (96 bytes)
//                    creates or updates the account; its storage is kept
//   2 DeleteAccount  u32 op | address 20                                                 (24 bytes)
//                    removes the account and its storage (nothing when absent)
//   3 Slot           u32 op | address 20 | slot 32 | value 32                            (88 bytes)
//                    zero value: deletes the slot; a non-zero value for an absent account
//                    creates it empty (nonce 0, balance 0, empty code), as WorldState does
// With the PreHashed bit (0x10) the address field is 32 bytes holding the account's trie key, and
// a Slot's slot field is its storage-trie key, used as given (tests build tries of chosen keys).
import { keccak256 } from "../keccak";
import { put, remove, findLeaf, isZero32, setAccountOp, setAccountSlotOp, clearChanged, incomplete, setOpAccountKey } from "./trie";

export const OP_ACCOUNT: u32 = 1;
export const OP_DELETE_ACCOUNT: u32 = 2;
export const OP_SLOT: u32 = 3;
export const PRE_HASHED: u32 = 0x10;

const ACCOUNT_KEY: usize = memory.data(32, 16);
const SLOT_KEY: usize = memory.data(32, 16);

/** Root node of the account trie (0: empty). */
export let accountRoot: usize = 0;

/** Replaces the account trie (witness.ts builds a partial one). */
export function setAccountRoot(root: usize): void {
  accountRoot = root;
}

/** The trie key of the address (or pre-hashed key) at `p`, to `out`; returns the field's size. */
export function readAccountKey(p: usize, preHashed: bool, out: usize): usize {
  if (preHashed) {
    memory.copy(out, p, 32);
    return 32;
  }
  keccak256(p, 20, out);
  return 20;
}

/** applyRecords' answer when a record needed a node a partial trie knows only by its hash (trie.ts). */
export const INCOMPLETE: usize = 0xffffffff;

/**
 * Applies the `length` bytes of records at `base`; returns 0, 1 + the offset of the first malformed
 * record, or INCOMPLETE (the records from the one that needed the hidden node on are not applied).
 */
export function applyRecords(base: usize, length: usize): usize {
  setOpAccountKey(ACCOUNT_KEY);
  let p = base;
  const end = base + length;
  while (p < end) {
    const record = p;
    if (end - p < 4) return 1 + record - base;
    const code = load<u32>(p);
    const preHashed = (code & PRE_HASHED) != 0;
    const kind = code & ~PRE_HASHED;
    const keySize: usize = preHashed ? 32 : 20;
    const size: usize = kind == OP_ACCOUNT ? 4 + keySize + 72 : kind == OP_DELETE_ACCOUNT ? 4 + keySize : kind == OP_SLOT ? 4 + keySize + 64 : 0;
    if (size == 0 || end - p < size) return 1 + record - base;
    p += 4;
    p += readAccountKey(p, preHashed, ACCOUNT_KEY);
    clearChanged();
    if (kind == OP_ACCOUNT) {
      setAccountOp(load<u64>(p), p + 8, p + 40);
      accountRoot = put(accountRoot, 0, ACCOUNT_KEY);
    } else if (kind == OP_DELETE_ACCOUNT) {
      accountRoot = remove(accountRoot, 0, ACCOUNT_KEY);
    } else {
      if (preHashed) memory.copy(SLOT_KEY, p, 32);
      else keccak256(p, 32, SLOT_KEY);
      const value = p + 32;
      // Deleting a slot of an absent account must not create the account.
      if (!isZero32(value) || findLeaf(accountRoot, ACCOUNT_KEY) != 0) {
        setAccountSlotOp(SLOT_KEY, value);
        accountRoot = put(accountRoot, 0, ACCOUNT_KEY);
      }
    }
    if (incomplete) return INCOMPLETE;
    p = record + size;
  }
  return 0;
}
