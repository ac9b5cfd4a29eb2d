// Memory family: expansion cost (yellow paper C_mem(a) = 3a + floor(a^2/512) in words, charged as the
// difference), MSTORE8, MCOPY's memmove semantics (EIP-5656), offsets too large to ever pay for, zero-size
// accesses at any offset, copy opcodes reading past their source, and RETURNDATACOPY's bounds (EIP-211).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX, OTHER, TWO_255, assertExceptionalHalt, code, memoryCost, pushGas, pushN, run, top, words, EMPTY_KECCAK,
  RETURN_TOP, RETURN_TOP_GAS,
} from "./helpers.js";

const COUNTING_BYTES = Array.from({ length: 32 }, (_, i) => i + 1);
const COUNTING = BigInt(`0x${Buffer.from(COUNTING_BYTES).toString("hex")}`);

test("memory expansion: MSTORE at offset o costs 3 + C_mem(ceil((o+32)/32)) with C_mem(w) = 3w + w^2/512", async () => {
  const cases: [bigint, bigint, bigint][] = [
    // [offset, words, C_mem(words)]
    [0n, 1n, 3n], // 3*1 + 1/512 = 3
    [992n, 32n, 98n], // 3*32 + 1024/512 = 96 + 2
    [32736n, 1024n, 5120n], // 3*1024 + 1048576/512 = 3072 + 2048
    [65504n, 2048n, 14336n], // 3*2048 + 4194304/512 = 6144 + 8192
    [1n, 2n, 6n], // an unaligned store touches two words: 3*2 + 4/512 = 6
  ];
  for (const [offset, w, cost] of cases) {
    assert.equal(memoryCost(w), cost, "the table above is the yellow paper formula");
    const outcome = await run(code(0x2a, offset, "MSTORE", "MSIZE", ...RETURN_TOP), {}, `MSTORE at ${offset}`);
    // MSIZE reports the expanded size in bytes, a whole number of words.
    assert.equal(top(outcome), w * 32n, `MSIZE after MSTORE at ${offset}`);
    // PUSH1 0x2a 3 + PUSH offset + MSTORE 3 + C_mem + MSIZE 2 + RETURN_TOP (its MSTORE at 0 expands nothing more).
    const expected = 3n + pushGas(offset) + 3n + cost + 2n + RETURN_TOP_GAS - 3n;
    assert.equal(outcome.gasUsed, expected, `gas of MSTORE at ${offset}`);
  }
});

test("memory expansion is charged as the difference: MLOAD past the end pays C_mem(new) - C_mem(old)", async () => {
  // MSTORE at 0 (1 word, 3) then MLOAD at 992 (32 words): 98 - 3 = 95 more.
  const outcome = await run(code(0x2a, 0, "MSTORE", 992, "MLOAD", "POP", "MSIZE", ...RETURN_TOP));
  assert.equal(top(outcome), 1024n);
  // PUSH1 3 + PUSH0 2 + MSTORE 3 + 3 | PUSH2 3 + MLOAD 3 + 95 | POP 2 | MSIZE 2 | RETURN_TOP without expansion
  assert.equal(outcome.gasUsed, 3n + 2n + 3n + 3n + 3n + 3n + 95n + 2n + 2n + RETURN_TOP_GAS - 3n);
});

test("MSTORE8 writes the low byte only and expands memory to the word holding it", async () => {
  // Returns memory word 0 and, in word 1, MSIZE as it was right after the MSTORE8.
  const outcome = await run(code(0x1234, 31, "MSTORE8", "MSIZE", 0x20, "MSTORE", 64, "PUSH0", "RETURN"));
  // word 0 = 0x00...0034 (only 0x34 of 0x1234 lands, at byte 31); MSIZE = 32.
  assert.deepEqual(words(outcome), [0x34n, 32n]);
  const second = await run(code(0xff, 32, "MSTORE8", "MSIZE", ...RETURN_TOP));
  // A byte at offset 32 needs the second word: MSIZE 64.
  assert.equal(top(second), 64n);
  // PUSH1 3 + PUSH1 3 + MSTORE8 3 + C_mem(2) 6 + MSIZE 2 + RETURN_TOP (no expansion).
  assert.equal(second.gasUsed, 3n + 3n + 3n + 6n + 2n + RETURN_TOP_GAS - 3n);
});

