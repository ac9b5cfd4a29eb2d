// Merkle proofs in @ethereumjs/mpt's createMerkleProof format (EIP-1186's accountProof and
// storageProof): the RLP encodings of the nodes on the key's path, root first, embedded (inlined)
// nodes included, down to the leaf or to where the path ends (a proof of absence).
//
// Request (in the batch buffer): u32 flags (PRE_HASHED: keys as given) | address 20 (or account
// key 32) | u32 slot count | slots 32 bytes each.
// Answer: u32 total length | storage root 32 | u32 account proof node count, then each node as
// u32 length + bytes | per slot, the same: u32 node count, nodes.
import { keccak256 } from "../keccak";
import { Kind, N_KEY, N_CHILD, N_ACCOUNT, A_STORAGE, kindOf, startOf, endOf, childAt, nibble, commonPrefix } from "./arena";
import { encodeNode, rootHash, storageRootOf, EMPTY_TRIE_ROOT, MAX_NODE_ENCODING } from "./hash";
import { findLeaf } from "./trie";
import { accountRoot, readAccountKey, PRE_HASHED } from "./batch";

const ACCOUNT_KEY: usize = memory.data(32, 16);
const SLOT_KEY: usize = memory.data(32, 16);
const ROOT_SINK: usize = memory.data(32, 16);

let out: usize = 0;
let outCap: usize = 0;
let outLen: usize = 0;

function reserve(bytes: usize): void {
  if (outLen + bytes <= outCap) return;
  const cap = max<usize>(outCap << 1, outLen + bytes + 4096);
  out = out == 0 ? heap.alloc(cap) : heap.realloc(out, cap);
  outCap = cap;
}

/** Appends the path of `key` in the trie `root`: a u32 node count then the nodes. */
function provePath(root: usize, key: usize): void {
  reserve(4);
  const countAt = outLen;
  outLen += 4;
  let count: u32 = 0;
  let node = root;
  let depth: u32 = 0;
  while (node != 0) {
    // A partial trie's Hash cell has no encoding here: the proof stops above it.
    if (kindOf(node) == Kind.Hash) break;
    reserve(4 + <usize>MAX_NODE_ENCODING);
    const len = encodeNode(node, out + outLen + 4);
    store<u32>(out + outLen, <u32>len);
    outLen += 4 + len;
    count++;
    const kind = kindOf(node);
    if (kind == Kind.Branch) {
      node = childAt(node, nibble(key, depth));
      depth++;
    } else if (kind == Kind.Extension) {
      const end = endOf(node);
      if (commonPrefix(key, node + N_KEY, startOf(node), end) != end) break;
      depth = end;
      node = <usize>load<u32>(node + N_CHILD);
    } else {
      break;
    }
  }
  store<u32>(out + countAt, count);
}

/** Answers the request of `length` bytes at `request`; returns the answer's address. */
export function proveRequest(request: usize, length: usize): usize {
  // Every reference on the paths must be current before nodes are encoded.
  rootHash(accountRoot, ROOT_SINK);
  const preHashed = (load<u32>(request) & PRE_HASHED) != 0;
  let p = request + 4;
  p += readAccountKey(p, preHashed, ACCOUNT_KEY);
  const slots = load<u32>(p);
  p += 4;
  outLen = 0;
  reserve(36);
  outLen = 36;
  provePath(accountRoot, ACCOUNT_KEY);
  const leaf = findLeaf(accountRoot, ACCOUNT_KEY);
  const record: usize = leaf == 0 ? 0 : <usize>load<u32>(leaf + N_ACCOUNT);
  const storage: usize = record == 0 ? 0 : <usize>load<u32>(record + A_STORAGE);
  if (record == 0) memory.copy(out + 4, EMPTY_TRIE_ROOT, 32);
  else storageRootOf(record, out + 4);
  for (let i: u32 = 0; i < slots && p + 32 <= request + length; i++) {
    if (preHashed) memory.copy(SLOT_KEY, p, 32);
    else keccak256(p, 32, SLOT_KEY);
    p += 32;
    provePath(storage, SLOT_KEY);
  }
  store<u32>(out, <u32>outLen);
  return out;
}
