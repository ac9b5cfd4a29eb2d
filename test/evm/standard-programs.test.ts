// Every program and input of the standard EVM benchmark set (../shared/benchmarks) gives the same
// output and gas on the WASM engine as on @ethereumjs/evm, and the evmone-recorded outputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStandardPrograms, loopProgram, BENCHMARK_GAS_LIMIT, LOOP_KINDS } from "../../src/benchmarks/standard-programs.js";
import { MessageRunner } from "../../src/evm/message-runner.js";
import { createReferenceEvm } from "../../src/baseline/ethereumjs.js";
import { DEFAULT_BLOCK, DEFAULT_SENDER } from "../../src/evm/defaults.js";
import { bytesToHex } from "../../src/hex.js";
import type { Hex, PreState } from "../../src/evm/types.js";

const ADDRESS: Hex = "0x00000000000000000000000000000000000c0de1";

async function runBoth(code: Uint8Array, input: Uint8Array) {
  // The executing account exists (snailtracer writes storage at its own address).
  const pre: PreState = new Map([[ADDRESS, { nonce: 1n, balance: 0n, code, storage: new Map() }]]);
  const msg = { caller: DEFAULT_SENDER, to: ADDRESS, data: input, value: 0n, gasLimit: BENCHMARK_GAS_LIMIT };
  const ours = new MessageRunner(pre, DEFAULT_BLOCK).runCall(msg);
  const reference = await (await createReferenceEvm(pre, DEFAULT_BLOCK)).runCall(msg);
  return { ours, reference };
}

// Runs happen at module load (node's test runner slows ethereumjs' awaits inside test()).
const programs = loadStandardPrograms().filter((p) => p.suite !== "loop");
const results = new Map<string, Awaited<ReturnType<typeof runBoth>>>();
for (const program of programs) results.set(program.name, await runBoth(program.code, program.input));
const loops = new Map<string, Awaited<ReturnType<typeof runBoth>>>();
for (const kind of LOOP_KINDS) loops.set(kind, await runBoth(loopProgram(kind, 10_000), new Uint8Array(0)));

for (const program of programs) {
  test(`benchmark ${program.name}: output and gas equal @ethereumjs/evm${program.expectedOutput ? " and evmone's recorded output" : ""}`, () => {
    const { ours, reference } = results.get(program.name)!;
    assert.equal(ours.success, true, `${program.name}: ${ours.error}`);
    assert.equal(bytesToHex(ours.returnData), bytesToHex(reference.returnData));
    assert.equal(ours.gasUsed, reference.gasUsed);
    assert.equal(ours.gasRefund, reference.gasRefund);
    if (program.expectedOutput) assert.equal(bytesToHex(ours.returnData), bytesToHex(program.expectedOutput));
  });
}

for (const kind of LOOP_KINDS) {
  test(`benchmark loop ${kind} (10,000 iterations): output and gas equal @ethereumjs/evm`, () => {
    const { ours, reference } = loops.get(kind)!;
    assert.equal(ours.success, true);
    assert.equal(bytesToHex(ours.returnData), bytesToHex(reference.returnData));
    assert.equal(ours.gasUsed, reference.gasUsed);
  });
}
