// The sequencer flow (design note, "Sequencer handles request"; ovm-spec.md section 5): signed
// transactions in, original hashes out, receipts by original hash, and every bad input refused with
// its code while nothing changes and the sequencer keeps serving.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Transaction, decodeRlp, encodeRlp, keccak256, toBeHex, type RlpStructuredData } from "ethers";
import { Chain } from "../../src/chain/chain.js";
import { EM_INTERFACE } from "../../src/ovm/em-interface.js";
import { L1_TX_GAS } from "../../src/ovm/ovm-engine.js";
import { OvmError } from "../../src/errors.js";
import type { Hex } from "../../src/hex.js";
import { CHAIN_ID, TOKEN, alice, bob, createdAddress, sign, signDeploy, signTransfer, tokenDeployData } from "./fixtures.js";

const TIMESTAMP = 1_900_000_000n;

function openChain(): Promise<Chain> {
  return Chain.open({ db: "memory", chainId: CHAIN_ID, clock: () => TIMESTAMP });
}

/** A chain where alice has deployed a Token (nonce 0) and holds its supply. */
async function chainWithToken(): Promise<{ chain: Chain; token: Hex }> {
  const chain = await openChain();
  await chain.sendRawTransaction(await signDeploy(alice, 0));
  return { chain, token: createdAddress(alice, 0) };
}

test("the sequencer accepts ethers-signed legacy (EIP-155), EIP-2930 and EIP-1559 transactions and answers with the original hash", async () => {
  const { chain, token } = await chainWithToken();
  try {
    for (const [nonce, type] of [[1, 0], [2, 1], [3, 2]] as const) {
      const raw = await signTransfer(alice, nonce, token, bob.address, 100n, type);
      const hash = await chain.sendRawTransaction(raw);
      assert.equal(hash, keccak256(raw), `type ${type}: the hash is keccak256 of the raw bytes`);
      assert.equal(hash, Transaction.from(raw).hash, `type ${type}: the hash ethers gives the signed transaction`);
      const receipt = await chain.getReceipt(hash);
      assert.equal(receipt?.success, true, `type ${type}: the transfer ran`);
      assert.equal(receipt?.from, alice.address.toLowerCase(), `type ${type}: the sender is recovered from the signature`);
    }
    const balance = await chain.engine.call({ from: bob.address, to: token, data: TOKEN.encodeFunctionData("balanceOf", [bob.address]) });
    assert.equal(BigInt(balance.returnData), 300n, "bob received the three transfers");
    assert.equal(await chain.getNonce(alice.address), 4n, "each transaction moved alice's OVM nonce");
  } finally {
    await chain.close();
  }
});

test("receipts and logs are retrievable by the original hash, before and after the block is committed", async () => {
  const { chain, token } = await chainWithToken();
  try {
    const hash = await chain.sendRawTransaction(await signTransfer(alice, 1, token, bob.address, 7n));
    const pending = await chain.getReceipt(hash);
    assert.ok(pending, "the open block's receipt is readable at once");
    assert.equal(pending.blockHash, null, "blockHash is null while the block is open");
    assert.equal(pending.transactionIndex, 1);
    const block = await chain.sealBlock();
    const receipt = await chain.getReceipt(hash);
    assert.ok(receipt, "the committed receipt is readable by the original hash");
    assert.equal(receipt.blockHash, block.hash);
    assert.equal(receipt.blockNumber, 1);
    assert.equal(receipt.postStateRoot, block.postStateRoots[1]);
    assert.deepEqual({ ...receipt, blockHash: null }, pending, "the committed receipt is the pending one, with its block hash");
    assert.equal(receipt.logs.length, 1, "one Transfer event");
    const log = receipt.logs[0]!;
    assert.equal(log.address, token, "the log is reported under the token's OVM address");
    const event = TOKEN.parseLog(log)!;
    assert.equal(event.name, "Transfer");
    assert.deepEqual([event.args[0], event.args[1], event.args[2]], [alice.address, bob.address, 7n]);
    assert.equal(await chain.originalHashOf(receipt.internalHash), hash, "the internal hash maps back to the original");
    assert.equal(await chain.getReceipt(keccak256("0x1234")), undefined, "an unknown hash has no receipt");
    const deploy = await chain.getReceipt(block.transactions[0] ? keccak256(block.transactions[0]) : "0x");
    assert.equal(deploy?.createdAddress, token, "a deployment's receipt names the created OVM address");
    assert.equal(deploy?.returnData, await chain.engine.getCode(token), "and returns the original runtime code");
  } finally {
    await chain.close();
  }
});

