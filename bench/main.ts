// `npm run bench [-- <suite>...] [--quick] [--profile <program> [--runs N]]`
//
// Runs the benchmark suites; with no suite named, all of them. --quick runs every suite with
// small inputs and few samples, to prove in CI that they still run (its figures mean nothing).
// --profile runs our engine alone on one standard program, for:
//   node --cpu-prof --import tsx bench/main.ts --profile snailtracer
//
// bench/keccak.ts and bench/u256.ts are thin entry points to the keccak and u256 suites, kept so
// that `npx tsx bench/keccak.ts` (quoted in the top-level README) still works.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeMachine, machineLine } from "./suites/machine.js";
import { SUITE_NAME as INTERPRETER, profileProgram, runInterpreterSuite } from "./suites/interpreter.js";
import { SUITE_NAME as KECCAK, runKeccakSuite } from "./suites/keccak.js";
import { SUITE_NAME as U256, runU256Suite } from "./suites/u256.js";
import { SUITE_NAME as TRANSPILER, runTranspilerSuite } from "./suites/transpiler.js";
import { SUITE_NAME as EXECUTION_COST, runExecutionCostSuite } from "./suites/execution-cost.js";
import { SUITE_NAME as STATE_ROOT, runStateRootSuite } from "./suites/state-root.js";
import { SUITE_NAME as TRANSACTIONS, runTransactionsSuite } from "./suites/transactions.js";
import { SUITE_NAME as VALIDATION, runValidationSuite } from "./suites/validation.js";
import { SUITE_NAME as OVM_THROUGHPUT, runOvmThroughputSuite } from "./suites/ovm-throughput.js";
import type { MachineInfo } from "./suites/machine.js";
import { UsageError } from "./suites/usage-error.js";

interface SuiteContext {
  quick: boolean;
  resultsDir: string;
  machine: MachineInfo;
}

const SUITES: Record<string, (context: SuiteContext) => Promise<{ failed: boolean }>> = {
  [INTERPRETER]: runInterpreterSuite,
  [KECCAK]: runKeccakSuite,
  [U256]: runU256Suite,
  [TRANSPILER]: runTranspilerSuite,
  [EXECUTION_COST]: runExecutionCostSuite,
  [STATE_ROOT]: runStateRootSuite,
  [TRANSACTIONS]: runTransactionsSuite,
  [VALIDATION]: runValidationSuite,
  [OVM_THROUGHPUT]: runOvmThroughputSuite,
};

const RESULTS_DIR = fileURLToPath(new URL("./results", import.meta.url));

const USAGE = `usage: npm run bench -- [suite...] [--quick] [--profile <program> [--runs N]]
suites: ${Object.keys(SUITES).join(", ")}
  --quick              every suite, small inputs and few samples (CI: proves the suites run)
  --profile <program>  our engine alone on one program (e.g. snailtracer, loop/mulmod), for node --cpu-prof
  --runs N             with --profile: how many runs (default: about 10 s worth)`;

interface Args {
  suites: string[];
  quick: boolean;
  profile?: string;
  runs?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { suites: [], quick: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === "--quick") args.quick = true;
    else if (arg === "--profile") args.profile = value();
    else if (arg === "--runs") {
      const runs = Number(value());
      if (!Number.isSafeInteger(runs) || runs < 1) throw new UsageError(`--runs must be a positive integer\n${USAGE}`);
      args.runs = runs;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    else if (arg in SUITES) args.suites.push(arg);
    else throw new UsageError(`unknown suite "${arg}"\n${USAGE}`);
  }
  if (args.profile !== undefined && args.suites.some((suite) => suite !== INTERPRETER)) {
    throw new UsageError(`--profile belongs to the ${INTERPRETER} suite`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const machine = describeMachine();
  console.log(`machine: ${machineLine(machine)}`);
  if (args.profile !== undefined) {
    await profileProgram(args.profile, args.runs);
    return;
  }
  const suites = args.suites.length > 0 ? args.suites : Object.keys(SUITES);
  const started = Date.now();
  const failed: string[] = [];
  for (const suite of suites) {
    const outcome = await SUITES[suite]({ quick: args.quick, resultsDir: RESULTS_DIR, machine: describeMachine() });
    if (outcome.failed) failed.push(suite);
  }
  console.log(`\nbench: ${suites.join(", ")} done in ${((Date.now() - started) / 1000).toFixed(0)} s (results in ${path.relative(process.cwd(), RESULTS_DIR)})`);
  if (failed.length > 0) {
    // A benchmark that computed the wrong thing must not look like a passing CI step.
    console.error(`bench: output or gas mismatches in: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = 1;
});
