// Storage family: SSTORE gas and refunds for the EIP-2200 cases as repriced by EIP-2929 (cold +2100,
// warm read 100) and EIP-3529 (clear refund 4800), the EIP-2200 stipend guard, and EIP-1153 transient
// storage. Gas figures worked by hand from:
//   SSTORE_SET 20000, SSTORE_RESET 5000 - 2100 = 2900, WARM_READ 100, COLD_SLOAD 2100,
//   clear refund 4800, restore refunds 20000 - 100 = 19900 (original 0) and 2900 - 100 = 2800.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CONTRACT, RETURN_TOP, RETURN_TOP_GAS, assertExceptionalHalt, code, message, preState, pushGas, run, runSequence, top,
  word, type Part,
} from "./helpers.js";

/** Writes `values` to slot 0 one after the other, starting from `original`. */
async function sstoreSequence(original: bigint, values: bigint[], prefix: Part[] = []) {
  const parts: Part[] = [...prefix];
  for (const v of values) parts.push(v, 0, "SSTORE");
  const pre = preState({ [CONTRACT]: { code: code(...parts), storage: { 0: original } } });
  const label = `slot 0: ${[original, ...values].join(" -> ")}`;
  const { outcomes, state } = await runSequence(pre, [message()], label);
  const outcome = outcomes[0]!;
  assert.equal(outcome.success, true, label);
  const pushes = values.reduce((sum, v) => sum + pushGas(v) + 2n /* PUSH0 for the slot */, 0n);
  return { sstoreGas: outcome.gasUsed - pushes, refund: outcome.gasRefund, slot: state.dumpStorage(CONTRACT).get(word(0n)) };
}

const cases: { name: string; original: bigint; values: bigint[]; gas: bigint; refund: bigint; final: bigint }[] = [
  // cold 2100 + set 20000
  { name: "0 -> 1 (cold): 2100 + 20000", original: 0n, values: [1n], gas: 22100n, refund: 0n, final: 1n },
  // cold 2100 + reset 2900; clearing refunds 4800
  { name: "1 -> 0 (cold): 2100 + 2900, refund 4800", original: 1n, values: [0n], gas: 5000n, refund: 4800n, final: 0n },
  { name: "1 -> 2 (cold): 2100 + 2900, no refund", original: 1n, values: [2n], gas: 5000n, refund: 0n, final: 2n },
  // no-op writes cost a warm read after the cold access
  { name: "1 -> 1 (cold no-op): 2100 + 100", original: 1n, values: [1n], gas: 2200n, refund: 0n, final: 1n },
  { name: "0 -> 0 (cold no-op): 2100 + 100", original: 0n, values: [0n], gas: 2200n, refund: 0n, final: 0n },
  // second write hits a dirty slot: 100; restoring a non-zero original refunds 2900 - 100
  { name: "1 -> 2 -> 1: 5000 + 100, refund 2800", original: 1n, values: [2n, 1n], gas: 5100n, refund: 2800n, final: 1n },
  // restoring an original zero refunds 20000 - 100
  { name: "0 -> 1 -> 0: 22100 + 100, refund 19900", original: 0n, values: [1n, 0n], gas: 22200n, refund: 19900n, final: 0n },
  // +4800 for the clear, then -4800 for un-clearing, then +2800 for restoring the original
  { name: "1 -> 0 -> 1: 5000 + 100, refund 4800 - 4800 + 2800", original: 1n, values: [0n, 1n], gas: 5100n, refund: 2800n, final: 1n },
  // dirty slot cleared: +4800
  { name: "1 -> 2 -> 0: 5000 + 100, refund 4800", original: 1n, values: [2n, 0n], gas: 5100n, refund: 4800n, final: 0n },
  // +4800 then -4800: nets zero
  { name: "1 -> 0 -> 2: 5000 + 100, refund 0", original: 1n, values: [0n, 2n], gas: 5100n, refund: 0n, final: 2n },
  // dirty, original 0: later writes are 100 each, nothing to refund until it returns to 0
  { name: "0 -> 1 -> 2: 22100 + 100, no refund", original: 0n, values: [1n, 2n], gas: 22200n, refund: 0n, final: 2n },
];

for (const c of cases) {
  test(`SSTORE ${c.name}`, async () => {
    const r = await sstoreSequence(c.original, c.values);
    assert.equal(r.sstoreGas, c.gas, "SSTORE gas");
    assert.equal(r.refund, c.refund, "refund counter");
    assert.equal(r.slot, c.final === 0n ? undefined : word(c.final), "final value (zero slots are not stored)");
  });
}

