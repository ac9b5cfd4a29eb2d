// Bitwise family: BYTE's index bounds and the EIP-145 shifts at 0, 255, 256 and huge shift amounts,
// including SAR's sign fill. Expected values are EIP-145's definitions worked with bigint shifts;
// every case also runs on @ethereumjs/evm. Values are checked in batches; gas with evalOp.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX, TWO_255, assertOps, evalOp, neg } from "./helpers.js";

// 0x0102...1f20: byte i (counting from the most significant) holds i + 1, so BYTE's result names the index.
const COUNTING = BigInt(`0x${Array.from({ length: 32 }, (_, i) => (i + 1).toString(16).padStart(2, "0")).join("")}`);

test("BYTE(i, x) is the i-th byte from the most significant end, and 0 for i >= 32", async () => {
  await assertOps([
    [["BYTE", 0n, COUNTING], 1n],
    [["BYTE", 31n, COUNTING], 32n, "least significant byte 0x20"],
    [["BYTE", 32n, COUNTING], 0n],
    [["BYTE", 33n, COUNTING], 0n],
    [["BYTE", TWO_255, COUNTING], 0n],
    [["BYTE", MAX, COUNTING], 0n],
  ], "BYTE");
  assert.equal((await evalOp("BYTE", 32n, COUNTING)).opGas, 3n, "G_verylow");
});

test("SHL by 0 is the identity, by 255 keeps only bit 0 (moved to the top), by >= 256 gives 0", async () => {
  await assertOps([
    [["SHL", 0n, COUNTING], COUNTING],
    [["SHL", 255n, 1n], TWO_255],
    [["SHL", 255n, 2n], 0n, "bit 1 is shifted past bit 255"],
    [["SHL", 4n, MAX], MAX - 0xfn],
    [["SHL", 256n, MAX], 0n],
    [["SHL", 257n, MAX], 0n],
    [["SHL", TWO_255, MAX], 0n],
    [["SHL", MAX, MAX], 0n],
  ], "SHL");
  assert.equal((await evalOp("SHL", TWO_255, MAX)).opGas, 3n);
});

test("SHR by 0 is the identity, by 255 leaves only the top bit, by >= 256 gives 0", async () => {
  await assertOps([
    [["SHR", 0n, COUNTING], COUNTING],
    [["SHR", 255n, MAX], 1n],
    [["SHR", 255n, TWO_255 - 1n], 0n],
    [["SHR", 8n, COUNTING], COUNTING >> 8n],
    [["SHR", 256n, MAX], 0n],
    [["SHR", TWO_255, MAX], 0n],
    [["SHR", MAX, MAX], 0n],
  ], "SHR");
  assert.equal((await evalOp("SHR", 256n, MAX)).opGas, 3n);
});

test("SAR fills with the sign bit: negatives go to -1 and positives to 0 for shifts >= 255/256", async () => {
  await assertOps([
    // Positive values: SAR equals SHR.
    [["SAR", 0n, COUNTING], COUNTING],
    [["SAR", 8n, COUNTING], COUNTING >> 8n],
    [["SAR", 256n, TWO_255 - 1n], 0n],
    [["SAR", TWO_255, TWO_255 - 1n], 0n],
    // -2^255 >> 255 = -1 (floor), >> 254 = -2.
    [["SAR", 255n, TWO_255], MAX],
    [["SAR", 254n, TWO_255], neg(2n)],
    [["SAR", 1n, neg(3n)], neg(2n), "arithmetic shift floors: -3 >> 1 = -2, not -1"],
    // -1 stays -1 under any shift; so does any negative once the shift reaches 256.
    [["SAR", 1n, MAX], MAX],
    [["SAR", 255n, MAX], MAX],
    [["SAR", 256n, MAX], MAX],
    [["SAR", TWO_255, MAX], MAX],
    [["SAR", MAX, MAX], MAX],
    [["SAR", 256n, TWO_255 | 0x1234n], MAX],
    [["SAR", 257n, TWO_255 | 0x1234n], MAX],
    [["SAR", TWO_255, TWO_255 | 0x1234n], MAX],
  ], "SAR");
  assert.equal((await evalOp("SAR", TWO_255, MAX)).opGas, 3n);
});

test("NOT, AND, OR, XOR and the comparisons treat words as unsigned unless signed (SLT/SGT)", async () => {
  await assertOps([
    [["NOT", 0n], MAX],
    [["XOR", MAX, COUNTING], MAX ^ COUNTING],
    [["AND", MAX, COUNTING], COUNTING],
    [["OR", TWO_255, 1n], TWO_255 + 1n],
    [["LT", 1n, TWO_255], 1n, "unsigned: 1 < 2^255"],
    [["SLT", TWO_255, 1n], 1n, "signed: -2^255 < 1"],
    [["SGT", 1n, MAX], 1n, "1 > -1"],
    [["GT", 1n, MAX], 0n],
    [["EQ", MAX, MAX], 1n],
    [["ISZERO", 0n], 1n],
  ], "logic");
});
