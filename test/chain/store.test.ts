// Persistence (src/chain/store.ts): one atomic batch per block, and a reopened chain re-executes every
// stored block from genesis, reproducing every post-state root, or says which block and transaction differ.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256 } from "ethers";
import { Chain } from "../../src/chain/chain.js";
import { MemoryStore, type KeyValueStore } from "../../src/chain/store.js";
import { blockHash, type BlockHeaderJson } from "../../src/chain/block.js";
import { OvmError } from "../../src/errors.js";
import type { Hex } from "../../src/hex.js";
import { CHAIN_ID, alice, bob, createdAddress, signDeploy, signTransfer } from "./fixtures.js";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ovm-chain-store-"));
  dirs.push(dir);
  return dir;
}

const token = createdAddress(alice, 0);

/** Three blocks: a deployment, transfers both ways, an empty block. */
async function buildChain(db: string | KeyValueStore): Promise<{ hashes: Hex[]; roots: Hex[] }> {
  const chain = await Chain.open({ db, chainId: CHAIN_ID });
  try {
    await chain.buildBlock([await signDeploy(alice, 0), await signTransfer(alice, 1, token, bob.address, 50n)], { timestamp: 1_900_000_000n });
    await chain.buildBlock([await signTransfer(bob, 0, token, alice.address, 20n, 0), await signTransfer(alice, 2, token, bob.address, 1n, 1)], { timestamp: 1_900_000_012n });
    await chain.buildBlock([], { timestamp: 1_900_000_024n });
    const blocks = await Promise.all([1, 2, 3].map((n) => chain.getBlock(n)));
    return { hashes: blocks.map((b) => b!.hash), roots: blocks.flatMap((b) => b!.postStateRoots) };
  } finally {
    await chain.close();
  }
}

test("a reopened chain re-executes every stored block and reproduces every post-state root and block hash", async () => {
  const store = new MemoryStore();
  const built = await buildChain(store);
  const replayed: number[] = [];
  const chain = await Chain.open({ db: store, chainId: CHAIN_ID, onReplay: (b) => replayed.push(b.number) });
  try {
    assert.deepEqual(replayed, [1, 2, 3], "every block was re-executed, in order");
    assert.equal(chain.head.number, 3);
    assert.equal(chain.head.hash, built.hashes[2]);
    assert.equal(await chain.engine.stateRoot(), built.roots[built.roots.length - 1], "the engine is back at the head's state");
    assert.equal(await chain.getNonce(alice.address), 3n, "and its nonces");
    const next = await chain.buildBlock([await signTransfer(alice, 3, token, bob.address, 1n)], { timestamp: 1_900_000_036n });
    assert.equal(next.block.parentHash, built.hashes[2], "building continues on the stored head");
  } finally {
    await chain.close();
  }
});

test("the on-disk store (classic-level) keeps the chain across close and reopen, and one process holds it at a time", async () => {
  const dir = tempDir();
  const built = await buildChain(dir);
  const chain = await Chain.open({ db: dir, chainId: CHAIN_ID });
  try {
    assert.equal(chain.head.hash, built.hashes[2]);
    const receipt = await chain.getReceipt(keccak256((await chain.getBlock(2))!.transactions[0]!));
    assert.equal(receipt?.from, bob.address.toLowerCase(), "receipts are found by original hash after a reopen");
    await assert.rejects(Chain.open({ db: dir, chainId: CHAIN_ID }), (e: unknown) => e instanceof OvmError && e.code === "STORE_UNAVAILABLE");
  } finally {
    await chain.close();
  }
});

/** Rewrites a stored block header through `edit`, re-hashing it so that only re-execution can tell. */
function tamper(store: MemoryStore, n: number, edit: (header: BlockHeaderJson) => void): void {
  const key = `block/${String(n).padStart(12, "0")}`;
  const header = JSON.parse(store.entries.get(key)!) as BlockHeaderJson;
  edit(header);
  const receipts = JSON.parse(store.entries.get(`receipts/${String(n).padStart(12, "0")}`)!);
  header.hash = blockHash({
    ...header, chainId: BigInt(header.chainId), timestamp: BigInt(header.timestamp),
    receipts: receipts.map((r: { gasUsed: string }) => ({ ...r, gasUsed: BigInt(r.gasUsed) })),
  });
  store.entries.set(key, JSON.stringify(header));
}

