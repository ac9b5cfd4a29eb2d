// The validation pool: piscina worker threads, each holding one WASM engine instance and one trie
// instance for its whole life (worker.ts). Jobs travel as one ArrayBuffer each, transferred (moved,
// not copied) to the worker. A worker that throws or dies is reported for that job's block; piscina
// replaces a dead worker and the other jobs go on.
import { existsSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { OvmError } from "../errors.js";
import type { ValidationResult } from "./validate-block.js";

/** What a worker receives: the encoded job (transferred) and, in tests, a fault to act out. */
export interface ValidationTask {
  job: ArrayBuffer;
  /** Honoured only by a pool made with `faultInjection`: "throw" throws, "exit" ends the thread mid-job. */
  fault?: "throw" | "exit";
  /** Collect garbage before measuring memory (a pool made with `exposeGc`: benchmarks of live memory). */
  gc?: boolean;
}

/** Memory of the worker after a job: its V8 heap in use, and its two WASM linear memories. */
export interface WorkerMemory {
  heapUsed: number;
  wasm: number;
  /** The worker thread (worker_threads threadId). */
  thread?: number;
  /** Measured right after a garbage collection (a task with `gc`): live memory. */
  collected?: boolean;
}

export interface ValidationTaskResult {
  result: ValidationResult;
  memory: WorkerMemory;
}

export interface ValidationPoolOptions {
  /** Worker threads (default: the number of cores). */
  workers?: number;
  /** Let tasks carry a fault (tests of crash handling). */
  faultInjection?: boolean;
  /** Let tasks ask their worker to collect garbage before measuring memory (benchmarks of live memory). */
  exposeGc?: boolean;
}

/**
 * The compiled worker next to this file (dist/validate/worker.js), or the TypeScript source when
 * running from src/ under tsx (the workers then load tsx too).
 */
export function workerScript(): { filename: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const js = here.replace(/pool\.(ts|js)$/, "worker.js");
  if (here.endsWith(".js") && existsSync(js)) return { filename: js, execArgv: [] };
  const ts = here.replace(/pool\.(ts|js)$/, "worker.ts");
  if (existsSync(ts)) return { filename: ts, execArgv: ["--import", "tsx"] };
  throw new OvmError("WASM_MISSING", `the validation worker is missing next to ${here} (run: npm run build)`);
}

/** Reads the block number of an encoded job without decoding it (job.ts: u64 at offset 16). */
export function jobBlockNumber(job: ArrayBuffer): number {
  return job.byteLength >= 24 ? Number(new DataView(job).getBigUint64(16, true)) : -1;
}

export class ValidationPool {
  private readonly piscina: Piscina<ValidationTask, ValidationTaskResult>;
  readonly workers: number;
  /** The highest memory any worker reported after a job. */
  readonly peakMemory: WorkerMemory = { heapUsed: 0, wasm: 0 };
  /** Hears every worker's memory after each job (benchmarks follow it over many blocks). */
  onMemory: ((memory: WorkerMemory) => void) | undefined;

  constructor(options: ValidationPoolOptions = {}) {
    const workers = options.workers ?? os.availableParallelism();
    if (!Number.isSafeInteger(workers) || workers < 1) throw new OvmError("INVALID_ARGUMENT", `workers must be a positive integer, got ${workers}`);
    this.workers = workers;
    const { filename, execArgv } = workerScript();
    this.piscina = new Piscina({
      filename,
      execArgv,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
      workerData: { faults: options.faultInjection === true, exposeGc: options.exposeGc === true },
    });
  }

  /** The worker threads (tests: to kill one). */
  get threads() {
    return this.piscina.threads;
  }

  /**
   * Validates one encoded job on a worker. The buffer is transferred: it is detached (empty) here
   * afterwards. A worker that throws or dies resolves to `{ valid: false, reason: "worker" }`.
   */
  async validate(job: ArrayBuffer, options: { fault?: ValidationTask["fault"]; gc?: boolean } = {}): Promise<ValidationResult> {
    const block = jobBlockNumber(job);
    try {
      const { result, memory } = await this.piscina.run({ job, fault: options.fault, gc: options.gc }, { transferList: [job] });
      if (memory.heapUsed > this.peakMemory.heapUsed) this.peakMemory.heapUsed = memory.heapUsed;
      if (memory.wasm > this.peakMemory.wasm) this.peakMemory.wasm = memory.wasm;
      this.onMemory?.(memory);
      return result;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return { valid: false, block, reason: "worker", index: null, message: `block ${block}: the worker failed (${message})` };
    }
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
