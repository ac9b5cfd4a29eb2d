// `ovm statetest FILE|DIR... [--fork F] [--json]`: Ethereum state tests, one JSON line per case.
import { OvmError } from "../errors.js";
import { parseArgs } from "./args.js";
import { collectTestFiles, runStateTests } from "../statetest/run.js";

export async function statetestCommand(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, ["fork"], ["json", "failures"]);
  if (positional.length === 0) throw new OvmError("INVALID_ARGUMENT", "statetest needs at least one file or folder");
  const fork = typeof flags.get("fork") === "string" ? String(flags.get("fork")) : "Cancun";
  let files: string[];
  try {
    files = collectTestFiles(positional);
  } catch (e) {
    throw new OvmError("INVALID_ARGUMENT", `statetest: ${(e as Error).message}`);
  }
  const onlyFailures = flags.has("failures");
  const { passed, failed } = await runStateTests(files, fork, (r) => {
    if (!onlyFailures || !r.pass) process.stdout.write(`${JSON.stringify(r)}\n`);
  });
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
