// validateBlock on witness jobs of a real chain (fixtures.ts): honest blocks validate from their
// job alone, and every alteration of the chain or of a job is caught at its block and transaction.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore } from "../../src/chain/store.js";
import type { Block } from "../../src/chain/block.js";
import { createValidatorContext, validateBlock, type BlockInvalid, type ValidationResult } from "../../src/validate/validate-block.js";
import { decodeJob } from "../../src/validate/job.js";
import { tamperChain, tamperJobBlock, tamperJobWitness } from "../../src/validate/tamper.js";
import { AT, TOKEN, buildFixtureChain, storedJobs, users, alice } from "./fixtures.js";

let store: MemoryStore;
let blocks: Block[];
let jobs: ArrayBuffer[];

before(async () => {
  const built = await buildFixtureChain();
  store = built.db as MemoryStore;
  blocks = built.blocks;
  jobs = await storedJobs(store, blocks);
});

function copyOf(source: MemoryStore): MemoryStore {
  const copy = new MemoryStore();
  for (const [k, v] of source.entries) copy.entries.set(k, v);
  return copy;
}

function invalid(result: ValidationResult): BlockInvalid {
  assert.equal(result.valid, false, `expected an invalid result, got ${JSON.stringify(result)}`);
  return result as BlockInvalid;
}

/** Validates every job of a store; the results by block. */
async function validateStore(db: MemoryStore): Promise<ValidationResult[]> {
  const out: ValidationResult[] = [];
  for (const job of await storedJobs(db, blocks)) out.push(await validateBlock(job));
  return out;
}

test("every block of an honest chain validates from its job alone, in any order, on one reused context", async () => {
  const context = createValidatorContext();
  const order = [5, 2, 0, 4, 1, 3];
  for (const i of order) {
    const result = await validateBlock(jobs[i]!.slice(0), context);
    assert.deepEqual(result, { valid: true, block: i + 1, transactions: blocks[i + 1]!.transactions.length });
  }
  assert.equal(blocks[AT.fullBalanceTransfer.block]!.receipts[AT.fullBalanceTransfer.index]!.success, true, "the fixture empties a balance (a slot deleted)");
  assert.equal(blocks[AT.failingTransfer.block]!.receipts[AT.failingTransfer.index]!.success, false, "the fixture has an L2 failure");
});

test("a job holds only what its block touches: a few accounts, a few slots, their proof nodes and the codes run", () => {
  const job = decodeJob(jobs[2]!);
  assert.equal(job.block.number, 3);
  assert.equal(job.witness.preStateRoot, blocks[2]!.stateRoot, "the pre-state root is the parent's state root");
  assert.ok(job.witness.accounts.length <= 8, `${job.witness.accounts.length} accounts`);
  assert.ok(job.witness.slots.length > 0 && job.witness.slots.length <= 40, `${job.witness.slots.length} slots`);
  assert.ok(job.witness.codes.length >= 2, "the EM's code and the token's");
});

test("a tampered post-state root is pinned to its block and transaction, with the re-executed and the claimed root", async () => {
  const db = copyOf(store);
  const original = blocks[3]!.postStateRoots[1]!;
  const tampered = await tamperChain(db, 3, { kind: "postStateRoot", index: 1 });
  const results = await validateStore(db);
  const bad = invalid(results[2]!);
  assert.equal(bad.block, 3);
  assert.equal(bad.reason, "postStateRoot");
  assert.equal(bad.index, 1);
  assert.equal(bad.expected, original);
  assert.equal(bad.claimed, tampered.postStateRoots[1]);
  assert.deepEqual(results.filter((r) => !r.valid).map((r) => r.block), [3], "the later blocks, re-linked, still validate");
});

test("re-signed tampered calldata (another amount) is pinned to its transaction by its post-state root", async () => {
  const db = copyOf(store);
  const data = TOKEN.encodeFunctionData("transfer", [users[3]!.address, 9n]) as `0x${string}`;
  await tamperChain(db, 2, { kind: "calldata", index: 3, data, signer: alice });
  const bad = invalid((await validateStore(db))[1]!);
  assert.deepEqual([bad.block, bad.reason, bad.index], [2, "postStateRoot", 3]);
});

test("tampered calldata left with its old signature (another sender recovers) is pinned to its transaction", async () => {
  const db = copyOf(store);
  const data = TOKEN.encodeFunctionData("transfer", [users[3]!.address, 9n]) as `0x${string}`;
  await tamperChain(db, 2, { kind: "calldata", index: 3, data });
  const bad = invalid((await validateStore(db))[1]!);
  assert.equal(bad.block, 2);
  assert.equal(bad.index, 3);
  // The recovered sender is a stranger: its account record is not in the witness made for the
  // real sender (or its nonce is refused): either way no root is trusted past transaction 3.
  assert.ok(bad.incomplete === true || bad.reason === "refused", JSON.stringify(bad));
});

