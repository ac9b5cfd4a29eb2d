// Differential: thousands of generated programs (calls, creates, reverts, storage, memory, logs)
// run on the WASM engine and on @ethereumjs/evm must agree byte for byte and gas for gas.
// CI runs a fixed seed range; OVM_FUZZ_SEEDS=N runs N programs, OVM_FUZZ_START=S moves the range.
import { test } from "node:test";
import { createRng, generateProgram, generateMessage } from "../generators/programs.js";
import { assertSameExecution } from "./compare.js";
import { DEFAULT_BLOCK } from "../../src/evm/defaults.js";

const start = Number(process.env.OVM_FUZZ_START ?? 1);
const count = Number(process.env.OVM_FUZZ_SEEDS ?? 400);

test(`generated programs: WASM engine = @ethereumjs/evm on seeds ${start}..${start + count - 1} (results, gas, refunds, logs, accounts, storage)`, async () => {
  for (let seed = start; seed < start + count; seed++) {
    const rng = createRng(seed);
    const program = generateProgram(rng);
    // Two messages in a row: the second sees the first's committed state and fresh warm sets.
    const messages = [generateMessage(rng, program), generateMessage(rng, program)];
    await assertSameExecution(program.pre, DEFAULT_BLOCK, messages, [...program.pre.keys()], `seed ${seed} (rerun: OVM_FUZZ_START=${seed} OVM_FUZZ_SEEDS=1)`);
  }
});
