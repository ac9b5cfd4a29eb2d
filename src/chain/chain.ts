// A rollup chain: a sequencer over an OVM engine, an open block collecting executed transactions,
// and a store that commits one block per atomic batch. Opening a chain re-executes every stored
// block from genesis and checks each post-state root, receipt and block hash (invariant I4 on every
// start; the world state itself is not stored, see store.ts).
import { OvmError } from "../errors.js";
import type { Hex } from "../hex.js";
import { createEngine } from "../engine/create-engine.js";
import type { EngineBackend } from "../engine/types.js";
import type { OvmEngine } from "../ovm/ovm-engine.js";
import { genesisBlock, receiptDifference, sealBlock, type Block, type BlockReceipt } from "./block.js";
import { ChainStore, STORE_FORMAT, openKeyValueStore, type ChainMeta, type KeyValueStore } from "./store.js";
import { Sequencer, TransactionRefusedError, type ExecutedTransaction, type SignedTransaction } from "./sequencer.js";
import { WitnessRecorder, encodeStoredWitness } from "../validate/witness.js";
import type { Witness } from "../validate/job.js";

export interface ChainOptions {
  /** "memory" (the default), a folder for the embedded on-disk store, or a store to reuse. */
  db?: string | KeyValueStore;
  /** The backend of the engine the chain creates (default "wasm"); ignored when `engine` is given. */
  backend?: EngineBackend;
  /** Default: the stored chain's, else 10; a stored chain with another id is refused (CHAIN_MISMATCH). */
  chainId?: number | bigint;
  /** A fresh OVM engine (only the EM deployed) to run the chain on. */
  engine?: OvmEngine;
  /** The sequencer's clock in seconds (default: the wall clock); block timestamps never decrease. */
  clock?: () => bigint;
  maxGasLimit?: bigint;
  /** Called after each block re-executed on open. */
  onReplay?: (block: Block, head: number) => void;
  /**
   * Record each new block's witness and commit it with the block (wasm backend; docs/validation.md),
   * so that `ovm validate` and validateChain can check the block on a worker pool. Default false.
   */
  witnesses?: boolean;
  /** Make the witness of each block re-executed on open (jobs for blocks stored without one). */
  onReplayWitness?: (block: Block, witness: Witness, head: number) => void;
}

/** A receipt as a client asks for it, by original transaction hash. */
export interface Receipt extends BlockReceipt {
  transactionHash: Hex;
  internalHash: Hex;
  blockNumber: number;
  /** null while the block is still open (not committed). */
  blockHash: Hex | null;
  transactionIndex: number;
  from: Hex;
  to: Hex | null;
  postStateRoot: Hex;
}

export interface RefusedTransaction {
  index: number;
  /** The original hash, when the bytes decoded that far. */
  hash?: Hex;
  code: string;
  message: string;
}

export interface BuildBlockOptions {
  /** The block's timestamp (seconds); default the sequencer's clock, never below the parent's. */
  timestamp?: bigint | number;
  /** Leave refused transactions out (listed in `refused`) instead of refusing the whole block. */
  skipInvalid?: boolean;
}

export interface BuildBlockResult {
  block: Block;
  /** Original transaction hashes, in block order. */
  hashes: Hex[];
  refused: RefusedTransaction[];
}

interface OpenBlock {
  number: number;
  timestamp: bigint;
  executed: ExecutedTransaction[];
}

function wallClock(): bigint {
  return BigInt(Math.floor(Date.now() / 1000));
}

function refusal(index: number, e: unknown, hash?: Hex): RefusedTransaction {
  const error = e as OvmError;
  return { index, hash: (error as TransactionRefusedError).hash ?? hash, code: error.code ?? "ENGINE_FAULT", message: error.message };
}

function isRefusal(e: unknown): e is OvmError {
  return e instanceof TransactionRefusedError || (e instanceof OvmError && e.code === "INVALID_HEX");
}

