// Rollup blocks (src/chain/block.ts): the hash is keccak256 of the documented RLP header, it commits to
// every transaction, post-state root and receipt, and the same transactions give the same blocks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeRlp, keccak256, toBeArray } from "ethers";
import { Chain } from "../../src/chain/chain.js";
import { blockHash, genesisBlock, ZERO_HASH, type Block } from "../../src/chain/block.js";
import { createEngine } from "../../src/engine/create-engine.js";
import { CHAIN_ID, alice, bob, createdAddress, signDeploy, signTransfer } from "./fixtures.js";

/** A quantity as the page says: minimal big-endian bytes, the empty string for 0. */
function q(value: bigint | number): string {
  return BigInt(value) === 0n ? "0x" : `0x${Buffer.from(toBeArray(BigInt(value))).toString("hex")}`;
}

/** The header of block.ts's comment, written again from the words, with ethers' RLP and keccak. */
function documentedHash(block: Block): string {
  const receipts = block.receipts.map((r) => [
    r.success ? "0x01" : "0x", q(r.gasUsed), r.createdAddress ?? "0x", r.returnData,
    r.logs.map((l) => [l.address, l.topics, l.data]),
  ]);
  return keccak256(encodeRlp([
    q(block.chainId), q(block.number), q(block.timestamp), block.parentHash, block.stateRoot,
    keccak256(encodeRlp(block.transactions)), keccak256(encodeRlp(block.postStateRoots)), keccak256(encodeRlp(receipts)),
  ]));
}

async function buildTwoBlocks(): Promise<Block[]> {
  const chain = await Chain.open({ chainId: CHAIN_ID });
  try {
    const token = createdAddress(alice, 0);
    const first = await chain.buildBlock([await signDeploy(alice, 0), await signTransfer(alice, 1, token, bob.address, 10n, 0)], { timestamp: 1_900_000_000n });
    const second = await chain.buildBlock([
      await signTransfer(alice, 2, token, bob.address, 3n, 1),
      await signTransfer(bob, 0, token, alice.address, 10n ** 30n), // fails in L2: bob has 10
    ], { timestamp: 1_900_000_012n });
    return [first.block, second.block];
  } finally {
    await chain.close();
  }
}

test("the block hash is keccak256 of the RLP header documented in block.ts", async () => {
  const blocks = await buildTwoBlocks();
  for (const block of blocks) assert.equal(block.hash, documentedHash(block), `block ${block.number}`);
  assert.equal(blocks[1]!.receipts[1]!.success, false, "a failed L2 transaction is in the block, as a result");
  assert.ok(blocks[1]!.receipts[1]!.returnData.length > 2, "with its revert data");
});

test("blocks link by parent hash, and each block's state root is its last post-state root", async () => {
  const [first, second] = await buildTwoBlocks();
  const engine = await createEngine({ mode: "ovm", chainId: CHAIN_ID });
  const genesis = genesisBlock(CHAIN_ID, await engine.stateRoot());
  await engine.close();
  assert.equal(genesis.parentHash, ZERO_HASH);
  assert.equal(first!.parentHash, genesis.hash, "block 1's parent is the genesis block");
  assert.equal(second!.parentHash, first!.hash);
  assert.equal(first!.stateRoot, first!.postStateRoots[1]);
  assert.equal(second!.stateRoot, second!.postStateRoots[1]);
  assert.notEqual(first!.postStateRoots[0], first!.postStateRoots[1], "every transaction gets its own post-state root");
});

test("the same transactions and timestamps give the same blocks, hashes and roots", async () => {
  const [a, b] = [await buildTwoBlocks(), await buildTwoBlocks()];
  assert.deepEqual(b, a);
});

test("changing any committed field changes the block hash", async () => {
  const [block] = await buildTwoBlocks();
  const base = block!;
  const variants: [string, Block][] = [
    ["timestamp", { ...base, timestamp: base.timestamp + 1n }],
    ["parent hash", { ...base, parentHash: ZERO_HASH.replace(/0$/, "1") as Block["parentHash"] }],
    ["a post-state root", { ...base, postStateRoots: [base.postStateRoots[1]!, base.postStateRoots[1]!] }],
    ["the transaction order", { ...base, transactions: [...base.transactions].reverse() }],
    ["a receipt's gas", { ...base, receipts: [base.receipts[0]!, { ...base.receipts[1]!, gasUsed: base.receipts[1]!.gasUsed + 1n }] }],
    ["a log", { ...base, receipts: [base.receipts[0]!, { ...base.receipts[1]!, logs: [] }] }],
    ["the chain id", { ...base, chainId: base.chainId + 1n }],
  ];
  for (const [field, variant] of variants) assert.notEqual(blockHash(variant), base.hash, field);
});
