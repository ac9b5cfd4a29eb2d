// The piscina worker of the validation pool (pool.ts): one ValidatorContext (a WASM engine instance
// and a trie instance) per thread, made when the thread starts and reused for every job.
import { threadId, workerData } from "node:worker_threads";
import v8 from "node:v8";
import vm from "node:vm";
import { validateBlock, validatorContext } from "./validate-block.js";
import type { ValidationTask, ValidationTaskResult } from "./pool.js";

const context = validatorContext();
const options = (workerData ?? {}) as { faults?: boolean; exposeGc?: boolean };
const faultsAllowed = options.faults === true;
// Worker threads cannot take --expose-gc; the flag set at run time gives a fresh context's gc().
let gc: (() => void) | undefined;
if (options.exposeGc === true) {
  v8.setFlagsFromString("--expose-gc");
  gc = vm.runInNewContext("gc") as () => void;
}

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
  const collected = task.gc === true && gc !== undefined;
  if (collected) gc!();
  return {
    result,
    memory: { heapUsed: v8.getHeapStatistics().used_heap_size, wasm: context.evm.memoryBytes() + context.trie.stats().memoryBytes, thread: threadId, collected },
  };
}
