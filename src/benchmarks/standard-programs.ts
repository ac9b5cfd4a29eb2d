// The standard benchmark set (see ../shared/benchmarks/README.md): the 27 inputs of the
// ipsilon/evm-benchmarks State Test files, with expected outputs taken from evmone's
// v0.9.0 copy where it has them, plus the three synthetic loops of the README's table.

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hexToBytes } from "../hex.js";
import { DEFAULT_RECEIVER, DEFAULT_SENDER } from "../evm/defaults.js";
import type { MessageCall } from "../evm/types.js";

export type BenchmarkSuite = "main" | "micro" | "loop";

export interface StandardProgram {
  /** `${program}/${inputName}`, e.g. "snailtracer/benchmark" or "loop/arith". */
  name: string;
  program: string;
  inputName: string;
  suite: BenchmarkSuite;
  input: Uint8Array;
  code: Uint8Array;
  /** From evmone v0.9.0's `.inputs`, matched on identical program and input bytes. */
  expectedOutput?: Uint8Array;
}

export type LoopKind = "arith" | "keccak" | "mulmod";
export const LOOP_KINDS: readonly LoopKind[] = ["arith", "keccak", "mulmod"];
export const DEFAULT_LOOP_ITERATIONS = 1_000_000;
/** The README's figures were measured with this gas limit. */
export const BENCHMARK_GAS_LIMIT = 100_000_000_000n;

const STATE_TEST_DIR = "evm-benchmarks/benchmarks";
const EVMONE_V090_DIR = "evmone-v0.9.0-test-benchmarks";
const SUITES = ["main", "micro"] as const;

// src/benchmarks/ and dist/benchmarks/ are both two levels below the package root.
const packageRoot = fileURLToPath(new URL("../..", import.meta.url));

export function defaultBenchmarksRoot(): string {
  return process.env.OVM_BENCHMARKS_DIR ?? path.resolve(packageRoot, "../shared/benchmarks");
}

/**
 * evmone's compact hex: whitespace is ignored and `(NxHEX)` stands for HEX repeated N
 * times (HEX may be several bytes, e.g. a 64-byte point in weierstrudel's inputs).
 */
export function expandEvmoneHex(text: string): Uint8Array {
  const expanded = text
    .replace(/\s+/g, "")
    .replace(/\((\d+)x([0-9a-fA-F]*)\)/g, (_, count: string, unit: string) => unit.repeat(Number(count)));
  return hexToBytes(expanded);
}

interface StateTestFile {
  [testName: string]: {
    _info: { labels?: Record<string, string> };
    pre: Record<string, { code: string }>;
    transaction: { to: string; data: string[] };
  };
}

interface EvmoneInput {
  name: string;
  input: Uint8Array;
  expectedOutput: Uint8Array;
}

/**
 * `.inputs` files are blocks of three lines (name, input, expected output) separated
 * by blank lines; the input and output lines may themselves be empty, so blocks are
 * read by position after each name rather than split on blank lines.
 */
