// Witness production on the sequencer's side (docs/validation.md): while a block runs, record what
// the WASM engine loads from the world state on a cache miss (the engine's cache is dropped at each
// block start, so every account and slot the block touches is loaded once, before anything writes
// it: the values seen are the pre-state's), then prove those keys against the pre-state root with
// a second trie that stays one block behind the engine's.
//
// Deletions need one more thing: when removing a key leaves a branch with one child that is an
// extension or a leaf, that child merges with the nibble above it, and re-hashing it needs its
// content, not only its hash. The engine's trie records a key under every such node
// (StateTrie.recordSiblings); its proof goes into the witness too.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { OvmError } from "../errors.js";
import { bytesToHex, type Hex } from "../hex.js";
import type { Block } from "../chain/block.js";
import { WasmEvmEngine } from "../engine/wasm-engine.js";
import type { OvmEngine } from "../ovm/ovm-engine.js";
import type { StateTrie } from "../state/trie/state-trie.js";
import { EMPTY_CODE_HASH } from "../state/world-state.js";
import type { ChangeSet } from "../wasm/abi.js";
import { decodeWitnessSection, encodeWitnessSection, type Witness, type WitnessAccount, type WitnessSlot } from "./job.js";

const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

interface LoadedAccount {
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  code: Uint8Array;
}

/**
 * Records a witness per block on an OVM engine of the wasm backend. Call `begin` when a block
 * starts (the constructor does it once), then `finish` (or `skip`) when its transactions have run.
 */
export class WitnessRecorder {
  private readonly l1: WasmEvmEngine;
  /** The state trie at the current block's pre-state. */
  private readonly shadow: StateTrie;
  private readonly accounts = new Map<Hex, LoadedAccount | undefined>();
  private readonly slots = new Map<Hex, Map<Hex, Uint8Array>>();
  private changes: ChangeSet[] = [];

  constructor(private readonly engine: OvmEngine) {
    if (!(engine.l1 instanceof WasmEvmEngine)) {
      throw new OvmError("UNSUPPORTED", `witnesses are recorded on the wasm backend, not on ${engine.backend}`);
    }
    this.l1 = engine.l1;
    this.shadow = this.l1.snapshotTrie();
    this.l1.observe({
      loads: {
        account: (address, account) => {
          if (this.accounts.has(address)) return;
          this.accounts.set(address, account && { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash, code: account.code });
        },
        storage: (address, slot, value) => {
          let slots = this.slots.get(address);
          if (slots === undefined) this.slots.set(address, (slots = new Map()));
          if (!slots.has(slot)) slots.set(slot, value.slice());
        },
      },
      committed: (changes) => this.changes.push(changes),
    });
    this.l1.stateTrie.recordSiblings(true);
    this.begin();
  }

  /** A block starts: forget the last one's loads and empty every cache that would hide a read. */
  begin(): void {
    this.accounts.clear();
    this.slots.clear();
    this.changes = [];
    this.l1.invalidateCache();
    this.engine.forgetAddressCache();
    this.l1.stateTrie.takeSiblings();
  }

  /**
   * The witness of the block whose transactions ran since `begin`, then `begin` for the next one.
   * `block` (when given) is checked: its state root must be the one the recorded changes lead to.
   */
  finish(block?: Block): Witness {
    const witness = this.prove();
    this.advance(block);
    return witness;
  }

  /** Moves on past a block without proving anything (a replayed block that has its witness). */
  skip(block?: Block): void {
    this.advance(block);
  }

  /** Stops recording (the engine runs as before). */
  detach(): void {
    this.l1.observe(undefined);
    this.l1.stateTrie.recordSiblings(false);
  }

