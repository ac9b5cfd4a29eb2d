// The world state's Merkle-Patricia tries in WASM (assembly/trie/): the account trie and one
// storage trie per account, updated in place and re-hashed only along the paths changed since the
// previous root. Changes cross into WASM as one batch per root (batch.ts).
//
// A StateTrie either stands alone (fed with putAccount/putStorage/deleteAccount/applyChanges) or
// follows a WorldState (StateTrie.of / fromWorldState): the state then records which keys its
// transactions touch, and each root() first sends those keys' current values.
import type { Hex } from "../../hex.js";
import { bytesToHex } from "../../hex.js";
import type { ChangeSet } from "../../wasm/abi.js";
import { normalizeAddress, normalizeSlot, type WorldState } from "../world-state.js";
import { BatchWriter, PRE_HASHED, incompleteError, writeHex, type KeyInput } from "./batch.js";
import { OvmError } from "../../errors.js";
import { StateChangeLog } from "./change-log.js";
import { instantiateTrie, type TrieExports } from "./module.js";

export interface AccountFields {
  nonce: bigint;
  balance: bigint;
  /** 32 bytes. */
  codeHash: Uint8Array;
}

/** Proofs in @ethereumjs/mpt's createMerkleProof format: RLP-encoded nodes, root first. */
export interface StateProof {
  /** The account's path in the account trie (verifyMerkleProof with keccak256(address)). */
  accountProof: Uint8Array[];
  /** The account's storage root (the empty trie's root when the account is absent). */
  storageHash: Hex;
  /** Each slot's path in the account's storage trie, in the order asked. */
  storageProof: { key: Hex; proof: Uint8Array[] }[];
}

export interface TrieStats {
  /** Trie nodes plus account records. */
  cells: number;
  /** Bytes of the arena chunks holding them. */
  arenaBytes: number;
  /** Size of the instance's linear memory. */
  memoryBytes: number;
  /** Nodes hashed since the trie was created. */
  hashedNodes: number;
}

/** loadWitness's answer (assembly/trie/witness.ts names the codes). */
export interface WitnessLoad {
  /** 0: the partial trie hashes to the root and proves every entry. */
  status: number;
  /** For entry errors (4: a value differs, 5: not proven): the entry, accounts first, then slots. */
  entry: number;
}

export const WitnessStatus = { Ok: 0, MalformedNode: 1, RootMismatch: 2, MalformedRequest: 3, EntryMismatch: 4, EntryUnproven: 5 } as const;

/** A key under a node that a deletion merged with its parent (recorded on a full trie: see recordSiblings). */
export interface SiblingKey {
  /** keccak256(address) of the account (the account trie's key). */
  accountKey: Uint8Array;
  /** keccak256(slot) in the account's storage trie; absent for the account trie. */
  slotKey?: Uint8Array;
}

const followers = new WeakMap<WorldState, StateTrie>();

export class StateTrie {
  private exports: TrieExports;
  private batch: BatchWriter;
  private followed: { state: WorldState; log: StateChangeLog } | undefined;

  constructor() {
    this.exports = instantiateTrie();
    this.batch = new BatchWriter(this.exports);
  }

  /**
   * A new trie holding `state`, bulk-loaded in batches. It follows the state from then on (the
   * state's previous follower, if any, rebuilds on its next root) unless `follow` is false: then
   * it is a snapshot, fed through its own methods.
   */
  static fromWorldState(state: WorldState, options: { follow?: boolean } = {}): StateTrie {
    const trie = new StateTrie();
    if (options.follow === false) {
      trie.load(state);
      return trie;
    }
    trie.follow(state);
    followers.set(state, trie);
    return trie;
  }

  /** The trie following `state`, made (and loaded) on first use. */
  static of(state: WorldState): StateTrie {
    return followers.get(state) ?? StateTrie.fromWorldState(state);
  }

  private follow(state: WorldState): void {
    const log = new StateChangeLog();
    state.changeLog = log;
    this.followed = { state, log };
    this.load(state);
  }