test("a wrong post-state root in the store is found on reopen and pinned to its block and transaction index (I4)", async () => {
  const store = new MemoryStore();
  await buildChain(store);
  tamper(store, 2, (h) => { h.postStateRoots[0] = `0x${"ab".repeat(32)}`; });
  // Block 2's hash changed, so block 3's parent link breaks too; re-execution must stop at block 2 first.
  await assert.rejects(Chain.open({ db: store, chainId: CHAIN_ID }), (e: unknown) => {
    assert.ok(e instanceof OvmError);
    assert.equal(e.code, "STORE_CORRUPT");
    assert.deepEqual(e.detail, { block: 2, index: 0, field: "postStateRoot" });
    return true;
  });
});

test("a swapped transaction in the store is found on reopen", async () => {
  const store = new MemoryStore();
  await buildChain(store);
  tamper(store, 2, (h) => { h.transactions.reverse(); });
  await assert.rejects(Chain.open({ db: store, chainId: CHAIN_ID }), (e: unknown) => {
    assert.ok(e instanceof OvmError && e.code === "STORE_CORRUPT");
    assert.equal((e.detail as { block: number }).block, 2);
    return true;
  });
});

test("a block whose content does not hash to its stored hash is refused", async () => {
  const store = new MemoryStore();
  await buildChain(store);
  const key = `block/${String(1).padStart(12, "0")}`;
  const header = JSON.parse(store.entries.get(key)!) as BlockHeaderJson;
  header.timestamp = "1";
  store.entries.set(key, JSON.stringify(header));
  await assert.rejects(Chain.open({ db: store, chainId: CHAIN_ID }), (e: unknown) => e instanceof OvmError && e.code === "STORE_CORRUPT" && /hashes to/.test(e.message));
});

test("a store written for another chain id is refused with CHAIN_MISMATCH; opened without one, it keeps its own", async () => {
  const store = new MemoryStore();
  await buildChain(store);
  await assert.rejects(Chain.open({ db: store, chainId: CHAIN_ID + 1n }), (e: unknown) => e instanceof OvmError && e.code === "CHAIN_MISMATCH");
  const other = new MemoryStore();
  await (await Chain.open({ db: other, chainId: 12n })).close();
  const reopened = await Chain.open({ db: other });
  assert.equal(reopened.chainId, 12n);
  await reopened.close();
});

/** Records each batch; can be told to fail the next one. */
class RecordingStore extends MemoryStore {
  readonly batches: string[][] = [];
  failNext = false;
  override async writeBatch(entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disk full");
    }
    this.batches.push(entries.map(([k]) => k));
    await super.writeBatch(entries);
  }
}

test("each block is one batch: the block, its receipts, the tx-hash map entries and the head together", async () => {
  const store = new RecordingStore();
  const chain = await Chain.open({ db: store, chainId: CHAIN_ID });
  try {
    assert.equal(store.batches.length, 1, "genesis is one batch");
    assert.deepEqual(store.batches[0]!.sort(), ["block/000000000000", "head", "meta", "receipts/000000000000"]);
    const { hashes } = await chain.buildBlock([await signDeploy(alice, 0), await signTransfer(alice, 1, token, bob.address, 1n)]);
    assert.equal(store.batches.length, 2, "block 1 is one more batch");
    const keys = store.batches[1]!;
    const internal = await Promise.all(hashes.map(async (h) => (await chain.getReceipt(h))!.internalHash));
    assert.deepEqual([...keys].sort(), [
      "block/000000000001", "head", ...internal.map((h) => `internal/${h}`), "receipts/000000000001", ...hashes.map((h) => `tx/${h}`),
    ].sort());
  } finally {
    await chain.close();
  }
});

test("a failed block write stops the chain, and a reopen resumes from the last committed block", async () => {
  const store = new RecordingStore();
  const chain = await Chain.open({ db: store, chainId: CHAIN_ID });
  const committed = (await chain.buildBlock([await signDeploy(alice, 0)])).block;
  store.failNext = true;
  await assert.rejects(chain.buildBlock([await signTransfer(alice, 1, token, bob.address, 1n)]), (e: unknown) => e instanceof OvmError && e.code === "STORE_UNAVAILABLE");
  await assert.rejects(chain.sendRawTransaction(await signTransfer(alice, 2, token, bob.address, 1n)), (e: unknown) => e instanceof OvmError && e.code === "ENGINE_FAULT",
    "the chain refuses work once its engine is ahead of its store");
  await chain.close();
  const reopened = await Chain.open({ db: store, chainId: CHAIN_ID });
  try {
    assert.equal(reopened.head.hash, committed.hash, "the reopened chain is at the last committed block");
    assert.equal(await reopened.getNonce(alice.address), 1n, "the uncommitted transfer is not in its state");
    const again = await reopened.buildBlock([await signTransfer(alice, 1, token, bob.address, 1n)]);
    assert.equal(again.block.number, 2, "and the same transfer can be sent again");
  } finally {
    await reopened.close();
  }
});
