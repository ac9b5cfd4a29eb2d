// The u256 suite on its own: `npx tsx bench/u256.ts [iterations] [--quick]`, the same as
// `npm run bench -- u256` (bench/suites/u256.ts has the benchmark) but for the iteration count.
// Env: U256_BENCH=<prefix> times only the operations whose name starts with it.
import { fileURLToPath } from "node:url";
import { describeMachine, machineLine } from "./suites/machine.js";
import { runU256Suite } from "./suites/u256.js";

const args = process.argv.slice(2);
const count = args.find((arg) => !arg.startsWith("--"));
const iterations = count === undefined ? undefined : Number(count);
if (iterations !== undefined && !(Number.isSafeInteger(iterations) && iterations > 0)) {
  console.error("usage: npx tsx bench/u256.ts [iterations] [--quick]");
  process.exit(1);
}
const machine = describeMachine();
console.log(`machine: ${machineLine(machine)}`);
const outcome = await runU256Suite({
  quick: args.includes("--quick"),
  resultsDir: fileURLToPath(new URL("./results", import.meta.url)),
  machine,
  iterations,
  only: process.env.U256_BENCH || undefined,
});
if (outcome.failed) process.exitCode = 1;
