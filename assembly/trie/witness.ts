// Partial tries from a block witness (docs/validation.md): the account trie and the storage tries
// rebuilt from a bag of proof nodes, with every subtree the witness does not open kept as a Hash
// cell (arena.ts). Hashing the result gives the pre-state root again exactly when every node used
// is the one its parent commits to, so one root comparison verifies all the proofs at once.
//
// Request (in the batch buffer), little-endian integers, big-endian words:
//   [32] pre-state root | u32 byte length of the nodes section | nodes section | accounts | slots
//   nodes section: u32 count | per node: u32 length | RLP bytes      (order free, duplicates harmless)
//   accounts:      u32 count | per account (125 bytes): address 20 | exists u8 | nonce u64 |
//                  balance 32 | code hash 32 | storage root 32
//   slots:         u32 count | per slot (84 bytes): address 20 | slot 32 | value 32
// Every account and slot entry must be proven by the nodes: its path is walked to its leaf (or to
// where its absence shows) and the values compared.
import { keccak256 } from "../keccak";
import {
  Kind, N_FLAGS, N_START, N_END, N_KEY, N_CHILD, N_VALUE, N_ACCOUNT, N_REF, N_REF_LEN, A_STORAGE, A_NONCE, A_BALANCE, A_CODE_HASH,
  allocCell, setChildAt, copy32, keysEqual, kindOf,
} from "./arena";
import { EMPTY_TRIE_ROOT, rootHash, storageRootOf } from "./hash";
import { accountRoot, setAccountRoot } from "./batch";
import { freeSubtree, findLeaf, incomplete, clearIncomplete, clearSiblings } from "./trie";

export const WITNESS_OK: u32 = 0;
/** A node that is not a trie node (bad RLP, wrong item count, a path past 64 nibbles). */
export const WITNESS_MALFORMED_NODE: u32 = 1;
/** The nodes do not hash to the pre-state root. */
export const WITNESS_ROOT_MISMATCH: u32 = 2;
/** The request's sections do not add up. */
export const WITNESS_MALFORMED_REQUEST: u32 = 3;
/** An entry's value differs from the one the proofs give (entry index at witnessErrorIndex). */
export const WITNESS_ENTRY_MISMATCH: u32 = 4;
/** An entry whose path enters a subtree the nodes do not open: not proven. */
export const WITNESS_ENTRY_UNPROVEN: u32 = 5;

const ACCOUNT_RECORD: usize = 125;
const SLOT_RECORD: usize = 84;

let errorIndex: u32 = 0;

// The node bag: per node its address and length, its hash, and an open-addressing index by hash.
let nodeInfo: usize = 0; // u32 address, u32 length
let nodeHashes: usize = 0; // 32 bytes each
let nodeCap: u32 = 0;
let nodeCount: u32 = 0;
let index: usize = 0; // u32 node number + 1, 0 = free
let indexMask: u32 = 0;
let indexCap: u32 = 0;
let failed = false;

// The path (nibbles) from the root to the node being built, one buffer per kind of trie: a storage
// trie is built while its account leaf's path must stay as it is.
const ACCOUNT_PATH: usize = memory.data(32, 16);
const STORAGE_PATH: usize = memory.data(32, 16);
const ROOT: usize = memory.data(32, 16);
const KEY: usize = memory.data(32, 16);
const WORD: usize = memory.data(32, 16);

function reserveNodes(count: u32): void {
  if (count > nodeCap) {
    const cap = max<u32>(count, max<u32>(nodeCap << 1, 64));
    nodeInfo = nodeInfo == 0 ? heap.alloc(<usize>cap << 3) : heap.realloc(nodeInfo, <usize>cap << 3);
    nodeHashes = nodeHashes == 0 ? heap.alloc(<usize>cap << 5) : heap.realloc(nodeHashes, <usize>cap << 5);
    nodeCap = cap;
  }
  let slots: u32 = 16;
  while (slots < count << 1) slots <<= 1;
  if (slots > indexCap) {
    if (index != 0) heap.free(index);
    index = heap.alloc(<usize>slots << 2);
    indexCap = slots;
  }
  indexMask = slots - 1;
  memory.fill(index, 0, <usize>slots << 2);
}

function insertNode(i: u32): void {
  const hash = nodeHashes + (<usize>i << 5);
  let h = load<u32>(hash) & indexMask;
  while (true) {
    const at = index + (<usize>h << 2);
    const entry = load<u32>(at);
    if (entry == 0) {
      store<u32>(at, i + 1);
      return;
    }
    if (keysEqual(nodeHashes + (<usize>(entry - 1) << 5), hash)) return; // a duplicate node
    h = (h + 1) & indexMask;
  }
}

