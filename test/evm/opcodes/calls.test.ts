// Call family: STATICCALL's write protection (EIP-214), EIP-150 gas forwarding (all but one 64th),
// the 2300 stipend of value calls, the 1024 depth limit, calls to accounts without code, return data
// of a reverted callee (EIP-211) and DELEGATECALL's context. Gas worked by hand with the Cancun schedule:
// cold account access 2600 (EIP-2929), value transfer 9000, new account 25000, stipend 2300.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ABSENT, CONTRACT, OTHER, RETURN_TOP, RETURN_TOP_GAS, SENDER, THIRD, code, message, preState, run, runSequence, top,
  word, words, type Part,
} from "./helpers.js";
import type { Hex } from "../../../src/evm/types.js";

const other = BigInt(OTHER);

/** STATICCALL(GAS, OTHER, no args, no return area) and return its success flag. */
const STATICCALL_OTHER: Part[] = [0, 0, 0, 0, other, "GAS", "STATICCALL", ...RETURN_TOP];

test("state changes inside a STATICCALL fail the callee: SSTORE, LOG, CREATE, CREATE2, TSTORE, SELFDESTRUCT, CALL with value", async () => {
  const forbidden: [string, Uint8Array][] = [
    ["SSTORE", code(1, 0, "SSTORE")],
    ["LOG0", code(0, 0, "LOG0")],
    ["LOG4", code(1, 2, 3, 4, 0, 0, { raw: [0xa4] })],
    ["CREATE", code(0, 0, 0, "CREATE")],
    ["CREATE2", code(0, 0, 0, 0, "CREATE2")],
    ["TSTORE", code(1, 0, "TSTORE")],
    ["SELFDESTRUCT", code(BigInt(THIRD), "SELFDESTRUCT")],
    ["CALL with value 1", code(0, 0, 0, 0, 1, BigInt(THIRD), "GAS", "CALL")],
  ];
  for (const [name, calleeCode] of forbidden) {
    // OTHER holds a balance so the value call could otherwise succeed.
    const outcome = await run(code(...STATICCALL_OTHER), { gas: 100_000n, accounts: { [OTHER]: { code: calleeCode, balance: 10n } } }, `static ${name}`);
    assert.equal(top(outcome), 0n, `${name} in a static context`);
    // Caller: 4 PUSH0 (8) + PUSH2 3 + GAS 2 = 13, so STATICCALL sees 100000 - 13 = 99987; minus cold access 2600
    // leaves 97387, of which 97387 - floor(97387/64) = 97387 - 1521 = 95866 is forwarded and all burnt by
    // the failing callee. The caller keeps 1521 and spends RETURN_TOP (13) of it: 1508 left.
    assert.equal(outcome.gasUsed, 100_000n - (1521n - RETURN_TOP_GAS), `${name}: the callee burns all it was given`);
  }
});

test("reads and value-less calls are allowed inside a STATICCALL", async () => {
  const allowed: [string, Uint8Array][] = [
    ["SLOAD", code(0, "SLOAD", "POP")],
    ["TLOAD", code(0, "TLOAD", "POP")],
    ["CALL with value 0", code(0, 0, 0, 0, 0, BigInt(THIRD), "GAS", "CALL", "POP")],
    ["SSTORE behind a JUMPI that is not taken", code(0, { pushLabel: "w" }, "JUMPI", "STOP", { jumpdest: "w" }, 1, 0, "SSTORE")],
  ];
  for (const [name, calleeCode] of allowed) {
    const outcome = await run(code(...STATICCALL_OTHER), { accounts: { [OTHER]: { code: calleeCode } } }, `static ${name}`);
    assert.equal(top(outcome), 1n, `${name} in a static context`);
  }
});

