// Invariant I1 (ovm-spec.md): for every transaction, the engine's OVM mode (the compiled EM running in
// the project's WASM EVM: layer 2) gives what the Solidity EM gives on Hardhat (layer 1): success,
// return data, logs, gas used (the wrapped transaction's L1 gas, to the unit) and OVM state after it.
// OVM state is compared through the EM's whole storage (every OVM account record and storage slot
// lives there, docs/ovm-em.md) and the original code of every contract.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../src/engine/create-engine.js";
import type { WasmEvmEngine } from "../../src/engine/wasm-engine.js";
import type { OvmEngine } from "../../src/ovm/ovm-engine.js";
import { corpusScenarios, DEPLOYER, USER } from "./scenario.js";
import { LEGACY_SCENARIOS, engineExecutor, planScenario, runScenario } from "../../src/contracts/scenarios.js";
import type { Hex } from "../../src/hex.js";

interface Comparable {
  success: boolean;
  returnData: string;
  gasUsed: bigint;
  logs: unknown[];
}

function sameTransaction(label: string, l1: Comparable, l2: Comparable): void {
  assert.equal(l2.success, l1.success, `${label}: success`);
  assert.equal(l2.returnData, l1.returnData, `${label}: return data`);
  assert.deepEqual(l2.logs, l1.logs, `${label}: logs`);
  assert.equal(l2.gasUsed, l1.gasUsed, `${label}: gas used`);
}

async function sameOvmState(name: string, l1: OvmEngine, l2: OvmEngine, contracts: Iterable<Hex>): Promise<void> {
  assert.equal(l2.executionManager, l1.executionManager, `${name}: the EM sits at the same address`);
  const l2Chain = l2.l1 as WasmEvmEngine;
  const slots = l2Chain.storageSlots(l2.executionManager);
  assert.ok(slots.length > 0, `${name}: the EM holds OVM state`);
  for (const slot of slots) {
    assert.equal(await l1.l1.getStorage(l1.executionManager, slot), await l2Chain.getStorage(l2.executionManager, slot), `${name}: EM slot ${slot}`);
  }
  for (const address of contracts) assert.equal(await l2.getCode(address), await l1.getCode(address), `${name}: code of ${address}`);
}

async function enginePair(): Promise<{ l1: OvmEngine; l2: OvmEngine }> {
  const l1 = (await createEngine({ mode: "ovm", backend: "hardhat" })) as OvmEngine;
  const l2 = (await createEngine({ mode: "ovm", backend: "wasm" })) as OvmEngine;
  return { l1, l2 };
}

for (const scenario of corpusScenarios()) {
  test(`L1 = L2 (I1), gas included: ${scenario.name}`, async () => {
    const { l1, l2 } = await enginePair();
    const [onL1, onL2] = [await scenario.run(l1), await scenario.run(l2)];
    onL1.forEach((outcome, i) => {
      sameTransaction(`${scenario.name}, step ${i} (${outcome.label})`, outcome.result, onL2[i]!.result);
      assert.equal(onL2[i]!.created, outcome.created, `${scenario.name}, step ${i}: created address`);
    });
    await sameOvmState(scenario.name, l1, l2, scenario.contracts);
  });
}

const LEGACY_ACCOUNTS = { deployer: DEPLOYER, alice: USER, bob: "0x0000000000000000000000000000000000000b0b" } as const;

for (const scenario of LEGACY_SCENARIOS) {
  test(`L1 = L2 (I1), gas included, older compilers: ${scenario.name}`, async () => {
    const plan = planScenario(scenario, { accounts: LEGACY_ACCOUNTS, nonceRule: "per-transaction", timestamp: 1_900_000_000n, chainId: 10n });
    const options = { gasLimit: 8_000_000n, timestamp: 1_900_000_000n };
    const { l1, l2 } = await enginePair();
    const [onL1, onL2] = [await runScenario(plan, engineExecutor(l1, options)), await runScenario(plan, engineExecutor(l2, options))];
    plan.steps.forEach((step, i) => {
      sameTransaction(`${scenario.name}, step ${i} (${step.description})`, onL1[i]!, onL2[i]!);
      assert.equal(onL2[i]!.createdAddress, onL1[i]!.createdAddress, `${scenario.name}, step ${i}: created address`);
    });
    await sameOvmState(scenario.name, l1, l2, plan.addresses.values());
  });
}