/** The node whose hash is at `ref`, or -1. */
function findNode(ref: usize): i32 {
  let h = load<u32>(ref) & indexMask;
  while (true) {
    const entry = load<u32>(index + (<usize>h << 2));
    if (entry == 0) return -1;
    if (keysEqual(nodeHashes + (<usize>(entry - 1) << 5), ref)) return <i32>(entry - 1);
    h = (h + 1) & indexMask;
  }
}

// RLP items: readItem sets these for the item at p and returns its whole size (0: malformed).
let itemOffset: usize = 0;
let itemLength: usize = 0;
let itemIsList = false;

function readLength(p: usize, bytes: usize): usize {
  let length: usize = 0;
  for (let i: usize = 0; i < bytes; i++) length = (length << 8) | <usize>load<u8>(p + i);
  return length;
}

function readItem(p: usize, end: usize): usize {
  if (p >= end) return 0;
  const b = <u32>load<u8>(p);
  let header: usize = 1;
  let length: usize = 0;
  if (b < 0x80) {
    itemOffset = p;
    itemLength = 1;
    itemIsList = false;
    return 1;
  }
  if (b <= 0xb7) {
    length = <usize>(b - 0x80);
    itemIsList = false;
  } else if (b <= 0xbf) {
    const bytes = <usize>(b - 0xb7);
    if (bytes > 3 || p + 1 + bytes > end) return 0;
    length = readLength(p + 1, bytes);
    header += bytes;
    itemIsList = false;
  } else if (b <= 0xf7) {
    length = <usize>(b - 0xc0);
    itemIsList = true;
  } else {
    const bytes = <usize>(b - 0xf7);
    if (bytes > 3 || p + 1 + bytes > end) return 0;
    length = readLength(p + 1, bytes);
    header += bytes;
    itemIsList = true;
  }
  if (p + header + length > end) return 0;
  itemOffset = p + header;
  itemLength = length;
  return header + length;
}

// @ts-ignore: decorator
@inline function setNibble(path: usize, i: u32, v: u32): void {
  const at = path + (<usize>i >> 1);
  const byte = <u32>load<u8>(at);
  store<u8>(at, <u8>((i & 1) == 0 ? (byte & 0x0f) | (v << 4) : (byte & 0xf0) | v));
}

function fail(): usize {
  failed = true;
  return 0;
}

function hashCell(ref: usize, depth: u32, path: usize): usize {
  const cell = allocCell(Kind.Hash);
  store<u8>(cell + N_FLAGS, 0);
  store<u8>(cell + N_START, <u8>depth);
  store<u8>(cell + N_REF_LEN, 32);
  copy32(cell + N_REF, ref);
  copy32(cell + N_KEY, path);
  return cell;
}

/** The subtree a parent refers to: a bag node by hash, a Hash cell when not in the bag, or an inlined node. */
function buildRef(ref: usize, refLength: usize, depth: u32, storage: bool): usize {
  if (refLength == 32) {
    const i = findNode(ref);
    if (i < 0) return hashCell(ref, depth, storage ? STORAGE_PATH : ACCOUNT_PATH);
    const info = nodeInfo + (<usize>i << 3);
    return buildNode(<usize>load<u32>(info), <usize>load<u32>(info, 4), depth, storage);
  }
  return buildNode(ref, refLength, depth, storage);
}

/** A child item of a branch or extension: empty (0), a 32-byte hash, or an inlined node (a list). */
function buildChild(p: usize, end: usize, depth: u32, storage: bool): usize {
  const size = readItem(p, end);
  if (size == 0) return fail();
  // An inlined node is shorter than a hash; anything longer would be mistaken for one.
  if (itemIsList) return size < 32 ? buildNode(p, size, depth, storage) : fail();
  if (itemLength == 0) return 0;
  if (itemLength != 32) return fail();
  return buildRef(itemOffset, 32, depth, storage);
}

function readWord(p: usize, length: usize, out: usize): bool {
  if (length > 32) return false;
  memory.fill(out, 0, 32 - length);
  memory.copy(out + 32 - length, p, length);
  return true;
}

