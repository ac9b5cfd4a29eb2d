// Invariant I2 (ovm-spec.md): a contract that neither reads gas nor uses a banned opcode behaves under
// the OVM exactly as on a plain EVM. The same transaction sequences run (a) plainly on Hardhat's
// in-process network and (b) through the Solidity ExecutionManager on another Hardhat chain; every
// step must give the same success, return data, logs and created address, and every storage slot of
// every contract must end equal. The slots compared are all non-zero slots the plain run leaves
// (read from the project's own plain-EVM engine, whose state can be listed; it runs the same steps
// and must agree too).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../src/engine/create-engine.js";
import type { Engine } from "../../src/engine/types.js";
import type { WasmEvmEngine } from "../../src/engine/wasm-engine.js";
import { corpusScenarios, DEPLOYER, USER, type StepOutcome } from "./scenario.js";
import { LEGACY_SCENARIOS, engineExecutor, planScenario, runScenario, unmetExpectations } from "../../src/contracts/scenarios.js";

function sameStep(label: string, a: StepOutcome, b: StepOutcome): void {
  assert.equal(b.result.success, a.result.success, `${label}: success`);
  assert.equal(b.result.returnData, a.result.returnData, `${label}: return data`);
  assert.deepEqual(b.result.logs, a.result.logs, `${label}: logs`);
  assert.equal(b.created, a.created, `${label}: created address`);
}

for (const scenario of corpusScenarios()) {
  test(`OVM = EVM (I2): ${scenario.name}`, async () => {
    // Fresh chains per scenario: the steps predict addresses from nonces that start at zero.
    const plain: Engine = await createEngine({ mode: "evm", backend: "hardhat" });
    const ovm: Engine = await createEngine({ mode: "ovm", backend: "hardhat" });
    const reference = (await createEngine({ mode: "evm", backend: "wasm" })) as WasmEvmEngine;
    const [onPlain, onOvm, onReference] = [await scenario.run(plain), await scenario.run(ovm), await scenario.run(reference)];
    scenario.steps.forEach((step, i) => {
      const label = `${scenario.name}, step ${i} (${onPlain[i]!.label})`;
      assert.equal(onPlain[i]!.result.success, step.expectSuccess, `${label}: expected ${step.expectSuccess ? "success" : "failure"} on plain Hardhat (${onPlain[i]!.result.returnData})`);
      sameStep(label + " [plain wasm vs plain Hardhat]", onPlain[i]!, onReference[i]!);
      sameStep(label + " [OVM vs plain Hardhat]", onPlain[i]!, onOvm[i]!);
    });
    // Every account of the plain run, children created by contracts included.
    for (const address of reference.accountAddresses()) {
      const slots = reference.storageSlots(address);
      for (const slot of slots) {
        const expected = await plain.getStorage(address, slot);
        assert.equal(await reference.getStorage(address, slot), expected, `${scenario.name}: ${address} slot ${slot} (plain wasm)`);
        assert.equal(await ovm.getStorage(address, slot), expected, `${scenario.name}: ${address} slot ${slot} (OVM)`);
      }
      assert.equal(await ovm.getCode(address), await plain.getCode(address), `${scenario.name}: original code of ${address}`);
    }
  });
}

// The corpus compiled by older compilers (solc 0.5.17 and 0.6.12, src/contracts/scenarios.ts): deployed
// code in the wild comes from many compilers, and the transpiler must handle all of their output.
const LEGACY_ACCOUNTS = { deployer: DEPLOYER, alice: USER, bob: "0x0000000000000000000000000000000000000b0b" } as const;
const LEGACY_TIMESTAMP = 1_900_000_000n;

for (const scenario of LEGACY_SCENARIOS) {
  test(`OVM = EVM (I2), older compilers: ${scenario.name}`, async () => {
    const plan = planScenario(scenario, { accounts: LEGACY_ACCOUNTS, nonceRule: "per-transaction", timestamp: LEGACY_TIMESTAMP, chainId: 10n });
    const options = { gasLimit: 8_000_000n, timestamp: LEGACY_TIMESTAMP };
    const plain: Engine = await createEngine({ mode: "evm", backend: "hardhat" });
    const ovm: Engine = await createEngine({ mode: "ovm", backend: "hardhat" });
    const reference = (await createEngine({ mode: "evm", backend: "wasm" })) as WasmEvmEngine;
    const onPlain = await runScenario(plan, engineExecutor(plain, options));
    const onOvm = await runScenario(plan, engineExecutor(ovm, options));
    await runScenario(plan, engineExecutor(reference, options));
    plan.steps.forEach((step, i) => {
      const label = `${scenario.name}, step ${i} (${step.description})`;
      assert.deepEqual(unmetExpectations(step, onPlain[i]!), [], `${label} on plain Hardhat`);
      assert.equal(onOvm[i]!.success, onPlain[i]!.success, `${label}: success`);
      assert.equal(onOvm[i]!.returnData, onPlain[i]!.returnData, `${label}: return data`);
      assert.deepEqual(onOvm[i]!.logs, onPlain[i]!.logs, `${label}: logs`);
      assert.equal(onOvm[i]!.createdAddress, onPlain[i]!.createdAddress, `${label}: created address`);
    });
    for (const address of reference.accountAddresses()) {
      for (const slot of reference.storageSlots(address)) {
        assert.equal(await ovm.getStorage(address, slot), await plain.getStorage(address, slot), `${scenario.name}: ${address} slot ${slot}`);
      }
      assert.equal(await ovm.getCode(address), await plain.getCode(address), `${scenario.name}: original code of ${address}`);
    }
  });
}