test("the internal hash is the EIP-155 signing hash of the wrapped L1 transaction (gas price 0, the sequencer's L1 nonce)", async () => {
  const { chain, token } = await chainWithToken();
  try {
    const raw = await signTransfer(alice, 1, token, bob.address, 1n);
    const receipt = (await chain.getReceipt(await chain.sendRawTransaction(raw)))!;
    const tx = Transaction.from(raw);
    const calldata = EM_INTERFACE.encodeFunctionData("executeTransaction", [TIMESTAMP, tx.gasLimit, alice.address, token, tx.data]);
    // L1 nonce 0 deployed the EM, 1 wrapped the deployment, so this is the sequencer's nonce 2.
    const wrapped = Transaction.from({ type: 0, nonce: 2, gasPrice: 0n, gasLimit: L1_TX_GAS, to: chain.engine.executionManager, value: 0n, data: calldata, chainId: CHAIN_ID });
    assert.equal(receipt.internalHash, wrapped.unsignedHash);
  } finally {
    await chain.close();
  }
});

/** Re-encodes a signed typed transaction with its signature fields replaced. */
function withSignature(raw: Hex, r: bigint, s: bigint): Hex {
  const fields = decodeRlp("0x" + raw.slice(4)) as RlpStructuredData[];
  const n = fields.length;
  fields[n - 2] = r === 0n ? "0x" : toBeHex(r);
  fields[n - 1] = toBeHex(s);
  return (raw.slice(0, 4) + encodeRlp(fields).slice(2)) as Hex;
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

interface BadInput {
  rule: string;
  code: string;
  raw: (ctx: { token: Hex; good: Hex; accepted: Hex }) => Promise<string> | string;
}

const BAD_INPUTS: BadInput[] = [
  { rule: "an empty input is malformed", code: "MALFORMED_TRANSACTION", raw: () => "0x" },
  { rule: "bytes that are no transaction are malformed", code: "MALFORMED_TRANSACTION", raw: () => "0xdeadbeef" },
  { rule: "a truncated transaction is malformed", code: "MALFORMED_TRANSACTION", raw: ({ good }) => good.slice(0, good.length - 20) },
  { rule: "an unknown transaction type is malformed", code: "MALFORMED_TRANSACTION", raw: ({ good }) => "0x05" + good.slice(4) },
  { rule: "non-hex input is refused", code: "INVALID_HEX", raw: () => "0xzz00" },
  { rule: "an odd number of hex digits is refused", code: "INVALID_HEX", raw: ({ good }) => good + "0" },
  { rule: "a high-s signature is refused (EIP-2)", code: "INVALID_SIGNATURE", raw: ({ good }) => {
    const sig = Transaction.from(good).signature!;
    return withSignature(good, BigInt(sig.r), SECP256K1_N - BigInt(sig.s));
  } },
  { rule: "a zero r is refused", code: "INVALID_SIGNATURE", raw: ({ good }) => withSignature(good, 0n, BigInt(Transaction.from(good).signature!.s)) },
  { rule: "a transaction signed for another chain is refused", code: "WRONG_CHAIN_ID", raw: ({ token }) =>
    sign(alice, { nonce: 1, chainId: CHAIN_ID + 1n, to: token, data: TOKEN.encodeFunctionData("transfer", [bob.address, 1n]) }) },
  { rule: "a legacy transaction without a chain id (pre-EIP-155) is refused", code: "WRONG_CHAIN_ID", raw: ({ token }) =>
    sign(alice, { type: 0, nonce: 1, chainId: 0n, to: token, data: TOKEN.encodeFunctionData("transfer", [bob.address, 1n]) }) },
  { rule: "a nonce gap is refused", code: "NONCE_TOO_HIGH", raw: ({ token }) => signTransfer(alice, 2, token, bob.address, 1n) },
  { rule: "a replayed transaction is refused", code: "NONCE_TOO_LOW", raw: ({ accepted }) => accepted },
  { rule: "a transaction with value is refused (ETH is an ERC-20 in the OVM)", code: "NONZERO_VALUE", raw: ({ token }) =>
    sign(alice, { nonce: 1, to: token, value: 1n, data: TOKEN.encodeFunctionData("transfer", [bob.address, 1n]) }) },
  { rule: "a call to the zero address is refused (the EM reads it as a deployment)", code: "UNSUPPORTED", raw: () =>
    sign(alice, { nonce: 1, to: "0x0000000000000000000000000000000000000000", data: tokenDeployData() }) },
  { rule: "a blob transaction (EIP-4844) is refused", code: "UNSUPPORTED", raw: ({ token }) => {
    const tx = Transaction.from({ type: 3, chainId: CHAIN_ID, nonce: 1, to: token, gasLimit: 100_000n, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n,
      maxFeePerBlobGas: 1n, blobVersionedHashes: ["0x01" + "00".repeat(31)], data: TOKEN.encodeFunctionData("transfer", [bob.address, 1n]) });
    tx.signature = alice.signingKey.sign(tx.unsignedHash);
    return tx.serialized;
  } },
  { rule: "a gas limit above the sequencer's maximum is refused", code: "GAS_LIMIT_TOO_HIGH", raw: ({ token }) =>
    sign(alice, { nonce: 1, to: token, gasLimit: 10n ** 12n, data: TOKEN.encodeFunctionData("transfer", [bob.address, 1n]) }) },
];

test("each bad input is refused with its code, changes nothing, and the sequencer accepts the next good transaction", async () => {
  const { chain, token } = await chainWithToken();
  try {
    const accepted = await signDeploy(alice, 0);
    const good = await signTransfer(alice, 1, token, bob.address, 5n);
    for (const bad of BAD_INPUTS) {
      const raw = await bad.raw({ token, good, accepted });
      const [rootBefore, nonceBefore, pendingBefore] = [await chain.engine.stateRoot(), await chain.getNonce(alice.address), chain.pendingCount];
      await assert.rejects(chain.sendRawTransaction(raw), (e: unknown) => {
        assert.ok(e instanceof OvmError, `${bad.rule}: an OvmError`);
        assert.equal(e.code, bad.code, `${bad.rule}: code (${e.message})`);
        return true;
      });
      assert.equal(await chain.engine.stateRoot(), rootBefore, `${bad.rule}: the state root is unchanged`);
      assert.equal(await chain.getNonce(alice.address), nonceBefore, `${bad.rule}: alice's nonce is unchanged`);
      assert.equal(chain.pendingCount, pendingBefore, `${bad.rule}: the open block is unchanged`);
    }
    const hash = await chain.sendRawTransaction(good);
    assert.equal((await chain.getReceipt(hash))?.success, true, "the next good transaction is accepted and runs");
    const block = await chain.sealBlock();
    assert.equal(block.transactions.length, 2, "the block holds only the two good transactions");
  } finally {
    await chain.close();
  }
});

test("a signature tampered into another valid one recovers another sender, so it is not alice's transaction", async () => {
  const { chain, token } = await chainWithToken();
  try {
    const good = await signTransfer(alice, 1, token, bob.address, 5n);
    const sig = Transaction.from(good).signature!;
    const tampered = withSignature(good, BigInt(sig.r) + 1n, BigInt(sig.s));
    let refusedOrOther = false;
    try {
      const hash = await chain.sendRawTransaction(tampered);
      refusedOrOther = (await chain.getReceipt(hash))?.from !== alice.address.toLowerCase();
    } catch (e) {
      refusedOrOther = e instanceof OvmError && ["INVALID_SIGNATURE", "NONCE_TOO_HIGH"].includes(e.code);
    }
    assert.ok(refusedOrOther, "the tampered transaction never runs as alice");
    assert.equal(await chain.getNonce(alice.address), 1n, "alice's nonce did not move");
  } finally {
    await chain.close();
  }
});

test("buildBlock checks every transaction first: one bad transaction refuses the block and nothing runs", async () => {
  const { chain, token } = await chainWithToken();
  try {
    await chain.sealBlock();
    const root = await chain.engine.stateRoot();
    const txs = [await signTransfer(alice, 1, token, bob.address, 1n), await signTransfer(alice, 3, token, bob.address, 1n)];
    await assert.rejects(chain.buildBlock(txs), (e: unknown) => {
      assert.ok(e instanceof OvmError);
      assert.equal(e.code, "NONCE_TOO_HIGH", "nonces are followed through the list: the second has a gap");
      assert.equal((e.detail as { refused: { index: number }[] }).refused[0]!.index, 1);
      return true;
    });
    assert.equal(await chain.engine.stateRoot(), root, "the first (good) transaction did not run either");
    assert.equal(chain.head.number, 1, "no block was committed");
  } finally {
    await chain.close();
  }
});

test("buildBlock with skipInvalid leaves refused transactions out and lists them", async () => {
  const { chain, token } = await chainWithToken();
  try {
    const txs = [
      await signTransfer(alice, 1, token, bob.address, 1n),
      "0xdeadbeef",
      await signTransfer(alice, 2, token, bob.address, 2n),
      await signTransfer(alice, 2, token, bob.address, 3n),
    ];
    const { block, refused, hashes } = await chain.buildBlock(txs, { skipInvalid: true });
    assert.deepEqual(refused.map((r) => [r.index, r.code]), [[1, "MALFORMED_TRANSACTION"], [3, "NONCE_TOO_LOW"]]);
    assert.equal(block.transactions.length, 3, "the open block's deployment and the two good transfers");
    assert.deepEqual(hashes, [keccak256(txs[0]!), keccak256(txs[2]!)]);
  } finally {
    await chain.close();
  }
});

test("concurrent submissions run one at a time, in call order", async () => {
  const { chain, token } = await chainWithToken();
  try {
    const raws = await Promise.all([1, 2, 3, 4].map((n) => signTransfer(alice, n, token, bob.address, BigInt(n))));
    const hashes = await Promise.all(raws.map((raw) => chain.sendRawTransaction(raw)));
    assert.deepEqual(hashes, raws.map((raw) => keccak256(raw)));
    assert.equal(chain.pendingCount, 5);
  } finally {
    await chain.close();
  }
});

test("block timestamps follow the sequencer's clock and never decrease", async () => {
  let now = 2_000_000_000n;
  const chain = await Chain.open({ clock: () => now });
  try {
    await chain.buildBlock([await signDeploy(alice, 0)]);
    assert.equal(chain.head.timestamp, 2_000_000_000n, "the block takes the sequencer's clock");
    now = 1_000n;
    await chain.sealBlock();
    assert.equal(chain.head.timestamp, 2_000_000_000n, "a clock that went back does not move the block time back");
    await assert.rejects(chain.buildBlock([], { timestamp: 5n }), (e: unknown) => e instanceof OvmError && e.code === "INVALID_ARGUMENT");
  } finally {
    await chain.close();
  }
});
