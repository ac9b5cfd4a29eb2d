// Node encoding (RLP, Yellow Paper appendix D) and hashing with the dirty flags of trie.ts: a clean
// node's reference is cached in its cell, so computing a root re-encodes and re-hashes only the
// nodes on paths changed since the previous root.
//
// A node's reference is keccak256(RLP(node)) when the encoding has 32 bytes or more, and the
// encoding itself when shorter: the parent then embeds it as is (Yellow Paper, eq. 193, "c(J, i)").
// The root is always hashed.
import { keccak256 } from "../keccak";
import {
  Kind, DIRTY, N_FLAGS, N_REF_LEN, N_REF, N_KEY, N_CHILD, N_VALUE, N_ACCOUNT, A_STORAGE, A_NONCE, A_BALANCE, A_CODE_HASH,
  kindOf, isDirty, startOf, endOf, childAt, nibble, copy32,
} from "./arena";

/** keccak256(RLP("")) = keccak256(0x80): the root of an empty trie. */
export const EMPTY_TRIE_ROOT: usize = memory.data<u8>([
  0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45, 0xe6, 0x92, 0xc0, 0xf8, 0x6e,
  0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c, 0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21,
]);

/** Largest encoding: a branch of 16 hashed children is 3 + 16 * 33 + 1 = 532 bytes. */
export const MAX_NODE_ENCODING: i32 = 544;

// Encoding of the node being hashed. Children are committed before their parent is encoded, so one
// buffer serves the whole recursion.
const SCRATCH: usize = memory.data(MAX_NODE_ENCODING, 16);
// The storage root of the account whose leaf is being encoded.
const STORAGE_ROOT: usize = memory.data(32, 16);

/** Bytes of the RLP string holding the reference of the (committed) node. */
// @ts-ignore: decorator
@inline function refItemSize(node: usize): usize {
  const len = <usize>load<u8>(node + N_REF_LEN);
  return len == 32 ? 33 : len;
}

function writeRef(p: usize, node: usize): usize {
  const len = <usize>load<u8>(node + N_REF_LEN);
  if (len == 32) {
    store<u8>(p, 0xa0);
    copy32(p + 1, node + N_REF);
    return 33;
  }
  memory.copy(p, node + N_REF, len);
  return len;
}

function listHeaderSize(payload: usize): usize {
  return payload <= 55 ? 1 : payload <= 0xff ? 2 : 3;
}

function writeListHeader(p: usize, payload: usize): usize {
  if (payload <= 55) {
    store<u8>(p, <u8>(0xc0 + payload));
    return 1;
  }
  if (payload <= 0xff) {
    store<u8>(p, 0xf8);
    store<u8>(p, <u8>payload, 1);
    return 2;
  }
  store<u8>(p, 0xf9);
  store<u8>(p, <u8>(payload >> 8), 1);
  store<u8>(p, <u8>payload, 2);
  return 3;
}

/** Hex-prefix (compact) encoding of nibbles [start, end) of `key` as an RLP string; returns its size. */
function writePath(p: usize, key: usize, start: u32, end: u32, leaf: bool): usize {
  const n = end - start;
  const bytes = <usize>(n >> 1) + 1;
  const flag: u32 = leaf ? 2 : 0;
  let q = p;
  if (bytes > 1) store<u8>(q++, <u8>(0x80 + bytes));
  let i = start;
  if (n & 1) {
    store<u8>(q++, <u8>(((flag + 1) << 4) | nibble(key, i)));
    i++;
  } else {
    store<u8>(q++, <u8>(flag << 4));
  }
  // From here i - start is even: byte-aligned in the key when start is even, else shifted by a nibble.
  if ((i & 1) == 0) {
    memory.copy(q, key + (<usize>i >> 1), <usize>(end - i) >> 1);
    q += <usize>(end - i) >> 1;
  } else {
    for (; i < end; i += 2) store<u8>(q++, <u8>((nibble(key, i) << 4) | nibble(key, i + 1)));
  }
  return q - p;
}

// @ts-ignore: decorator
@inline function pathItemSize(start: u32, end: u32): usize {
  const bytes = <usize>((end - start) >> 1) + 1;
  return bytes == 1 ? 1 : 1 + bytes;
}

/** Index of the first non-zero byte of a 32-byte big-endian word (32 when zero). */
function leadingZeroBytes(word: usize): usize {
  let i: usize = 0;
  while (i < 32 && load<u8>(word + i) == 0) i++;
  return i;
}

/** RLP of the minimal big-endian bytes of a 32-byte word: 0x80 for zero, a byte below 0x80 as itself. */
function scalarItemSize(word: usize): usize {
  const z = leadingZeroBytes(word);
  const len: usize = 32 - z;
  if (len == 1 && load<u8>(word + 31) < 0x80) return 1;
  return 1 + len;
}

function writeScalar(p: usize, word: usize): usize {
  const z = leadingZeroBytes(word);
  const len: usize = 32 - z;
  if (len == 1 && load<u8>(word + 31) < 0x80) {
    store<u8>(p, load<u8>(word + 31));
    return 1;
  }
  store<u8>(p, <u8>(0x80 + len));
  memory.copy(p + 1, word + z, len);
  return 1 + len;
}

// A storage leaf's value is the RLP of the stripped word (what @ethereumjs puts), itself a byte
// string inside the leaf: RLP(RLP(stripped word)).
function storageValueItemSize(word: usize): usize {
  const inner = scalarItemSize(word);
  return inner == 1 ? 1 : 1 + inner;
}

function writeStorageValue(p: usize, word: usize): usize {
  const inner = scalarItemSize(word);
  if (inner == 1) return writeScalar(p, word);
  store<u8>(p, <u8>(0x80 + inner));
  return 1 + writeScalar(p + 1, word);
}

