// Node arena of the Merkle-Patricia tries: every trie node and every account record is one
// fixed-size cell of NODE_SIZE bytes in chunks taken from the runtime heap, recycled through a free
// list. Fixed cells make allocation a pointer bump or a list pop and keep nodes 8-aligned; a cell
// is addressed by its byte address (u32 in the parent), 0 meaning "no node".
//
// Keys are always 32 bytes (keccak of an address or slot, or a caller's pre-hashed key), so no key
// is a prefix of another and branch nodes never carry a value: a branch is 16 child pointers.
//
// Cell layout (little-endian integers; keys, values and hashes as big-endian bytes):
//   0   u8   kind (Kind below)
//   1   u8   flags (DIRTY: the cached reference is stale)
//   2   u8   start: nibble depth where the node's path begins (extension, leaf)
//   3   u8   end: nibble depth where an extension's path ends (a leaf's always ends at 64)
//   4   u8   reference length: 32 = keccak of the encoding, < 32 = the encoding itself (inlined)
//   8   [32] reference: hash or inline encoding of the node (valid when not DIRTY)
//   40  branch: u32 children[16]                                    (to 104)
//   40  extension and leaf: key[32], a full key whose first `end` nibbles are the node's path
//   72  extension: u32 child (always a branch)
//   72  storage leaf: value[32] (the slot's 32-byte word, non-zero)
//   72  account leaf: u32 account record
// Hash cell (a partial trie built from a witness, assembly/trie/witness.ts): a subtree known only by
// its hash. reference length 32 and reference hold the hash; start is the nibble depth of its
// position and key holds a key whose first `start` nibbles are that position. It is never DIRTY, so
// hashing a parent reads its reference; an update that must descend into it cannot proceed and
// flags the trie incomplete (trie.ts).
// Account record (a cell of its own):
//   0   u8   kind (AccountRecord)
//   4   u32  root node of the account's storage trie (0: empty)
//   8   u64  nonce
//   16  [32] balance
//   48  [32] code hash

export const NODE_SIZE: usize = 104;

export const enum Kind {
  Free = 0,
  Branch = 1,
  Extension = 2,
  StorageLeaf = 3,
  AccountLeaf = 4,
  AccountRecord = 5,
  Hash = 6,
}

export const DIRTY: u8 = 1;

export const N_KIND: usize = 0;
export const N_FLAGS: usize = 1;
export const N_START: usize = 2;
export const N_END: usize = 3;
export const N_REF_LEN: usize = 4;
export const N_REF: usize = 8;
export const N_CHILDREN: usize = 40;
export const N_KEY: usize = 40;
export const N_CHILD: usize = 72;
export const N_VALUE: usize = 72;
export const N_ACCOUNT: usize = 72;

export const A_STORAGE: usize = 4;
export const A_NONCE: usize = 8;
export const A_BALANCE: usize = 16;
export const A_CODE_HASH: usize = 48;

// Chunks start small (a trie of a few accounts stays a few pages) and double up to 4 MiB, so a
// big state costs one heap call per ~40,000 cells.
const FIRST_CHUNK: usize = NODE_SIZE * 128;
const LAST_CHUNK: usize = NODE_SIZE * 40320;

let freeList: usize = 0;
let bumpNext: usize = 0;
let bumpEnd: usize = 0;
let chunkSize: usize = FIRST_CHUNK;
let liveCells: u32 = 0;
let arenaBytes: usize = 0;

/** A zeroed cell of `kind`, marked dirty. */
export function allocCell(kind: Kind): usize {
  let p = freeList;
  if (p != 0) {
    freeList = <usize>load<u32>(p + N_REF);
  } else {
    if (bumpNext + NODE_SIZE > bumpEnd) {
      bumpNext = heap.alloc(chunkSize);
      bumpEnd = bumpNext + chunkSize;
      arenaBytes += chunkSize;
      if (chunkSize < LAST_CHUNK) chunkSize = min(chunkSize << 1, LAST_CHUNK);
    }
    p = bumpNext;
    bumpNext += NODE_SIZE;
  }
  memory.fill(p, 0, NODE_SIZE);
  store<u8>(p, <u8>kind, N_KIND);
  store<u8>(p, DIRTY, N_FLAGS);
  liveCells++;
  return p;
}

export function freeCell(p: usize): void {
  store<u8>(p, <u8>Kind.Free, N_KIND);
  store<u32>(p + N_REF, <u32>freeList);
  freeList = p;
  liveCells--;
}

export function cellCount(): u32 {
  return liveCells;
}

export function cellBytes(): usize {
  return arenaBytes;
}

// @ts-ignore: decorator
@inline export function kindOf(node: usize): Kind {
  return <Kind>load<u8>(node, N_KIND);
}

// @ts-ignore: decorator
@inline export function markDirty(node: usize): void {
  store<u8>(node, load<u8>(node, N_FLAGS) | DIRTY, N_FLAGS);
}

// @ts-ignore: decorator
@inline export function isDirty(node: usize): bool {
  return (load<u8>(node, N_FLAGS) & DIRTY) != 0;
}

// @ts-ignore: decorator
@inline export function startOf(node: usize): u32 {
  return <u32>load<u8>(node, N_START);
}

// @ts-ignore: decorator
@inline export function endOf(node: usize): u32 {
  return <u32>load<u8>(node, N_END);
}

// @ts-ignore: decorator
@inline export function childAt(branch: usize, i: u32): usize {
  return <usize>load<u32>(branch + N_CHILDREN + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function setChildAt(branch: usize, i: u32, child: usize): void {
  store<u32>(branch + N_CHILDREN + (<usize>i << 2), <u32>child);
}

/** Nibble `i` (0 = high half of byte 0) of the 32-byte key at `key`. */
// @ts-ignore: decorator
@inline export function nibble(key: usize, i: u32): u32 {
  return (<u32>load<u8>(key + (<usize>i >> 1)) >> ((~i & 1) << 2)) & 0xf;
}

// @ts-ignore: decorator
@inline export function keysEqual(a: usize, b: usize): bool {
  return load<u64>(a) == load<u64>(b) && load<u64>(a, 8) == load<u64>(b, 8) &&
    load<u64>(a, 16) == load<u64>(b, 16) && load<u64>(a, 24) == load<u64>(b, 24);
}

// @ts-ignore: decorator
@inline export function copy32(dst: usize, src: usize): void {
  store<u64>(dst, load<u64>(src));
  store<u64>(dst, load<u64>(src, 8), 8);
  store<u64>(dst, load<u64>(src, 16), 16);
  store<u64>(dst, load<u64>(src, 24), 24);
}

/** First nibble index in [from, to) where the keys differ, or `to`. */
export function commonPrefix(a: usize, b: usize, from: u32, to: u32): u32 {
  for (let i = from; i < to; i++) {
    if (nibble(a, i) != nibble(b, i)) return i;
  }
  return to;
}
