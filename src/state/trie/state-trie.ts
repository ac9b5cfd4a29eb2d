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
import { BatchWriter, PRE_HASHED, writeHex, type KeyInput } from "./batch.js";
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

  stats(): TrieStats {
    return {
      cells: this.exports.liveCells(),
      arenaBytes: this.exports.arenaBytes(),
      memoryBytes: this.exports.memory.buffer.byteLength,
      hashedNodes: this.exports.hashedNodes(),
    };
  }
}
