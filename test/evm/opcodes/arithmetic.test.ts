// Arithmetic family (0x01..0x0b): the corner cases the yellow paper defines specially (division by
// zero, signed overflow, modulus zero, 512-bit intermediates) and EXP's per-byte gas. Expected values are
// the yellow paper's definitions evaluated with bigint arithmetic; every case also runs on @ethereumjs/evm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX, TWO_255, evalOp, neg } from "./helpers.js";

const WORD = 1n << 256n;

test("DIV, SDIV, MOD and SMOD by zero return 0 (yellow paper: mu_s[1] = 0 => 0)", async () => {
  for (const op of ["DIV", "SDIV", "MOD", "SMOD"] as const) {
    for (const dividend of [0n, 1n, MAX, TWO_255]) {
      const { value, opGas } = await evalOp(op, dividend, 0n);
      assert.equal(value, 0n, `${op}(${dividend}, 0)`);
      // G_low = 5 for all four.
      assert.equal(opGas, 5n, `${op} costs G_low`);
    }
  }
});

test("SDIV(-2^255, -1) = -2^255: the one signed overflow wraps instead of trapping", async () => {
  // -2^255 / -1 = 2^255, which does not fit a signed word; the yellow paper pins the result to -2^255.
  const { value } = await evalOp("SDIV", TWO_255, MAX);
  assert.equal(value, TWO_255);
});

test("SDIV truncates toward zero and SMOD takes the dividend's sign", async () => {
  // -7 / 2 = -3.5 -> -3 (toward zero), not -4.
  assert.equal((await evalOp("SDIV", neg(7n), 2n)).value, neg(3n));
  // 7 / -2 -> -3.
  assert.equal((await evalOp("SDIV", 7n, neg(2n))).value, neg(3n));
  // sgn(-7) * (|-7| mod |3|) = -(7 mod 3) = -1.
  assert.equal((await evalOp("SMOD", neg(7n), 3n)).value, neg(1n));
  // sgn(7) * (7 mod |-3|) = 1.
  assert.equal((await evalOp("SMOD", 7n, neg(3n))).value, 1n);
  // SMOD(-2^255, -1): |-2^255| mod 1 = 0.
  assert.equal((await evalOp("SMOD", TWO_255, MAX)).value, 0n);
});

test("ADDMOD and MULMOD with modulus 0 return 0", async () => {
  for (const op of ["ADDMOD", "MULMOD"] as const) {
    const { value, opGas } = await evalOp(op, MAX, MAX, 0n);
    assert.equal(value, 0n, `${op}(MAX, MAX, 0)`);
    // G_mid = 8.
    assert.equal(opGas, 8n);
  }
});

test("ADDMOD and MULMOD compute on the full-width sum/product, not on the value truncated to 256 bits", async () => {
  // (2^256-1) + (2^256-1) = 2^257 - 2 overflows 256 bits; the result is taken before any truncation.
  const sum = MAX + MAX;
  assert.equal((await evalOp("ADDMOD", MAX, MAX, 7n)).value, sum % 7n);
  // Truncation would give (2^256 - 2) mod 7, which differs: check the test distinguishes the two.
  assert.notEqual(sum % 7n, (sum % WORD) % 7n);
  assert.equal((await evalOp("ADDMOD", MAX, 1n, 10n)).value, (MAX + 1n) % 10n); // 2^256 mod 10 = 6
  assert.equal((MAX + 1n) % 10n, 6n);

  const product = MAX * MAX; // 2^512 - 2^257 + 1
  assert.equal((await evalOp("MULMOD", MAX, MAX, 12345n)).value, product % 12345n);
  assert.notEqual(product % 12345n, (product % WORD) % 12345n);
  // (2^255 * 2) mod (2^256 - 1) = 2^256 mod (2^256 - 1) = 1.
  assert.equal((await evalOp("MULMOD", TWO_255, 2n, MAX)).value, 1n);
  // A modulus of 1 sends everything to 0.
  assert.equal((await evalOp("MULMOD", MAX, MAX, 1n)).value, 0n);
});