test("EIP-150: the callee receives all but one 64th of the gas left after the call's own costs", async () => {
  // Callee returns the GAS it sees as its first instruction.
  const callee = code("GAS", ...RETURN_TOP);
  // Caller: STATICCALL(GAS, OTHER, 0, 0, 0, 32) then RETURN the 32-byte return area.
  const caller = code(32, 0, 0, 0, other, "GAS", "STATICCALL", "POP", 32, 0, "RETURN");
  const outcome = await run(caller, { gas: 100_000n, accounts: { [OTHER]: { code: callee } } });
  // PUSH1 3 + 3 PUSH0 6 + PUSH2 3 + GAS 2 = 14 -> 99986 at the STATICCALL.
  // Cold access 2600 + memory for the 32-byte return area 3 -> 97383 left.
  // Forwarded: 97383 - floor(97383/64) = 97383 - 1521 = 95862; the callee's GAS costs 2 -> 95860.
  assert.equal(top(outcome), 95860n);

  // Asking for less than the cap forwards exactly what was asked.
  const capped = code(32, 0, 0, 0, other, 1000, "STATICCALL", "POP", 32, 0, "RETURN");
  const small = await run(capped, { accounts: { [OTHER]: { code: callee } } });
  assert.equal(top(small), 1000n - 2n);
});

test("a CALL with value adds the 2300 stipend for the callee, and the caller gets unused stipend back", async () => {
  const callee = code("GAS", ...RETURN_TOP);
  // CALL(gas 0, OTHER, value 1, args 0..0, ret 0..32)
  const caller = code(32, 0, 0, 0, 1, other, 0, "CALL", "POP", 32, 0, "RETURN");
  const outcome = await run(caller, { contract: { balance: 1n }, accounts: { [OTHER]: { code: callee } } });
  // The callee starts with 0 + 2300 and its GAS costs 2.
  assert.equal(top(outcome), 2298n);
  // Caller: pushes PUSH1 3 + PUSH0*3 6 + PUSH1 3 + PUSH2 3 + PUSH0 2 = 17.
  // CALL: cold 2600 + value 9000 + memory 3 = 11603; the callee uses GAS 2 + RETURN_TOP 13 = 15 of its 2300
  // and hands back 2285, so the CALL nets 11603 - 2285 = 9318. Then POP 2 + PUSH1 3 + PUSH0 2 = 7.
  assert.equal(outcome.gasUsed, 17n + 9318n + 7n);
});

test("an SSTORE on the bare 2300 stipend fails (gas left <= 2300), so the value call returns 0", async () => {
  const callee = code(1, 0, "SSTORE");
  const outcome = await run(code(0, 0, 0, 0, 1, other, 0, "CALL", ...RETURN_TOP), { contract: { balance: 1n }, accounts: { [OTHER]: { code: callee } } });
  assert.equal(top(outcome), 0n);
});

test("a CALL with more value than the caller holds returns 0 without running the callee", async () => {
  const callee = code(1, 0, "SSTORE");
  const pre = preState({ [CONTRACT]: { code: code(0, 0, 0, 0, 2, other, "GAS", "CALL", ...RETURN_TOP), balance: 1n }, [OTHER]: { code: callee } });
  const { outcomes, state } = await runSequence(pre, [message()], "insufficient balance");
  assert.equal(words(outcomes[0]!)[0], 0n);
  assert.equal(state.dumpStorage(OTHER).size, 0, "callee never ran");
  assert.equal(state.getAccount(CONTRACT)!.balance, 1n);
});

test("CALL depth is limited to 1024: the call made from depth 1024 fails and the frames above succeed", async () => {
  // Each frame reads its depth d from calldata and calls itself with d + 1. A frame whose call fails
  // records its own depth in slot 0. The outermost frame is depth 0, so the failing call is made at 1024.
  const program = code(
    0, "CALLDATALOAD", // d
    { raw: [0x80] }, 1, "ADD", 0, "MSTORE", // mem[0] = d + 1
    0, 0, 32, 0, 0, "ADDRESS", "GAS", "CALL", // CALL(gas, self, 0, args 0..32, ret 0..0)
    { pushLabel: "ok" }, "JUMPI",
    0, "SSTORE", "STOP", // SSTORE(0, d)
    { jumpdest: "ok" },
  );
  // 63/64 per level: 1e13 * (63/64)^1024 is about 1e6, enough for the last frames' SSTORE.
  const pre = preState({ [CONTRACT]: { code: program } });
  const { outcomes, state } = await runSequence(pre, [message({ gas: 10n ** 13n, data: new Uint8Array(32) })], "depth 1024");
  assert.equal(outcomes[0]!.success, true);
  assert.deepEqual([...state.dumpStorage(CONTRACT)], [[word(0n), word(1024n)]]);
});

