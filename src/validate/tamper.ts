// Tampering, for tests: alterations of a stored chain (what a lying sequencer would commit) and of
// witness jobs (what a faulty or malicious job producer would send), so that tests can show each
// one is caught and pinned to its block and transaction.
//
// Chain alterations rewrite the block with a recomputed hash and, by default, re-link every later
// block to it (parent hashes and hashes recomputed): the chain stays internally consistent, as a
// sequencer lying on purpose would leave it, and only the altered content can give it away.
import { Transaction } from "ethers";
import { OvmError } from "../errors.js";
import { bytesToHex, type Hex } from "../hex.js";
import { blockHash, headerToJson, type Block } from "../chain/block.js";
import { ChainStore, type KeyValueStore } from "../chain/store.js";
import { decodeJob, encodeJob, type WitnessJob } from "./job.js";

/** Something that signs a transaction again (an ethers Wallet). */
export interface TransactionSigner {
  signTransaction(tx: Transaction): Promise<string>;
}

export type BlockTampering =
  /** Claim another post-state root after transaction `index` (default: the root with its last byte flipped). */
  | { kind: "postStateRoot"; index: number; value?: Hex }
  /** Replace a transaction's calldata; re-signed by `signer`, or left with its old signature (another sender recovers). */
  | { kind: "calldata"; index: number; data: Hex; signer?: TransactionSigner }
  /** Another block timestamp. */
  | { kind: "timestamp"; timestamp: bigint };

export type WitnessTampering =
  /** Another pre-state value for a witnessed slot (default: the value plus one). */
  | { kind: "slotValue"; entry: number; value?: Hex }
  /** Another pre-state nonce for a witnessed account (default: the nonce plus one). */
  | { kind: "accountNonce"; address: Hex; nonce?: bigint }
  /** Leave a slot entry out. */
  | { kind: "dropSlot"; entry: number }
  /** Leave an account entry out. */
  | { kind: "dropAccount"; address: Hex }
  /** Leave a proof node out. */
  | { kind: "dropNode"; entry: number }
  /** Leave a code out. */
  | { kind: "dropCode"; entry: number };

function flipLastByte(hex: Hex): Hex {
  const last = parseInt(hex.slice(-2), 16) ^ 0xff;
  return `${hex.slice(0, -2)}${last.toString(16).padStart(2, "0")}` as Hex;
}

/** The block with the alteration applied (its hash not yet recomputed). */
export async function tamperBlockContent(block: Block, tampering: BlockTampering): Promise<Block> {
  const copy: Block = { ...block, transactions: [...block.transactions], postStateRoots: [...block.postStateRoots], receipts: [...block.receipts] };
  const at = (index: number) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= block.transactions.length) {
      throw new OvmError("INVALID_ARGUMENT", `block ${block.number} has no transaction ${index}`, { index });
    }
    return index;
  };
  switch (tampering.kind) {
    case "postStateRoot": {
      const i = at(tampering.index);
      copy.postStateRoots[i] = tampering.value ?? flipLastByte(block.postStateRoots[i]!);
      // The block's state root is its last transaction's: a consistent liar changes both.
      if (i === block.transactions.length - 1) copy.stateRoot = copy.postStateRoots[i]!;
      break;
    }
    case "calldata": {
      const i = at(tampering.index);
      const tx = Transaction.from(block.transactions[i]!);
      tx.data = tampering.data;
      if (tampering.signer) {
        tx.signature = null;
        copy.transactions[i] = (await tampering.signer.signTransaction(tx)).toLowerCase() as Hex;
      } else {
        copy.transactions[i] = tx.serialized.toLowerCase() as Hex;
      }
      break;
    }
    case "timestamp":
      copy.timestamp = tampering.timestamp;
      break;
  }
  return copy;
}

function reseal(block: Block): Block {
  return { ...block, hash: blockHash(block) };
}

function blockKey(kind: "block", n: number): string {
  return `${kind}/${n.toString().padStart(12, "0")}`;
}

/**
 * Alters block `number` of a stored chain in place. With `relink` (the default) every later block
 * is re-linked to the altered one, so only the alteration itself is wrong.
 */
export async function tamperChain(db: KeyValueStore, number: number, tampering: BlockTampering, options: { relink?: boolean } = {}): Promise<Block> {
  const store = new ChainStore(db);
  const head = await store.readHead();
  const block = await store.readBlock(number);
  if (!block || head === undefined) throw new OvmError("INVALID_ARGUMENT", `the store has no block ${number}`);
  const entries: [string, string][] = [];
  let altered = reseal(await tamperBlockContent(block, tampering));
  entries.push([blockKey("block", number), JSON.stringify(headerToJson(altered))]);
  const result = altered;
  if (options.relink !== false) {
    for (let n = number + 1; n <= head; n++) {
      const next = await store.readBlock(n);
      if (!next) break;
      altered = reseal({ ...next, parentHash: altered.hash });
      entries.push([blockKey("block", n), JSON.stringify(headerToJson(altered))]);
    }
  }
  await db.writeBatch(entries);
  return result;
}

/** A job with its block altered (the block hash recomputed unless `reseal` is false). */
export async function tamperJobBlock(job: ArrayBuffer, tampering: BlockTampering, options: { reseal?: boolean } = {}): Promise<ArrayBuffer> {
  const plain = decodeJob(job);
  const block = await tamperBlockContent(plain.block, tampering);
  return encodeJob({ ...plain, block: options.reseal === false ? block : reseal(block) });
}

/** A job with its witness altered. */
export function tamperJobWitness(job: ArrayBuffer, tampering: WitnessTampering): ArrayBuffer {
  const plain: WitnessJob = decodeJob(job);
  const w = plain.witness;
  const witness = { ...w, accounts: [...w.accounts], slots: [...w.slots], nodes: [...w.nodes], codes: [...w.codes] };
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new OvmError("INVALID_ARGUMENT", `the job's witness has no ${what}`);
  };
  switch (tampering.kind) {
    case "slotValue": {
      const slot = witness.slots[tampering.entry];
      need(slot !== undefined, `slot entry ${tampering.entry}`);
      const value = tampering.value ?? bytesToHex(Buffer.from((BigInt(slot!.value) + 1n).toString(16).padStart(64, "0"), "hex"));
      witness.slots[tampering.entry] = { ...slot!, value };
      break;
    }
    case "accountNonce": {
      const i = witness.accounts.findIndex((a) => a.address === tampering.address.toLowerCase());
      need(i >= 0, `account ${tampering.address}`);
      witness.accounts[i] = { ...witness.accounts[i]!, nonce: tampering.nonce ?? witness.accounts[i]!.nonce + 1n };
      break;
    }
    case "dropSlot":
      need(tampering.entry < witness.slots.length, `slot entry ${tampering.entry}`);
      witness.slots.splice(tampering.entry, 1);
      break;
    case "dropAccount": {
      const i = witness.accounts.findIndex((a) => a.address === tampering.address.toLowerCase());
      need(i >= 0, `account ${tampering.address}`);
      witness.accounts.splice(i, 1);
      break;
    }
    case "dropNode":
      need(tampering.entry < witness.nodes.length, `node ${tampering.entry}`);
      witness.nodes.splice(tampering.entry, 1);
      break;
    case "dropCode":
      need(tampering.entry < witness.codes.length, `code ${tampering.entry}`);
      witness.codes.splice(tampering.entry, 1);
      break;
  }
  return encodeJob({ ...plain, witness });
}