test("a tampered timestamp is pinned to the first transaction that reads it (a contract storing TIMESTAMP)", async () => {
  const db = copyOf(store);
  await tamperChain(db, AT.stampCall.block, { kind: "timestamp", timestamp: blocks[AT.stampCall.block]!.timestamp + 5n });
  const bad = invalid((await validateStore(db))[AT.stampCall.block - 1]!);
  assert.deepEqual([bad.block, bad.reason, bad.index], [AT.stampCall.block, "postStateRoot", AT.stampCall.index]);
});

test("a job with a tampered block but its old hash is caught by the re-execution first, then by the hash", async () => {
  const job = await tamperJobBlock(jobs[3]!, { kind: "postStateRoot", index: 2 }, { reseal: false });
  const bad = invalid(await validateBlock(job));
  assert.deepEqual([bad.block, bad.reason, bad.index], [4, "postStateRoot", 2]);
  const timestampOnly = await tamperJobBlock(jobs[4]!, { kind: "timestamp", timestamp: blocks[5]!.timestamp + 1n }, { reseal: false });
  const header = invalid(await validateBlock(timestampOnly));
  assert.deepEqual([header.block, header.reason, header.field, header.index], [5, "header", "hash", null], "an empty block: only its hash shows it");
});

test("a tampered witness value (a slot's, an account's nonce) is refused as a bad witness of that block", async () => {
  const slot = invalid(await validateBlock(tamperJobWitness(jobs[2]!, { kind: "slotValue", entry: 0 })));
  assert.deepEqual([slot.block, slot.reason, slot.index], [3, "witness", null]);
  const job = decodeJob(jobs[2]!);
  const account = job.witness.accounts.find((a) => a.exists)!;
  const nonce = invalid(await validateBlock(tamperJobWitness(jobs[2]!, { kind: "accountNonce", address: account.address })));
  assert.deepEqual([nonce.block, nonce.reason, nonce.index], [3, "witness", null]);
  assert.match(nonce.message, new RegExp(account.address));
});

test("a dropped slot entry is an incomplete witness, pinned to the transaction that needs the slot", async () => {
  const job = decodeJob(jobs[2]!);
  for (const entry of [0, job.witness.slots.length - 1]) {
    const dropped = job.witness.slots[entry]!;
    const bad = invalid(await validateBlock(tamperJobWitness(jobs[2]!, { kind: "dropSlot", entry })));
    assert.equal(bad.incomplete, true, JSON.stringify(bad));
    assert.equal(bad.reason, "incomplete");
    assert.equal(bad.block, 3);
    assert.equal(typeof bad.index, "number");
    assert.deepEqual(bad.missing, { address: dropped.address, slot: dropped.slot });
  }
});

test("a dropped account, proof node or code is an incomplete witness, never a verdict", async () => {
  const job = decodeJob(jobs[2]!);
  // OVM accounts live in the EM's storage: the L1 accounts are the EM, the sequencer, code contracts.
  const account = invalid(await validateBlock(tamperJobWitness(jobs[2]!, { kind: "dropAccount", address: job.executionManager })));
  assert.equal(account.incomplete, true);
  assert.deepEqual([account.block, account.index], [3, 0]);
  assert.deepEqual(account.missing, { address: job.executionManager });
  for (let entry = 0; entry < job.witness.nodes.length; entry += 3) {
    const node = invalid(await validateBlock(tamperJobWitness(jobs[2]!, { kind: "dropNode", entry })));
    assert.equal(node.incomplete, true, `node ${entry}: ${JSON.stringify(node)}`);
  }
  const code = invalid(await validateBlock(tamperJobWitness(jobs[2]!, { kind: "dropCode", entry: 0 })));
  assert.equal(code.incomplete, true);
  assert.ok(code.missing && "code" in code.missing);
});

test("a job that cannot be read throws MALFORMED_JOB (no verdict on any block)", async () => {
  await assert.rejects(validateBlock(jobs[0]!.slice(0, 100)), (e: unknown) => (e as { code?: string }).code === "MALFORMED_JOB");
  const bytes = new Uint8Array(jobs[0]!.slice(0));
  bytes[0] ^= 0xff;
  await assert.rejects(validateBlock(bytes), (e: unknown) => (e as { code?: string }).code === "MALFORMED_JOB");
});
