// The change batches of the state-trie module, JS side: records written straight into the WASM
// batch buffer and applied in one call. assembly/trie/batch.ts describes the same bytes (and
// assembly/trie/proof.ts the proof request and answer): the files change together.
//
// Records, back to back, each starting with a little-endian u32 opcode; addresses, slots,
// balances, values and hashes are big-endian bytes, the nonce a little-endian u64:
//   1 Account        op | address 20 | nonce u64 | balance 32 | code hash 32   (storage kept)
//   2 DeleteAccount  op | address 20                                            (and its storage)
//   3 Slot           op | address 20 | slot 32 | value 32                       (zero deletes)
// Op | PRE_HASHED: the address field is the 32-byte account key and the slot its storage key,
// used as given instead of keccak256(address) and keccak256(slot).
import type { TrieExports } from "./module.js";
import { OvmError } from "../../errors.js";

export const Op = { Account: 1, DeleteAccount: 2, Slot: 3 } as const;
export const PRE_HASHED = 0x10;
/** applyBatch's answer when a partial trie needed a node it knows only by hash (assembly/trie/batch.ts). */
export const INCOMPLETE = 0xffffffff;

/** Where a partial trie lacked a node: the trie, the depth and the path (a key starting with it). */
export interface MissingNode {
  trie: "account" | "storage";
  /** keccak256 of the account's address, for a storage trie. */
  accountKey?: string;
  depth: number;
  pathKey: string;
}

export function incompleteError(exports: TrieExports): OvmError {
  const at = exports.incompleteInfo();
  const view = new DataView(exports.memory.buffer);
  const mem = new Uint8Array(exports.memory.buffer);
  const hex = (from: number) => `0x${Buffer.from(mem.subarray(from, from + 32)).toString("hex")}`;
  const storage = view.getUint32(at + 8, true) !== 0;
  const missing: MissingNode = { trie: storage ? "storage" : "account", depth: view.getUint32(at + 4, true), pathKey: hex(at + 44) };
  if (storage) missing.accountKey = hex(at + 12);
  return new OvmError("WITNESS_INCOMPLETE", `the partial state trie needs a ${missing.trie} trie node at depth ${missing.depth} that the witness does not hold`, { missing });
}

/** Past this many pending bytes the batch is applied (without a root) to keep the buffer small. */
const FLUSH_BYTES = 1 << 20;

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[97 + i] = 10 + i;
  HEX_VALUE[65 + i] = 10 + i;
}

function badHex(hex: string, size: number): never {
  throw new OvmError("INVALID_HEX", `expected 0x-hex of at most ${size} bytes, got ${JSON.stringify(hex)}`, { value: hex });
}

function digit(code: number): number {
  return code < 128 ? HEX_VALUE[code] : -1;
}

/** Writes 0x-hex (at most `size` bytes, left-padded with zeros) as `size` bytes at `at`. */
export function writeHex(mem: Uint8Array, at: number, hex: string, size: number): void {
  const start = hex.startsWith("0x") || hex.startsWith("0X") ? 2 : 0;
  const digits = hex.length - start;
  if (digits > size * 2) badHex(hex, size);
  const pad = size * 2 - digits;
  for (let i = 0; i < size; i++) {
    const d = 2 * i - pad; // index of this byte's high digit among the given digits
    const hi = d < 0 ? 0 : digit(hex.charCodeAt(start + d));
    const lo = d + 1 < 0 ? 0 : digit(hex.charCodeAt(start + d + 1));
    if (hi < 0 || lo < 0) badHex(hex, size);
    mem[at + i] = (hi << 4) | lo;
  }
}

const U64 = (1n << 64n) - 1n;

/** Writes a non-negative integer below 2^256 as 32 big-endian bytes. */
export function writeWord(view: DataView, at: number, v: bigint): void {
  if (v < 0n || v >> 256n !== 0n) throw new OvmError("INVALID_NUMBER", `${v} does not fit in 256 bits`, { value: v });
  if (v <= 0xffffffffn) {
    view.setBigUint64(at, 0n);
    view.setBigUint64(at + 8, 0n);
    view.setBigUint64(at + 16, 0n);
    view.setUint32(at + 24, 0);
    view.setUint32(at + 28, Number(v));
    return;
  }
  view.setBigUint64(at, v >> 192n);
  view.setBigUint64(at + 8, (v >> 128n) & U64);
  view.setBigUint64(at + 16, (v >> 64n) & U64);
  view.setBigUint64(at + 24, v & U64);
}

export type KeyInput = string | Uint8Array;

/** Builds one batch in the module's batch buffer. */
export class BatchWriter {
  private base = 0;
  private capacity = 0;
  /** Pending bytes. */
  length = 0;
  private mem = new Uint8Array(0);
  private view = new DataView(new ArrayBuffer(0));