function buildLeafValue(leaf: usize, p: usize, length: usize, storage: bool): bool {
  if (storage) {
    // RLP(stripped word), itself the leaf's value string.
    const size = readItem(p, p + length);
    if (size != length || itemIsList || itemLength == 0) return false;
    return readWord(itemOffset, itemLength, leaf + N_VALUE);
  }
  // RLP([nonce, balance, storageRoot, codeHash]).
  const size = readItem(p, p + length);
  if (size != length || !itemIsList) return false;
  const end = itemOffset + itemLength;
  let q = itemOffset;
  const record = allocCell(Kind.AccountRecord);
  store<u32>(leaf + N_ACCOUNT, <u32>record);
  let s = readItem(q, end);
  if (s == 0 || itemIsList || itemLength > 8 || !readWord(itemOffset, itemLength, WORD)) return false;
  store<u64>(record + A_NONCE, bswap<u64>(load<u64>(WORD, 24)));
  q += s;
  s = readItem(q, end);
  if (s == 0 || itemIsList || !readWord(itemOffset, itemLength, record + A_BALANCE)) return false;
  q += s;
  s = readItem(q, end);
  if (s == 0 || itemIsList || itemLength != 32) return false;
  const storageRoot = itemOffset;
  q += s;
  s = readItem(q, end);
  if (s == 0 || itemIsList || itemLength != 32) return false;
  copy32(record + A_CODE_HASH, itemOffset);
  if (q + s != end) return false;
  if (!keysEqual(storageRoot, EMPTY_TRIE_ROOT)) store<u32>(record + A_STORAGE, <u32>buildRef(storageRoot, 32, 0, true));
  return !failed;
}

/** The cells of the node encoded at p (length bytes) standing at nibble `depth`; 0 and `failed` when malformed. */
function buildNode(p: usize, length: usize, depth: u32, storage: bool): usize {
  const path = storage ? STORAGE_PATH : ACCOUNT_PATH;
  const size = readItem(p, p + length);
  if (size != length || !itemIsList || depth > 64) return fail();
  const start = itemOffset;
  const end = itemOffset + itemLength;
  let count: u32 = 0;
  for (let r = start; r < end; count++) {
    const s = readItem(r, end);
    if (s == 0) return fail();
    r += s;
  }
  let q = start;
  if (count == 17) {
    if (depth >= 64) return fail();
    const branch = allocCell(Kind.Branch);
    for (let i: u32 = 0; i < 16; i++) {
      const s = readItem(q, end);
      setNibble(path, depth, i);
      setChildAt(branch, i, buildChild(q, end, depth + 1, storage));
      if (failed) return 0;
      q += s;
    }
    // 32-byte keys: a branch never holds a value.
    const s = readItem(q, end);
    if (s == 0 || itemIsList || itemLength != 0) return fail();
    return branch;
  }
  if (count != 2) return fail();
  const s = readItem(q, end);
  if (itemIsList || itemLength == 0) return fail();
  const first = <u32>load<u8>(itemOffset);
  const flag = first >> 4;
  if (flag > 3) return fail();
  const leaf = flag >= 2;
  const odd = flag & 1;
  const nibbles = <u32>(itemLength - 1) * 2 + odd;
  const stop = depth + nibbles;
  if (stop > 64 || (leaf && stop != 64) || (!leaf && (nibbles == 0 || stop >= 64))) return fail();
  let k = depth;
  if (odd) setNibble(path, k++, first & 0xf);
  for (let j: usize = 1; j < itemLength; j++) {
    const b = <u32>load<u8>(itemOffset + j);
    setNibble(path, k++, b >> 4);
    setNibble(path, k++, b & 0xf);
  }
  q += s;
  if (!leaf) {
    const ext = allocCell(Kind.Extension);
    store<u8>(ext + N_START, <u8>depth);
    store<u8>(ext + N_END, <u8>stop);
    copy32(ext + N_KEY, path);
    const child = buildChild(q, end, stop, storage);
    if (failed) return 0;
    if (child == 0 || (kindOf(child) != Kind.Branch && kindOf(child) != Kind.Hash)) return fail();
    store<u32>(ext + N_CHILD, <u32>child);
    return ext;
  }
  const cell = allocCell(storage ? Kind.StorageLeaf : Kind.AccountLeaf);
  store<u8>(cell + N_START, <u8>depth);
  store<u8>(cell + N_END, 64);
  copy32(cell + N_KEY, path);
  const v = readItem(q, end);
  if (v == 0 || itemIsList) return fail();
  if (!buildLeafValue(cell, itemOffset, itemLength, storage)) return fail();
  return cell;
}

/** Drops the trie (its cells go back to the free list for the next one). */
export function resetTrie(): void {
  freeSubtree(accountRoot);
  setAccountRoot(0);
  clearIncomplete();
  clearSiblings();
}

function loadNodes(p: usize, end: usize): bool {
  if (p + 4 > end) return false;
  const count = load<u32>(p);
  p += 4;
  reserveNodes(count);
  for (let i: u32 = 0; i < count; i++) {
    if (p + 4 > end) return false;
    const length = <usize>load<u32>(p);
    p += 4;
    if (p + length > end) return false;
    const info = nodeInfo + (<usize>i << 3);
    store<u32>(info, <u32>p);
    store<u32>(info, <u32>length, 4);
    keccak256(p, length, nodeHashes + (<usize>i << 5));
    insertNode(i);
    p += length;
  }
  nodeCount = count;
  return p == end;
}