export class Chain {
  private headBlock: Block;
  private open: OpenBlock | null = null;
  private readonly openIndex = new Map<Hex, number>();
  private fault: Error | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly sequencer: Sequencer,
    readonly store: ChainStore,
    head: Block,
    private readonly clock: () => bigint,
    private readonly ownsStore: boolean,
    private readonly recorder?: WitnessRecorder,
  ) {
    this.headBlock = head;
  }

  /**
   * Opens a chain: writes the genesis block into an empty store, or re-executes every stored block
   * and checks it (STORE_CORRUPT pinned to the block and transaction index when anything differs;
   * CHAIN_MISMATCH when the store belongs to another chain id or another EM).
   */
  static async open(options: ChainOptions = {}): Promise<Chain> {
    if (options.engine && options.chainId !== undefined && BigInt(options.chainId) !== options.engine.chainId) {
      throw new OvmError("INVALID_ARGUMENT", `chainId ${options.chainId} differs from the engine's ${options.engine.chainId}`);
    }
    const db = options.db ?? "memory";
    const kv = typeof db === "string" ? await openKeyValueStore(db) : db;
    const store = new ChainStore(kv);
    let engine: OvmEngine | undefined = options.engine;
    try {
      const meta = await store.readMeta();
      // A stored chain keeps its chain id unless the caller names one (a different one is a mismatch below).
      engine ??= (await createEngine({ mode: "ovm", backend: options.backend ?? "wasm", chainId: options.chainId ?? (meta ? BigInt(meta.chainId) : 10n) })) as OvmEngine;
      const sequencer = new Sequencer(engine, { maxGasLimit: options.maxGasLimit });
      const genesis = genesisBlock(engine.chainId, await engine.stateRoot());
      let recorder = options.witnesses || options.onReplayWitness ? new WitnessRecorder(engine) : undefined;
      let head: Block;
      if (meta === undefined) {
        if ((await store.readHead()) !== undefined) throw new OvmError("STORE_CORRUPT", "the store has a head but no meta record");
        const fresh: ChainMeta = { format: STORE_FORMAT, chainId: engine.chainId.toString(), executionManager: engine.executionManager, genesisHash: genesis.hash };
        await store.commitBlock(genesis, [], [], fresh);
        head = genesis;
      } else {
        if (BigInt(meta.chainId) !== engine.chainId) {
          throw new OvmError("CHAIN_MISMATCH", `the store holds chain ${meta.chainId}, the engine runs chain ${engine.chainId}`);
        }
        if (meta.executionManager !== engine.executionManager || meta.genesisHash !== genesis.hash) {
          throw new OvmError("CHAIN_MISMATCH", `the store's genesis (${meta.genesisHash}, EM ${meta.executionManager}) is not this engine's (${genesis.hash}, EM ${engine.executionManager}): another EM build?`);
        }
        head = await Chain.replay(sequencer, store, genesis, options.onReplay, recorder, options.onReplayWitness);
      }
      if (recorder && !options.witnesses) {
        recorder.detach();
        recorder = undefined;
      }
      return new Chain(sequencer, store, head, options.clock ?? wallClock, typeof db === "string", recorder);
    } catch (e) {
      if (typeof db === "string") await kv.close();
      if (engine && !options.engine) await engine.close();
      throw e;
    }
  }

  /** Re-executes blocks 1..head on the (fresh) engine, checking everything each block committed to. */
  private static async replay(
    sequencer: Sequencer, store: ChainStore, genesis: Block, onReplay?: (block: Block, head: number) => void,
    recorder?: WitnessRecorder, onReplayWitness?: (block: Block, witness: Witness, head: number) => void,
  ): Promise<Block> {
    const headNumber = await store.readHead();
    if (headNumber === undefined) throw new OvmError("STORE_CORRUPT", "the store has a meta record but no head");
    const stored0 = await store.readBlock(0);
    if (!stored0 || stored0.hash !== genesis.hash) throw new OvmError("STORE_CORRUPT", "block 0 is missing or is not the genesis block", { block: 0 });
    let parent = genesis;
    for (let n = 1; n <= headNumber; n++) {
      const block = await store.readBlock(n);
      if (!block) throw new OvmError("STORE_CORRUPT", `block ${n} is missing below the head ${headNumber}`, { block: n });
      await reexecuteBlock(sequencer, block, parent);
      if (recorder && onReplayWitness) onReplayWitness(block, recorder.finish(block), headNumber);
      else recorder?.skip(block);
      onReplay?.(block, headNumber);
      parent = block;
    }
    return parent;
  }

  get engine(): OvmEngine {
    return this.sequencer.engine;
  }

  get chainId(): bigint {
    return this.sequencer.chainId;
  }

  /** The last committed block. */
  get head(): Block {
    return this.headBlock;
  }

  /** Transactions executed into the open block, not committed yet. */
  get pendingCount(): number {
    return this.open?.executed.length ?? 0;
  }

  /** Runs mutating operations one at a time, in call order. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new OvmError("ENGINE_CLOSED", "the chain is closed");
      if (this.fault) throw new OvmError("ENGINE_FAULT", `the chain stopped after a fault (${this.fault.message}); reopen it to resume from the last committed block`);
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private openBlock(timestamp?: bigint | number): OpenBlock {
    const parent = this.headBlock;
    if (this.open) {
      if (timestamp !== undefined && BigInt(timestamp) !== this.open.timestamp) {
        throw new OvmError("INVALID_ARGUMENT", `block ${this.open.number} is open with timestamp ${this.open.timestamp}, not ${timestamp}`);
      }
      return this.open;
    }
    let ts: bigint;
    if (timestamp === undefined) {
      const now = this.clock();
      ts = now > parent.timestamp ? now : parent.timestamp;
    } else {
      ts = BigInt(timestamp);
      if (ts < parent.timestamp) throw new OvmError("INVALID_ARGUMENT", `timestamp ${ts} is below the parent block's ${parent.timestamp}`, { timestamp: ts });
    }
    this.open = { number: parent.number + 1, timestamp: ts, executed: [] };
    return this.open;
  }

  /** Validates and executes one transaction into the open block. Refusals leave everything unchanged. */
  private async apply(block: OpenBlock, tx: SignedTransaction, nonceChecked = false): Promise<void> {
    if (!nonceChecked) Sequencer.checkNonce(tx, await this.sequencer.nonceOf(tx.from));
    let executed: ExecutedTransaction;
    try {
      executed = await this.sequencer.run(tx, block.timestamp);
    } catch (e) {
      // The nonce was checked just above, so anything now is the engine failing part-way.
      this.fault = e as Error;
      throw e;
    }
    this.openIndex.set(tx.hash, block.executed.length);
    block.executed.push(executed);
  }

  /**
   * The sequencer's entry point (eth_sendRawTransaction): checks and executes a signed transaction
   * into the open block and returns its original hash. The receipt is readable at once
   * (blockHash null until the block is committed by sealBlock or buildBlock).
   */
  sendRawTransaction(raw: string | Uint8Array): Promise<Hex> {
    return this.serial(async () => {
      const tx = this.sequencer.decode(raw);
      const block = this.openBlock();
      try {
        await this.apply(block, tx);
      } finally {
        if (block.executed.length === 0) this.open = null;
      }
      return tx.hash;
    });
  }

  /** Commits the open block (an empty one at the sequencer's time when none is open). */
  sealBlock(options: { timestamp?: bigint | number } = {}): Promise<Block> {
    return this.serial(() => this.commitOpen(this.openBlock(options.timestamp)));
  }

  /**
   * Builds a block from raw signed transactions (in that order) on top of the open block's ones and
   * commits it. Every transaction is checked before any runs (nonces followed through the list), so
   * by default one bad transaction refuses the whole block with its code, and nothing runs; with
   * `skipInvalid` the bad ones are left out and listed in `refused`.
   */
  buildBlock(transactions: ReadonlyArray<string | Uint8Array>, options: BuildBlockOptions = {}): Promise<BuildBlockResult> {
    return this.serial(async () => {
      const refused: RefusedTransaction[] = [];
      const accepted: SignedTransaction[] = [];
      const nonces = new Map<Hex, bigint>();
      for (let i = 0; i < transactions.length; i++) {
        try {
          const tx = this.sequencer.decode(transactions[i]!);
          const expected = nonces.get(tx.from) ?? (await this.sequencer.nonceOf(tx.from));
          Sequencer.checkNonce(tx, expected);
          nonces.set(tx.from, expected + 1n);
          accepted.push(tx);
        } catch (e) {
          if (!isRefusal(e)) throw e;
          refused.push(refusal(i, e));
        }
      }
      if (refused.length > 0 && !options.skipInvalid) {
        const first = refused[0]!;
        throw new OvmError(first.code as OvmError["code"], `block refused: transaction ${first.index}: ${first.message}` +
          (refused.length > 1 ? ` (and ${refused.length - 1} more)` : ""), { refused });
      }
      const block = this.openBlock(options.timestamp);
      // The list was checked against this very state, nonces followed through it.
      for (const tx of accepted) await this.apply(block, tx, true);
      const sealed = await this.commitOpen(block);
      return { block: sealed, hashes: accepted.map((t) => t.hash), refused };
    });
  }

  private async commitOpen(open: OpenBlock): Promise<Block> {
    const parent = this.headBlock;
    const executed = open.executed;
    const block = sealBlock({
      chainId: this.chainId,
      number: open.number,
      timestamp: open.timestamp,
      parentHash: parent.hash,
      stateRoot: executed.length > 0 ? executed[executed.length - 1]!.postStateRoot : parent.stateRoot,
      transactions: executed.map((e) => e.tx.raw),
      postStateRoots: executed.map((e) => e.postStateRoot),
      receipts: executed.map((e) => e.receipt),
    });
    try {
      // The witness is made before the write so that it goes in the same batch as the block.
      const witness = this.recorder ? encodeStoredWitness(this.recorder.finish(block)) : undefined;
      await this.store.commitBlock(block, executed.map((e) => e.tx.hash), executed.map((e) => e.internalHash), undefined, witness);
    } catch (e) {
      // The engine holds this block's state but the store may not: only a reopen (replay) is safe.
      this.fault = e as Error;
      throw new OvmError("STORE_UNAVAILABLE", `committing block ${block.number} failed: ${(e as Error).message}`, { block: block.number });
    }
    this.headBlock = block;
    this.open = null;
    this.openIndex.clear();
    return block;
  }

  /** A committed block by number. */
  async getBlock(n: number): Promise<Block | undefined> {
    return n === this.headBlock.number ? this.headBlock : n > this.headBlock.number ? undefined : this.store.readBlock(n);
  }

  /** The receipt of a transaction by its original hash: from the open block or the store. */
  async getReceipt(hash: string): Promise<Receipt | undefined> {
    const key = hash.toLowerCase() as Hex;
    const openAt = this.openIndex.get(key);
    if (openAt !== undefined && this.open) {
      const e = this.open.executed[openAt]!;
      return receiptOf(e.tx, e.receipt, e.internalHash, e.postStateRoot, this.open.number, null, openAt);
    }
    const location = await this.store.readLocation(key);
    if (!location) return undefined;
    const block = await this.getBlock(location.block);
    if (!block) throw new OvmError("STORE_CORRUPT", `transaction ${key} points at block ${location.block}, which is not committed`);
    const tx = this.sequencer.decode(block.transactions[location.index]!);
    return receiptOf(tx, block.receipts[location.index]!, location.internalHash, block.postStateRoots[location.index]!, block.number, block.hash, location.index);
  }

  /** The original hash behind an internal (wrapped) transaction hash, for committed transactions. */
  async originalHashOf(internalHash: string): Promise<Hex | undefined> {
    return this.store.originalHashOf(internalHash.toLowerCase() as Hex);
  }

  /** The next nonce the sender's signed transaction must carry (open block included). */
  getNonce(address: string): Promise<bigint> {
    return this.serial(() => this.sequencer.nonceOf(address.toLowerCase() as Hex));
  }

  /** Closes the engine and, when the chain opened it, the store. Open (uncommitted) transactions are dropped. */
  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    this.closed = true;
    await this.engine.close();
    if (this.ownsStore) await this.store.close();
  }
}

