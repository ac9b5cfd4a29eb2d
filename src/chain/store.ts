// Where the chain lives between runs: a key-value store written one atomic batch per block.
//
// Layout (keys are UTF-8 strings, values JSON):
//   meta                 { format, chainId, executionManager, genesisHash }       written with block 0
//   head                 the number of the last committed block
//   block/<n>            the block without its receipts (BlockHeaderJson)          n: 12 decimal digits,
//   receipts/<n>         the block's receipts (ReceiptJson[])                      so keys sort by number
//   tx/<hash>            { block, index, internalHash } for each original transaction hash
//   internal/<hash>      the original hash behind an internal (wrapped) transaction hash
//   witness/<n>          the block's witness (src/validate/witness.ts), base64; only for chains
//                        opened with `witnesses: true`
//   code/<keccak>        a code a witness refers to by hash, base64, written once
//
// commitBlock writes a block, its receipts, its tx-hash map entries and the new head in ONE batch:
// LevelDB applies a batch as one log record with a checksum, so after a crash either all of it is
// there or none is, and `head` never names a block that is not fully written. The world state is not
// stored: on open the chain re-executes every stored block from genesis and checks each post-state
// root against the stored one (src/chain/chain.ts), which also proves the roots.
import { OvmError } from "../errors.js";
import type { Hex } from "../hex.js";
import { blockFromJson, headerToJson, receiptToJson, type Block, type BlockHeaderJson, type ReceiptJson } from "./block.js";

export const STORE_FORMAT = 1;

/** A string key-value store whose batches are atomic. */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  /** Writes every entry or none, durably where there is a disk. */
  writeBatch(entries: ReadonlyArray<readonly [string, string]>): Promise<void>;
  close(): Promise<void>;
}

/** The in-memory store for tests: a Map, shared across Chain instances to mimic a restart. */
export class MemoryStore implements KeyValueStore {
  readonly entries = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async writeBatch(entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    for (const [key, value] of entries) this.entries.set(key, value);
  }

  /** Kept open: a MemoryStore outlives the chains that use it, as a folder does. */
  async close(): Promise<void> {}
}

