// The hand-written executeTransaction coder (src/ovm/em-interface.ts) against ethers' ABI coder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AbiCoder } from "ethers";
import { EM_INTERFACE, decodeExecuteTransactionResult, encodeExecuteTransaction } from "../../src/ovm/em-interface.js";
import { createRng } from "../generators/programs.js";

const ADDRESSES = ["0x0000000000000000000000000000000000000000", "0x00000000000000000000000000000000000d3b10", "0xffffffffffffffffffffffffffffffffffffffff"];

test("encodeExecuteTransaction gives ethers' calldata for data of every length from 0 to 100 bytes and extreme numbers", () => {
  const rng = createRng(4711);
  for (let length = 0; length <= 100; length++) {
    const data = `0x${Buffer.from(rng.bytes(length)).toString("hex")}`;
    const timestamp = rng.chance(0.2) ? (1n << 256n) - 1n : BigInt(rng.next());
    const gasLimit = BigInt(rng.next()) * 1000n;
    const [origin, entrypoint] = [rng.pick(ADDRESSES), rng.pick(ADDRESSES)];
    assert.equal(
      encodeExecuteTransaction(timestamp, gasLimit, origin, entrypoint, data),
      EM_INTERFACE.encodeFunctionData("executeTransaction", [timestamp, gasLimit, origin, entrypoint, data]),
      `length ${length}`,
    );
  }
});

test("decodeExecuteTransactionResult reads what ethers encodes, and refuses truncated output", () => {
  const rng = createRng(4712);
  const coder = AbiCoder.defaultAbiCoder();
  for (let length = 0; length <= 70; length++) {
    const returnData = `0x${Buffer.from(rng.bytes(length)).toString("hex")}`;
    const created = rng.pick(ADDRESSES);
    const success = rng.chance(0.5);
    const output = coder.encode(["bool", "address", "bytes"], [success, created, returnData]);
    assert.deepEqual(decodeExecuteTransactionResult(output), { success, created: created.toLowerCase(), returnData });
  }
  const good = coder.encode(["bool", "address", "bytes"], [true, ADDRESSES[1], "0x1234"]);
  assert.throws(() => decodeExecuteTransactionResult(good.slice(0, 2 + 64 * 3)), RangeError);
  assert.throws(() => encodeExecuteTransaction(0n, 0n, "0x12", ADDRESSES[0]!, "0x"), RangeError);
});