  private load(state: WorldState): void {
    for (const address of state.addresses()) {
      const account = state.getAccount(address)!;
      this.batch.account(address, account.nonce, account.balance, account.codeHash);
      for (const [slot, value] of account.storage) this.batch.slot(address, slot, value);
    }
  }

  /** Sends the values of the keys the followed state changed since the last sync. */
  private sync(): void {
    const followed = this.followed;
    if (followed === undefined) return;
    const { state, log } = followed;
    if (state.changeLog !== log) {
      // Another trie took over the state's log: start again from the state as it is.
      this.exports = instantiateTrie();
      this.batch = new BatchWriter(this.exports);
      this.follow(state);
      return;
    }
    if (log.size === 0) return;
    for (const [address, touched] of log.take()) {
      const account = state.getAccount(address);
      if (account === undefined || touched.storageDropped) this.batch.deleteAccount(address);
      if (account === undefined) continue;
      this.batch.account(address, account.nonce, account.balance, account.codeHash);
      if (touched.storageDropped) {
        for (const [slot, value] of account.storage) this.batch.slot(address, slot, value);
      } else {
        for (const slot of touched.slots) this.batch.slot(address, slot, account.storage.get(slot));
      }
    }
  }

  /** Creates or updates an account; its storage is kept. */
  putAccount(address: Hex, fields: AccountFields): this {
    this.batch.account(address, fields.nonce, fields.balance, fields.codeHash);
    return this;
  }

  /** Removes an account and its storage (nothing when absent). */
  deleteAccount(address: Hex): this {
    this.batch.deleteAccount(address);
    return this;
  }

  /**
   * Writes a storage slot (`value`: 32 bytes; all zero deletes it). A non-zero write to an absent
   * account creates it empty, as WorldState.setStorage does.
   */
  putStorage(address: Hex, slot: Hex, value: Uint8Array): this {
    this.batch.slot(address, slot, value);
    return this;
  }

  /** A transaction's change set, with WorldState.applyChanges' meaning. */
  applyChanges(changes: ChangeSet): this {
    for (const c of changes.accounts) {
      if (c.deleted) this.batch.deleteAccount(c.address);
      else this.batch.account(c.address, c.nonce, c.balance, c.codeHash);
    }
    for (const s of changes.slots) this.batch.slot(s.address, s.slot, s.value);
    return this;
  }

  /**
   * The same operations with keys used as given (already hashed: 32 bytes each) rather than
   * keccak256(address) and keccak256(slot): tries of chosen keys, for tests and tools.
   */
  readonly byKey = {
    putAccount: (key: KeyInput, fields: AccountFields): this => {
      this.batch.account(key, fields.nonce, fields.balance, fields.codeHash, true);
      return this;
    },
    deleteAccount: (key: KeyInput): this => {
      this.batch.deleteAccount(key, true);
      return this;
    },
    putStorage: (accountKey: KeyInput, slotKey: KeyInput, value: Uint8Array): this => {
      this.batch.slot(accountKey, slotKey, value, true);
      return this;
    },
    getProof: (accountKey: KeyInput, slotKeys: KeyInput[]): StateProof => this.prove(accountKey, slotKeys, true),
  };

  /** The state root: pending changes applied and the changed paths re-hashed, in one WASM call. */
  root(): Hex {
    this.sync();
    return bytesToHex(this.batch.apply(true));
  }

  /** Account proof and storage proofs (EIP-1186 node lists) against the current root. */
  getProof(address: Hex, slots: Hex[] = []): StateProof {
    return this.prove(normalizeAddress(address), slots.map(normalizeSlot), false);
  }