function receiptOf(tx: SignedTransaction, r: BlockReceipt, internalHash: Hex, postStateRoot: Hex, blockNumber: number, blockHash: Hex | null, index: number): Receipt {
  return { ...r, transactionHash: tx.hash, internalHash, blockNumber, blockHash, transactionIndex: index, from: tx.from, to: tx.to, postStateRoot };
}

/** What a re-execution found different, in the detail of its STORE_CORRUPT error. */
export interface ReexecutionDifference {
  block: number;
  /** The transaction, or null for the block's own fields. */
  index: number | null;
  /** "number", "parentHash", "chainId", "timestamp", "transaction" (refused), "postStateRoot", "receipt.<field>", "stateRoot". */
  field: string;
}

/** Observers of a re-execution (a validator pins what the engine throws to a transaction with them). */
export interface ReexecutionHooks {
  /** Before transaction `index` runs. */
  beforeTransaction?(index: number): void;
  /** After it ran, before its root and receipt are compared. */
  afterTransaction?(index: number, executed: ExecutedTransaction): void;
}

/**
 * Re-executes a block on an engine that is at its parent's state and checks the parent hash, every
 * post-state root, every receipt and the final state root. Throws STORE_CORRUPT with a
 * ReexecutionDifference as detail at the first difference.
 */
