// Bitwise family: BYTE's index bounds and the EIP-145 shifts at 0, 255, 256 and huge shift amounts,
// including SAR's sign fill. Expected values are EIP-145's definitions worked with bigint shifts;
// every case also runs on @ethereumjs/evm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX, TWO_255, evalOp, neg } from "./helpers.js";

// 0x0102...1f20: byte i (counting from the most significant) holds i + 1, so BYTE's result names the index.
const COUNTING = BigInt(`0x${Array.from({ length: 32 }, (_, i) => (i + 1).toString(16).padStart(2, "0")).join("")}`);

test("BYTE(i, x) is the i-th byte from the most significant end, and 0 for i >= 32", async () => {
  assert.equal((await evalOp("BYTE", 0n, COUNTING)).value, 1n);
  assert.equal((await evalOp("BYTE", 31n, COUNTING)).value, 32n); // least significant byte 0x20
  for (const i of [32n, 33n, TWO_255, MAX]) {
    const { value, opGas } = await evalOp("BYTE", i, COUNTING);
    assert.equal(value, 0n, `BYTE(${i}, x)`);
    assert.equal(opGas, 3n); // G_verylow
  }
});

test("SHL by 0 is the identity, by 255 keeps only bit 0 (moved to the top), by >= 256 gives 0", async () => {
  assert.equal((await evalOp("SHL", 0n, COUNTING)).value, COUNTING);
  assert.equal((await evalOp("SHL", 255n, 1n)).value, TWO_255);
  assert.equal((await evalOp("SHL", 255n, 2n)).value, 0n); // bit 1 shifted past bit 255
  assert.equal((await evalOp("SHL", 4n, MAX)).value, MAX - 0xfn);
  for (const shift of [256n, 257n, TWO_255, MAX]) {
    const { value, opGas } = await evalOp("SHL", shift, MAX);
    assert.equal(value, 0n, `SHL(${shift}, MAX)`);
    assert.equal(opGas, 3n);
  }
});

test("SHR by 0 is the identity, by 255 leaves only the top bit, by >= 256 gives 0", async () => {
  assert.equal((await evalOp("SHR", 0n, COUNTING)).value, COUNTING);
  assert.equal((await evalOp("SHR", 255n, MAX)).value, 1n);
  assert.equal((await evalOp("SHR", 255n, TWO_255 - 1n)).value, 0n);
  assert.equal((await evalOp("SHR", 8n, COUNTING)).value, COUNTING >> 8n);
  for (const shift of [256n, TWO_255, MAX]) {
    assert.equal((await evalOp("SHR", shift, MAX)).value, 0n, `SHR(${shift}, MAX)`);
  }
});

test("SAR fills with the sign bit: negatives go to -1 and positives to 0 for shifts >= 255/256", async () => {
  // Positive value: SAR equals SHR.
  assert.equal((await evalOp("SAR", 0n, COUNTING)).value, COUNTING);
  assert.equal((await evalOp("SAR", 8n, COUNTING)).value, COUNTING >> 8n);
  assert.equal((await evalOp("SAR", 256n, TWO_255 - 1n)).value, 0n);
  // -2^255 >> 255 = -1 (floor), >> 254 = -2.
  assert.equal((await evalOp("SAR", 255n, TWO_255)).value, MAX);
  assert.equal((await evalOp("SAR", 254n, TWO_255)).value, neg(2n));
  // Arithmetic shift floors: -3 >> 1 = -2 (not -1 as truncation would give).
  assert.equal((await evalOp("SAR", 1n, neg(3n))).value, neg(2n));
  // -1 stays -1 under any shift; so does any negative once the shift reaches 256.
  for (const shift of [1n, 255n, 256n, TWO_255, MAX]) {
    assert.equal((await evalOp("SAR", shift, MAX)).value, MAX, `SAR(${shift}, -1)`);
  }
  for (const shift of [256n, 257n, TWO_255]) {
    const { value, opGas } = await evalOp("SAR", shift, TWO_255 | 0x1234n);
    assert.equal(value, MAX, `SAR(${shift}, negative)`);
    assert.equal(opGas, 3n);
  }
});

test("NOT, AND, OR, XOR and the comparisons treat words as unsigned unless signed (SLT/SGT)", async () => {
  assert.equal((await evalOp("NOT", 0n)).value, MAX);
  assert.equal((await evalOp("XOR", MAX, COUNTING)).value, MAX ^ COUNTING);
  // Unsigned: 2^255 > 1; signed: -2^255 < 1.
  assert.equal((await evalOp("LT", 1n, TWO_255)).value, 1n);
  assert.equal((await evalOp("SLT", TWO_255, 1n)).value, 1n);
  assert.equal((await evalOp("SGT", 1n, MAX)).value, 1n); // 1 > -1
  assert.equal((await evalOp("GT", 1n, MAX)).value, 0n);
});
