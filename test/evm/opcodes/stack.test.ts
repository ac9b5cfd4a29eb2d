// Stack family: the 1024-item limit (yellow paper: |mu_s| > 1024 is an exceptional halt), underflow,
// and the deepest DUP/SWAP. Every case also runs on @ethereumjs/evm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertExceptionalHalt, code, dup, swap, run, words, returnStack, type Part } from "./helpers.js";

const GAS = 100_000n;

test("1024 stack items are allowed; the 1025th push is a stack overflow that consumes all gas", async () => {
  const full = await run(code(...Array<Part>(1024).fill("PUSH0")), { gas: GAS });
  assert.equal(full.success, true);
  assert.equal(full.gasUsed, 1024n * 2n); // PUSH0 costs G_base = 2
  assertExceptionalHalt(await run(code(...Array<Part>(1025).fill("PUSH0")), { gas: GAS }), GAS, "1025 pushes");
  // DUP on a full stack overflows too.
  assertExceptionalHalt(await run(code(...Array<Part>(1024).fill("PUSH0"), dup(1)), { gas: GAS }), GAS, "DUP1 on 1024 items");
});

test("popping more items than the stack holds is a stack underflow that consumes all gas", async () => {
  assertExceptionalHalt(await run(code("POP"), { gas: GAS }), GAS, "POP on an empty stack");
  assertExceptionalHalt(await run(code(1, "ADD"), { gas: GAS }), GAS, "ADD with one item");
  assertExceptionalHalt(await run(code(1, 2, "ADDMOD"), { gas: GAS }), GAS, "ADDMOD with two items");
  assertExceptionalHalt(await run(code(...Array<Part>(15).fill(1), dup(16)), { gas: GAS }), GAS, "DUP16 with 15 items");
  assertExceptionalHalt(await run(code(...Array<Part>(16).fill(1), swap(16)), { gas: GAS }), GAS, "SWAP16 with 16 items");
  assertExceptionalHalt(await run(code("RETURN"), { gas: GAS }), GAS, "RETURN on an empty stack");
});

test("DUP16 copies the 16th item to the top and SWAP16 exchanges the top with the 17th", async () => {
  // Push 1..16: the 16th item from the top is 1.
  const values = Array.from({ length: 16 }, (_, i) => i + 1);
  const duped = await run(code(...values, dup(16), ...returnStack(1)));
  assert.deepEqual(words(duped), [1n]);
  // Push 1..17: top is 17, the 17th is 1; after SWAP16 top is 1 and the bottom is 17.
  const swapValues = Array.from({ length: 17 }, (_, i) => i + 1);
  const swapped = await run(code(...swapValues, swap(16), ...returnStack(17)));
  // Words are the stack from the top: 1, 16, 15, ..., 2, 17.
  const expected = [1n, ...Array.from({ length: 15 }, (_, i) => BigInt(16 - i)), 17n];
  assert.deepEqual(words(swapped), expected);
  // 17 PUSH1 (3 each) + SWAP16 3, then 17 x (PUSH offset + MSTORE 3) + C_mem(17) + PUSH1 3 + PUSH0 2:
  // offsets 0 (PUSH0, 2) and 32..512 (PUSH1/PUSH2, 3); C_mem(17) = 51 + 289/512 = 51.
  assert.equal(swapped.gasUsed, 17n * 3n + 3n + (2n + 16n * 3n) + 17n * 3n + 51n + 3n + 2n);
});
