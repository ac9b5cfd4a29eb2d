// Insert, update and delete on a hexary Merkle-Patricia trie of 32-byte keys, in place. Every node
// on the path of a change is marked DIRTY (and only those: an update that writes the value already
// there changes nothing), so that hashing afterwards revisits exactly the changed paths.
//
// One set of routines serves both kinds of trie; what a leaf holds is decided by the operation in
// progress (`LeafOp`): a storage word, or an account whose update may itself be a put or delete in
// the account's storage trie (one walk of the account trie per slot write, no second lookup).
//
// Partial tries (built from a witness, witness.ts) hold Hash cells: subtrees known only by their
// hash. An operation that must look inside one (descend into it, or merge it with a parent when a
// deletion leaves it an only child) stops and sets `incomplete`: the witness lacks that node.
// A full trie can record, for each such merge, a key under the merged node (`recordSiblings`): the
// sequencer adds those keys' proofs to a block's witness so the validator's partial trie has the
// node itself (its kind decides the merge) and not only its hash.
import {
  Kind, N_KEY, N_START, N_END, N_CHILD, N_VALUE, N_ACCOUNT, A_STORAGE, A_NONCE, A_BALANCE, A_CODE_HASH,
  allocCell, freeCell, kindOf, markDirty, startOf, endOf, childAt, setChildAt, nibble, keysEqual, copy32, commonPrefix,
} from "./arena";

export const enum LeafOp {
  /** Put a storage word (`opValue`) in a storage trie. */
  Storage = 0,
  /** Put an account's nonce, balance and code hash (`opNonce`, `opBalance`, `opCodeHash`). */
  Account = 1,
  /** Put (non-zero) or delete (zero) `opSlotValue` at `opSlotKey` in the account's storage trie. */
  AccountSlot = 2,
}

export let op: LeafOp = LeafOp.Storage;
export let opValue: usize = 0;
export let opNonce: u64 = 0;
export let opBalance: usize = 0;
export let opCodeHash: usize = 0;
export let opSlotKey: usize = 0;
export let opSlotValue: usize = 0;
/** Set by put/remove when the trie changed; reset by the caller before each operation. */
export let changed = false;

/** Set when an operation reached a Hash cell it needed to see into; cleared by `clearIncomplete`. */
export let incomplete = false;
/** Where: the nibble depth of the Hash cell, and whether it was in a storage trie (of `incompleteAccount`). */
export let incompleteDepth: u32 = 0;
export let incompleteInStorage = false;
export const INCOMPLETE_ACCOUNT: usize = memory.data(32, 16);
export const INCOMPLETE_PREFIX: usize = memory.data(32, 16);

/** The account key of the operation in progress (set by the batch), and whether it is in its storage trie. */
let opAccountKey: usize = 0;
let inStorageTrie = false;

export function setOpAccountKey(key: usize): void {
  opAccountKey = key;
}

function markIncomplete(node: usize, depth: u32): void {
  if (incomplete) return;
  incomplete = true;
  incompleteDepth = depth;
  incompleteInStorage = inStorageTrie;
  if (opAccountKey != 0) copy32(INCOMPLETE_ACCOUNT, opAccountKey);
  copy32(INCOMPLETE_PREFIX, node + N_KEY);
}

export function clearIncomplete(): void {
  incomplete = false;
}

// Sibling records (a full trie on the sequencer's side): u8 in-storage flag | account key 32 | key 32.
export const SIBLING_RECORD: usize = 65;
export let recordSiblings = false;
export let siblings: usize = 0;
export let siblingCount: u32 = 0;
let siblingCap: u32 = 0;

export function setRecordSiblings(on: bool): void {
  recordSiblings = on;
  siblingCount = 0;
}

export function clearSiblings(): void {
  siblingCount = 0;
}

function recordSibling(key: usize): void {
  if (siblingCount == siblingCap) {
    const cap = max<u32>(16, siblingCap << 1);
    siblings = siblings == 0 ? heap.alloc(<usize>cap * SIBLING_RECORD) : heap.realloc(siblings, <usize>cap * SIBLING_RECORD);
    siblingCap = cap;
  }
  const p = siblings + <usize>siblingCount * SIBLING_RECORD;
  store<u8>(p, inStorageTrie ? 1 : 0);
  if (opAccountKey != 0) copy32(p + 1, opAccountKey);
  else memory.fill(p + 1, 0, 32);
  copy32(p + 33, key);
  siblingCount++;
}

/** keccak256 of the empty string: the code hash of an account created by a storage write alone. */
export const EMPTY_CODE_HASH: usize = memory.data<u8>([
  0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
  0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
]);

export function setStorageOp(value: usize): void {
  op = LeafOp.Storage;
  opValue = value;
}

export function setAccountOp(nonce: u64, balance: usize, codeHash: usize): void {
  op = LeafOp.Account;
  opNonce = nonce;
  opBalance = balance;
  opCodeHash = codeHash;
}

