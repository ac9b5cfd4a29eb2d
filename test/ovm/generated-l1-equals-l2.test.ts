// Invariant I1 on generated code: random EVM programs (test/generators/programs.ts: nested calls,
// creates, reverts, storage, transient storage, memory, logs, deliberate breakage and banned
// opcodes) are deployed through the EM as init code and then called, on the WASM backend and on
// Hardhat. Every transaction must agree to the byte: success, return data, logs, created address,
// and L1 gas used. The seed of a failing program is printed; OVM_GENERATED_SEEDS=N runs N programs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../src/engine/create-engine.js";
import type { Engine, TransactionResult } from "../../src/engine/types.js";
import { createRng, generateProgram } from "../generators/programs.js";
import { bytesToHex } from "../../src/hex.js";

const SEEDS = Number(process.env.OVM_GENERATED_SEEDS ?? 24);
const FIRST_SEED = Number(process.env.OVM_GENERATED_FIRST_SEED ?? 9100);
const SENDER = "0x00000000000000000000000000000000005e0de5";

function comparable(r: TransactionResult & { address?: string | null }) {
  return { success: r.success, returnData: r.returnData, logs: r.logs, gasUsed: r.gasUsed, address: r.address ?? null };
}

test(`L1 = L2 (I1) on ${SEEDS} generated programs deployed and called through the EM, gas included`, async () => {
  const l1: Engine = await createEngine({ mode: "ovm", backend: "hardhat" });
  const l2: Engine = await createEngine({ mode: "ovm", backend: "wasm" });
  let deployed = 0;
  let failures = 0;
  for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
    const program = generateProgram(createRng(seed));
    const codes = [program.code, ...[...program.pre.values()].map((a) => a.code).filter((c) => c.length > 0 && c !== program.code)];
    for (const [i, code] of codes.entries()) {
      const label = `seed ${seed}, code ${i}`;
      const request = { from: SENDER, data: bytesToHex(code), gasLimit: 2_000_000n, timestamp: 1_900_000_000n + BigInt(seed) };
      const [a, b] = [await l1.deploy(request), await l2.deploy(request)];
      assert.deepEqual(comparable(b), comparable(a), `${label}: deploy`);
      if (!a.success) failures++;
      if (a.success && a.address) {
        deployed++;
        const call = { from: SENDER, to: a.address, data: bytesToHex(program.calldata), gasLimit: 2_000_000n, timestamp: request.timestamp };
        const [c, d] = [await l1.execute(call), await l2.execute(call)];
        assert.deepEqual(comparable(d), comparable(c), `${label}: call`);
      }
    }
  }
  // Both outcomes must be exercised, or the comparison proves little.
  assert.ok(deployed > 0, "some generated init code deploys");
  assert.ok(failures > 0, "some generated init code fails");
  assert.equal(await l2.getCode(SENDER), "0x");
  console.log(`${deployed} programs deployed and called, ${failures} init codes failed, on both backends alike`);
});