function lookupAccount(address: usize): usize {
  keccak256(address, 20, KEY);
  return findLeaf(accountRoot, KEY);
}

function checkAccounts(p: usize, count: u32): u32 {
  for (let i: u32 = 0; i < count; i++) {
    const entry = p + <usize>i * ACCOUNT_RECORD;
    const leaf = lookupAccount(entry);
    errorIndex = i;
    if (incomplete) return WITNESS_ENTRY_UNPROVEN;
    const exists = load<u8>(entry + 20) != 0;
    if (!exists) {
      if (leaf != 0) return WITNESS_ENTRY_MISMATCH;
      continue;
    }
    if (leaf == 0) return WITNESS_ENTRY_MISMATCH;
    const record = <usize>load<u32>(leaf + N_ACCOUNT);
    storageRootOf(record, WORD);
    if (load<u64>(record + A_NONCE) != load<u64>(entry + 21) || !keysEqual(record + A_BALANCE, entry + 29) ||
      !keysEqual(record + A_CODE_HASH, entry + 61) || !keysEqual(WORD, entry + 93)) return WITNESS_ENTRY_MISMATCH;
  }
  return WITNESS_OK;
}

function checkSlots(p: usize, count: u32, first: u32): u32 {
  for (let i: u32 = 0; i < count; i++) {
    const entry = p + <usize>i * SLOT_RECORD;
    errorIndex = first + i;
    const leaf = lookupAccount(entry);
    if (incomplete) return WITNESS_ENTRY_UNPROVEN;
    let value: usize = 0;
    if (leaf != 0) {
      const storage = <usize>load<u32>(<usize>load<u32>(leaf + N_ACCOUNT) + A_STORAGE);
      keccak256(entry + 20, 32, KEY);
      const slot = findLeaf(storage, KEY);
      if (incomplete) return WITNESS_ENTRY_UNPROVEN;
      if (slot != 0) value = slot + N_VALUE;
    }
    if (value == 0) {
      memory.fill(WORD, 0, 32);
      value = WORD;
    }
    if (!keysEqual(value, entry + 52)) return WITNESS_ENTRY_MISMATCH;
  }
  return WITNESS_OK;
}

/**
 * Replaces the trie with the partial trie of the request at `request` (format at the top) and checks
 * it: the nodes must hash to the root and prove every entry. Returns WITNESS_OK or an error code
 * (entry errors name the entry at witnessErrorIndex(): accounts first, then slots).
 */
export function loadWitnessRequest(request: usize, length: usize): u32 {
  resetTrie();
  failed = false;
  errorIndex = 0;
  const end = request + length;
  if (length < 36) return WITNESS_MALFORMED_REQUEST;
  copy32(ROOT, request);
  const nodesLength = <usize>load<u32>(request + 32);
  let p = request + 36;
  if (p + nodesLength > end || !loadNodes(p, p + nodesLength)) return WITNESS_MALFORMED_REQUEST;
  p += nodesLength;
  if (p + 4 > end) return WITNESS_MALFORMED_REQUEST;
  const accounts = load<u32>(p);
  p += 4;
  const accountsAt = p;
  p += <usize>accounts * ACCOUNT_RECORD;
  if (p + 4 > end) return WITNESS_MALFORMED_REQUEST;
  const slots = load<u32>(p);
  p += 4;
  const slotsAt = p;
  p += <usize>slots * SLOT_RECORD;
  if (p != end) return WITNESS_MALFORMED_REQUEST;

  if (!keysEqual(ROOT, EMPTY_TRIE_ROOT)) {
    memory.fill(ACCOUNT_PATH, 0, 32);
    const root = buildRef(ROOT, 32, 0, false);
    setAccountRoot(root);
    if (failed) return WITNESS_MALFORMED_NODE;
  }
  rootHash(accountRoot, KEY);
  if (!keysEqual(KEY, ROOT)) return WITNESS_ROOT_MISMATCH;
  let status = checkAccounts(accountsAt, accounts);
  if (status == WITNESS_OK) status = checkSlots(slotsAt, slots, accounts);
  clearIncomplete();
  return status;
}

export function witnessErrorIndex(): u32 {
  return errorIndex;
}

export function witnessNodeCount(): u32 {
  return nodeCount;
}

/** 1 when the account at `address` (20 bytes) has no storage, 0 when it has, 2 when the trie cannot tell. */
export function storageEmptyOf(address: usize): u32 {
  clearIncomplete();
  const leaf = lookupAccount(address);
  if (incomplete) {
    clearIncomplete();
    return 2;
  }
  if (leaf == 0) return 1;
  return load<u32>(<usize>load<u32>(leaf + N_ACCOUNT) + A_STORAGE) == 0 ? 1 : 0;
}
