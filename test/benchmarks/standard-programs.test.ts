// Pins the loader of the standard benchmark set and checks every program on the
// ethereumjs reference: outputs against evmone v0.9.0's expected outputs where they
// exist, and gas against the figures recorded from the reference (the README states that
// outputs and gas were identical across ethereumjs and evmone on this set).
import { test } from "node:test";
import assert from "node:assert/strict";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { createReferenceEvm } from "../../src/baseline/ethereumjs.js";
import { DEFAULT_BLOCK } from "../../src/evm/defaults.js";
import {
  MULMOD_MODULUS,
  MULMOD_MULTIPLIER,
  MULMOD_SEED,
  benchmarkMessage,
  defaultBenchmarksRoot,
  expandEvmoneHex,
  loadStandardPrograms,
  loopProgram,
  parseEvmoneInputs,
  type StandardProgram,
} from "../../src/benchmarks/standard-programs.js";

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const RUN_SLOW = process.env.OVM_SLOW_TESTS === "1";

/** Execution gas of each input on the reference (Cancun, 1e11 gas limit, runCode-style). */
const REFERENCE_GAS: Record<string, bigint> = {
  "blake2b_huff/empty": 13_984n,
  "blake2b_huff/8415nulls": 879_923n,
  "blake2b_shifts/8415nulls": 12_043_105n,
  "sha1_divs/empty": 36_454n,
  "sha1_divs/5311": 3_000_286n,
  "sha1_shifts/empty": 35_234n,
  "sha1_shifts/5311": 2_898_473n,
  "snailtracer/benchmark": 165_962_868n,
  "structarray_alloc/nfts_rank": 1_737_676n,
  "swap_math/spent": 3_179n,
  "swap_math/received": 3_505n,
  "swap_math/insufficient_liquidity": 2_232n,
  "weierstrudel/1": 47_561n,
  "weierstrudel/15": 598_273n,
  "JUMPDEST_n0/empty": 527_598n,
  "jump_around/empty": 49_153n,
  "loop_with_many_jumpdests/empty": 7_987_882n,
  "memory_grow_mload/nogrow": 57_356n,
  "memory_grow_mload/by1": 57_772n,
  "memory_grow_mload/by16": 71_700n,
  "memory_grow_mload/by32": 102_409n,
  "memory_grow_mstore/nogrow": 61_452n,
  "memory_grow_mstore/by1": 61_868n,
  "memory_grow_mstore/by16": 75_796n,
  "memory_grow_mstore/by32": 106_505n,
  "signextend/zero": 96_066n,
  "signextend/one": 96_066n,
};

const WITH_EXPECTED_OUTPUT = [
  "blake2b_huff/empty",
  "blake2b_huff/8415nulls",
  "blake2b_shifts/8415nulls",
  "sha1_divs/empty",
  "sha1_divs/5311",
  "sha1_shifts/empty",
  "sha1_shifts/5311",
  "weierstrudel/1",
  "weierstrudel/15",
  "signextend/zero",
  "signextend/one",
];

function loopCase(kind: "arith" | "keccak" | "mulmod", iterations: number): StandardProgram {
  return { name: `loop/${kind}`, program: "loop", inputName: kind, suite: "loop", input: new Uint8Array(0), code: loopProgram(kind, iterations) };
}

async function runOnReference(program: StandardProgram) {
  const reference = await createReferenceEvm(new Map(), DEFAULT_BLOCK);
  return reference.runCall(benchmarkMessage(program));
}

// The State Test inputs run here, at module load, before the first test() call: once
// node:test's harness is up, its async_hooks fire on every promise, and ethereumjs (one
// await per opcode) runs 5-10x slower inside a test body. Failures are kept and
// reported by the test below.
const stateTestRuns = await (async () => {
  const runs: { program: StandardProgram; result?: Awaited<ReturnType<typeof runOnReference>>; failure?: unknown }[] = [];
  for (const program of loadStandardPrograms(undefined, { includeLoops: false })) {
    if (program.program === "snailtracer" && !RUN_SLOW) continue;
    try {
      runs.push({ program, result: await runOnReference(program) });
    } catch (failure) {
      runs.push({ program, failure });
    }
  }
  return runs;
})();

test("the loader finds the 3 loops and all 27 inputs of the State Test set, named program/input", () => {
  const programs = loadStandardPrograms();
  assert.equal(programs.length, 30);
  assert.deepEqual(
    programs.map((program) => program.name),
    ["loop/arith", "loop/keccak", "loop/mulmod", ...Object.keys(REFERENCE_GAS)],
  );
  assert.equal(new Set(programs.map((program) => program.name)).size, 30);
  for (const program of programs) {
    assert.equal(program.name, `${program.program}/${program.inputName}`);
    assert.ok(program.code.length > 0, program.name);
  }
  assert.equal(loadStandardPrograms(undefined, { includeLoops: false }).length, 27);
  const snailtracer = programs.find((program) => program.name === "snailtracer/benchmark")!;
  assert.equal(snailtracer.suite, "main");
  assert.equal(toHex(snailtracer.input), "30627b7c");
});

