// The engine's stateRoot() comes from the WASM trie following its world state, re-hashed
// incrementally as transactions commit: it must equal @ethereumjs/mpt's rebuild of the same state
// after every transaction, whatever the transactions did to accounts and storage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Interface } from "ethers";
import { createEngine, type Engine } from "../../src/index.js";
import { loadArtifact } from "../../src/contracts/artifacts.js";
import { bytesToHex, type Hex } from "../../src/hex.js";
import type { WorldState } from "../../src/state/world-state.js";
import { computeReferenceStateRoot } from "../../src/state/state-root.js";

const OWNER: Hex = "0x00000000000000000000000000000000000a11ce";
const SUPPLY = 1_000_000n * 10n ** 18n;
const token = loadArtifact("Token");
const tokenIface = new Interface(token.abi as never);

/** The engine's world state (private: tests compare it with the reference root). */
function stateOf(engine: Engine): WorldState {
  return (engine as unknown as { state: WorldState }).state;
}

type WasmEngine = Engine & { storageSlots(address: string): Hex[] };

async function assertRootIsReference(engine: Engine, what: string): Promise<void> {
  assert.equal(await engine.stateRoot(), await computeReferenceStateRoot(stateOf(engine)), what);
}

const recipient = (i: number): Hex => `0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`;

test("stateRoot() equals @ethereumjs/mpt's root of the same state after every ERC-20 transfer, slot creation and slot clearing", async () => {
  const engine = (await createEngine({ mode: "evm", backend: "wasm" })) as WasmEngine;
  await assertRootIsReference(engine, "empty state");
  const initCode = `${bytesToHex(token.bytecode)}${tokenIface.encodeDeploy(["Test Token", "TST", SUPPLY]).slice(2)}` as Hex;
  const { address } = await engine.deploy({ from: OWNER, data: initCode });
  await assertRootIsReference(engine, "after the deployment");
  for (let i = 0; i < 12; i++) {
    const r = await engine.execute({ from: OWNER, to: address!, data: tokenIface.encodeFunctionData("transfer", [recipient(i), 1000n + BigInt(i)]) });
    assert.equal(r.success, true);
    await assertRootIsReference(engine, `after transfer ${i} to a fresh recipient`);
  }
  // A recipient passing on its whole balance: its balance slot goes back to zero (deleted from the trie).
  const slotsBefore = engine.storageSlots(address!).length;
  const r = await engine.execute({ from: recipient(3), to: address!, data: tokenIface.encodeFunctionData("transfer", [recipient(4), 1003n]) });
  assert.equal(r.success, true);
  assert.equal(engine.storageSlots(address!).length, slotsBefore - 1, "the sender's balance slot was cleared");
  await assertRootIsReference(engine, "after a balance slot was cleared");
  // Roots asked twice without a transaction in between are the same (nothing pending).
  assert.equal(await engine.stateRoot(), await engine.stateRoot());
  await engine.close();
});

test("a contract created with storage and self-destructed in the same transaction (EIP-6780) leaves no account and no storage in the root", async () => {
  const engine = await createEngine({ mode: "evm", backend: "wasm" });
  await engine.deploy({ from: OWNER, data: "0x00" });
  const before = await engine.stateRoot();
  // PUSH1 0x2a PUSH1 0 SSTORE PUSH1 0 SELFDESTRUCT: storage written, then the account destroyed.
  const d = await engine.deploy({ from: OWNER, data: "0x602a60005560006000ff" });
  assert.equal(d.success, true);
  assert.notEqual(await engine.stateRoot(), before, "the sender's nonce moved");
  await assertRootIsReference(engine, "after create + selfdestruct in one transaction");
  assert.equal(stateOf(engine).getAccount(d.address!.toLowerCase() as Hex), undefined);
  await engine.close();
});

test("call() (no state change) leaves the root as it was", async () => {
  const engine = await createEngine({ mode: "evm", backend: "wasm" });
  const { address } = await engine.deploy({ from: OWNER, data: "0x600a600c600039600a6000f3602a60005500000000" });
  const root = await engine.stateRoot();
  await engine.call({ from: OWNER, to: address!, data: "0x" });
  assert.equal(await engine.stateRoot(), root);
  await engine.execute({ from: OWNER, to: address!, data: "0x" });
  assert.notEqual(await engine.stateRoot(), root, "the same message as a transaction writes its slot and bumps the nonce");
  await assertRootIsReference(engine, "after the transaction");
  await engine.close();
});