  private prove(account: KeyInput, slots: KeyInput[], preHashed: boolean): StateProof {
    this.sync();
    const keySize = preHashed ? 32 : 20;
    const { at, mem, view } = this.batch.request(4 + keySize + 4 + 32 * slots.length);
    view.setUint32(at, preHashed ? PRE_HASHED : 0, true);
    const put = (p: number, key: KeyInput, size: number) => {
      if (typeof key === "string") writeHex(mem, p, key, size);
      else mem.set(key, p);
    };
    put(at + 4, account, keySize);
    view.setUint32(at + 4 + keySize, slots.length, true);
    slots.forEach((slot, i) => put(at + 8 + keySize + 32 * i, slot, 32));
    const answer = this.exports.prove(8 + keySize + 32 * slots.length);
    const out = new Uint8Array(this.exports.memory.buffer);
    const read = new DataView(this.exports.memory.buffer);
    let p = answer + 36;
    const path = (): Uint8Array[] => {
      const nodes: Uint8Array[] = [];
      const count = read.getUint32(p, true);
      p += 4;
      for (let i = 0; i < count; i++) {
        const length = read.getUint32(p, true);
        nodes.push(out.slice(p + 4, p + 4 + length));
        p += 4 + length;
      }
      return nodes;
    };
    const accountProof = path();
    const storageProof = slots.map((slot) => ({ key: (typeof slot === "string" ? slot : bytesToHex(slot)) as Hex, proof: path() }));
    return { accountProof, storageHash: bytesToHex(out.subarray(answer + 4, answer + 36)), storageProof };
  }

  // Partial tries (validation, src/validate/): a trie rebuilt from a block witness, where the
  // subtrees the witness does not open are known by their hash only.

  /**
   * Replaces the trie with the partial trie of a witness request (layout in
   * assembly/trie/witness.ts): the nodes must hash to the request's root and prove its entries.
   * The trie follows no state afterwards (see followPartial). Its WASM memory is reused.
   */
  loadWitness(request: Uint8Array): WitnessLoad {
    this.followed = undefined;
    this.batch.discard();
    const { at, mem } = this.batch.request(request.length);
    mem.set(request, at);
    const status = this.exports.loadWitness(request.length);
    return { status, entry: this.exports.witnessError() };
  }

  /**
   * Follows `state` from now on without loading it: `state` must hold what this (partial) trie
   * holds, as the validator's world state built from the same witness does.
   */
  followPartial(state: WorldState): void {
    const log = new StateChangeLog();
    state.changeLog = log;
    this.followed = { state, log };
    followers.set(state, this);
  }

  /**
   * Whether the account has no storage now (pending changes applied first); throws
   * WITNESS_INCOMPLETE when the partial trie cannot tell.
   */
  storageIsEmpty(address: Hex): boolean {
    this.sync();
    const { at, mem } = this.batch.request(20);
    writeHex(mem, at, normalizeAddress(address), 20);
    const answer = this.exports.storageEmpty();
    if (answer === 2) throw incompleteError(this.exports);
    return answer === 1;
  }

  /**
   * Records, from now on, a key under every node that a deletion merges with its parent (the node's
   * content, not only its hash, is then needed to re-hash): the sequencer proves those keys too, so
   * that a validator's partial trie can make the same merge. Clears the records.
   */
  recordSiblings(on: boolean): void {
    this.exports.recordSiblings(on ? 1 : 0);
  }

  /** The keys recorded since the last call (pending changes applied first); the records start over. */
  takeSiblings(): SiblingKey[] {
    if (this.followed !== undefined) this.sync();
    this.batch.apply(false);
    const count = this.exports.siblingRecordCount();
    const at = this.exports.siblingRecords();
    const mem = new Uint8Array(this.exports.memory.buffer);
    const keys: SiblingKey[] = [];
    for (let i = 0; i < count; i++) {
      const p = at + 65 * i;
      const accountKey = mem.slice(p + 1, p + 33);
      const key = mem.slice(p + 33, p + 65);
      keys.push(mem[p] === 1 ? { accountKey, slotKey: key } : { accountKey: key });
    }
    this.exports.clearSiblingRecords();
    return keys;
  }

  /** Empties the trie (an empty state), keeping its WASM memory for reuse. */
  reset(): void {
    this.followed = undefined;
    this.batch.discard();
    this.exports.reset();
  }

  stats(): TrieStats {
    return {
      cells: this.exports.liveCells(),
      arenaBytes: this.exports.arenaBytes(),
      memoryBytes: this.exports.memory.buffer.byteLength,
      hashedNodes: this.exports.hashedNodes(),
    };
  }
}
