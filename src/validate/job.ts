// Witness jobs: one block and everything needed to re-execute it without the rest of the state,
// as a plain value (WitnessJob) and as one ArrayBuffer (encodeJob/decodeJob) that moves to a
// worker thread without a copy and can be sent to another machine as is. docs/validation.md is the
// normative description of the bytes; this file and assembly/trie/witness.ts implement it.
//
// Layout (integers little-endian, hashes, addresses and 256-bit words as big-endian bytes):
//   header, 176 bytes:
//     0   "OVMJ"            4   u16 format (1)        6   u16 0
//     8   u64 chainId       16  u64 number            24  u64 timestamp      32  u64 parent timestamp
//     40  [32] block hash   72  [32] parent hash      104 [32] state root (claimed, after the block)
//     136 [20] executionManager                        156 u32 transaction count
//     160 u32 block section length   164 u32 witness section length   168 u32 codes section length
//     172 u32 0
//   block section:   per transaction u32 length | raw signed bytes; then count x [32] post-state root;
//                    then per transaction u32 length | RLP(receipt) (src/chain/block.ts)
//   witness section: exactly the request of assembly/trie/witness.ts:
//                    [32] pre-state root | u32 nodes length | u32 node count | (u32 length | RLP node)* |
//                    u32 account count | 125-byte accounts | u32 slot count | 84-byte slots
//     account: address 20 | exists u8 | nonce u64 | balance 32 | code hash 32 | storage root 32
//     slot:    address 20 | slot 32 | value 32          (value: the pre-state value, zero when unset)
//   codes section:   u32 count | (u32 length | code bytes)*   (the distinct codes of the accounts)
import { RLP } from "@ethereumjs/rlp";
import { OvmError } from "../errors.js";
import { bytesToHex, hexToBytes, type Hex } from "../hex.js";
import { encodeReceipt, type Block, type BlockReceipt } from "../chain/block.js";
import type { Log } from "../evm/types.js";

export const JOB_FORMAT = 1;
const MAGIC = 0x4a4d564f; // "OVMJ" read as a little-endian u32
export const JOB_HEADER_SIZE = 176;
export const ACCOUNT_ENTRY_SIZE = 125;
export const SLOT_ENTRY_SIZE = 84;
const U64_MAX = (1n << 64n) - 1n;

export interface WitnessAccount {
  address: Hex;
  /** false: the proofs show the account absent from the pre-state (the other fields are zero). */
  exists: boolean;
  nonce: bigint;
  balance: bigint;
  codeHash: Hex;
  storageRoot: Hex;
}

export interface WitnessSlot {
  address: Hex;
  slot: Hex;
  /** 32 bytes, zero when the slot is unset. */
  value: Hex;
}

/** The state part of a job: what the block reads of its pre-state, and the proofs of it. */
export interface Witness {
  preStateRoot: Hex;
  accounts: WitnessAccount[];
  slots: WitnessSlot[];
  /** The distinct codes of the accounts (each matched to its accounts by keccak256). */
  codes: Uint8Array[];
  /** Trie nodes (RLP) of every entry's proof against preStateRoot, deduplicated, any order. */
  nodes: Uint8Array[];
}

export interface WitnessJob {
  chainId: bigint;
  executionManager: Hex;
  /** The block as committed: its claimed post-state roots, receipts and hash included. */
  block: Block;
  /** The parent block's timestamp (block timestamps never decrease). */
  parentTimestamp: bigint;
  witness: Witness;
}

class Writer {
  private buffer: ArrayBuffer;
  bytes: Uint8Array;
  view: DataView;
  length = 0;

  constructor(capacity = 4096) {
    this.buffer = new ArrayBuffer(capacity);
    this.bytes = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
  }

