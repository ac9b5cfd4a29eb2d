// `ovm transpile` and `ovm check`: the transpiler and the safety checker on the command line.
// Bad input (not hex, odd length, empty, too large, a truncated PUSH) is a one-line message and exit 1.
import { existsSync } from "node:fs";
import { transpile, checkSafety, TranspileError, type TranspileResult } from "../transpiler/index.js";
import { OvmError } from "../errors.js";
import { parseArgs, hexArgument } from "./args.js";

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const CONSOLE: CommandOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** The code argument: hex, or the path of a file holding hex. */
function codeArgument(command: string, positional: string[]): string {
  if (positional.length === 0) throw new OvmError("INVALID_ARGUMENT", `usage: ovm ${command} <hex|file> [--json]`);
  if (positional.length > 1) throw new OvmError("INVALID_ARGUMENT", `unexpected argument ${JSON.stringify(positional[1])}`);
  const arg = positional[0];
  const value = hexArgument(arg);
  if (value === arg && !/^0x/i.test(arg) && !/^[0-9a-fA-F]*$/.test(arg) && !existsSync(arg)) {
    throw new OvmError("INVALID_ARGUMENT", `${JSON.stringify(arg)} is neither hex nor a file`);
  }
  return value;
}

/** Runs a command body; typed errors become one line on stderr and exit 1. */
function guarded(command: string, io: CommandOutput, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (e instanceof TranspileError || e instanceof OvmError) {
      io.err(`ovm ${command}: ${e.message} (${e.code})`);
      return 1;
    }
    throw e;
  }
}

const hex = (v: number) => `0x${v.toString(16)}`;
const ratio = (v: number) => `x${v.toFixed(2)}`;

/** "a-b +d" runs of consecutive instructions that move by the same distance d. */
export function compactOffsetMap(map: Map<number, number>): string {
  const runs: string[] = [];
  let first = -1;
  let last = -1;
  let shift = 0;
  const flush = () => {
    if (first >= 0) runs.push(`${first === last ? first : `${first}-${last}`} +${shift}`);
  };
  for (const [original, moved] of map) {
    if (first >= 0 && moved - original === shift) {
      last = original;
      continue;
    }
    flush();
    first = last = original;
    shift = moved - original;
  }
  flush();
  return runs.join(", ");
}

function sizeLines(r: TranspileResult): string[] {
  const frame = r.bodyStart - r.stubBlobLength;
  return [
    `size: original ${r.originalLength} B -> transpiled ${r.length} B (${ratio(r.growth.total)})`,
    `  executable growth: body ${r.bodyLength} B + jump table ${r.tableEntries * 4} B (${r.tableEntries} entries) = ` +
      `${r.executableLength} B (${ratio(r.growth.executable)} of the original)`,
    `  fixed: preamble, header and body entry ${frame} B, stub blob ${r.stubBlobLength} B; the original kept at the end ${r.originalLength} B`,
  ];
}

export function transpileCommand(argv: string[], io: CommandOutput = CONSOLE): number {
  return guarded("transpile", io, () => {
    const { positional, flags } = parseArgs(argv, [], ["json", "allow-truncated-push"]);
    const code = codeArgument("transpile", positional);
    const r = transpile(code, { allowTruncatedPush: flags.has("allow-truncated-push") });
    if (flags.has("json")) {
      io.out(JSON.stringify({ ...r, offsetMap: Object.fromEntries(r.offsetMap) }));
      return 0;
    }
    io.out(`code: ${r.code}`);
    for (const line of sizeLines(r)) io.out(line);
    io.out(`offset map (original -> new; "a-b +d": the instructions from a to b move by d): ${compactOffsetMap(r.offsetMap)}`);
    for (const b of r.banned) {
      io.err(`warning: banned opcode ${b.name} (${hex(b.opcode)}) at offset ${b.offset} (${hex(b.offset)}) became INVALID`);
    }
    return 0;
  });
}

export function checkCommand(argv: string[], io: CommandOutput = CONSOLE): number {
  return guarded("check", io, () => {
    const { positional, flags } = parseArgs(argv, [], ["json"]);
    const verdict = checkSafety(codeArgument("check", positional));
    if (flags.has("json")) io.out(JSON.stringify(verdict));
    else if (verdict.safe) io.out("safe");
    else io.out(`unsafe: rule ${verdict.rule} at offset ${verdict.offset} (${hex(verdict.offset)}), byte ${hex(verdict.opcode)}: ${verdict.reason}`);
    return verdict.safe ? 0 : 1;
  });
}