  constructor(private readonly exports: TrieExports) {}

  /** Views over linear memory, renewed when the memory grew (which detaches the old ones). */
  private refresh(): void {
    this.mem = new Uint8Array(this.exports.memory.buffer);
    this.view = new DataView(this.exports.memory.buffer);
  }

  /** Room for `bytes` more; returns the address to write them at. */
  private reserve(bytes: number): number {
    if (this.length + bytes > this.capacity) {
      if (this.length >= FLUSH_BYTES) this.apply(false);
      if (this.length + bytes > this.capacity) {
        const wanted = Math.max(this.length + bytes, this.capacity * 2, 4096);
        this.base = this.exports.batchBuffer(wanted);
        this.capacity = wanted;
      }
      this.refresh();
    } else if (this.mem.byteLength === 0) {
      this.refresh();
    }
    const at = this.base + this.length;
    this.length += bytes;
    return at;
  }

  private key(at: number, key: KeyInput, addressSize: number): void {
    if (typeof key === "string") writeHex(this.mem, at, key, addressSize);
    else if (key.length === addressSize) this.mem.set(key, at);
    else throw new OvmError("INVALID_ARGUMENT", `expected a ${addressSize}-byte key, got ${key.length} bytes`);
  }

  /** Writes one record of `bytes` bytes; a record that fails halfway (bad input) is dropped whole. */
  private record(bytes: number, write: (at: number) => void): void {
    const at = this.reserve(bytes);
    try {
      write(at);
    } catch (e) {
      this.length = at - this.base;
      throw e;
    }
  }

  account(address: KeyInput, nonce: bigint, balance: bigint, codeHash: Uint8Array, preHashed = false): void {
    const size = preHashed ? 32 : 20;
    if (nonce < 0n || nonce > U64) throw new OvmError("INVALID_NUMBER", `nonce ${nonce} does not fit in 64 bits`, { value: nonce });
    if (codeHash.length !== 32) throw new OvmError("INVALID_ARGUMENT", `a code hash has 32 bytes, got ${codeHash.length}`);
    this.record(4 + size + 72, (at) => {
      this.view.setUint32(at, Op.Account | (preHashed ? PRE_HASHED : 0), true);
      this.key(at + 4, address, size);
      this.view.setBigUint64(at + 4 + size, nonce, true);
      writeWord(this.view, at + 12 + size, balance);
      this.mem.set(codeHash, at + 44 + size);
    });
  }

  deleteAccount(address: KeyInput, preHashed = false): void {
    const size = preHashed ? 32 : 20;
    this.record(4 + size, (at) => {
      this.view.setUint32(at, Op.DeleteAccount | (preHashed ? PRE_HASHED : 0), true);
      this.key(at + 4, address, size);
    });
  }

  /** `value`: 32 bytes, or undefined for zero (a deletion). */
  slot(address: KeyInput, slot: KeyInput, value: Uint8Array | undefined, preHashed = false): void {
    const size = preHashed ? 32 : 20;
    if (value !== undefined && value.length !== 32) throw new OvmError("INVALID_ARGUMENT", `a storage value has 32 bytes, got ${value.length}`);
    this.record(4 + size + 64, (at) => {
      this.view.setUint32(at, Op.Slot | (preHashed ? PRE_HASHED : 0), true);
      this.key(at + 4, address, size);
      this.key(at + 4 + size, slot, 32);
      if (value === undefined) this.mem.fill(0, at + 36 + size, at + 68 + size);
      else this.mem.set(value, at + 36 + size);
    });
  }

  /** Applies the pending records in one call; with `withRoot`, returns the new state root. */
  apply(withRoot: true): Uint8Array;
  apply(withRoot: false): undefined;
  apply(withRoot: boolean): Uint8Array | undefined {
    const length = this.length;
    this.length = 0;
    if (length === 0 && !withRoot) return undefined;
    const status = this.exports.applyBatch(length, withRoot ? 1 : 0);
    if (status === INCOMPLETE || status === -1) throw incompleteError(this.exports);
    if (status !== 0) throw new OvmError("ENGINE_FAULT", `state-trie batch record at offset ${status - 1} is malformed`, { offset: status - 1 });
    if (!withRoot) return undefined;
    const at = this.exports.rootOutput();
    return new Uint8Array(this.exports.memory.buffer).slice(at, at + 32);
  }

  /** Drops the pending records (a partial trie that is being replaced). */
  discard(): void {
    this.length = 0;
  }

  /** Writes a request of `bytes` bytes at the start of the (empty) buffer; returns its address. */
  request(bytes: number): { at: number; mem: Uint8Array; view: DataView } {
    if (this.length !== 0) this.apply(false);
    const at = this.reserve(bytes);
    this.length = 0;
    return { at, mem: this.mem, view: this.view };
  }
}
