// Control flow: jump destination validity (yellow paper D(c): JUMPDEST bytes that are not PUSH data),
// JUMPI's untaken branch, PC, INVALID and undefined opcodes (exceptional halts that consume all gas).
import { test } from "node:test";
import assert from "node:assert/strict";
import { OP, RETURN_TOP, RETURN_TOP_GAS, TWO_255, assertExceptionalHalt, code, run, top } from "./helpers.js";

const GAS = 100_000n;

test("JUMP into PUSH data is invalid even when the byte there is 0x5b", async () => {
  // 0: PUSH1 4 | 2: JUMP | 3: PUSH1 0x5b | 5: STOP  -- offset 4 is the 0x5b operand of PUSH1.
  const program = Uint8Array.from([OP.PUSH1, 4, OP.JUMP, OP.PUSH1, 0x5b, OP.STOP]);
  assertExceptionalHalt(await run(program, { gas: GAS }), GAS, "jump into PUSH1 data");
  // 0x5b as the last byte of a PUSH32 operand is data too: 0: PUSH1 34 | 2: JUMP | 3: PUSH32 0x00..5b | 36: STOP
  const push32 = Uint8Array.from([OP.PUSH1, 35, OP.JUMP, OP.PUSH32, ...Array(31).fill(0), 0x5b, OP.STOP]);
  assert.equal(push32[35], 0x5b);
  assertExceptionalHalt(await run(push32, { gas: GAS }), GAS, "jump into PUSH32 data");
  // A PUSH2 truncated by the end of the code: its lone operand byte 0x5b is still data.
  const truncated = Uint8Array.from([OP.PUSH1, 4, OP.JUMP, OP.PUSH2, 0x5b]);
  assertExceptionalHalt(await run(truncated, { gas: GAS }), GAS, "jump into truncated PUSH2 data");
});

test("JUMP to a JUMPDEST continues there; to any other byte, past the code or to a huge target it halts", async () => {
  const ok = await run(code({ pushLabel: "dest" }, "JUMP", "INVALID", { jumpdest: "dest" }, 42, ...RETURN_TOP));
  assert.equal(top(ok), 42n);
  // PUSH2 3 + JUMP 8 + JUMPDEST 1 + PUSH1 3 + RETURN_TOP
  assert.equal(ok.gasUsed, 3n + 8n + 1n + 3n + RETURN_TOP_GAS);
  // Offset 3 is the STOP opcode, not a JUMPDEST.
  assertExceptionalHalt(await run(Uint8Array.from([OP.PUSH1, 3, OP.JUMP, OP.STOP]), { gas: GAS }), GAS, "jump to STOP");
  assertExceptionalHalt(await run(code(100, "JUMP"), { gas: GAS }), GAS, "jump past the end");
  assertExceptionalHalt(await run(code(TWO_255, "JUMP"), { gas: GAS }), GAS, "jump to 2^255");
});

test("JUMPI with a zero condition falls through, even when the target is not a JUMPDEST", async () => {
  // JUMPI pops target, then condition.
  const fall = await run(code(0, 0xffff, "JUMPI", 7, ...RETURN_TOP));
  assert.equal(top(fall), 7n);
  // PUSH0 2 + PUSH2 3 + JUMPI 10 + PUSH1 3 + RETURN_TOP
  assert.equal(fall.gasUsed, 2n + 3n + 10n + 3n + RETURN_TOP_GAS);
  // A non-zero condition (any bit, here only the top one) takes the jump, and a bad target then halts.
  assertExceptionalHalt(await run(code(TWO_255, 0xffff, "JUMPI", 7, ...RETURN_TOP), { gas: GAS }), GAS, "taken JUMPI to a bad target");
  const taken = await run(code(TWO_255, { pushLabel: "dest" }, "JUMPI", "INVALID", { jumpdest: "dest" }, 9, ...RETURN_TOP));
  assert.equal(top(taken), 9n);
});

test("PC pushes the offset of the PC instruction itself", async () => {
  // 0: PUSH1 1 | 2: POP | 3: PUSH1 5 | 5: POP | 6: PC
  const outcome = await run(code(1, "POP", 5, "POP", "PC", ...RETURN_TOP));
  assert.equal(top(outcome), 6n);
  // 3 + 2 + 3 + 2 + PC 2 + RETURN_TOP
  assert.equal(outcome.gasUsed, 12n + RETURN_TOP_GAS);
});

test("INVALID (0xfe) and undefined opcodes halt exceptionally and consume all gas", async () => {
  assertExceptionalHalt(await run(code(1, "INVALID"), { gas: GAS }), GAS, "INVALID");
  // Unassigned at Cancun: 0x0c-0x0f, 0x1e, 0x1f, 0x21-0x2f, 0x4b-0x4f, 0xa5-0xef, 0xf6-0xf9, 0xfb, 0xfc.
  for (const opcode of [0x0c, 0x0f, 0x1e, 0x21, 0x2f, 0x4b, 0xa5, 0xb0, 0xef, 0xf6, 0xfb, 0xfc]) {
    const program = Uint8Array.from([OP.PUSH1, 1, opcode]);
    assertExceptionalHalt(await run(program, { gas: GAS }, `opcode 0x${opcode.toString(16)}`), GAS, `undefined opcode 0x${opcode.toString(16)}`);
  }
});

test("running off the end of the code is a STOP: success with no output", async () => {
  const outcome = await run(code(1, 2, "ADD"));
  assert.equal(outcome.success, true);
  assert.equal(outcome.returnData, "0x");
  assert.equal(outcome.gasUsed, 9n);
  // Bytes after a STOP never run, even an invalid one.
  const stopped = await run(Uint8Array.from([OP.STOP, 0xfe]));
  assert.equal(stopped.success, true);
  assert.equal(stopped.gasUsed, 0n);
});