test("expected outputs come from evmone v0.9.0 matched on input bytes (weierstrudel '1' there is '0'), non-empty ones only", () => {
  const programs = loadStandardPrograms();
  assert.deepEqual(
    programs.filter((program) => program.expectedOutput !== undefined).map((program) => program.name),
    WITH_EXPECTED_OUTPUT,
  );
  const sha1Empty = programs.find((program) => program.name === "sha1_divs/empty")!;
  // SHA-1 of the empty string, ABI-encoded as bytes20.
  assert.equal(toHex(sha1Empty.expectedOutput!), "da39a3ee5e6b4b0d3255bfef95601890afd80709" + "00".repeat(12));
});

test("evmone hex expands (NxHEX) repetitions of multi-byte units, ignores whitespace and case", () => {
  assert.equal(toHex(expandEvmoneHex("aB (3x00ff) \n(2x5b)cd")), "ab00ff00ff00ff5b5bcd");
  assert.equal(expandEvmoneHex("").length, 0);
  const blocks = parseEvmoneInputs("\nfirst\n01(2x00)\n\n\nsecond\n\nff\n");
  assert.deepEqual(
    blocks.map((block) => [block.name, toHex(block.input), toHex(block.expectedOutput)]),
    [["first", "010000", ""], ["second", "", "ff"]],
  );
});

test("OVM_BENCHMARKS_DIR overrides the default ../shared/benchmarks root", () => {
  const saved = process.env.OVM_BENCHMARKS_DIR;
  try {
    delete process.env.OVM_BENCHMARKS_DIR;
    assert.match(defaultBenchmarksRoot(), /[/\\]shared[/\\]benchmarks$/);
    process.env.OVM_BENCHMARKS_DIR = "/elsewhere/benchmarks";
    assert.equal(defaultBenchmarksRoot(), "/elsewhere/benchmarks");
    assert.throws(() => loadStandardPrograms(), /ENOENT/);
  } finally {
    if (saved === undefined) delete process.env.OVM_BENCHMARKS_DIR;
    else process.env.OVM_BENCHMARKS_DIR = saved;
  }
});

test(`every State Test input succeeds on the reference with the recorded gas and the evmone output${RUN_SLOW ? "" : " (snailtracer only with OVM_SLOW_TESTS=1: ~15 s alone)"}`, () => {
  assert.equal(stateTestRuns.length, RUN_SLOW ? 27 : 26);
  for (const { program, result, failure } of stateTestRuns) {
    if (result === undefined) throw failure;
    assert.equal(result.error, null, program.name);
    assert.equal(result.success, true, program.name);
    assert.equal(result.gasUsed, REFERENCE_GAS[program.name], program.name);
    if (program.expectedOutput !== undefined) {
      assert.equal(toHex(result.returnData), toHex(program.expectedOutput), program.name);
    }
  }
});

test("arith loop: PUSH n, then n x (JUMPDEST, PUSH1 1, SWAP1, SUB, DUP1, PUSH1 loop, JUMPI) costs 3 + 26n gas", async () => {
  assert.deepEqual([...loopProgram("arith").subarray(0, 4)], [0x62, 0x0f, 0x42, 0x40]);
  for (const iterations of [1, 1000]) {
    const result = await runOnReference(loopCase("arith", iterations));
    assert.equal(result.success, true);
    assert.equal(result.gasUsed, 3n + 26n * BigInt(iterations));
    assert.equal(result.returnData.length, 0);
  }
});

test("keccak loop hashes 64 bytes n times as a chain, costing 80 gas per iteration plus 15, and returns the last hash", async () => {
  const iterations = 500;
  const result = await runOnReference(loopCase("keccak", iterations));
  const memory = new Uint8Array(64);
  for (let round = 0; round < iterations; round++) memory.set(keccak_256(memory), 0);
  assert.equal(result.success, true);
  assert.equal(toHex(result.returnData), toHex(memory.subarray(0, 32)));
  // JUMPDEST 1 + PUSH1 x2 6 + KECCAK256 30 + 6*2 + PUSH1 3 + MSTORE 3 + tail 25 = 80;
  // plus PUSH 3, 6 for the first two memory words, 3+3 for the return pushes.
  assert.equal(result.gasUsed, 80n * BigInt(iterations) + 15n);
});

test("mulmod loop computes x <- x * multiplier mod (2^256-189) n times on full-width words, costing 48 gas per iteration plus 23", async () => {
  const iterations = 700;
  const result = await runOnReference(loopCase("mulmod", iterations));
  let x = MULMOD_SEED;
  let narrowResults = 0;
  for (let round = 0; round < iterations; round++) {
    x = (x * MULMOD_MULTIPLIER) % MULMOD_MODULUS;
    if (x < 1n << 192n) narrowResults++;
  }
  assert.equal(result.success, true);
  assert.equal(BigInt(`0x${toHex(result.returnData)}`), x);
  assert.equal(narrowResults, 0, "operands stay full-width words along the chain");
  assert.equal(result.gasUsed, 48n * BigInt(iterations) + 23n);
});

test("loopProgram rejects iteration counts the do-while loop cannot express", () => {
  assert.throws(() => loopProgram("arith", 0), /positive integer/);
  assert.throws(() => loopProgram("keccak", 1.5), /positive integer/);
});
