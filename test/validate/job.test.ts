// The witness job format (docs/validation.md) and its production at block build time.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { verifyMerkleProof } from "@ethereumjs/mpt";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Chain } from "../../src/chain/chain.js";
import { ChainStore, MemoryStore } from "../../src/chain/store.js";
import type { Block } from "../../src/chain/block.js";
import { bytesToHex } from "../../src/hex.js";
import { JOB_HEADER_SIZE, decodeJob, encodeJob, jobSections } from "../../src/validate/job.js";
import { buildFixtureChain, storedJobs, alice, signTransfer, token, users } from "./fixtures.js";
import { validateBlock } from "../../src/validate/validate-block.js";

let store: MemoryStore;
let blocks: Block[];
let jobs: ArrayBuffer[];

before(async () => {
  const built = await buildFixtureChain();
  store = built.db as MemoryStore;
  blocks = built.blocks;
  jobs = await storedJobs(store, blocks);
});

test("a job is one ArrayBuffer: magic, format, chain id, number and timestamps at fixed offsets, then its sections", () => {
  const job = jobs[2]!;
  const view = new DataView(job);
  assert.equal(new TextDecoder().decode(new Uint8Array(job, 0, 4)), "OVMJ");
  assert.equal(view.getUint16(4, true), 1);
  assert.equal(view.getBigUint64(8, true), 10n);
  assert.equal(view.getBigUint64(16, true), 3n);
  assert.equal(view.getBigUint64(24, true), blocks[3]!.timestamp);
  assert.equal(view.getBigUint64(32, true), blocks[2]!.timestamp);
  assert.equal(bytesToHex(new Uint8Array(job, 40, 32)), blocks[3]!.hash);
  const lengths = [view.getUint32(160, true), view.getUint32(164, true), view.getUint32(168, true)];
  assert.equal(JOB_HEADER_SIZE + lengths.reduce((a, b) => a + b, 0), job.byteLength, "the three sections fill the rest");
  const sections = jobSections(job);
  assert.equal(bytesToHex(sections.witness.subarray(0, 32)), blocks[2]!.stateRoot, "the witness section starts with the pre-state root");
});

test("decodeJob(encodeJob(job)) is the job, and the re-encoding is byte for byte the same", () => {
  for (const job of jobs) {
    const plain = decodeJob(job);
    assert.equal(plain.block.hash, blocks[plain.block.number]!.hash);
    assert.deepEqual(plain.block, blocks[plain.block.number]);
    assert.deepEqual(new Uint8Array(encodeJob(plain)), new Uint8Array(job));
  }
});

test("a witness's nodes prove each entry with @ethereumjs/mpt's verifyMerkleProof against the pre-state root", async () => {
  const { witness } = decodeJob(jobs[2]!);
  const byHash = new Map(witness.nodes.map((n) => [bytesToHex(keccak_256(n)), n]));
  const root = Buffer.from(witness.preStateRoot.slice(2), "hex");
  // The path of a key through the bag: from the root, follow each node's child on the key's nibbles.
  const { RLP } = await import("@ethereumjs/rlp");
  const pathOf = (start: Uint8Array, key: Uint8Array): Uint8Array[] => {
    const proof: Uint8Array[] = [];
    const nibbles = [...key].flatMap((b) => [b >> 4, b & 15]);
    let ref: Uint8Array | undefined = start;
    let depth = 0;
    while (ref) {
      const node = ref.length === 32 ? byHash.get(bytesToHex(ref)) : ref;
      if (!node) break;
      proof.push(node);
      const items = RLP.decode(node) as Uint8Array[];
      if (items.length === 17) {
        ref = items[nibbles[depth++]!];
        if (ref && ref.length === 0) ref = undefined;
      } else {
        const path = items[0]!;
        const odd = (path[0]! >> 4) & 1;
        depth += (path.length - 1) * 2 + odd;
        ref = (path[0]! >> 4) >= 2 ? undefined : items[1];
      }
    }
    return proof;
  };
  for (const account of witness.accounts) {
    const key = Buffer.from(account.address.slice(2), "hex");
    const value = await verifyMerkleProof(key, pathOf(root, keccak_256(key)), { root, useKeyHashing: true });
    assert.equal(value !== null, account.exists, `account ${account.address}`);
  }
  for (const slot of witness.slots) {
    const account = witness.accounts.find((a) => a.address === slot.address)!;
    const storageRoot = Buffer.from(account.storageRoot.slice(2), "hex");
    const key = Buffer.from(slot.slot.slice(2), "hex");
    const stored = await verifyMerkleProof(key, pathOf(storageRoot, keccak_256(key)), { root: storageRoot, useKeyHashing: true });
    const word = stored === null ? new Uint8Array(0) : (RLP.decode(stored) as Uint8Array);
    assert.equal(word.length === 0 ? 0n : BigInt(bytesToHex(word)), BigInt(slot.value), `slot ${slot.slot}`);
  }
});

test("with witnesses on, each block's witness goes in the block's own batch; without, the batch is as before", async () => {
  class Recording extends MemoryStore {
    batches: string[][] = [];
    override async writeBatch(entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
      this.batches.push(entries.map(([k]) => k));
      await super.writeBatch(entries);
    }
  }
  for (const witnesses of [true, false]) {
    const db = new Recording();
    const chain = await Chain.open({ db, witnesses });
    await chain.buildBlock([await signTransfer(alice, 0, token, alice.address, 0n)]);
    await chain.close();
    const keys = db.batches[1]!;
    assert.equal(keys.includes("witness/000000000001"), witnesses, `witnesses ${witnesses}: ${keys}`);
    assert.ok(keys.includes("block/000000000001") && keys.includes("head"));
  }
  const keys = [...store.entries.keys()];
  for (let n = 1; n < blocks.length; n++) assert.ok(keys.includes(`witness/${String(n).padStart(12, "0")}`), `block ${n}`);
  assert.ok(keys.filter((k) => k.startsWith("code/")).length >= 3, "codes stored once each, by hash");
});

test("a chain reopened with witnesses records them for its new blocks, sent one by one or built, and they validate", async () => {
  const db = new MemoryStore();
  const first = await Chain.open({ db, witnesses: true });
  await first.buildBlock([await signTransfer(alice, 0, token, users[0]!.address, 0n)], { timestamp: 100n });
  await first.close();
  const reopened = await Chain.open({ db, witnesses: true, clock: () => 200n });
  try {
    await reopened.sendRawTransaction(await signTransfer(alice, 1, token, users[1]!.address, 0n));
    await reopened.sendRawTransaction(await signTransfer(alice, 2, token, users[2]!.address, 0n));
    await reopened.sealBlock();
    await reopened.buildBlock([await signTransfer(alice, 3, token, users[3]!.address, 0n)], { timestamp: 300n });
  } finally {
    await reopened.close();
  }
  const store = new ChainStore(db);
  const chainBlocks: Block[] = [];
  for (let n = 0; n <= 3; n++) chainBlocks.push((await store.readBlock(n))!);
  const results = [];
  for (const job of await storedJobs(db, chainBlocks)) results.push(await validateBlock(job));
  assert.deepEqual(results.map((r) => [r.block, r.valid]), [[1, true], [2, true], [3, true]]);
});
