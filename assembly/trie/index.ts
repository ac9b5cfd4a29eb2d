// The state-trie WASM module (build/trie.wasm), separate from the EVM module: one instance holds
// one world state's account trie and its accounts' storage tries. JS writes a batch of changes
// into the buffer of `batchBuffer` and calls `applyBatch` once per batch (formats in batch.ts and
// proof.ts; the JS side is src/state/trie/).
import { applyRecords, accountRoot } from "./batch";
import { rootHash, hashedNodeCount } from "./hash";
import { cellCount, cellBytes } from "./arena";
import { proveRequest } from "./proof";

const ROOT_OUT: usize = memory.data(32, 16);

let batch: usize = 0;
let batchCap: usize = 0;

/** A buffer of at least `size` bytes for the next batch, keeping what is already written in it. */
export function batchBuffer(size: usize): usize {
  if (size > batchCap) {
    const cap = max<usize>(size, max<usize>(batchCap << 1, 4096));
    batch = batch == 0 ? heap.alloc(cap) : heap.realloc(batch, cap);
    batchCap = cap;
  }
  return batch;
}

/**
 * Applies the first `length` bytes of the batch buffer; with `withRoot`, then hashes the changed
 * paths and writes the state root at `rootOutput()`. Returns 0, or 1 + the offset of the first
 * malformed record (the records before it are applied).
 */
export function applyBatch(length: usize, withRoot: bool): usize {
  const status = applyRecords(batch, length);
  if (withRoot) rootHash(accountRoot, ROOT_OUT);
  return status;
}

/** Where applyBatch writes the state root (fixed for the instance's life). */
export function rootOutput(): usize {
  return ROOT_OUT;
}

/** Proofs for the request of `length` bytes in the batch buffer (format in proof.ts); the answer's address. */
export function prove(length: usize): usize {
  return proveRequest(batch, length);
}

/** Live cells (trie nodes and account records). */
export function liveCells(): u32 {
  return cellCount();
}

/** Bytes of the chunks holding the cells. */
export function arenaBytes(): f64 {
  return <f64>cellBytes();
}

/** Nodes hashed since the instance started (incremental hashing makes this grow with the changes only). */
export function hashedNodes(): f64 {
  return <f64>hashedNodeCount();
}