  reserve(n: number): number {
    if (this.length + n > this.buffer.byteLength) {
      const next = new ArrayBuffer(Math.max(this.length + n, this.buffer.byteLength * 2));
      new Uint8Array(next).set(this.bytes.subarray(0, this.length));
      this.buffer = next;
      this.bytes = new Uint8Array(next);
      this.view = new DataView(next);
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  u8(v: number): void {
    const at = this.reserve(1);
    this.view.setUint8(at, v);
  }

  u32(v: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, v, true);
  }

  u64(v: bigint, field: string): void {
    if (v < 0n || v > U64_MAX) throw new OvmError("INVALID_NUMBER", `${field} ${v} does not fit in 64 bits`, { field, value: v });
    const at = this.reserve(8);
    this.view.setBigUint64(at, v, true);
  }

  raw(data: Uint8Array): void {
    const at = this.reserve(data.length);
    this.bytes.set(data, at);
  }

  /** Exactly `size` bytes of hex (left-padded with zeros). */
  fixed(hex: string, size: number): void {
    const data = hexToBytes(hex);
    if (data.length > size) throw new OvmError("INVALID_ARGUMENT", `expected at most ${size} bytes, got ${data.length}`);
    const at = this.reserve(size);
    this.bytes.fill(0, at, at + size - data.length);
    this.bytes.set(data, at + size - data.length);
  }

  word(v: bigint): void {
    const at = this.reserve(32);
    let x = v;
    for (let i = 31; i >= 0; i--) {
      this.bytes[at + i] = Number(x & 0xffn);
      x >>= 8n;
    }
  }

  sized(data: Uint8Array): void {
    this.u32(data.length);
    this.raw(data);
  }

  /** The bytes written, in an ArrayBuffer of exactly that length. */
  finish(): ArrayBuffer {
    return this.buffer.byteLength === this.length ? this.buffer : this.buffer.slice(0, this.length);
  }
}

class Reader {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  at: number;

  constructor(bytes: Uint8Array, at = 0, readonly end = bytes.length) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = at;
  }

  private need(n: number): number {
    if (n < 0 || this.at + n > this.end) throw new OvmError("MALFORMED_JOB", `the job ends early: ${n} bytes needed at offset ${this.at} of ${this.end}`, { offset: this.at });
    const at = this.at;
    this.at += n;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.need(1));
  }

  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  u64(): bigint {
    return this.view.getBigUint64(this.need(8), true);
  }

  slice(n: number): Uint8Array {
    const at = this.need(n);
    return this.bytes.subarray(at, at + n);
  }

  hex(n: number): Hex {
    return bytesToHex(this.slice(n));
  }

  word(): bigint {
    const data = this.slice(32);
    let v = 0n;
    for (const b of data) v = (v << 8n) | BigInt(b);
    return v;
  }

  sized(): Uint8Array {
    return this.slice(this.u32());
  }
}

/** The witness section: the trie request of assembly/trie/witness.ts (layout at the top). */
export function encodeWitnessSection(witness: Witness): Uint8Array {
  const w = new Writer(64 + witness.nodes.reduce((n, node) => n + 4 + node.length, 0) + 4 + ACCOUNT_ENTRY_SIZE * witness.accounts.length + 4 + SLOT_ENTRY_SIZE * witness.slots.length + 8);
  w.fixed(witness.preStateRoot, 32);
  const nodesLengthAt = w.reserve(4);
  const nodesStart = w.length;
  w.u32(witness.nodes.length);
  for (const node of witness.nodes) w.sized(node);
  w.view.setUint32(nodesLengthAt, w.length - nodesStart, true);
  w.u32(witness.accounts.length);
  for (const a of witness.accounts) {
    w.fixed(a.address, 20);
    w.u8(a.exists ? 1 : 0);
    w.u64(a.nonce, "nonce");
    w.word(a.balance);
    w.fixed(a.codeHash, 32);
    w.fixed(a.storageRoot, 32);
  }
  w.u32(witness.slots.length);
  for (const s of witness.slots) {
    w.fixed(s.address, 20);
    w.fixed(s.slot, 32);
    w.fixed(s.value, 32);
  }
  return new Uint8Array(w.finish());
}

