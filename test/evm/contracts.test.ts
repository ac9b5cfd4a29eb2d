// Differential: real contracts compiled with solc (contracts/test/) deployed and exercised by the
// same message sequence on the WASM engine and on @ethereumjs/evm; every result, log, account and
// storage slot must match. Steps that are meant to succeed are also asserted to succeed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Interface, getCreateAddress } from "ethers";
import { loadArtifact, linkBytecode } from "../../src/contracts/artifacts.js";
import { assertSameExecution } from "./compare.js";
import { DEFAULT_BLOCK } from "../../src/evm/defaults.js";
import { hexToBytes } from "../../src/hex.js";
import type { Hex, MessageCall, PreState } from "../../src/evm/types.js";

const DEPLOYER: Hex = "0x00000000000000000000000000000000000d3b10";
const USER: Hex = "0x0000000000000000000000000000000000005e12";
const GAS = 10_000_000n;

/** Builds a message sequence with predicted CREATE addresses (the deployer's nonce counts up). */
class Scenario {
  readonly messages: MessageCall[] = [];
  readonly mustSucceed: boolean[] = [];
  readonly addresses: Hex[] = [];
  private nonce = 0;

  deploy(name: string, args: unknown[] = [], opts: { link?: Record<string, Hex>; value?: bigint } = {}): Hex {
    const artifact = loadArtifact(name);
    const iface = new Interface(artifact.abi as never);
    let code = artifact.bytecode;
    if (opts.link) code = linkBytecode(code, artifact.linkReferences, opts.link);
    const encodedArgs = iface.encodeDeploy(args);
    const data = new Uint8Array([...code, ...hexToBytes(encodedArgs)]);
    const address = getCreateAddress({ from: DEPLOYER, nonce: this.nonce++ }).toLowerCase() as Hex;
    this.messages.push({ caller: DEPLOYER, data, value: opts.value ?? 0n, gasLimit: GAS });
    this.mustSucceed.push(true);
    this.addresses.push(address);
    return address;
  }

  call(from: Hex, to: Hex, contract: string, fn: string, args: unknown[] = [], opts: { value?: bigint; expectFailure?: boolean } = {}): void {
    const iface = new Interface(loadArtifact(contract).abi as never);
    this.messages.push({ caller: from, to, data: hexToBytes(iface.encodeFunctionData(fn, args)), value: opts.value ?? 0n, gasLimit: GAS });
    this.mustSucceed.push(!opts.expectFailure);
  }

  async run(label: string): Promise<void> {
    const pre: PreState = new Map([
      [DEPLOYER, { nonce: 0n, balance: 10n ** 24n, code: new Uint8Array(0), storage: new Map() }],
      [USER, { nonce: 0n, balance: 10n ** 22n, code: new Uint8Array(0), storage: new Map() }],
    ]);
    const outcomes = await assertSameExecution(pre, DEFAULT_BLOCK, this.messages, [DEPLOYER, USER, ...this.addresses], label);
    outcomes.forEach((o, i) => {
      if (this.mustSucceed[i]) assert.ok(o.success, `${label}: step ${i} should succeed (returned ${o.returnData})`);
      else assert.ok(!o.success, `${label}: step ${i} should fail`);
    });
  }
}