test("MCOPY is a memmove: overlapping copies forward and backward both see the source as it was", async () => {
  const forward = COUNTING_BYTES.slice();
  forward.copyWithin(2, 0, 10); // memmove semantics
  // bytes 2..11 become the old 0..9: 1 2 | 1 2 3 4 5 6 7 8 9 10 | 13 ...
  assert.deepEqual(forward.slice(0, 13), [1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13]);
  const backward = COUNTING_BYTES.slice();
  backward.copyWithin(0, 2, 12);
  // bytes 0..9 become the old 2..11: 3 4 5 6 7 8 9 10 11 12 | 11 12 13 ...
  assert.deepEqual(backward.slice(0, 13), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 11, 12, 13]);

  for (const [dst, src, bytes] of [[2, 0, forward], [0, 2, backward]] as const) {
    // MCOPY pops dst, src, size.
    const outcome = await run(code(COUNTING, 0, "MSTORE", 10, src, dst, "MCOPY", 32, "PUSH0", "RETURN"), {}, `MCOPY ${src}->${dst}`);
    assert.equal(outcome.returnData, `0x${Buffer.from(bytes).toString("hex")}`);
    // PUSH32 3 + PUSH0 2 + MSTORE 3 + 3 | PUSH1 3 + src + dst + MCOPY 3 + 3*ceil(10/32) | PUSH1 3 + PUSH0 2
    assert.equal(outcome.gasUsed, 3n + 2n + 3n + 3n + 3n + pushGas(src) + pushGas(dst) + 3n + 3n + 3n + 2n);
  }
});

test("MCOPY to a destination past the end expands memory to cover it", async () => {
  const outcome = await run(code(COUNTING, 0, "MSTORE", 32, 0, 32, "MCOPY", 64, "PUSH0", "RETURN"));
  assert.deepEqual(words(outcome), [COUNTING, COUNTING]);
  // MSTORE part 11 | PUSH1 3 + PUSH0 2 + PUSH1 3 + MCOPY 3 + 3*1 + (C_mem(2) - C_mem(1) = 6 - 3) | PUSH1 3 + PUSH0 2
  assert.equal(outcome.gasUsed, 11n + 3n + 2n + 3n + 3n + 3n + 3n + 3n + 2n);
});

test("an access at offset 2^32 or 2^64 runs out of gas and consumes all gas", async () => {
  const gas = 1_000_000n;
  const programs: [string, Uint8Array][] = [
    ["MSTORE at 2^32", code(1, 1n << 32n, "MSTORE")],
    ["MSTORE at 2^64", code(1, 1n << 64n, "MSTORE")],
    ["MLOAD at 2^64", code(1n << 64n, "MLOAD")],
    ["MSTORE8 at 2^32", code(1, 1n << 32n, "MSTORE8")],
    ["RETURN of 1 byte at 2^32", code(1, 1n << 32n, "RETURN")],
    ["CALLDATACOPY of 1 byte to 2^64", code(1, 0, 1n << 64n, "CALLDATACOPY")],
    ["MCOPY of 1 byte from 2^64", code(1, 1n << 64n, 0, "MCOPY")],
    ["KECCAK256 of 2^32 bytes", code(1n << 32n, 0, "KECCAK256")],
    ["MLOAD at 2^255", code(TWO_255, "MLOAD")],
  ];
  for (const [name, bytecode] of programs) {
    assertExceptionalHalt(await run(bytecode, { gas }, name), gas, name);
  }
});

test("a zero-size access at a huge offset costs no memory and leaves MSIZE at 0", async () => {
  const HUGE = 1n << 64n;
  const outcome = await run(code(
    0, HUGE, "KECCAK256", "POP", // size 0 at 2^64
    0, 0, HUGE, "CALLDATACOPY", // dst 2^64, size 0
    0, HUGE, HUGE, "MCOPY",
    0, HUGE, "LOG0",
    0, MAX, 0, "CODECOPY", // source offset 2^256-1, size 0
    "MSIZE", ...RETURN_TOP,
  ));
  assert.equal(top(outcome), 0n);
  // KECCAK256: PUSH0 2 + PUSH9 3 + 30 + POP 2 = 37
  // CALLDATACOPY: 2 + 2 + 3 + 3 = 10;  MCOPY: 2 + 3 + 3 + 3 = 11;  LOG0: 2 + 3 + 375 = 380
  // CODECOPY: 2 + 3 + 2 + 3 = 10;  MSIZE 2;  RETURN_TOP 13
  assert.equal(outcome.gasUsed, 37n + 10n + 11n + 380n + 10n + 2n + RETURN_TOP_GAS);

  const hash = await run(code(0, TWO_255, "KECCAK256", ...RETURN_TOP));
  assert.equal(top(hash), EMPTY_KECCAK, "keccak256 of no bytes");
  const ret = await run(code(0, HUGE, "RETURN"));
  assert.equal(ret.success, true);
  assert.equal(ret.returnData, "0x");
  assert.equal(ret.gasUsed, 2n + 3n);
});