/** Reads a witness section (without its codes, which travel apart). */
export function decodeWitnessSection(bytes: Uint8Array): Omit<Witness, "codes"> {
  const r = new Reader(bytes);
  const preStateRoot = r.hex(32);
  const nodesLength = r.u32();
  const nodesEnd = r.at + nodesLength;
  const nodeCount = r.u32();
  const nodes: Uint8Array[] = [];
  for (let i = 0; i < nodeCount; i++) nodes.push(r.sized());
  if (r.at !== nodesEnd) throw new OvmError("MALFORMED_JOB", "the witness's nodes do not fill their section");
  const accounts: WitnessAccount[] = [];
  const accountCount = r.u32();
  for (let i = 0; i < accountCount; i++) {
    accounts.push({ address: r.hex(20), exists: r.u8() !== 0, nonce: r.u64(), balance: r.word(), codeHash: r.hex(32), storageRoot: r.hex(32) });
  }
  const slots: WitnessSlot[] = [];
  const slotCount = r.u32();
  for (let i = 0; i < slotCount; i++) slots.push({ address: r.hex(20), slot: r.hex(32), value: r.hex(32) });
  if (r.at !== bytes.length) throw new OvmError("MALFORMED_JOB", "trailing bytes after the witness's slots");
  return { preStateRoot, accounts, slots, nodes };
}

function encodeBlockSection(block: Block): Uint8Array {
  const w = new Writer();
  for (const raw of block.transactions) w.sized(hexToBytes(raw));
  for (const root of block.postStateRoots) w.fixed(root, 32);
  for (const receipt of block.receipts) w.sized(RLP.encode(encodeReceipt(receipt) as never));
  return new Uint8Array(w.finish());
}

export function encodeCodesSection(codes: Uint8Array[]): Uint8Array {
  const w = new Writer(4 + codes.reduce((n, c) => n + 4 + c.length, 0));
  w.u32(codes.length);
  for (const code of codes) w.sized(code);
  return new Uint8Array(w.finish());
}

/**
 * A job as one ArrayBuffer (layout at the top). `witnessSection` may be given already encoded (as
 * the chain store keeps it) instead of being encoded from `job.witness`.
 */
export function encodeJob(job: Omit<WitnessJob, "witness"> & { witness: Witness | { section: Uint8Array; codes: Uint8Array[] } }): ArrayBuffer {
  const block = job.block;
  const blockSection = encodeBlockSection(block);
  const witnessSection = "section" in job.witness ? job.witness.section : encodeWitnessSection(job.witness);
  const codesSection = encodeCodesSection(job.witness.codes);
  const w = new Writer(JOB_HEADER_SIZE + blockSection.length + witnessSection.length + codesSection.length);
  w.u32(MAGIC);
  const formatAt = w.reserve(4);
  w.view.setUint16(formatAt, JOB_FORMAT, true);
  w.view.setUint16(formatAt + 2, 0, true);
  w.u64(job.chainId, "chainId");
  w.u64(BigInt(block.number), "number");
  w.u64(block.timestamp, "timestamp");
  w.u64(job.parentTimestamp, "parent timestamp");
  w.fixed(block.hash, 32);
  w.fixed(block.parentHash, 32);
  w.fixed(block.stateRoot, 32);
  w.fixed(job.executionManager, 20);
  w.u32(block.transactions.length);
  w.u32(blockSection.length);
  w.u32(witnessSection.length);
  w.u32(codesSection.length);
  w.u32(0);
  w.raw(blockSection);
  w.raw(witnessSection);
  w.raw(codesSection);
  return w.finish();
}

function decodeReceipt(bytes: Uint8Array): BlockReceipt {
  const item = RLP.decode(bytes) as unknown as (Uint8Array | Uint8Array[] | (Uint8Array | Uint8Array[])[][])[];
  if (!Array.isArray(item) || item.length !== 5) throw new OvmError("MALFORMED_JOB", "a receipt is not a 5-item RLP list");
  const [status, gasUsed, created, returnData, logs] = item as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, [Uint8Array, Uint8Array[], Uint8Array][]];
  let gas = 0n;
  for (const b of gasUsed) gas = (gas << 8n) | BigInt(b);
  return {
    success: status.length === 1 && status[0] === 1,
    gasUsed: gas,
    createdAddress: created.length === 0 ? null : bytesToHex(created),
    returnData: bytesToHex(returnData),
    logs: logs.map(([address, topics, data]): Log => ({ address: bytesToHex(address), topics: topics.map((t) => bytesToHex(t)), data: bytesToHex(data) })),
  };
}

