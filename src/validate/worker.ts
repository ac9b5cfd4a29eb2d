// The piscina worker of the validation pool (pool.ts): one ValidatorContext (a WASM engine instance
// and a trie instance) per thread, made when the thread starts and reused for every job.
import { threadId, workerData } from "node:worker_threads";
import v8 from "node:v8";
import { validateBlock, validatorContext } from "./validate-block.js";
import type { ValidationTask, ValidationTaskResult } from "./pool.js";

const context = validatorContext();
const faultsAllowed = (workerData as { faults?: boolean } | undefined)?.faults === true;

export default async function validateTask(task: ValidationTask): Promise<ValidationTaskResult> {
  const job = new Uint8Array(task.job);
  if (task.fault !== undefined && faultsAllowed) {
    if (task.fault === "throw") throw new Error("fault injected: the worker throws");
    // Dies part-way through the job: after the witness is loaded and the first transaction started.
    const pending = validateBlock(job, context);
    await Promise.resolve();
    process.exit(70);
    await pending;
  }
  const result = await validateBlock(job, context);
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = task.gc === true && gc !== undefined;
  if (collected) gc();
  return {
    result,
    memory: { heapUsed: v8.getHeapStatistics().used_heap_size, wasm: context.evm.memoryBytes() + context.trie.stats().memoryBytes, thread: threadId, collected },
  };
}