test("CALLDATACOPY and CODECOPY past the end of their source fill with zeros", async () => {
  // Memory starts as all ones so the zero fill is visible.
  const calldata = Uint8Array.from([0xaa, 0xbb, 0xcc]);
  const cdc = await run(code(MAX, 0, "MSTORE", 32, 1, 0, "CALLDATACOPY", 32, 0, "RETURN"), { data: calldata });
  assert.equal(words(cdc)[0], 0xbbccn << 240n);
  // A source offset far past the end copies only zeros (it is not an error).
  const far = await run(code(MAX, 0, "MSTORE", 32, TWO_255, 0, "CALLDATACOPY", 32, 0, "RETURN"), { data: calldata });
  assert.equal(words(far)[0], 0n);
  // PUSH32 3 + PUSH0 2 + MSTORE 6 | PUSH1 3 + PUSH32 3 + PUSH0 2 + CALLDATACOPY 3 + 3*1 | PUSH1 3 + PUSH0 2
  assert.equal(far.gasUsed, 3n + 2n + 6n + 3n + 3n + 2n + 3n + 3n + 3n + 2n);

  // The source offset is a fixed-width PUSH1 so the program's length does not depend on it.
  const length = code(MAX, 0, "MSTORE", 32, pushN(1, 0n), 0, "CODECOPY", 32, 0, "RETURN").length;
  // Copy from two bytes before the end: the last two code bytes, then 30 zero bytes.
  const ccProgram = code(MAX, 0, "MSTORE", 32, pushN(1, BigInt(length - 2)), 0, "CODECOPY", 32, 0, "RETURN");
  assert.equal(ccProgram.length, length, "same shape, same length");
  const cc = await run(ccProgram);
  const tail = (BigInt(ccProgram[length - 2]!) << 248n) | (BigInt(ccProgram[length - 1]!) << 240n);
  assert.equal(words(cc)[0], tail);
});

test("RETURNDATACOPY past the end of the return data is an exceptional halt (EIP-211)", async () => {
  const gas = 200_000n;
  // OTHER returns one 32-byte word.
  const returner = code(COUNTING, 0, "MSTORE", 32, 0, "RETURN");
  const callOther = [0, 0, 0, 0, BigInt(OTHER), "GAS", "STATICCALL", "POP"] as const;
  const accounts = { [OTHER]: { code: returner } };

  // Before any call the buffer is empty: copying one byte fails.
  assertExceptionalHalt(await run(code(1, 0, 0, "RETURNDATACOPY"), { gas }), gas, "RETURNDATACOPY(0,0,1) with no return data");
  // offset 1 + size 32 = 33 > 32.
  assertExceptionalHalt(await run(code(...callOther, 32, 1, 0, "RETURNDATACOPY"), { gas, accounts }), gas, "RETURNDATACOPY(0,1,32)");
  // offset 33 + size 0 = 33 > 32: still out of bounds although nothing is copied.
  assertExceptionalHalt(await run(code(...callOther, 0, 33, 0, "RETURNDATACOPY"), { gas, accounts }), gas, "RETURNDATACOPY(0,33,0)");
  // offset 2^255 wraps nothing: out of bounds.
  assertExceptionalHalt(await run(code(...callOther, 0, TWO_255, 0, "RETURNDATACOPY"), { gas, accounts }), gas, "RETURNDATACOPY(0,2^255,0)");

  // Exactly to the end is fine: offset 32 + size 0, and offset 0 + size 32 copies the word.
  const edge = await run(code(...callOther, 0, 32, 0, "RETURNDATACOPY", 32, 0, 0, "RETURNDATACOPY", 32, 0, "RETURN"), { gas, accounts });
  assert.equal(top(edge), COUNTING);
});

test("a 32-byte PUSH and MLOAD round trip any word, and MLOAD of fresh memory reads zeros", async () => {
  const outcome = await run(code(pushN(32, 1n), "POP", COUNTING, 64, "MSTORE", 64, "MLOAD", 0, "MLOAD", ...[32, "MSTORE"] as const, 0, "MSTORE", 64, "PUSH0", "RETURN"), {}, "mload");
  assert.deepEqual(words(outcome), [COUNTING, 0n]);
});
