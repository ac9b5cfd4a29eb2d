// The keccak suite on its own: `npx tsx bench/keccak.ts [--quick]`, the same as
// `npm run bench -- keccak [--quick]` (bench/suites/keccak.ts has the benchmark).
// Env: KECCAK_BENCH_MAX_TIME (seconds per case, default 1.5), KECCAK_BENCH_ROUNDS (default 2).
import { fileURLToPath } from "node:url";
import { describeMachine, machineLine } from "./suites/machine.js";
import { runKeccakSuite } from "./suites/keccak.js";

const machine = describeMachine();
console.log(`machine: ${machineLine(machine)}`);
const outcome = await runKeccakSuite({
  quick: process.argv.includes("--quick"),
  resultsDir: fileURLToPath(new URL("./results", import.meta.url)),
  machine,
});
if (outcome.failed) process.exitCode = 1;
