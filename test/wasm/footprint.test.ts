// The engine's footprint limits (issue: module under 200 KB, instance memory under 64 MB).
import { test } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { wasmPath } from "../../src/wasm/module.js";
import { WasmEvm } from "../../src/wasm/instance.js";
import { WorldState } from "../../src/state/world-state.js";
import { MessageFlags } from "../../src/wasm/abi.js";
import { loadStandardPrograms, BENCHMARK_GAS_LIMIT } from "../../src/benchmarks/standard-programs.js";
import { DEFAULT_BLOCK, DEFAULT_SENDER } from "../../src/evm/defaults.js";
import { hexToBytes } from "../../src/hex.js";

test("the release WASM module is under 200 KB", () => {
  const size = statSync(wasmPath("release")).size;
  assert.ok(size < 200 * 1024, `build/ovm.wasm is ${size} bytes`);
});

test("one engine instance stays under 64 MB of linear memory after every standard benchmark program, twice", () => {
  const address = "0x00000000000000000000000000000000000c0de1";
  const state = new WorldState();
  const evm = new WasmEvm(state);
  for (let round = 0; round < 2; round++) {
    for (const program of loadStandardPrograms(undefined, { loopIterations: 20_000 })) {
      state.putAccount(address, { code: program.code, nonce: 1n });
      evm.invalidateCache();
      const out = evm.run({
        flags: MessageFlags.WarmTransactionAddresses,
        caller: hexToBytes(DEFAULT_SENDER),
        origin: hexToBytes(DEFAULT_SENDER),
        to: hexToBytes(address),
        value: 0n,
        gas: BENCHMARK_GAS_LIMIT,
        gasPrice: 0n,
        data: program.input,
        block: DEFAULT_BLOCK,
      });
      assert.equal(out.status, 0, program.name);
      evm.discard();
    }
  }
  assert.ok(evm.memoryBytes() < 64 * 1024 * 1024, `instance memory is ${evm.memoryBytes()} bytes`);
});
