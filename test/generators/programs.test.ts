// Checks the random program generator: determinism per seed, and that 500 generated
// programs run to completion on the ethereumjs reference with a healthy mix of outcomes,
// executing every Cancun opcode and never calling a precompile.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createReferenceEvm } from "../../src/baseline/ethereumjs.js";
import { DEFAULT_BLOCK } from "../../src/evm/defaults.js";
import type { ExecutionResult, Hex } from "../../src/evm/types.js";
import { createRng, generateMessage, generateProgram } from "./programs.js";

const BASE_SEED = 0x0ba5e000;
const PROGRAM_COUNT = 500;

interface RunRecord {
  seed: number;
  result?: ExecutionResult;
  failure?: unknown;
  nestedFrames: number;
  nestedCreations: number;
  reentries: number;
  precompileTargets: Hex[];
}

// All runs happen here, at module load, before the first test() call: once node:test's
// harness is up, its async_hooks fire on every promise and ethereumjs (one await per
// opcode) runs 5-10x slower inside a test body.
const executedOpcodes = new Set<number>();
let activeOpcodes: { code: number; fullName: string }[] = [];
const runs: RunRecord[] = [];
for (let index = 0; index < PROGRAM_COUNT; index++) {
  const seed = BASE_SEED + index;
  const rng = createRng(seed);
  const program = generateProgram(rng);
  const message = generateMessage(rng, program);
  const record: RunRecord = { seed, nestedFrames: 0, nestedCreations: 0, reentries: 0, precompileTargets: [] };
  try {
    const reference = await createReferenceEvm(program.pre, DEFAULT_BLOCK);
    if (activeOpcodes.length === 0) activeOpcodes = [...reference.evm.getActiveOpcodes().values()];
    const events = reference.evm.events!;
    events.on("step", (step) => {
      executedOpcodes.add(step.opcode.code);
    });
    events.on("beforeMessage", (frame) => {
      // codeAddress is the code being run (the callee's for DELEGATECALL/CALLCODE); a
      // creation has none and ethereumjs' getter throws for it.
      const target = frame.to === undefined ? undefined : (frame.codeAddress.toString() as Hex);
      if (target !== undefined && BigInt(target) >= 1n && BigInt(target) <= 10n) record.precompileTargets.push(target);
      if (frame.depth === 0) return;
      record.nestedFrames++;
      if (frame.to === undefined) record.nestedCreations++;
      if (target === program.address) record.reentries++;
    });
    record.result = await reference.runCall(message);
  } catch (failure) {
    record.failure = failure;
  }
  runs.push(record);
}

const share = (count: number) => count / PROGRAM_COUNT;

test("generation is deterministic for a seed: same code, calldata, pre-state and message", () => {
  for (const seed of [0, 1, 0xdeadbeef, BASE_SEED]) {
    const first = createRng(seed);
    const second = createRng(seed);
    const programA = generateProgram(first);
    const programB = generateProgram(second);
    assert.deepEqual(programA, programB, `seed ${seed}`);
    assert.deepEqual(generateMessage(first, programA), generateMessage(second, programB), `seed ${seed}`);
  }
  const codes = new Set([1, 2, 3, 4].map((seed) => Buffer.from(generateProgram(createRng(seed)).code).toString("hex")));
  assert.equal(codes.size, 4, "different seeds give different programs");
});

test("createRng is a deterministic, roughly uniform generator", () => {
  const sequence = (seed: number) => Array.from({ length: 8 }, (() => { const rng = createRng(seed); return () => rng.next(); })());
  assert.deepEqual(sequence(42), sequence(42));
  assert.notDeepEqual(sequence(42), sequence(43));
  const rng = createRng(7);
  const buckets = new Array(10).fill(0);
  for (let draw = 0; draw < 20_000; draw++) buckets[rng.int(10)]++;
  for (const count of buckets) assert.ok(count > 1800 && count < 2200, `bucket count ${count} (seed 7)`);
  for (let draw = 0; draw < 1000; draw++) {
    const value = rng.range(-3, 3);
    assert.ok(Number.isInteger(value) && value >= -3 && value <= 3);
    assert.ok(rng.word() < 1n << 256n);
  }
});