export async function reexecuteBlock(sequencer: Sequencer, block: Block, parent: Block, hooks: ReexecutionHooks = {}): Promise<void> {
  const wrong = (index: number | null, field: string, message: string): never => {
    const detail: ReexecutionDifference = { block: block.number, index, field };
    throw new OvmError("STORE_CORRUPT", `block ${block.number}${index === null ? "" : `, transaction ${index}`}: ${message}`, detail);
  };
  if (block.number !== parent.number + 1) wrong(null, "number", `follows block ${parent.number}`);
  if (block.parentHash !== parent.hash) wrong(null, "parentHash", `parent hash ${block.parentHash}, block ${parent.number} is ${parent.hash}`);
  if (block.chainId !== sequencer.chainId) wrong(null, "chainId", `chain id ${block.chainId}`);
  if (block.timestamp < parent.timestamp) wrong(null, "timestamp", "timestamp below the parent's");
  for (let i = 0; i < block.transactions.length; i++) {
    hooks.beforeTransaction?.(i);
    let executed: ExecutedTransaction;
    try {
      const tx = sequencer.decode(block.transactions[i]!);
      executed = await sequencer.execute(tx, block.timestamp);
    } catch (e) {
      if (!isRefusal(e)) throw e;
      return wrong(i, "transaction", `refused on re-execution (${(e as OvmError).code}: ${(e as Error).message})`);
    }
    hooks.afterTransaction?.(i, executed);
    if (executed.postStateRoot !== block.postStateRoots[i]) {
      wrong(i, "postStateRoot", `post-state root ${executed.postStateRoot}, the block says ${block.postStateRoots[i]}`);
    }
    const field = receiptDifference(block.receipts[i]!, executed.receipt);
    if (field) wrong(i, `receipt.${field}`, `the receipt's ${field} differs from the re-execution's`);
  }
  const root = block.transactions.length > 0 ? block.postStateRoots[block.postStateRoots.length - 1] : parent.stateRoot;
  if (block.stateRoot !== root) wrong(null, "stateRoot", `state root ${block.stateRoot}, expected ${root}`);
}

/** Library form of Chain.buildBlock (ovm-spec.md names): builds and commits one block. */
export function buildBlock(chain: Chain, transactions: ReadonlyArray<string | Uint8Array>, options: BuildBlockOptions = {}): Promise<BuildBlockResult> {
  return chain.buildBlock(transactions, options);
}