  private prove(): Witness {
    const preStateRoot = this.shadow.root();
    const nodes = new Map<string, Uint8Array>();
    const add = (list: Uint8Array[]) => {
      // Inlined nodes (under 32 bytes) are inside their parents already.
      for (const node of list) if (node.length >= 32) nodes.set(Buffer.from(node.buffer, node.byteOffset, node.length).toString("latin1"), node);
    };
    const accounts: WitnessAccount[] = [];
    const slots: WitnessSlot[] = [];
    const codes = new Map<Hex, Uint8Array>();
    const addresses = new Set<Hex>([...this.accounts.keys(), ...this.slots.keys()]);
    for (const address of addresses) {
      const loaded = this.slots.get(address);
      const slotKeys = loaded ? [...loaded.keys()] : [];
      const proof = this.shadow.getProof(address, slotKeys);
      add(proof.accountProof);
      for (const p of proof.storageProof) add(p.proof);
      const account = this.accounts.get(address);
      if (account) {
        const codeHash = bytesToHex(account.codeHash);
        accounts.push({ address, exists: true, nonce: account.nonce, balance: account.balance, codeHash, storageRoot: proof.storageHash });
        if (account.code.length > 0) codes.set(codeHash, account.code);
      } else if (this.accounts.has(address)) {
        accounts.push({ address, exists: false, nonce: 0n, balance: 0n, codeHash: ZERO_HASH, storageRoot: ZERO_HASH });
      }
      if (loaded) for (const [slot, value] of loaded) slots.push({ address, slot, value: bytesToHex(value) });
    }
    for (const sibling of this.l1.stateTrie.takeSiblings()) {
      const proof = this.shadow.byKey.getProof(sibling.accountKey, sibling.slotKey ? [sibling.slotKey] : []);
      add(proof.accountProof);
      for (const p of proof.storageProof) add(p.proof);
    }
    return { preStateRoot, accounts, slots, codes: [...codes.values()], nodes: [...nodes.values()] };
  }

  private advance(block?: Block): void {
    for (const changes of this.changes) this.shadow.applyChanges(changes);
    const root = this.shadow.root();
    if (block && root !== block.stateRoot) {
      throw new OvmError("ENGINE_FAULT", `witness recording: block ${block.number}'s changes lead the recorder's trie to ${root}, the block says ${block.stateRoot}`, { block: block.number });
    }
    this.begin();
  }
}

/**
 * A witness as the chain store keeps it: its section bytes (job.ts) followed by the keccak256 of
 * each of its codes (u32 count, 32 bytes each); the codes themselves are stored once by hash.
 */
export function encodeStoredWitness(witness: Witness): { bytes: Uint8Array; codes: [Hex, Uint8Array][] } {
  const section = encodeWitnessSection(witness);
  const codes = witness.codes.map((code): [Hex, Uint8Array] => [bytesToHex(keccak_256(code)), code]);
  const bytes = new Uint8Array(4 + section.length + 4 + 32 * codes.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, section.length, true);
  bytes.set(section, 4);
  view.setUint32(4 + section.length, codes.length, true);
  codes.forEach(([hash], i) => bytes.set(Buffer.from(hash.slice(2), "hex"), 8 + section.length + 32 * i));
  return { bytes, codes };
}

/** The section bytes and code hashes of a stored witness. */
export function decodeStoredWitness(bytes: Uint8Array): { section: Uint8Array; codeHashes: Hex[] } {
  const fail = (): never => {
    throw new OvmError("STORE_CORRUPT", "a stored witness is truncated");
  };
  if (bytes.length < 8) fail();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  if (8 + length > bytes.length) fail();
  const section = bytes.subarray(4, 4 + length);
  const count = view.getUint32(4 + length, true);
  if (8 + length + 32 * count !== bytes.length) fail();
  const codeHashes: Hex[] = [];
  for (let i = 0; i < count; i++) codeHashes.push(bytesToHex(bytes.subarray(8 + length + 32 * i, 8 + length + 32 * (i + 1))));
  return { section, codeHashes };
}

/** The full witness of a stored one, given its codes by hash. */
export function witnessOfStored(bytes: Uint8Array, code: (hash: Hex) => Uint8Array): Witness {
  const { section, codeHashes } = decodeStoredWitness(bytes);
  return { ...decodeWitnessSection(section), codes: codeHashes.map(code) };
}

export const EMPTY_CODE_HASH_HEX: Hex = bytesToHex(EMPTY_CODE_HASH);
