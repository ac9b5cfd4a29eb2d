// `ovm validate <chain-dir> [--workers N] [--from B] [--to B] [--json]`: checks the stored blocks
// on a pool of worker threads from their witnesses (src/validate/), with a progress bar on stderr
// and a summary on stdout. Exit code 0 when every block is valid, 1 otherwise.
import { existsSync } from "node:fs";
import os from "node:os";
import { OvmError } from "../errors.js";
import { validateChain, type ChainValidation } from "../validate/validate-chain.js";
import type { BlockInvalid } from "../validate/validate-block.js";
import { parseArgs } from "./args.js";
import { ProgressBar } from "./progress-bar.js";

const USAGE = "usage: ovm validate <chain-dir> [--workers N] [--from B] [--to B] [--json]";


function integer(value: string | true | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value === true || !Number.isSafeInteger(n) || n < 0) throw new OvmError("INVALID_ARGUMENT", `--${name} must be a non-negative integer, got ${String(value)}`);
  return n;
}

function describe(r: BlockInvalid): string {
  const where = `block ${r.block}${r.index === null ? "" : `, transaction ${r.index}`}`;
  const values = r.expected !== undefined || r.claimed !== undefined ? `\n    expected ${r.expected ?? "-"}\n    claimed  ${r.claimed ?? "-"}` : "";
  return `  ${where}: ${r.incomplete ? "INCOMPLETE WITNESS" : r.reason}${r.field ? ` (${r.field})` : ""}: ${r.message}${values}`;
}

function printSummary(v: ChainValidation): void {
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  console.log(`validated blocks ${v.from}..${v.to}: ${v.blocks} blocks, ${v.transactions} transactions, ${v.workers} worker${v.workers === 1 ? "" : "s"}`);
  console.log(`  ${v.seconds.toFixed(2)} s: ${v.blocksPerSecond.toFixed(1)} blocks/s, ${v.transactionsPerSecond.toFixed(1)} tx/s; worker peak: V8 heap ${mib(v.peakWorkerMemory.heapUsed)}, WASM ${mib(v.peakWorkerMemory.wasm)}`);
  if (v.replayed > 0) console.log(`  ${v.replayed} blocks had no stored witness: their jobs came from a replay of the chain on the main thread`);
  if (v.valid) {
    console.log("  every block is valid");
    return;
  }
  const incomplete = v.invalid.filter((r) => r.incomplete).length;
  const crashed = v.invalid.filter((r) => r.reason === "worker").length;
  console.log(`  ${v.invalid.length} blocks NOT valid (${incomplete} incomplete witnesses, ${crashed} worker failures):`);
  for (const r of v.invalid) console.log(describe(r));
}

export async function validateCommand(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, ["workers", "from", "to"], ["json"]);
  if (positional.length !== 1) throw new OvmError("INVALID_ARGUMENT", USAGE);
  const dir = positional[0]!;
  if (!existsSync(dir)) throw new OvmError("INVALID_ARGUMENT", `no chain in ${dir}: the folder does not exist`);
  const workers = integer(flags.get("workers"), "workers") ?? os.availableParallelism();
  if (workers < 1) throw new OvmError("INVALID_ARGUMENT", "--workers must be at least 1");
  const json = flags.has("json");
  const progress = new ProgressBar("validating", 0);
  const started = performance.now();
  let bad = 0;
  const result = await validateChain(dir, {
    workers,
    from: integer(flags.get("from"), "from"),
    to: integer(flags.get("to"), "to"),
    onProgress: (done, total, r) => {
      if (!r.valid) bad++;
      const rate = done / Math.max((performance.now() - started) / 1000, 1e-3);
      progress.update(done, `${rate.toFixed(0)} blocks/s${bad > 0 ? `, ${bad} not valid` : ""}`, total);
    },
  });
  if (json) {
    console.log(JSON.stringify({
      valid: result.valid, from: result.from, to: result.to, blocks: result.blocks, transactions: result.transactions, workers: result.workers,
      seconds: result.seconds, blocksPerSecond: result.blocksPerSecond, transactionsPerSecond: result.transactionsPerSecond,
      replayed: result.replayed, peakWorkerMemory: result.peakWorkerMemory, invalid: result.invalid,
    }));
  } else {
    printSummary(result);
  }
  return result.valid ? 0 : 1;
}