export function parseEvmoneInputs(text: string): EvmoneInput[] {
  const lines = text.split(/\r?\n/);
  const blocks: EvmoneInput[] = [];
  let index = 0;
  while (index < lines.length) {
    const name = lines[index].trim();
    if (name === "") {
      index++;
      continue;
    }
    blocks.push({
      name,
      input: expandEvmoneHex(lines[index + 1] ?? ""),
      expectedOutput: expandEvmoneHex(lines[index + 2] ?? ""),
    });
    index += 3;
  }
  return blocks;
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

function readEvmoneCase(root: string, suite: string, program: string) {
  const base = path.join(root, EVMONE_V090_DIR, suite, program);
  let code: Uint8Array;
  let inputs: EvmoneInput[];
  try {
    code = expandEvmoneHex(readFileSync(`${base}.bin-runtime`, "utf8"));
    inputs = parseEvmoneInputs(readFileSync(`${base}.inputs`, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { code, inputs };
}

function loadStateTestPrograms(root: string): StandardProgram[] {
  const programs: StandardProgram[] = [];
  for (const suite of SUITES) {
    const dir = path.join(root, STATE_TEST_DIR, suite);
    for (const file of readdirSync(dir).filter((entry) => entry.endsWith(".json")).sort()) {
      const parsed = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as StateTestFile;
      for (const [program, test] of Object.entries(parsed)) {
        const target = Object.keys(test.pre).find((address) => address.toLowerCase() === test.transaction.to.toLowerCase());
        if (target === undefined) throw new Error(`${file}: transaction.to has no pre-state entry`);
        const code = hexToBytes(test.pre[target].code);
        const evmone = readEvmoneCase(root, suite, program);
        // Names differ between the two sets (weierstrudel "1" here is "0" in v0.9.0),
        // so expectations are matched on the bytes, and only for identical code.
        const evmoneInputs = evmone !== undefined && sameBytes(evmone.code, code) ? evmone.inputs : [];
        test.transaction.data.forEach((data, index) => {
          const inputName = test._info.labels?.[String(index)] ?? String(index);
          const input = hexToBytes(data);
          const match = evmoneInputs.find((candidate) => sameBytes(candidate.input, input));
          const item: StandardProgram = { name: `${program}/${inputName}`, program, inputName, suite, input, code };
          // An empty expected line in v0.9.0 means "not checked" (evmone's bench only
          // compares when it is non-empty), so it is not turned into an expectation.
          if (match !== undefined && match.expectedOutput.length > 0) item.expectedOutput = match.expectedOutput;
          programs.push(item);
        });
      }
    }
  }
  return programs;
}

/**
 * Every standard benchmark: the three loops first, then the State Test inputs in file
 * order (main, then micro). `root` defaults to OVM_BENCHMARKS_DIR or ../shared/benchmarks
 * next to the package.
 */
export function loadStandardPrograms(
  root: string = defaultBenchmarksRoot(),
  options: { includeLoops?: boolean; loopIterations?: number } = {},
): StandardProgram[] {
  const loops: StandardProgram[] =
    options.includeLoops === false
      ? []
      : LOOP_KINDS.map((kind) => ({
          name: `loop/${kind}`,
          program: "loop",
          inputName: kind,
          suite: "loop" as const,
          input: new Uint8Array(0),
          code: loopProgram(kind, options.loopIterations ?? DEFAULT_LOOP_ITERATIONS),
        }));
  return [...loops, ...loadStateTestPrograms(root)];
}

/**
 * How the README's figures ran each program: its code executed directly at the default
 * receiver (runCode-style, through `codeOverride`), called by the default sender with
 * the input as calldata and a 1e11 gas limit, on an otherwise empty state.
 */
export function benchmarkMessage(program: StandardProgram): MessageCall {
  return {
    caller: DEFAULT_SENDER,
    to: DEFAULT_RECEIVER,
    data: program.input,
    value: 0n,
    gasLimit: BENCHMARK_GAS_LIMIT,
    codeOverride: program.code,
  };
}

// ---------------------------------------------------------------------------------
// Synthetic loops

const OP = {
  STOP: 0x00,
  SUB: 0x03,
  MULMOD: 0x09,
  KECCAK256: 0x20,
  POP: 0x50,
  MSTORE: 0x52,
  JUMPI: 0x57,
  JUMPDEST: 0x5b,
  PUSH1: 0x60,
  DUP1: 0x80,
  DUP4: 0x83,
  SWAP1: 0x90,
  SWAP2: 0x91,
  RETURN: 0xf3,
} as const;

/** Largest prime below 2^256, so the modulus is a full-width word. */
export const MULMOD_MODULUS = (1n << 256n) - 189n;
/**
 * floor(2^256 / golden ratio): a full-width multiplier below the modulus with no small
 * residue (2^256 - 2, say, is 187 mod the modulus, and the chain would start narrow).
 */
export const MULMOD_MULTIPLIER = 0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95n;
/** -1 mod the modulus: full-width, and so is every product along the chain. */
export const MULMOD_SEED = MULMOD_MODULUS - 1n;

function push(value: bigint): number[] {
  let digits = value.toString(16);
  if (digits.length % 2 === 1) digits = "0" + digits;
  const bytes = Array.from(hexToBytes(digits));
  if (bytes.length === 0) bytes.push(0);
  if (bytes.length > 32) throw new Error("push value wider than 32 bytes");
  return [OP.PUSH1 + bytes.length - 1, ...bytes];
}

/**
 * A do-while loop run `iterations` times. The counter is the top stack item on entry to
 * the body; every kind ends its body with the same decrement-and-branch tail:
 *
 *   JUMPDEST; <work>; PUSH1 1; SWAP1; SUB; DUP1; PUSH1 <loop>; JUMPI
 *
 * - arith:  PUSHn iterations; loop: JUMPDEST + tail (no work); STOP.
 *           26 gas per iteration; returns nothing.
 * - keccak: PUSHn iterations; loop: JUMPDEST; PUSH1 64; PUSH1 0; KECCAK256; PUSH1 0;
 *           MSTORE; tail. Memory word 0 becomes keccak256(mem[0..64]) each time (a hash
 *           chain over 64 bytes, word 1 stays zero); after the loop returns mem[0..32].
 * - mulmod: PUSH32 seed; PUSHn iterations; loop: JUMPDEST; PUSH32 modulus; PUSH32
 *           multiplier; DUP4; MULMOD; SWAP2; POP; tail. x <- x * multiplier mod modulus
 *           with all three operands full-width words (see MULMOD_*); after the loop
 *           stores x at 0 and returns mem[0..32].
 */
export function loopProgram(kind: LoopKind, iterations = DEFAULT_LOOP_ITERATIONS): Uint8Array {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new Error(`iterations must be a positive integer, got ${iterations}`);
  }
  const prologue: number[] = kind === "mulmod" ? [...push(MULMOD_SEED), ...push(BigInt(iterations))] : push(BigInt(iterations));
  const loopStart = prologue.length;
  if (loopStart > 0xff) throw new Error("loop start must fit PUSH1");
  const work: Record<LoopKind, number[]> = {
    arith: [],
    keccak: [OP.PUSH1, 64, OP.PUSH1, 0, OP.KECCAK256, OP.PUSH1, 0, OP.MSTORE],
    mulmod: [...push(MULMOD_MODULUS), ...push(MULMOD_MULTIPLIER), OP.DUP4, OP.MULMOD, OP.SWAP2, OP.POP],
  };
  const tail = [OP.PUSH1, 1, OP.SWAP1, OP.SUB, OP.DUP1, OP.PUSH1, loopStart, OP.JUMPI];
  const returnWordZero = [OP.PUSH1, 32, OP.PUSH1, 0, OP.RETURN];
  const epilogue: Record<LoopKind, number[]> = {
    arith: [OP.STOP],
    keccak: returnWordZero,
    // Stack after the loop: [x, 0]; drop the spent counter, store x.
    mulmod: [OP.POP, OP.PUSH1, 0, OP.MSTORE, ...returnWordZero],
  };
  return Uint8Array.from([...prologue, OP.JUMPDEST, ...work[kind], ...tail, ...epilogue[kind]]);
}
