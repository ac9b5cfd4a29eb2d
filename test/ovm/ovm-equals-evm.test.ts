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
import { EngineScenario, DEPLOYER, USER, type StepOutcome } from "./scenario.js";
import { LEGACY_SCENARIOS, engineExecutor, planScenario, runScenario, unmetExpectations } from "../../src/contracts/scenarios.js";

function scenarios(): EngineScenario[] {
  const list: EngineScenario[] = [];

  const token = new EngineScenario("ERC-20 transfers, approvals and failing transfers");
  const t = token.deploy("Token", ["Test", "TST", 10n ** 24n]);
  for (let i = 0; i < 3; i++) token.call(DEPLOYER, t, "Token", "transfer", [`0x${(0x100 + i).toString(16).padStart(40, "0")}`, 1000n * BigInt(i + 1)]);
  token.call(DEPLOYER, t, "Token", "approve", [USER, 5000n]);
  token.call(USER, t, "Token", "transferFrom", [DEPLOYER, USER, 3000n]);
  token.call(USER, t, "Token", "transferFrom", [DEPLOYER, USER, 3000n], { expectFailure: true });
  token.call(USER, t, "Token", "transfer", [DEPLOYER, 10n ** 30n], { expectFailure: true });
  list.push(token);

  const nft = new EngineScenario("ERC-721 mints, transfers and safeTransferFrom into a receiver contract");
  const n = nft.deploy("Collectible");
  const receiver = nft.deploy("CollectibleReceiver");
  nft.call(DEPLOYER, n, "Collectible", "mint", [DEPLOYER, 1n]);
  nft.call(DEPLOYER, n, "Collectible", "mint", [DEPLOYER, 2n]);
  nft.call(DEPLOYER, n, "Collectible", "transferFrom", [DEPLOYER, USER, 1n]);
  nft.call(DEPLOYER, n, "Collectible", "safeTransferFrom(address,address,uint256)", [DEPLOYER, receiver, 2n]);
  nft.call(USER, n, "Collectible", "setApprovalForAll", [DEPLOYER, true]);
  nft.call(DEPLOYER, receiver, "CollectibleReceiver", "setAccept", [false]);
  nft.call(USER, n, "Collectible", "safeTransferFrom(address,address,uint256)", [USER, receiver, 1n], { expectFailure: true });
  list.push(nft);

  const factory = new EngineScenario("a factory deploying children with CREATE and CREATE2 from embedded init code, and a CREATE2 collision");
  const f = factory.deploy("Factory");
  factory.call(DEPLOYER, f, "Factory", "create", [7n, `0x${"ab".repeat(32)}`]);
  factory.call(DEPLOYER, f, "Factory", "create2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`]);
  factory.call(DEPLOYER, f, "Factory", "tryCreate2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`]);
  factory.call(DEPLOYER, f, "Factory", "bumpAll", [3n]);
  factory.call(DEPLOYER, f, "Factory", "create2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`], { expectFailure: true });
  list.push(factory);

  const recursion = new EngineScenario("recursion: internal, external, reverting at a depth and caught");
  const r = recursion.deploy("Recursion");
  recursion.call(DEPLOYER, r, "Recursion", "fib", [10n]);
  recursion.call(DEPLOYER, r, "Recursion", "fibExternal", [6n]);
  recursion.call(DEPLOYER, r, "Recursion", "sumDown", [10n]);
  recursion.call(DEPLOYER, r, "Recursion", "climb", [10n, 4n]);
  recursion.call(DEPLOYER, r, "Recursion", "reset", [10n]);
  list.push(recursion);

  const reverts = new EngineScenario("reverts with reasons, custom errors and panics, caught by a caller");
  const rv = reverts.deploy("Reverter");
  const catcher = reverts.deploy("RevertCatcher", [rv]);
  for (let kind = 0; kind < 8; kind++) reverts.call(DEPLOYER, catcher, "RevertCatcher", "catchRaw", [kind]);
  reverts.call(DEPLOYER, catcher, "RevertCatcher", "catchAll", []);
  reverts.call(DEPLOYER, rv, "Reverter", "revertWithReason", [], { expectFailure: true });
  reverts.call(DEPLOYER, rv, "Reverter", "revertCustom", [42n], { expectFailure: true });
  reverts.call(DEPLOYER, rv, "Reverter", "divide", [1n, 0n], { expectFailure: true });
  list.push(reverts);

  const exchange = new EngineScenario("a constant-product exchange of two tokens with a linked library (DELEGATECALL)");
  const lib = exchange.deploy("LibMath");
  const t0 = exchange.deploy("Token", ["Zero", "T0", 10n ** 24n]);
  const t1 = exchange.deploy("Token", ["One", "T1", 10n ** 24n]);
  const ex = exchange.deploy("Exchange", [t0, t1], { link: { "contracts/test/LibMath.sol:LibMath": lib } });
  exchange.call(DEPLOYER, t0, "Token", "approve", [ex, 10n ** 24n]);
  exchange.call(DEPLOYER, t1, "Token", "approve", [ex, 10n ** 24n]);
  exchange.call(DEPLOYER, ex, "Exchange", "addLiquidity", [10n ** 21n, 2n * 10n ** 21n]);
  for (let i = 0; i < 4; i++) exchange.call(DEPLOYER, ex, "Exchange", "swap", [i % 2 ? t1 : t0, 10n ** 18n * BigInt(i + 1), 0n]);
  exchange.call(DEPLOYER, ex, "Exchange", "swap", [t0, 10n ** 18n, 10n ** 30n], { expectFailure: true });
  exchange.call(DEPLOYER, ex, "Exchange", "removeLiquidity", [10n ** 20n]);
  list.push(exchange);

  const misc = new EngineScenario("transient storage, MCOPY, big constants, code reads, context, selfdestruct and raw logs");
  const m = misc.deploy("Misc");
  misc.call(DEPLOYER, m, "Misc", "transientRoundTrip", [77n]);
  misc.call(DEPLOYER, m, "Misc", "tloadSlot", []);
  misc.call(DEPLOYER, m, "Misc", "copy", [`0x${"5a".repeat(100)}`]);
  misc.call(DEPLOYER, m, "Misc", "shiftDown", [`0x${"0123456789".repeat(10)}`, 7n]);
  misc.call(DEPLOYER, m, "Misc", "bitOps", [2n ** 255n + 12345n, 13n]);
  misc.call(DEPLOYER, m, "Misc", "signedOps", [-17n, 5n]);
  misc.call(DEPLOYER, m, "Misc", "bigMath", []);
  misc.call(DEPLOYER, m, "Misc", "selfCode", []);
  misc.call(DEPLOYER, m, "Misc", "codeInfo", [m]);
  misc.call(USER, m, "Misc", "relayWhoCalls", []);
  misc.call(DEPLOYER, m, "Misc", "recordContext", []);
  misc.call(DEPLOYER, m, "Misc", "createAndDestroy", [USER]);
  misc.call(DEPLOYER, m, "Misc", "createEphemeral", []);
  misc.call(DEPLOYER, m, "Misc", "destroyEphemeral", [USER]);
  misc.call(DEPLOYER, m, "Misc", "emitAll", [5n]);
  misc.call(DEPLOYER, m, "Misc", "rawLogs", [6n]);
  list.push(misc);

  return list;
}


function sameStep(label: string, a: StepOutcome, b: StepOutcome): void {
  assert.equal(b.result.success, a.result.success, `${label}: success`);
  assert.equal(b.result.returnData, a.result.returnData, `${label}: return data`);
  assert.deepEqual(b.result.logs, a.result.logs, `${label}: logs`);
  assert.equal(b.created, a.created, `${label}: created address`);
}

for (const scenario of scenarios()) {
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
