// A small, strict argument parser: unknown flags and missing values are errors, not guesses.
import { existsSync, readFileSync, statSync } from "node:fs";
import { OvmError } from "../errors.js";

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], valued: string[], booleans: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) { positional.push(arg); continue; }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (booleans.includes(name)) { flags.set(name, true); continue; }
    if (!valued.includes(name)) throw new OvmError("INVALID_ARGUMENT", `unknown option --${name}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new OvmError("INVALID_ARGUMENT", `--${name} needs a value`);
    flags.set(name, value);
  }
  return { positional, flags };
}

/** A hex argument given inline or as the path of a file holding it (whitespace ignored). */
export function hexArgument(value: string): string {
  if (!value.startsWith("0x") && existsSync(value) && statSync(value).isFile()) {
    return readFileSync(value, "utf8").replace(/\s+/g, "");
  }
  return value;
}