export function setAccountSlotOp(slotKey: usize, value: usize): void {
  op = LeafOp.AccountSlot;
  opSlotKey = slotKey;
  opSlotValue = value;
}

export function isZero32(p: usize): bool {
  return (load<u64>(p) | load<u64>(p, 8) | load<u64>(p, 16) | load<u64>(p, 24)) == 0;
}

function newExtension(start: u32, end: u32, key: usize, child: usize): usize {
  const ext = allocCell(Kind.Extension);
  store<u8>(ext + N_START, <u8>start);
  store<u8>(ext + N_END, <u8>end);
  copy32(ext + N_KEY, key);
  store<u32>(ext + N_CHILD, <u32>child);
  return ext;
}

function setAccountFields(record: usize): bool {
  if (load<u64>(record + A_NONCE) == opNonce && keysEqual(record + A_BALANCE, opBalance) &&
    keysEqual(record + A_CODE_HASH, opCodeHash)) return false;
  store<u64>(record + A_NONCE, opNonce);
  copy32(record + A_BALANCE, opBalance);
  copy32(record + A_CODE_HASH, opCodeHash);
  return true;
}

/** The AccountSlot operation on one account; true when its storage changed. */
function putSlot(record: usize): bool {
  const saved = op;
  op = LeafOp.Storage;
  opValue = opSlotValue;
  changed = false;
  const root = <usize>load<u32>(record + A_STORAGE);
  inStorageTrie = true;
  const next = isZero32(opSlotValue) ? remove(root, 0, opSlotKey) : put(root, 0, opSlotKey);
  inStorageTrie = false;
  store<u32>(record + A_STORAGE, <u32>next);
  op = saved;
  return changed;
}

function newLeaf(depth: u32, key: usize): usize {
  const leaf = allocCell(op == LeafOp.Storage ? Kind.StorageLeaf : Kind.AccountLeaf);
  store<u8>(leaf + N_START, <u8>depth);
  store<u8>(leaf + N_END, 64);
  copy32(leaf + N_KEY, key);
  if (op == LeafOp.Storage) {
    copy32(leaf + N_VALUE, opValue);
  } else {
    const record = allocCell(Kind.AccountRecord);
    copy32(record + A_CODE_HASH, EMPTY_CODE_HASH);
    store<u32>(leaf + N_ACCOUNT, <u32>record);
    if (op == LeafOp.Account) setAccountFields(record);
    else putSlot(record);
  }
  return leaf;
}

function updateLeaf(leaf: usize): bool {
  if (op == LeafOp.Storage) {
    const value = leaf + N_VALUE;
    if (keysEqual(value, opValue)) return false;
    copy32(value, opValue);
    return true;
  }
  const record = <usize>load<u32>(leaf + N_ACCOUNT);
  return op == LeafOp.Account ? setAccountFields(record) : putSlot(record);
}

/**
 * Puts the current operation's leaf at `key` in the subtree `node`, whose path starts at nibble
 * `depth`; returns the node that now stands in its place.
 */
export function put(node: usize, depth: u32, key: usize): usize {
  if (node == 0) {
    const leaf = newLeaf(depth, key);
    changed = true;
    return leaf;
  }
  const kind = kindOf(node);
  if (kind == Kind.Hash) {
    markIncomplete(node, depth);
    return node;
  }
  if (kind == Kind.Branch) {
    const i = nibble(key, depth);
    const child = childAt(node, i);
    const next = put(child, depth + 1, key);
    if (next != child) setChildAt(node, i, next);
    if (changed) markDirty(node);
    return node;
  }
  if (kind == Kind.Extension) {
    const start = startOf(node);
    const end = endOf(node);
    const p = commonPrefix(key, node + N_KEY, start, end);
    const child = <usize>load<u32>(node + N_CHILD);
    if (p == end) {
      const next = put(child, end, key);
      if (next != child) store<u32>(node + N_CHILD, <u32>next);
      if (changed) markDirty(node);
      return node;
    }
    // The key leaves the extension's path at nibble p: a branch there, the rest of the path below.
    const branch = allocCell(Kind.Branch);
    setChildAt(branch, nibble(key, p), newLeaf(p + 1, key));
    setChildAt(branch, nibble(node + N_KEY, p), p + 1 == end ? child : newExtension(p + 1, end, node + N_KEY, child));
    changed = true;
    if (p == start) {
      freeCell(node);
      return branch;
    }
    store<u8>(node + N_END, <u8>p);
    store<u32>(node + N_CHILD, <u32>branch);
    markDirty(node);
    return node;
  }
  if (keysEqual(key, node + N_KEY)) {
    if (updateLeaf(node)) {
      changed = true;
      markDirty(node);
    }
    return node;
  }
  // Two leaves: a branch where their keys part, under an extension for the prefix they share.
  const start = startOf(node);
  const p = commonPrefix(key, node + N_KEY, start, 64);
  const branch = allocCell(Kind.Branch);
  setChildAt(branch, nibble(key, p), newLeaf(p + 1, key));
  store<u8>(node + N_START, <u8>(p + 1));
  markDirty(node);
  setChildAt(branch, nibble(node + N_KEY, p), node);
  changed = true;
  return p == start ? branch : newExtension(start, p, key, branch);
}