test("SSTORE on a slot warmed by SLOAD skips the 2100 cold surcharge (EIP-2929)", async () => {
  // PUSH0 2 + SLOAD 2100 (cold) + POP 2, then SSTORE 0 -> 1 on the now-warm slot: 20000.
  const warm = await sstoreSequence(0n, [1n], [0, "SLOAD", "POP"]);
  assert.equal(warm.sstoreGas, 2n + 2100n + 2n + 20000n);
  const warmReset = await sstoreSequence(5n, [6n], [0, "SLOAD", "POP"]);
  assert.equal(warmReset.sstoreGas, 2n + 2100n + 2n + 2900n);
  // A second SLOAD of the same slot is warm: 100.
  const outcome = await run(code(0, "SLOAD", "POP", 0, "SLOAD", ...RETURN_TOP), { contract: { storage: { 0: 9n } } });
  assert.equal(top(outcome), 9n);
  assert.equal(outcome.gasUsed, 2n + 2100n + 2n + 2n + 100n + RETURN_TOP_GAS);
});

test("SSTORE with gas left <= 2300 fails even when the store itself would cost less (EIP-2200 stipend guard)", async () => {
  // PUSH0 2 + SLOAD 2100 + POP 2 + PUSH0 2 + PUSH0 2 = 2108 before the SSTORE, which then costs 100 (warm no-op).
  const program = code(0, "SLOAD", "POP", 0, 0, "SSTORE");
  const atLimit = 2108n + 2300n;
  assertExceptionalHalt(await run(program, { gas: atLimit }), atLimit, "SSTORE with exactly 2300 gas left");
  const justAbove = await run(program, { gas: atLimit + 1n });
  assert.equal(justAbove.success, true, "2301 gas left passes the guard");
  assert.equal(justAbove.gasUsed, 2108n + 100n);
});

test("TSTORE then TLOAD round-trips within a message at 100 gas each (EIP-1153)", async () => {
  const outcome = await run(code(42, 0, "TSTORE", 0, "TLOAD", 1, "TLOAD", "ADD", ...RETURN_TOP));
  assert.equal(top(outcome), 42n); // slot 1 was never written: 0
  // PUSH1 3 + PUSH0 2 + TSTORE 100 + PUSH0 2 + TLOAD 100 + PUSH1 3 + TLOAD 100 + ADD 3 + RETURN_TOP
  assert.equal(outcome.gasUsed, 3n + 2n + 100n + 2n + 100n + 3n + 100n + 3n + RETURN_TOP_GAS);
  assert.equal(outcome.gasRefund, 0n);
});

test("transient storage is empty again in the next message while persistent storage keeps its value", async () => {
  // Returns [TLOAD(0), SLOAD(0)] as seen on entry, then writes 42 to both.
  const program = code(0, "TLOAD", 0, "MSTORE", 0, "SLOAD", 32, "MSTORE", 42, 0, "TSTORE", 42, 0, "SSTORE", 64, 0, "RETURN");
  const pre = preState({ [CONTRACT]: { code: program } });
  const { outcomes, state } = await runSequence(pre, [message(), message()], "transient vs persistent");
  const pair = (hex: string) => [BigInt(`0x${hex.slice(2, 66)}`), BigInt(`0x${hex.slice(66, 130)}`)];
  assert.deepEqual(pair(outcomes[0]!.returnData), [0n, 0n]);
  assert.deepEqual(pair(outcomes[1]!.returnData), [0n, 42n], "TLOAD sees 0, SLOAD sees the first message's 42");
  assert.deepEqual([...state.dumpStorage(CONTRACT)], [[word(0n), word(42n)]]);
});

test("transient writes of a reverted call frame are rolled back (EIP-1153)", async () => {
  // CONTRACT calls itself with 1 byte of calldata; that inner frame TSTOREs 7 then REVERTs.
  // The outer frame then reads TLOAD(0): 0, because the revert undid the write.
  const program = code(
    "CALLDATASIZE", { pushLabel: "inner" }, "JUMPI",
    0, 0, 1, 0, 0, "ADDRESS", "GAS", "CALL", "POP", // CALL(gas, self, 0, args 0..1, ret 0..0)
    0, "TLOAD", ...RETURN_TOP,
    { jumpdest: "inner" }, 7, 0, "TSTORE", 0, 0, "REVERT",
  );
  const outcome = await run(program);
  assert.equal(top(outcome), 0n);
});