test("a CALL to an account without code succeeds with empty return data; with value it creates the account", async () => {
  // Returns [success, RETURNDATASIZE].
  const noValue = await run(code(0, 0, 0, 0, 0, BigInt(ABSENT), "GAS", "CALL", "RETURNDATASIZE", 32, "MSTORE", 0, "MSTORE", 64, 0, "RETURN"));
  assert.deepEqual(words(noValue), [1n, 0n]);
  // PUSH0*5 10 + PUSH2 3 + GAS 2 + CALL (cold) 2600 + RETURNDATASIZE 2 + PUSH1 3 + MSTORE 3 + 6 (2 words)
  // + PUSH0 2 + MSTORE 3 + PUSH1 3 + PUSH0 2
  assert.equal(noValue.gasUsed, 10n + 3n + 2n + 2600n + 2n + 3n + 3n + 6n + 2n + 3n + 3n + 2n);

  const pre = preState({ [CONTRACT]: { code: code(0, 0, 0, 0, 5, BigInt(ABSENT), "GAS", "CALL", ...RETURN_TOP), balance: 7n } });
  const { outcomes, state } = await runSequence(pre, [message()], "value to a new account", { watch: [CONTRACT, ABSENT] });
  assert.equal(top(outcomes[0]!), 1n);
  // PUSH0*4 8 + PUSH1 3 + PUSH2 3 + GAS 2 = 16; CALL 2600 + 9000 + 25000 (new account) = 36600, and the
  // unused 2300 stipend comes back: 34300; then RETURN_TOP 13.
  assert.equal(outcomes[0]!.gasUsed, 16n + 34300n + RETURN_TOP_GAS);
  assert.equal(state.getAccount(ABSENT)?.balance, 5n);
  assert.equal(state.getAccount(CONTRACT)?.balance, 2n);
});

test("EIP-161: an existing empty account touched by a zero-value CALL is removed at the end of the message", async () => {
  const empty: Hex = "0x000000000000000000000000000000000000e417";
  const pre = preState({ [CONTRACT]: { code: code(0, 0, 0, 0, 0, BigInt(empty), "GAS", "CALL", ...RETURN_TOP) }, [empty]: {} });
  assert.ok(pre.has(empty), "the empty account is in the pre-state");
  const { outcomes, state } = await runSequence(pre, [message()], "touch empty", { watch: [CONTRACT, empty] });
  assert.equal(top(outcomes[0]!), 1n);
  assert.equal(state.getAccount(empty), undefined);
});

test("a reverted callee's data reaches the caller through RETURNDATASIZE and RETURNDATACOPY", async () => {
  const callee = code(0xbeef, 0, "MSTORE", 32, 0, "REVERT");
  // [success, RETURNDATASIZE, the returned word]
  const caller = code(
    0, 0, 0, 0, 0, other, "GAS", "CALL", 0, "MSTORE",
    "RETURNDATASIZE", 32, "MSTORE",
    32, 0, 64, "RETURNDATACOPY", // RETURNDATACOPY(dst 64, src 0, 32)
    96, 0, "RETURN",
  );
  const outcome = await run(caller, { accounts: { [OTHER]: { code: callee } } });
  assert.deepEqual(words(outcome), [0n, 32n, 0xbeefn]);
});

test("DELEGATECALL runs the callee's code with the caller's address, CALLER, CALLVALUE and storage", async () => {
  // OTHER's code: SSTORE(0, 1) then return [CALLER, CALLVALUE, ADDRESS].
  const callee = code(1, 0, "SSTORE", "CALLER", 0, "MSTORE", "CALLVALUE", 32, "MSTORE", "ADDRESS", 64, "MSTORE", 96, 0, "RETURN");
  // DELEGATECALL(GAS, OTHER, args 0..0, ret 0..96), then return the 96 bytes.
  const caller = code(96, 0, 0, 0, other, "GAS", "DELEGATECALL", "POP", 96, 0, "RETURN");
  const pre = preState({ [CONTRACT]: { code: caller }, [OTHER]: { code: callee } });
  const { outcomes, state } = await runSequence(pre, [message({ value: 5n })], "delegatecall");
  assert.deepEqual(words(outcomes[0]!), [BigInt(SENDER), 5n, BigInt(CONTRACT)]);
  assert.deepEqual([...state.dumpStorage(CONTRACT)], [[word(0n), word(1n)]]);
  assert.equal(state.dumpStorage(OTHER).size, 0);
});
