// Arithmetic family (0x01..0x0b): the corner cases the yellow paper defines specially (division by
// zero, signed overflow, modulus zero, 512-bit intermediates) and EXP's per-byte gas. Expected values are
// the yellow paper's definitions evaluated with bigint arithmetic; every case also runs on @ethereumjs/evm.
// Values are checked in batches (one message per test); gas is pinned per opcode with evalOp.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX, TWO_255, assertOps, evalOp, neg } from "./helpers.js";

const WORD = 1n << 256n;

test("DIV, SDIV, MOD and SMOD by zero return 0 (yellow paper: mu_s[1] = 0 => 0) and cost G_low = 5", async () => {
  const cases: Parameters<typeof assertOps>[0] = [];
  for (const op of ["DIV", "SDIV", "MOD", "SMOD"] as const) {
    for (const dividend of [0n, 1n, MAX, TWO_255]) cases.push([[op, dividend, 0n], 0n]);
  }
  await assertOps(cases, "division by zero");
  for (const op of ["DIV", "SDIV", "MOD", "SMOD"] as const) {
    assert.equal((await evalOp(op, MAX, 0n)).opGas, 5n, `${op} costs G_low`);
  }
});

test("SDIV(-2^255, -1) = -2^255: the one signed overflow wraps instead of trapping", async () => {
  // -2^255 / -1 = 2^255, which does not fit a signed word; the yellow paper pins the result to -2^255.
  await assertOps([[["SDIV", TWO_255, MAX], TWO_255]], "SDIV overflow");
});

test("SDIV truncates toward zero and SMOD takes the dividend's sign", async () => {
  await assertOps([
    [["SDIV", neg(7n), 2n], neg(3n), "-3.5 -> -3, toward zero, not -4"],
    [["SDIV", 7n, neg(2n)], neg(3n)],
    [["SDIV", neg(7n), neg(2n)], 3n],
    [["SMOD", neg(7n), 3n], neg(1n), "sgn(-7) * (7 mod 3) = -1"],
    [["SMOD", 7n, neg(3n)], 1n, "sgn(7) * (7 mod 3) = 1"],
    [["SMOD", TWO_255, MAX], 0n, "|-2^255| mod 1 = 0"],
    [["MOD", neg(7n), 3n], (WORD - 7n) % 3n, "MOD is unsigned"],
  ], "signed division");
});

test("ADDMOD and MULMOD with modulus 0 return 0 and cost G_mid = 8", async () => {
  await assertOps([[["ADDMOD", MAX, MAX, 0n], 0n], [["MULMOD", MAX, MAX, 0n], 0n]], "modulus 0");
  for (const op of ["ADDMOD", "MULMOD"] as const) assert.equal((await evalOp(op, MAX, MAX, 0n)).opGas, 8n, op);
});

test("ADDMOD and MULMOD compute on the full-width sum/product, not on the value truncated to 256 bits", async () => {
  // (2^256-1) + (2^256-1) = 2^257 - 2 overflows 256 bits; the result is taken before any truncation.
  const sum = MAX + MAX;
  const product = MAX * MAX; // 2^512 - 2^257 + 1
  // The cases below would give other answers if the intermediate were truncated.
  assert.notEqual(sum % 7n, (sum % WORD) % 7n);
  assert.notEqual(product % 12345n, (product % WORD) % 12345n);
  await assertOps([
    [["ADDMOD", MAX, MAX, 7n], sum % 7n],
    [["ADDMOD", MAX, 1n, 10n], 6n, "2^256 mod 10 = 6"],
    [["MULMOD", MAX, MAX, 12345n], product % 12345n],
    [["MULMOD", TWO_255, 2n, MAX], 1n, "2^256 mod (2^256 - 1) = 1"],
    [["MULMOD", MAX, MAX, 1n], 0n, "modulus 1"],
  ], "wide intermediates");
  assert.equal((MAX + 1n) % 10n, 6n);
});