// Scenarios run at module load (node's test runner slows ethereumjs' awaits inside test());
// each test then reports its scenario's outcome.
const scenarios: [string, () => Promise<void>][] = [
  ["ERC-20 transfers, approvals and a failing transferFrom agree with @ethereumjs/evm", async () => {
  const s = new Scenario();
  const token = s.deploy("Token", ["Test", "TST", 10n ** 24n]);
  for (let i = 0; i < 5; i++) s.call(DEPLOYER, token, "Token", "transfer", [`0x${(0x100 + i).toString(16).padStart(40, "0")}`, 1000n * BigInt(i + 1)]);
  s.call(DEPLOYER, token, "Token", "approve", [USER, 5000n]);
  s.call(USER, token, "Token", "transferFrom", [DEPLOYER, USER, 3000n]);
  s.call(USER, token, "Token", "transferFrom", [DEPLOYER, USER, 3000n], { expectFailure: true });
  s.call(USER, token, "Token", "transfer", [DEPLOYER, 10n ** 30n], { expectFailure: true });
  return s.run("Token");
  }],
  ["ERC-721 mints, transfers and safeTransferFrom into a receiver contract agree", async () => {
  const s = new Scenario();
  const nft = s.deploy("Collectible");
  const receiver = s.deploy("CollectibleReceiver");
  s.call(DEPLOYER, nft, "Collectible", "mint", [DEPLOYER, 1n]);
  s.call(DEPLOYER, nft, "Collectible", "mint", [DEPLOYER, 2n]);
  s.call(DEPLOYER, nft, "Collectible", "transferFrom", [DEPLOYER, USER, 1n]);
  s.call(DEPLOYER, nft, "Collectible", "safeTransferFrom(address,address,uint256)", [DEPLOYER, receiver, 2n]);
  s.call(USER, nft, "Collectible", "setApprovalForAll", [DEPLOYER, true]);
  s.call(DEPLOYER, receiver, "CollectibleReceiver", "setAccept", [false]);
  s.call(USER, nft, "Collectible", "safeTransferFrom(address,address,uint256)", [USER, receiver, 1n], { expectFailure: true });
  return s.run("Collectible");
  }],
  ["a factory deploying children with CREATE and CREATE2 (immutables, value, collisions) agrees", async () => {
  const s = new Scenario();
  const factory = s.deploy("Factory");
  s.call(DEPLOYER, factory, "Factory", "create", [7n, `0x${"ab".repeat(32)}`], { value: 5n });
  s.call(DEPLOYER, factory, "Factory", "create2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`]);
  s.call(DEPLOYER, factory, "Factory", "tryCreate2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`]);
  s.call(DEPLOYER, factory, "Factory", "bumpAll", [3n]);
  s.call(DEPLOYER, factory, "Factory", "create2", [`0x${"01".repeat(32)}`, 9n, `0x${"cd".repeat(32)}`], { expectFailure: true });
  return s.run("Factory");
  }],
  ["recursion (internal, external, reverting at a depth and caught) agrees", async () => {
  const s = new Scenario();
  const r = s.deploy("Recursion");
  s.call(DEPLOYER, r, "Recursion", "fib", [14n]);
  s.call(DEPLOYER, r, "Recursion", "fibExternal", [8n]);
  s.call(DEPLOYER, r, "Recursion", "sumDown", [20n]);
  s.call(DEPLOYER, r, "Recursion", "climb", [20n, 8n]);
  s.call(DEPLOYER, r, "Recursion", "reset", [20n]);
  return s.run("Recursion");
  }],
  ["reverts with reasons, custom errors and panics, caught by a caller, agree", async () => {
  const s = new Scenario();
  const reverter = s.deploy("Reverter");
  const catcher = s.deploy("RevertCatcher", [reverter]);
  for (let kind = 0; kind < 8; kind++) s.call(DEPLOYER, catcher, "RevertCatcher", "catchRaw", [kind]);
  s.call(DEPLOYER, catcher, "RevertCatcher", "catchAll", []);
  s.call(DEPLOYER, reverter, "Reverter", "revertWithReason", [], { expectFailure: true });
  s.call(DEPLOYER, reverter, "Reverter", "revertCustom", [42n], { expectFailure: true });
  s.call(DEPLOYER, reverter, "Reverter", "divide", [1n, 0n], { expectFailure: true });
  return s.run("Reverter");
  }],
  ["heavy loops (arithmetic, keccak chains, sorting, storage writes) agree", async () => {
  const s = new Scenario();
  const h = s.deploy("HeavyLoop");
  s.call(DEPLOYER, h, "HeavyLoop", "run", [12n]);
  s.call(DEPLOYER, h, "HeavyLoop", "run", [12n]);
  s.call(DEPLOYER, h, "HeavyLoop", "writeSlots", [10n]);
  s.call(DEPLOYER, h, "HeavyLoop", "bubbleSort", [24n, 12345n]);
  return s.run("HeavyLoop");
  }],
  ["a constant-product exchange of two tokens with a linked library (DELEGATECALL) agrees", async () => {
  const s = new Scenario();
  const lib = s.deploy("LibMath");
  const t0 = s.deploy("Token", ["Zero", "T0", 10n ** 24n]);
  const t1 = s.deploy("Token", ["One", "T1", 10n ** 24n]);
  const ex = s.deploy("Exchange", [t0, t1], { link: { "contracts/test/LibMath.sol:LibMath": lib } });
  s.call(DEPLOYER, t0, "Token", "approve", [ex, 10n ** 24n]);
  s.call(DEPLOYER, t1, "Token", "approve", [ex, 10n ** 24n]);
  s.call(DEPLOYER, ex, "Exchange", "addLiquidity", [10n ** 21n, 2n * 10n ** 21n]);
  for (let i = 0; i < 4; i++) s.call(DEPLOYER, ex, "Exchange", "swap", [i % 2 ? t1 : t0, 10n ** 18n * BigInt(i + 1), 0n]);
  s.call(DEPLOYER, ex, "Exchange", "swap", [t0, 10n ** 18n, 10n ** 30n], { expectFailure: true });
  s.call(DEPLOYER, ex, "Exchange", "removeLiquidity", [10n ** 20n]);
  return s.run("Exchange");
  }],
  ["transient storage, MCOPY, big constants, context, selfdestruct and raw logs agree", async () => {
  const s = new Scenario();
  const misc = s.deploy("Misc");
  s.call(DEPLOYER, misc, "Misc", "transientRoundTrip", [77n]);
  s.call(DEPLOYER, misc, "Misc", "tloadSlot", []);
  s.call(DEPLOYER, misc, "Misc", "copy", [`0x${"5a".repeat(100)}`]);
  s.call(DEPLOYER, misc, "Misc", "shiftDown", [`0x${"0123456789".repeat(10)}`, 7n]);
  s.call(DEPLOYER, misc, "Misc", "shiftUp", [`0x${"0123456789".repeat(10)}`, 7n]);
  s.call(DEPLOYER, misc, "Misc", "bitOps", [2n ** 255n + 12345n, 13n]);
  s.call(DEPLOYER, misc, "Misc", "signedOps", [-17n, 5n]);
  s.call(DEPLOYER, misc, "Misc", "bigMath", []);
  s.call(DEPLOYER, misc, "Misc", "selfCode", []);
  s.call(DEPLOYER, misc, "Misc", "codeInfo", [misc]);
  s.call(USER, misc, "Misc", "relayWhoCalls", []);
  s.call(DEPLOYER, misc, "Misc", "recordContext", []);
  s.call(DEPLOYER, misc, "Misc", "createAndDestroy", [USER], { value: 10n });
  s.call(DEPLOYER, misc, "Misc", "createEphemeral", [], { value: 3n });
  s.call(DEPLOYER, misc, "Misc", "emitAll", [5n]);
  s.call(DEPLOYER, misc, "Misc", "rawLogs", [6n]);
  return s.run("Misc");
  }],
];

const outcomes = new Map<string, Error | null>();
for (const [name, run] of scenarios) {
  try {
    await run();
    outcomes.set(name, null);
  } catch (e) {
    outcomes.set(name, e as Error);
  }
}

for (const [name] of scenarios) {
  test(name, () => {
    const error = outcomes.get(name);
    if (error) throw error;
  });
}
