// validateChain: every stored block of a range checked on a worker pool, from the witnesses stored
// with the blocks (Chain.open({ witnesses: true })). Blocks stored without a witness get one by
// replaying the chain from genesis on this thread first (Chain.open with onReplayWitness), which
// costs a full re-execution and stops at the first block that does not re-execute.
import { OvmError } from "../errors.js";
import type { Block } from "../chain/block.js";
import { Chain } from "../chain/chain.js";
import { ChainStore, openKeyValueStore, type KeyValueStore } from "../chain/store.js";
import { StoredJobs } from "./chain-jobs.js";
import { encodeJob } from "./job.js";
import { ValidationPool, type WorkerMemory } from "./pool.js";
import { reasonOf, type BlockInvalid, type ValidationResult } from "./validate-block.js";
import type { ReexecutionDifference } from "../chain/chain.js";
import type { Hex } from "../hex.js";

export interface ValidateChainOptions {
  /** Worker threads (default: the number of cores). */
  workers?: number;
  /** First block (default 1). */
  from?: number;
  /** Last block (default: the head). */
  to?: number;
  /** Called as each block's result arrives (in completion order). */
  onProgress?: (done: number, total: number, result: ValidationResult) => void;
  /** A pool to use instead of making one (it is left open). */
  pool?: ValidationPool;
}

export interface ChainValidation {
  from: number;
  to: number;
  blocks: number;
  transactions: number;
  /** Every block's result, in block order. */
  results: ValidationResult[];
  valid: boolean;
  /** The blocks that are not valid, in block order. */
  invalid: BlockInvalid[];
  /** Blocks whose job came from a replay (stored without a witness). */
  replayed: number;
  workers: number;
  /** Wall time of the validation (jobs read and validated), seconds. */
  seconds: number;
  blocksPerSecond: number;
  transactionsPerSecond: number;
  /** The highest memory a worker reported. */
  peakWorkerMemory: WorkerMemory;
}

/**
 * Validates blocks `from`..`to` of the chain in `db` (a folder, or a store) on a pool of workers.
 * Results are the same whatever the number of workers and the order jobs finish in.
 */
export async function validateChain(db: string | KeyValueStore, options: ValidateChainOptions = {}): Promise<ChainValidation> {
  const kv = typeof db === "string" ? await openKeyValueStore(db) : db;
  const store = new ChainStore(kv);
  const pool = options.pool ?? new ValidationPool({ workers: options.workers });
  try {
    const jobs = await StoredJobs.open(store);
    const head = await store.readHead();
    if (head === undefined) throw new OvmError("STORE_CORRUPT", "the store has a meta record but no head");
    const from = options.from ?? 1;
    const to = options.to ?? head;
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to > head || from > to) {
      throw new OvmError("INVALID_ARGUMENT", `block range ${from}..${to} is not within 1..${head}`, { from, to, head });
    }
    const total = to - from + 1;
    const started = performance.now();
    const results = new Map<number, ValidationResult>();
    let transactions = 0;
    let done = 0;
    const report = (result: ValidationResult) => {
      results.set(result.block, result);
      options.onProgress?.(++done, total, result);
    };

    // A bounded window of jobs in flight keeps memory flat however long the chain.
    const window = pool.workers * 4;
    const inFlight = new Set<Promise<void>>();
    const submit = async (job: ArrayBuffer) => {
      while (inFlight.size >= window) await Promise.race(inFlight);
      const running: Promise<void> = pool.validate(job).then(report).finally(() => inFlight.delete(running));
      inFlight.add(running);
    };

    let parent = await readBlock(store, from - 1);
    const missing: Block[] = [];
    for (let n = from; n <= to; n++) {
      const block = await readBlock(store, n);
      transactions += block.transactions.length;
      const job = await jobs.job(block, parent);
      if (job) await submit(job);
      else missing.push(block);
      parent = block;
    }
    if (missing.length > 0) await replayJobs(kv, jobs.meta.executionManager, missing, submit, report);
    await Promise.all(inFlight);

    const seconds = (performance.now() - started) / 1000;
    const ordered = [...results.values()].sort((a, b) => a.block - b.block);
    const invalid = ordered.filter((r): r is BlockInvalid => !r.valid);
    return {
      from, to, blocks: total, transactions, results: ordered, valid: invalid.length === 0 && ordered.length === total, invalid,
      replayed: missing.length, workers: pool.workers, seconds, blocksPerSecond: total / seconds, transactionsPerSecond: transactions / seconds,
      peakWorkerMemory: { ...pool.peakMemory },
    };
  } finally {
    if (!options.pool) await pool.close();
    if (typeof db === "string") await kv.close();
  }
}

/** A stored block; its hash is not checked here: the validator checks it on the worker. */
async function readBlock(store: ChainStore, n: number): Promise<Block> {
  const block = await store.readBlock(n, false);
  if (!block) throw new OvmError("STORE_CORRUPT", `block ${n} is missing`, { block: n });
  return block;
}

/**
 * Jobs for blocks stored without a witness: the chain is opened again, which re-executes it from
 * genesis and makes each block's witness on the way. A block that does not re-execute stops the
 * replay: it is reported invalid there, and the later blocks of `missing` get no verdict.
 */
async function replayJobs(
  kv: KeyValueStore, executionManager: Hex, missing: Block[], submit: (job: ArrayBuffer) => Promise<void>, report: (result: ValidationResult) => void,
): Promise<void> {
  const wanted = new Set(missing.map((b) => b.number));
  const jobs: ArrayBuffer[] = [];
  let parentTimestamp = 0n; // genesis
  try {
    const chain = await Chain.open({
      db: kv,
      onReplayWitness: (block, witness) => {
        if (wanted.delete(block.number)) jobs.push(encodeJob({ chainId: block.chainId, executionManager, block, parentTimestamp, witness }));
        parentTimestamp = block.timestamp;
      },
    });
    await chain.close();
  } catch (e) {
    if (!(e instanceof OvmError) || e.code !== "STORE_CORRUPT") throw e;
    const d = e.detail as Partial<ReexecutionDifference> | undefined;
    const first = d?.block ?? Math.min(...wanted);
    report({
      valid: false, block: first, reason: reasonOf(d?.field ?? "header"), index: d?.index ?? null, field: d?.field,
      message: `${e.message} (found replaying the chain to make the witnesses it lacks)`,
    });
    wanted.delete(first);
    for (const n of wanted) {
      report({ valid: false, block: n, reason: "incomplete", incomplete: true, index: null, message: `block ${n}: no witness stored, and the replay that makes them stopped at block ${first}` });
    }
  }
  for (const job of jobs) await submit(job);
}