interface LevelDatabase {
  open(): Promise<void>;
  get(key: string): Promise<string | undefined>;
  batch(operations: { type: "put"; key: string; value: string }[], options: { sync: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The embedded on-disk store: LevelDB through classic-level, in a folder of its own. */
export class LevelStore implements KeyValueStore {
  private constructor(private readonly db: LevelDatabase, readonly location: string) {}

  static async open(location: string): Promise<LevelStore> {
    // Loaded on demand: the native module is needed only when a folder is used.
    const { ClassicLevel } = await import("classic-level");
    const db = new ClassicLevel<string, string>(location, { keyEncoding: "utf8", valueEncoding: "utf8" }) as unknown as LevelDatabase;
    try {
      await db.open();
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      const hint = cause?.code === "LEVEL_LOCKED" ? " (another process has it open)" : "";
      throw new OvmError("STORE_UNAVAILABLE", `cannot open the chain store in ${location}${hint}: ${(e as Error).message}`, { location });
    }
    return new LevelStore(db, location);
  }

  async get(key: string): Promise<string | undefined> {
    return this.db.get(key);
  }

  async writeBatch(entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    // sync: the batch reaches the disk before the block counts as committed (power loss too, not only a killed process).
    await this.db.batch(entries.map(([key, value]) => ({ type: "put" as const, key, value })), { sync: true });
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** "memory" for a fresh MemoryStore, anything else is a folder for a LevelStore (created if missing). */
export async function openKeyValueStore(db: string): Promise<KeyValueStore> {
  return db === "memory" ? new MemoryStore() : LevelStore.open(db);
}

export interface ChainMeta {
  format: number;
  chainId: string;
  /** The EM's L1 address in the engine's genesis state. */
  executionManager: Hex;
  genesisHash: Hex;
}

/** Where an original transaction hash was committed. */
export interface TransactionLocation {
  block: number;
  index: number;
  internalHash: Hex;
}

/** A block's witness as the store keeps it: opaque bytes, and the codes they refer to by hash. */
export interface StoredWitnessEntry {
  bytes: Uint8Array;
  codes: [Hex, Uint8Array][];
}

function blockKey(kind: "block" | "receipts" | "witness", n: number): string {
  return `${kind}/${n.toString().padStart(12, "0")}`;
}

function corrupt(message: string, detail?: unknown): never {
  throw new OvmError("STORE_CORRUPT", message, detail);
}

/** The chain's view of a KeyValueStore: typed reads and the one-batch-per-block commit. */
export class ChainStore {
  /** Codes known to be stored (a code is written with the first witness that needs it). */
  private readonly storedCodes = new Set<Hex>();

  constructor(readonly kv: KeyValueStore) {}

  private async json<T>(key: string): Promise<T | undefined> {
    const value = await this.kv.get(key);
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value) as T;
    } catch {
      return corrupt(`the value under ${key} is not JSON`, { key });
    }
  }

  async readMeta(): Promise<ChainMeta | undefined> {
    const meta = await this.json<ChainMeta>("meta");
    if (meta && meta.format !== STORE_FORMAT) {
      throw new OvmError("CHAIN_MISMATCH", `the store has format ${meta.format}; this engine reads format ${STORE_FORMAT}`);
    }
    return meta;
  }

  async readHead(): Promise<number | undefined> {
    const head = await this.json<number>("head");
    if (head !== undefined && (!Number.isSafeInteger(head) || head < 0)) corrupt(`the head pointer ${head} is not a block number`);
    return head;
  }

  /**
   * A committed block, its hash checked (unless `verifyHash` is false); undefined when there is
   * none with that number.
   */
  async readBlock(n: number, verifyHash = true): Promise<Block | undefined> {
    const header = await this.json<BlockHeaderJson>(blockKey("block", n));
    const receipts = await this.json<ReceiptJson[]>(blockKey("receipts", n));
    if (header === undefined && receipts === undefined) return undefined;
    if (header === undefined || receipts === undefined) corrupt(`block ${n} is half-written`, { block: n });
    if (header.number !== n) corrupt(`the block stored as ${n} says it is ${header.number}`, { block: n });
    return blockFromJson(header, receipts, verifyHash);
  }

  /** The witness committed with block n, if the chain records witnesses. */
  async readWitness(n: number): Promise<Uint8Array | undefined> {
    const value = await this.kv.get(blockKey("witness", n));
    return value === undefined ? undefined : new Uint8Array(Buffer.from(value, "base64"));
  }

  /** A code a stored witness refers to, by its keccak256. */
  async readCode(hash: Hex): Promise<Uint8Array | undefined> {
    const value = await this.kv.get(`code/${hash}`);
    return value === undefined ? undefined : new Uint8Array(Buffer.from(value, "base64"));
  }

  async readLocation(hash: Hex): Promise<TransactionLocation | undefined> {
    return this.json<TransactionLocation>(`tx/${hash.toLowerCase()}`);
  }

  async originalHashOf(internalHash: Hex): Promise<Hex | undefined> {
    return this.json<Hex>(`internal/${internalHash.toLowerCase()}`);
  }

  /**
   * Commits a block atomically: the block, its receipts, the tx-hash map entries of its transactions
   * (original hash -> location and internal hash, internal hash -> original hash) and the head pointer.
   * `meta` goes in the same batch for block 0, and so does the block's witness when there is one
   * (with the codes it refers to that are not stored yet).
   */
  async commitBlock(block: Block, transactionHashes: Hex[], internalHashes: Hex[], meta?: ChainMeta, witness?: StoredWitnessEntry): Promise<void> {
    const entries: [string, string][] = [];
    if (meta) entries.push(["meta", JSON.stringify(meta)]);
    const newCodes: Hex[] = [];
    if (witness) {
      entries.push([blockKey("witness", block.number), Buffer.from(witness.bytes.buffer, witness.bytes.byteOffset, witness.bytes.length).toString("base64")]);
      for (const [hash, code] of witness.codes) {
        if (this.storedCodes.has(hash)) continue;
        entries.push([`code/${hash}`, Buffer.from(code.buffer, code.byteOffset, code.length).toString("base64")]);
        newCodes.push(hash);
      }
    }
    entries.push([blockKey("block", block.number), JSON.stringify(headerToJson(block))]);
    entries.push([blockKey("receipts", block.number), JSON.stringify(block.receipts.map(receiptToJson))]);
    transactionHashes.forEach((hash, index) => {
      const location: TransactionLocation = { block: block.number, index, internalHash: internalHashes[index]! };
      entries.push([`tx/${hash}`, JSON.stringify(location)]);
      entries.push([`internal/${internalHashes[index]}`, JSON.stringify(hash)]);
    });
    // Last in the list for readability only: the batch is applied as a whole.
    entries.push(["head", JSON.stringify(block.number)]);
    await this.kv.writeBatch(entries);
    for (const hash of newCodes) this.storedCodes.add(hash);
  }

  async close(): Promise<void> {
    await this.kv.close();
  }
}