const NONCE_WORD: usize = memory.data(32, 16);

function loadNonceWord(record: usize): void {
  // The nonce as a 32-byte big-endian word, so one scalar encoder serves nonce and balance.
  store<u64>(NONCE_WORD, 0);
  store<u64>(NONCE_WORD, 0, 8);
  store<u64>(NONCE_WORD, 0, 16);
  store<u64>(NONCE_WORD, bswap<u64>(load<u64>(record + A_NONCE)), 24);
}

/** The storage root of a committed account record, to `out`. */
export function storageRootOf(record: usize, out: usize): void {
  const root = <usize>load<u32>(record + A_STORAGE);
  if (root == 0) copy32(out, EMPTY_TRIE_ROOT);
  else if (load<u8>(root + N_REF_LEN) == 32) copy32(out, root + N_REF);
  else keccak256(root + N_REF, <usize>load<u8>(root + N_REF_LEN), out);
}

// An account leaf's value: RLP([nonce, balance, storageRoot, codeHash]) as a byte string. Its
// payload is 68 to 108 bytes, so both headers take two bytes (0xf8 list, 0xb8 string).
function accountValueItemSize(record: usize): usize {
  loadNonceWord(record);
  const payload = scalarItemSize(NONCE_WORD) + scalarItemSize(record + A_BALANCE) + 66;
  return 2 + 2 + payload;
}

function writeAccountValue(p: usize, record: usize): usize {
  loadNonceWord(record);
  const payload = scalarItemSize(NONCE_WORD) + scalarItemSize(record + A_BALANCE) + 66;
  store<u8>(p, 0xb8);
  store<u8>(p, <u8>(payload + 2), 1);
  store<u8>(p, 0xf8, 2);
  store<u8>(p, <u8>payload, 3);
  let q = p + 4;
  q += writeScalar(q, NONCE_WORD);
  q += writeScalar(q, record + A_BALANCE);
  storageRootOf(record, STORAGE_ROOT);
  store<u8>(q, 0xa0);
  copy32(q + 1, STORAGE_ROOT);
  store<u8>(q, 0xa0, 33);
  copy32(q + 34, record + A_CODE_HASH);
  return q + 66 - p;
}

/** RLP encoding of a node whose children are committed, to `out`; returns its length. */
export function encodeNode(node: usize, out: usize): usize {
  const kind = kindOf(node);
  if (kind == Kind.Branch) {
    let payload: usize = 1; // the value slot, always empty with 32-byte keys
    for (let i: u32 = 0; i < 16; i++) {
      const child = childAt(node, i);
      payload += child == 0 ? 1 : refItemSize(child);
    }
    let p = out + writeListHeader(out, payload);
    for (let i: u32 = 0; i < 16; i++) {
      const child = childAt(node, i);
      if (child == 0) store<u8>(p++, 0x80);
      else p += writeRef(p, child);
    }
    store<u8>(p++, 0x80);
    return p - out;
  }
  const start = startOf(node);
  if (kind == Kind.Extension) {
    const end = endOf(node);
    const child = <usize>load<u32>(node + N_CHILD);
    const payload = pathItemSize(start, end) + refItemSize(child);
    let p = out + writeListHeader(out, payload);
    p += writePath(p, node + N_KEY, start, end, false);
    p += writeRef(p, child);
    return p - out;
  }
  const valueSize = kind == Kind.StorageLeaf
    ? storageValueItemSize(node + N_VALUE)
    : accountValueItemSize(<usize>load<u32>(node + N_ACCOUNT));
  const payload = pathItemSize(start, 64) + valueSize;
  let p = out + writeListHeader(out, payload);
  p += writePath(p, node + N_KEY, start, 64, true);
  p += kind == Kind.StorageLeaf
    ? writeStorageValue(p, node + N_VALUE)
    : writeAccountValue(p, <usize>load<u32>(node + N_ACCOUNT));
  return p - out;
}

let hashedNodes: u64 = 0;

/** Brings the cached reference of `node` and of every dirty node below it up to date. */
export function commit(node: usize): void {
  if (!isDirty(node)) return;
  const kind = kindOf(node);
  if (kind == Kind.Branch) {
    for (let i: u32 = 0; i < 16; i++) {
      const child = childAt(node, i);
      if (child != 0) commit(child);
    }
  } else if (kind == Kind.Extension) {
    commit(<usize>load<u32>(node + N_CHILD));
  } else if (kind == Kind.AccountLeaf) {
    const storage = <usize>load<u32>(<usize>load<u32>(node + N_ACCOUNT) + A_STORAGE);
    if (storage != 0) commit(storage);
  }
  const len = encodeNode(node, SCRATCH);
  if (len < 32) {
    memory.copy(node + N_REF, SCRATCH, len);
    store<u8>(node + N_REF_LEN, <u8>len);
  } else {
    keccak256(SCRATCH, len, node + N_REF);
    store<u8>(node + N_REF_LEN, 32);
    hashedNodes++;
  }
  store<u8>(node + N_FLAGS, load<u8>(node + N_FLAGS) & ~DIRTY);
}

/** The root hash of the trie whose root node is `root` (0: empty), to `out`. */
export function rootHash(root: usize, out: usize): void {
  if (root == 0) {
    copy32(out, EMPTY_TRIE_ROOT);
    return;
  }
  commit(root);
  if (load<u8>(root + N_REF_LEN) == 32) copy32(out, root + N_REF);
  else keccak256(root + N_REF, <usize>load<u8>(root + N_REF_LEN), out);
}

/** Nodes hashed since the module started (bench: hashing work per root). */
export function hashedNodeCount(): u64 {
  return hashedNodes;
}
