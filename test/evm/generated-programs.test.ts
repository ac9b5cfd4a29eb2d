// Differential: thousands of generated programs (calls, creates, reverts, storage, memory, logs)
// run on the WASM engine and on @ethereumjs/evm must agree byte for byte and gas for gas.
// CI runs a fixed seed range; OVM_FUZZ_SEEDS=N runs N programs, OVM_FUZZ_START=S moves the range.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng, generateProgram, generateMessage } from "../generators/programs.js";
import { assertSameExecution } from "./compare.js";
import { DEFAULT_BLOCK } from "../../src/evm/defaults.js";

const start = Number(process.env.OVM_FUZZ_START ?? 1);
const count = Number(process.env.OVM_FUZZ_SEEDS ?? 400);

// The runs happen at module load, outside test(): node's test runner hooks every promise, which
// slows ethereumjs (an await per opcode) five- to tenfold. The tests below only assert.
const failures: Error[] = [];
let compared = 0;
for (let seed = start; seed < start + count; seed++) {
  const rng = createRng(seed);
  const program = generateProgram(rng);
  // Two messages in a row: the second sees the first's committed state and fresh warm sets.
  const messages = [generateMessage(rng, program), generateMessage(rng, program)];
  try {
    await assertSameExecution(program.pre, DEFAULT_BLOCK, messages, [...program.pre.keys()], `seed ${seed} (rerun: OVM_FUZZ_START=${seed} OVM_FUZZ_SEEDS=1)`);
    compared++;
  } catch (e) {
    failures.push(e as Error);
  }
}

test(`generated programs: WASM engine = @ethereumjs/evm on seeds ${start}..${start + count - 1} (results, gas, refunds, logs, accounts, storage)`, () => {
  assert.equal(compared + failures.length, count);
  if (failures.length > 0) {
    throw new Error(`${failures.length} of ${count} seeds differ; the first:\n${failures[0].message}`);
  }
});