/** The parts of an encoded job, found without decoding the witness (what a worker needs first). */
export interface JobSections {
  header: Omit<WitnessJob, "block" | "witness" | "parentTimestamp"> & { parentTimestamp: bigint; number: number; timestamp: bigint; hash: Hex; parentHash: Hex; stateRoot: Hex; transactionCount: number };
  block: Uint8Array;
  witness: Uint8Array;
  codes: Uint8Array;
}

export function jobSections(buffer: ArrayBuffer | Uint8Array): JobSections {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < JOB_HEADER_SIZE) throw new OvmError("MALFORMED_JOB", `a job is at least ${JOB_HEADER_SIZE} bytes, got ${bytes.length}`);
  const r = new Reader(bytes);
  if (r.u32() !== MAGIC) throw new OvmError("MALFORMED_JOB", "not a witness job (no OVMJ magic)");
  const format = r.view.getUint16(4, true);
  if (format !== JOB_FORMAT) throw new OvmError("MALFORMED_JOB", `job format ${format}; this validator reads format ${JOB_FORMAT}`, { format });
  r.at = 8;
  const chainId = r.u64();
  const number = r.u64();
  if (number > BigInt(Number.MAX_SAFE_INTEGER)) throw new OvmError("MALFORMED_JOB", `block number ${number} is out of range`);
  const timestamp = r.u64();
  const parentTimestamp = r.u64();
  const hash = r.hex(32);
  const parentHash = r.hex(32);
  const stateRoot = r.hex(32);
  const executionManager = r.hex(20);
  const transactionCount = r.u32();
  const blockLength = r.u32();
  const witnessLength = r.u32();
  const codesLength = r.u32();
  r.at = JOB_HEADER_SIZE;
  const block = r.slice(blockLength);
  const witness = r.slice(witnessLength);
  const codes = r.slice(codesLength);
  if (r.at !== bytes.length) throw new OvmError("MALFORMED_JOB", `the job has ${bytes.length - r.at} bytes after its sections`);
  return {
    header: { chainId, executionManager, number: Number(number), timestamp, parentTimestamp, hash, parentHash, stateRoot, transactionCount },
    block, witness, codes,
  };
}

export function decodeBlockSection(header: JobSections["header"], bytes: Uint8Array): Block {
  const r = new Reader(bytes);
  const n = header.transactionCount;
  const transactions: Hex[] = [];
  for (let i = 0; i < n; i++) transactions.push(bytesToHex(r.sized()));
  const postStateRoots: Hex[] = [];
  for (let i = 0; i < n; i++) postStateRoots.push(r.hex(32));
  const receipts: BlockReceipt[] = [];
  for (let i = 0; i < n; i++) receipts.push(decodeReceipt(r.sized()));
  if (r.at !== bytes.length) throw new OvmError("MALFORMED_JOB", "trailing bytes after the block's receipts");
  return {
    hash: header.hash, chainId: header.chainId, number: header.number, timestamp: header.timestamp, parentHash: header.parentHash,
    stateRoot: header.stateRoot, transactions, postStateRoots, receipts,
  };
}

export function decodeCodesSection(bytes: Uint8Array): Uint8Array[] {
  const r = new Reader(bytes);
  const codes: Uint8Array[] = [];
  const count = r.u32();
  for (let i = 0; i < count; i++) codes.push(r.sized());
  if (r.at !== bytes.length) throw new OvmError("MALFORMED_JOB", "trailing bytes after the codes");
  return codes;
}

/** The plain value of an encoded job (decodeJob(encodeJob(job)) is `job`, witness nodes and codes as bytes). */
export function decodeJob(buffer: ArrayBuffer | Uint8Array): WitnessJob {
  const sections = jobSections(buffer);
  const { header } = sections;
  return {
    chainId: header.chainId,
    executionManager: header.executionManager,
    parentTimestamp: header.parentTimestamp,
    block: decodeBlockSection(header, sections.block),
    witness: { ...decodeWitnessSection(sections.witness), codes: decodeCodesSection(sections.codes) },
  };
}