test("EXP gas is 10 + 50 per significant byte of the exponent (EIP-160)", async () => {
  const cases: [bigint, bigint, bigint][] = [
    // [base, exponent, gas]: byte length of the exponent = ceil(bitlen / 8).
    [2n, 0n, 10n], // exponent 0 has no bytes: 10 + 50*0
    [2n, 1n, 60n], // 10 + 50*1
    [2n, 255n, 60n], // 0xff: still 1 byte
    [2n, 256n, 110n], // 0x0100: 2 bytes -> 10 + 100
    [3n, TWO_255, 1610n], // 2^255 takes all 32 bytes: 10 + 50*32
    [MAX, MAX, 1610n],
  ];
  for (const [base, exponent, gas] of cases) {
    const { value, opGas } = await evalOp("EXP", base, exponent);
    let expected = 1n;
    for (let b = base, e = exponent; e > 0n; e >>= 1n, b = (b * b) % WORD) if (e & 1n) expected = (expected * b) % WORD;
    assert.equal(value, expected, `EXP(${base}, ${exponent})`);
    assert.equal(opGas, gas, `EXP gas for exponent ${exponent}`);
  }
  // Spot values: 2^255 fits; 2^256 wraps to 0; 0^0 = 1 by the yellow paper.
  assert.equal((await evalOp("EXP", 2n, 255n)).value, TWO_255);
  assert.equal((await evalOp("EXP", 2n, 256n)).value, 0n);
  assert.equal((await evalOp("EXP", 0n, 0n)).value, 1n);
  // Odd base to an odd power of (2^256-1): (-1)^odd = -1 mod 2^256.
  assert.equal((await evalOp("EXP", MAX, MAX)).value, MAX);
});

test("SIGNEXTEND extends from bit 8*b+7, and leaves the value unchanged for b >= 31", async () => {
  // b = 0: sign bit is bit 7. 0xff -> all ones; 0x7f stays; higher bytes are replaced.
  assert.equal((await evalOp("SIGNEXTEND", 0n, 0xffn)).value, MAX);
  assert.equal((await evalOp("SIGNEXTEND", 0n, 0x7fn)).value, 0x7fn);
  assert.equal((await evalOp("SIGNEXTEND", 0n, 0x1234_80n)).value, MAX - 0x7fn); // 0x...ff80
  assert.equal((await evalOp("SIGNEXTEND", 0n, 0xffff_7fn)).value, 0x7fn);
  // b = 30: sign bit is bit 247; only byte 31 (the top byte) is overwritten.
  const negative30 = (1n << 247n) | 0x1234n;
  assert.equal((await evalOp("SIGNEXTEND", 30n, negative30)).value, negative30 | (0xffn << 248n));
  const positive30 = (0xabn << 248n) | 0x1234n; // bit 247 clear: the top byte is cleared
  assert.equal((await evalOp("SIGNEXTEND", 30n, positive30)).value, 0x1234n);
  // b = 31, 32 and 2^255: the whole word is already the "extended" value.
  for (const b of [31n, 32n, TWO_255, MAX]) {
    const { value, opGas } = await evalOp("SIGNEXTEND", b, positive30);
    assert.equal(value, positive30, `SIGNEXTEND(${b}, x)`);
    assert.equal(opGas, 5n); // G_low
  }
});

test("ADD, SUB and MUL wrap modulo 2^256", async () => {
  assert.equal((await evalOp("ADD", MAX, 1n)).value, 0n);
  assert.equal((await evalOp("SUB", 0n, 1n)).value, MAX);
  assert.equal((await evalOp("MUL", TWO_255, 2n)).value, 0n);
  // (2^256-1)^2 mod 2^256 = 1.
  assert.equal((await evalOp("MUL", MAX, MAX)).value, 1n);
});