/** A key of some leaf under `node` (whose first nibbles are therefore the node's path). */
function anyKeyUnder(node: usize): usize {
  while (kindOf(node) == Kind.Branch) {
    let i: u32 = 0;
    while (childAt(node, i) == 0) i++;
    node = childAt(node, i);
  }
  return node + N_KEY;
}

/** The only child left of a branch at `depth`: it now starts at `depth` (its nibble joins its path). */
function raise(node: usize, depth: u32): usize {
  const kind = kindOf(node);
  // What stands here next depends on the node's kind (a branch gets an extension above it, an
  // extension or a leaf takes the nibble into its path): a hash alone does not tell.
  if (kind == Kind.Hash) {
    markIncomplete(node, depth);
    return node;
  }
  if (recordSiblings) recordSibling(kind == Kind.Extension ? anyKeyUnder(<usize>load<u32>(node + N_CHILD)) : kind == Kind.Branch ? anyKeyUnder(node) : node + N_KEY);
  if (kind == Kind.Branch) return newExtension(depth, depth + 1, anyKeyUnder(node), node);
  store<u8>(node + N_START, <u8>depth);
  markDirty(node);
  return node;
}

/** An extension whose child changed into `child`: extensions and leaves absorb the extension's path. */
function join(ext: usize, child: usize): usize {
  if (kindOf(child) == Kind.Hash) {
    markIncomplete(child, endOf(ext));
    return ext;
  }
  if (kindOf(child) == Kind.Branch) {
    store<u32>(ext + N_CHILD, <u32>child);
    markDirty(ext);
    return ext;
  }
  store<u8>(child + N_START, load<u8>(ext + N_START));
  markDirty(child);
  freeCell(ext);
  return child;
}

export function freeSubtree(node: usize): void {
  if (node == 0) return;
  const kind = kindOf(node);
  if (kind == Kind.Branch) {
    for (let i: u32 = 0; i < 16; i++) freeSubtree(childAt(node, i));
  } else if (kind == Kind.Extension) {
    freeSubtree(<usize>load<u32>(node + N_CHILD));
  } else if (kind == Kind.AccountLeaf) {
    const record = <usize>load<u32>(node + N_ACCOUNT);
    freeSubtree(<usize>load<u32>(record + A_STORAGE));
    freeCell(record);
  }
  freeCell(node);
}

/**
 * Deletes `key` from the subtree `node` (path from nibble `depth`), restoring the canonical shape:
 * a branch left with one child becomes that child with the branch's nibble prepended to its path,
 * and an extension over an extension or a leaf merges into it. Returns the node in its place.
 */
export function remove(node: usize, depth: u32, key: usize): usize {
  if (node == 0) return 0;
  const kind = kindOf(node);
  if (kind == Kind.Hash) {
    markIncomplete(node, depth);
    return node;
  }
  if (kind == Kind.Branch) {
    const i = nibble(key, depth);
    const child = childAt(node, i);
    if (child == 0) return node;
    const next = remove(child, depth + 1, key);
    if (!changed) return node;
    setChildAt(node, i, next);
    markDirty(node);
    if (next != 0) return node;
    let count = 0;
    let only: u32 = 0;
    for (let j: u32 = 0; j < 16; j++) {
      if (childAt(node, j) != 0) {
        count++;
        only = j;
      }
    }
    if (count > 1) return node;
    const rest = childAt(node, only);
    freeCell(node);
    return raise(rest, depth);
  }
  if (kind == Kind.Extension) {
    const end = endOf(node);
    if (commonPrefix(key, node + N_KEY, startOf(node), end) != end) return node;
    const next = remove(<usize>load<u32>(node + N_CHILD), end, key);
    if (!changed) return node;
    return join(node, next);
  }
  if (!keysEqual(key, node + N_KEY)) return node;
  changed = true;
  freeSubtree(node);
  return 0;
}

/** The leaf holding `key`, or 0 (also when a Hash cell hides the answer: then `incomplete` is set). */
export function findLeaf(node: usize, key: usize): usize {
  let depth: u32 = 0;
  while (node != 0) {
    const kind = kindOf(node);
    if (kind == Kind.Hash) {
      markIncomplete(node, depth);
      return 0;
    }
    if (kind == Kind.Branch) {
      node = childAt(node, nibble(key, depth));
      depth++;
    } else if (kind == Kind.Extension) {
      const end = endOf(node);
      if (commonPrefix(key, node + N_KEY, startOf(node), end) != end) return 0;
      depth = end;
      node = <usize>load<u32>(node + N_CHILD);
    } else {
      return keysEqual(key, node + N_KEY) ? node : 0;
    }
  }
  return 0;
}

/** Resets `changed` (before each top-level operation). */
export function clearChanged(): void {
  changed = false;
}