test(`the reference runs all ${PROGRAM_COUNT} generated programs without a harness exception`, () => {
  const failed = runs.filter((run) => run.failure !== undefined);
  assert.deepEqual(
    failed.map((run) => `seed ${run.seed}: ${String(run.failure)}`),
    [],
  );
});

test("generated programs end in a mix of success, revert, out of gas and other exceptional halts", () => {
  const counts = new Map<string, number>();
  for (const { result } of runs) {
    if (result === undefined) continue;
    const outcome = result.success ? "success" : result.error ?? "unnamed failure";
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  console.log(`outcomes over ${PROGRAM_COUNT} programs (seeds ${BASE_SEED}..${BASE_SEED + PROGRAM_COUNT - 1}):`, Object.fromEntries(counts));
  const count = (outcome: string) => counts.get(outcome) ?? 0;
  const otherExceptional = [...counts].filter(([outcome]) => !["success", "revert", "out of gas"].includes(outcome));
  assert.ok(share(count("success")) >= 0.2, `success ${count("success")}`);
  assert.ok(share(count("revert")) >= 0.05, `revert ${count("revert")}`);
  assert.ok(share(count("out of gas")) >= 0.05, `out of gas ${count("out of gas")}`);
  assert.ok(share(otherExceptional.reduce((sum, [, n]) => sum + n, 0)) >= 0.05, "other exceptional halts");
  for (const error of ["stack underflow", "stack overflow", "invalid opcode", "invalid JUMP"]) {
    assert.ok(count(error) > 0, `no run ended with ${error}`);
  }
  assert.equal(count("unnamed failure"), 0);
});

test("generated programs refund gas, log, create contracts, nest calls and re-enter the main contract", () => {
  const finished = runs.flatMap((run) => (run.result === undefined ? [] : [{ ...run, result: run.result }]));
  const stats = {
    refunds: finished.filter((run) => run.result.gasRefund > 0n).length,
    logs: finished.filter((run) => run.result.logs.length > 0).length,
    topLevelCreations: finished.filter((run) => run.result.createdAddress !== undefined).length,
    nestedFrames: finished.filter((run) => run.nestedFrames > 0).length,
    nestedCreations: finished.filter((run) => run.nestedCreations > 0).length,
    reentries: finished.filter((run) => run.reentries > 0).length,
  };
  console.log("runs with:", stats);
  assert.ok(share(stats.refunds) >= 0.05, `refunds in ${stats.refunds} runs`);
  assert.ok(share(stats.logs) >= 0.1, `logs in ${stats.logs} runs`);
  assert.ok(share(stats.topLevelCreations) >= 0.02, `creations in ${stats.topLevelCreations} runs`);
  assert.ok(share(stats.nestedFrames) >= 0.3, `nested frames in ${stats.nestedFrames} runs`);
  assert.ok(share(stats.nestedCreations) >= 0.1, `nested creations in ${stats.nestedCreations} runs`);
  assert.ok(share(stats.reentries) >= 0.05, `re-entries in ${stats.reentries} runs`);
});

test("across the generated programs every Cancun opcode is executed at least once", () => {
  // 0x00-0x0b, 0x10-0x1d, 0x20, 0x30-0x4a, 0x50-0xa4, 0xf0-0xf5, 0xfa, 0xfd, 0xfe, 0xff.
  assert.equal(activeOpcodes.length, 149, "the reference lists the Cancun opcode set");
  const missing = activeOpcodes.filter((opcode) => !executedOpcodes.has(opcode.code)).map((opcode) => opcode.fullName);
  assert.deepEqual(missing, [], `never executed over seeds ${BASE_SEED}..${BASE_SEED + PROGRAM_COUNT - 1}`);
});

test("no generated run calls a precompile (0x01..0x0a), which the engine does not implement yet", () => {
  const offenders = runs.filter((run) => run.precompileTargets.length > 0).map((run) => `seed ${run.seed}: ${run.precompileTargets.join(", ")}`);
  assert.deepEqual(offenders, []);
});