test("EXP gas is 10 + 50 per significant byte of the exponent (EIP-160)", async () => {
  const cases: [bigint, bigint, bigint][] = [
    // [base, exponent, gas]: byte length of the exponent = ceil(bitlen / 8).
    [2n, 0n, 10n], // exponent 0 has no bytes: 10 + 50*0
    [2n, 1n, 60n], // 10 + 50*1
    [2n, 255n, 60n], // 0xff: still 1 byte
    [2n, 256n, 110n], // 0x0100: 2 bytes -> 10 + 100
    [3n, TWO_255, 1610n], // 2^255 takes all 32 bytes: 10 + 50*32
  ];
  for (const [base, exponent, gas] of cases) {
    assert.equal((await evalOp("EXP", base, exponent)).opGas, gas, `EXP gas for exponent ${exponent}`);
  }
});

test("EXP computes base^exponent mod 2^256", async () => {
  const modpow = (base: bigint, exponent: bigint) => {
    let result = 1n;
    for (let b = base, e = exponent; e > 0n; e >>= 1n, b = (b * b) % WORD) if (e & 1n) result = (result * b) % WORD;
    return result;
  };
  await assertOps([
    [["EXP", 2n, 255n], TWO_255],
    [["EXP", 2n, 256n], 0n, "2^256 wraps to 0"],
    [["EXP", 0n, 0n], 1n, "0^0 = 1 by the yellow paper"],
    [["EXP", 0n, 5n], 0n],
    [["EXP", MAX, MAX], MAX, "(-1)^odd = -1"],
    [["EXP", MAX, 2n], 1n, "(-1)^2 = 1"],
    [["EXP", 3n, TWO_255], modpow(3n, TWO_255)],
    [["EXP", 10n, 77n], modpow(10n, 77n), "10^77 fits in 256 bits"],
    [["EXP", 10n, 78n], modpow(10n, 78n), "10^78 wraps"],
  ], "EXP values");
});

test("SIGNEXTEND extends from bit 8*b+7, and leaves the value unchanged for b >= 31", async () => {
  const negative30 = (1n << 247n) | 0x1234n;
  const positive30 = (0xabn << 248n) | 0x1234n; // bit 247 clear: the top byte is cleared by b = 30
  await assertOps([
    // b = 0: sign bit is bit 7; every higher byte is replaced.
    [["SIGNEXTEND", 0n, 0xffn], MAX],
    [["SIGNEXTEND", 0n, 0x7fn], 0x7fn],
    [["SIGNEXTEND", 0n, 0x1234_80n], MAX - 0x7fn, "0x...ff80"],
    [["SIGNEXTEND", 0n, 0xffff_7fn], 0x7fn],
    // b = 30: sign bit is bit 247; only byte 31 (the top byte) is overwritten.
    [["SIGNEXTEND", 30n, negative30], negative30 | (0xffn << 248n)],
    [["SIGNEXTEND", 30n, positive30], 0x1234n],
    // b = 31, 32, 2^255, 2^256-1: the whole word is already the "extended" value.
    [["SIGNEXTEND", 31n, positive30], positive30],
    [["SIGNEXTEND", 32n, positive30], positive30],
    [["SIGNEXTEND", TWO_255, positive30], positive30],
    [["SIGNEXTEND", MAX, negative30], negative30],
  ], "SIGNEXTEND");
  assert.equal((await evalOp("SIGNEXTEND", TWO_255, positive30)).opGas, 5n, "G_low");
});

test("ADD, SUB and MUL wrap modulo 2^256", async () => {
  await assertOps([
    [["ADD", MAX, 1n], 0n],
    [["SUB", 0n, 1n], MAX],
    [["MUL", TWO_255, 2n], 0n],
    [["MUL", MAX, MAX], 1n, "(2^256-1)^2 mod 2^256 = 1"],
  ], "wrapping");
});
