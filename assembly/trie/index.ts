// The state-trie WASM module (build/trie.wasm), separate from the EVM module: one instance holds
// one world state's account trie and its accounts' storage tries. JS writes a batch of changes
// into the buffer of `batchBuffer` and calls `applyBatch` once per batch (formats in batch.ts and
// proof.ts; the JS side is src/state/trie/).
import { applyRecords, accountRoot } from "./batch";
import { rootHash, hashedNodeCount } from "./hash";
import { cellCount, cellBytes } from "./arena";
import { proveRequest } from "./proof";
import { loadWitnessRequest, witnessErrorIndex, storageEmptyOf, resetTrie } from "./witness";
import {
  incomplete, incompleteDepth, incompleteInStorage, INCOMPLETE_ACCOUNT, INCOMPLETE_PREFIX, setRecordSiblings, siblings, siblingCount, clearSiblings,
} from "./trie";

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

/**
 * Replaces the trie with the partial trie of the witness request in the batch buffer (format in
 * witness.ts) and checks it against its root and entries; 0 or an error code.
 */
export function loadWitness(length: usize): u32 {
  return loadWitnessRequest(batch, length);
}

/** The entry an entry error of loadWitness names (accounts first, then slots). */
export function witnessError(): u32 {
  return witnessErrorIndex();
}

/** 1: the account whose 20-byte address is first in the batch buffer has no storage; 0: it has; 2: unknown. */
export function storageEmpty(): u32 {
  return storageEmptyOf(batch);
}

/** Empties the trie, keeping its memory for the next one. */
export function reset(): void {
  resetTrie();
}

const INCOMPLETE_OUT: usize = memory.data(80, 16);

/**
 * Where the last operation stopped at a Hash cell (after applyBatch answered INCOMPLETE): u32 flag |
 * u32 depth | u32 in a storage trie | account key 32 | a key whose first `depth` nibbles are the cell's position.
 */
export function incompleteInfo(): usize {
  store<u32>(INCOMPLETE_OUT, incomplete ? 1 : 0);
  store<u32>(INCOMPLETE_OUT, incompleteDepth, 4);
  store<u32>(INCOMPLETE_OUT, incompleteInStorage ? 1 : 0, 8);
  memory.copy(INCOMPLETE_OUT + 12, INCOMPLETE_ACCOUNT, 32);
  memory.copy(INCOMPLETE_OUT + 44, INCOMPLETE_PREFIX, 32);
  return INCOMPLETE_OUT;
}

/** Turns on (or off) the recording of merged siblings (trie.ts); clears the records. */
export function recordSiblings(on: bool): void {
  setRecordSiblings(on);
}

/** The sibling records so far (65 bytes each: u8 in storage | account key 32 | key 32); count at siblingRecordCount. */
export function siblingRecords(): usize {
  return siblings;
}

export function siblingRecordCount(): u32 {
  return siblingCount;
}

export function clearSiblingRecords(): void {
  clearSiblings();
}
