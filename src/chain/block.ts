// Rollup blocks (ovm-spec.md, section 5): number, timestamp, parent hash, the ordered signed L2
// transactions as their raw bytes, and after each transaction its post-state root and receipt.
//
// The block hash is keccak256 of the RLP list
//   [chainId, number, timestamp, parentHash, stateRoot, transactionsHash, postStateRootsHash, receiptsHash]
// where integers are minimal big-endian byte strings (0 is the empty string), hashes and roots are
// 32 bytes, stateRoot is the state root after the block (the parent's for an empty block), and
//   transactionsHash   = keccak256(RLP([raw0, raw1, ...]))          the signed bytes, as submitted
//   postStateRootsHash = keccak256(RLP([root0, root1, ...]))
//   receiptsHash       = keccak256(RLP([receipt0, receipt1, ...]))
//   receipt            = [status (1 or empty), gasUsed, createdAddress (20 bytes or empty), returnData,
//                         [[logAddress, [topic, ...], logData], ...]]
// Committing to every post-state root and receipt lets a validator pin a wrong one to its index
// (invariant I4). Logs carry OVM addresses, as the engine reports them.
import { RLP } from "@ethereumjs/rlp";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { OvmError } from "../errors.js";
import { bytesToHex, hexToBytes, type Hex } from "../hex.js";
import type { Log } from "../evm/types.js";

export const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

/** What a transaction left, as a block records it. */
export interface BlockReceipt {
  success: boolean;
  /** The wrapped L1 transaction's gasUsed (the EM's execution of the L2 transaction, all in). */
  gasUsed: bigint;
  logs: Log[];
  /** Return data; revert data on failure; a deployment's original runtime code. */
  returnData: Hex;
  createdAddress: Hex | null;
}

/** A block before it has a hash. */
export interface BlockContent {
  chainId: bigint;
  number: number;
  timestamp: bigint;
  parentHash: Hex;
  /** The state root after the block: the last post-state root, or the parent's when empty. */
  stateRoot: Hex;
  /** Raw signed transactions, in execution order. */
  transactions: Hex[];
  postStateRoots: Hex[];
  receipts: BlockReceipt[];
}

export interface Block extends BlockContent {
  hash: Hex;
}

type Item = Uint8Array | Item[];

function quantity(value: bigint | number): Uint8Array {
  const v = BigInt(value);
  if (v === 0n) return new Uint8Array(0);
  const hex = v.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex"));
}

function bytes(value: Hex): Uint8Array {
  return hexToBytes(value);
}

function keccakOf(item: Item): Uint8Array {
  return keccak_256(RLP.encode(item as never));
}

export function encodeReceipt(receipt: BlockReceipt): Item {
  return [
    receipt.success ? Uint8Array.of(1) : new Uint8Array(0),
    quantity(receipt.gasUsed),
    receipt.createdAddress ? bytes(receipt.createdAddress) : new Uint8Array(0),
    bytes(receipt.returnData),
    receipt.logs.map((log) => [bytes(log.address), log.topics.map(bytes), bytes(log.data)]),
  ];
}

/** The RLP header whose keccak256 is the block hash (layout in the comment at the top). */
export function encodeHeader(block: BlockContent): Uint8Array {
  return RLP.encode([
    quantity(block.chainId),
    quantity(block.number),
    quantity(block.timestamp),
    bytes(block.parentHash),
    bytes(block.stateRoot),
    keccakOf(block.transactions.map(bytes)),
    keccakOf(block.postStateRoots.map(bytes)),
    keccakOf(block.receipts.map(encodeReceipt)),
  ]);
}

export function blockHash(block: BlockContent): Hex {
  return bytesToHex(keccak_256(encodeHeader(block)));
}

/** Gives a block its hash after checking that its lists line up. */
export function sealBlock(content: BlockContent): Block {
  const n = content.transactions.length;
  if (content.postStateRoots.length !== n || content.receipts.length !== n) {
    throw new OvmError("INVALID_ARGUMENT", `block ${content.number}: ${n} transactions, ${content.postStateRoots.length} roots, ${content.receipts.length} receipts`);
  }
  if (n > 0 && content.stateRoot !== content.postStateRoots[n - 1]) {
    throw new OvmError("INVALID_ARGUMENT", `block ${content.number}: the state root is not the last transaction's post-state root`);
  }
  return { ...content, hash: blockHash(content) };
}

/** Block 0: no transactions; its state root is the engine's genesis state (the EM deployed). */
export function genesisBlock(chainId: bigint, stateRoot: Hex): Block {
  return sealBlock({ chainId, number: 0, timestamp: 0n, parentHash: ZERO_HASH, stateRoot, transactions: [], postStateRoots: [], receipts: [] });
}

// JSON forms, as the store keeps them: bigints as decimal strings, everything else as is.

export interface ReceiptJson {
  success: boolean;
  gasUsed: string;
  logs: Log[];
  returnData: Hex;
  createdAddress: Hex | null;
}

export interface BlockHeaderJson {
  hash: Hex;
  chainId: string;
  number: number;
  timestamp: string;
  parentHash: Hex;
  stateRoot: Hex;
  transactions: Hex[];
  postStateRoots: Hex[];
}

export function receiptToJson(receipt: BlockReceipt): ReceiptJson {
  return { ...receipt, gasUsed: receipt.gasUsed.toString() };
}

export function receiptFromJson(json: ReceiptJson): BlockReceipt {
  return {
    success: json.success,
    gasUsed: BigInt(json.gasUsed),
    logs: json.logs.map((l) => ({ address: l.address, topics: [...l.topics], data: l.data })),
    returnData: json.returnData,
    createdAddress: json.createdAddress,
  };
}

/** The block without its receipts (the store keeps those under their own key). */
export function headerToJson(block: Block): BlockHeaderJson {
  return {
    hash: block.hash, chainId: block.chainId.toString(), number: block.number, timestamp: block.timestamp.toString(),
    parentHash: block.parentHash, stateRoot: block.stateRoot, transactions: block.transactions, postStateRoots: block.postStateRoots,
  };
}

/**
 * Rebuilds a block from its stored parts and checks that they hash to the stored hash (unless
 * `verify` is false: a validator that checks the hash itself, on a worker, skips it here).
 */
export function blockFromJson(header: BlockHeaderJson, receipts: ReceiptJson[], verify = true): Block {
  const block: Block = {
    hash: header.hash, chainId: BigInt(header.chainId), number: header.number, timestamp: BigInt(header.timestamp),
    parentHash: header.parentHash, stateRoot: header.stateRoot, transactions: header.transactions,
    postStateRoots: header.postStateRoots, receipts: receipts.map(receiptFromJson),
  };
  if (!verify) return block;
  const actual = blockHash(block);
  if (actual !== block.hash) {
    throw new OvmError("STORE_CORRUPT", `block ${block.number}: its content hashes to ${actual}, not to the stored ${block.hash}`, { block: block.number });
  }
  return block;
}

/** The receipt fields a re-execution must reproduce exactly; null when equal, else the first field that differs. */
export function receiptDifference(expected: BlockReceipt, actual: BlockReceipt): string | null {
  if (expected.success !== actual.success) return "success";
  if (expected.gasUsed !== actual.gasUsed) return "gasUsed";
  if (expected.returnData !== actual.returnData) return "returnData";
  if (expected.createdAddress !== actual.createdAddress) return "createdAddress";
  if (bytesToHex(RLP.encode(encodeReceipt(expected) as never)) !== bytesToHex(RLP.encode(encodeReceipt(actual) as never))) return "logs";
  return null;
}
