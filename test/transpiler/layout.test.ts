// The transpiled-code format, byte by byte, on tiny hand-assembled inputs: each expectation is derived
// from a rule of docs/ovm-transpiler.md (no golden files).
import { test } from "node:test";
import assert from "node:assert/strict";
import { transpile } from "../../src/transpiler/index.js";
import { Assembler, OP, asm } from "../../src/evm/assembler.js";
import { STUB_BLOB_OFFSET } from "../../src/ovm/stubs/blob.js";
import { BLOB, BODY_ENTRY, BODY_START, PUSH2, PUSH4, TABLE, decode, hexToBytes, parseFrame, referenceTranspile } from "./format.js";

const push2 = (v: number) => [PUSH2, v >> 8, v & 0xff];
const callSite = (at: number, entry: number) => [...push2(at + 7), ...push2(entry), OP.JUMP, OP.JUMPDEST];

/** Transpiles and returns the bytes, the frame and the body (the STOP that ends it included). */
function run(code: Uint8Array, allowTruncatedPush = false) {
  const r = transpile(code, { allowTruncatedPush });
  const out = hexToBytes(r.code);
  const frame = parseFrame(out);
  return { r, out, frame, body: Array.from(out.subarray(BODY_START, frame.tableStart)) };
}

test("layout: PUSH2 B JUMP, PUSH4 header <tableStart><originalStart>, stub blob at 9, JUMPDEST at B, body, STOP, table, original last", () => {
  const code = asm(1, 2, "ADD", "JUMPDEST", "STOP");
  const { r, out, frame, body } = run(code);
  assert.deepEqual(Array.from(out.subarray(0, 5)), [PUSH2, BODY_ENTRY >> 8, BODY_ENTRY & 0xff, OP.JUMP, PUSH4]);
  assert.equal(STUB_BLOB_OFFSET, 9);
  assert.deepEqual(out.subarray(9, BODY_ENTRY), BLOB.code,
    "the stub blob of src/ovm/stubs sits at 9, byte for byte (after regenerating the stubs, run npm run build:wasm)");
  assert.equal(out[BODY_ENTRY], OP.JUMPDEST, "byte B is the body's entry JUMPDEST");
  // Native instructions are copied: the body is the original plus the final STOP.
  assert.deepEqual(body, [...code, OP.STOP]);
  assert.equal(frame.tableStart, BODY_START + code.length + 1);
  assert.equal(out[frame.tableStart - 1], OP.STOP, "the body ends with STOP");
  assert.deepEqual(frame.table, [[5, BODY_START + 5]], "one entry for the JUMPDEST at 5");
  assert.equal(frame.originalStart, frame.tableStart + 4);
  assert.deepEqual(frame.original, code, "the original is last, byte for byte");
  assert.equal(out.length, frame.originalStart + code.length);
  assert.equal(r.length, out.length);
  assert.equal(r.originalLength, code.length);
  assert.equal(r.bodyStart, BODY_START);
  assert.equal(r.bodyLength, code.length + 1);
  assert.equal(r.tableStart, frame.tableStart);
  assert.equal(r.tableEntries, 1);
  assert.equal(r.originalStart, frame.originalStart);
  assert.equal(r.stubBlobLength, BLOB.code.length);
  assert.equal(r.executableLength, r.bodyLength + 4);
  assert.equal(r.growth.executable, r.executableLength / code.length);
  assert.equal(r.growth.total, out.length / code.length);
});

test("the jump table has one entry per valid JUMPDEST, sorted by original offset; 0x5b inside PUSH data gets none", () => {
  // 0: JUMPDEST, 1: PUSH1 0x5b, 3: JUMPDEST, 4: PUSH2 0x5b5b, 7: JUMPDEST
  const code = Uint8Array.from([OP.JUMPDEST, OP.PUSH1, 0x5b, OP.JUMPDEST, OP.PUSH2, 0x5b, 0x5b, OP.JUMPDEST]);
  const { frame, r } = run(code);
  assert.deepEqual(frame.table.map(([p]) => p), [0, 3, 7]);
  for (const [p, n] of frame.table) assert.equal(r.offsetMap.get(p), n);
});

test("offsetMap maps every original instruction start, and only those, to new(p)", () => {
  const code = asm(0x1234, "PC", "JUMPDEST", 7, "SLOAD", "LOG0", "STOP");
  const { r } = run(code);
  assert.deepEqual([...r.offsetMap.keys()], decode(code).map((i) => i.offset));
  // PUSH2 (3) -> 3 bytes, PC -> 3, JUMPDEST -> 1, PUSH1 -> 2, SLOAD -> 8, LOG0 -> 9, STOP -> 1.
  const sizes = [3, 3, 1, 2, 8, 9, 1];
  let at = BODY_START;
  for (const [index, [, n]] of [...r.offsetMap].entries()) {
    assert.equal(n, at, `instruction ${index}`);
    at += sizes[index];
  }
});

test("static jump: PUSHk v before JUMP/JUMPI with v a JUMPDEST becomes PUSH2 new(v) (3 bytes), the jump stays", () => {
  // 0: PUSH1 6, 2: JUMP, 3: PUSH1 6, 5: JUMPI, 6: JUMPDEST
  const code = Uint8Array.from([OP.PUSH1, 6, OP.JUMP, OP.PUSH1, 6, OP.JUMPI, OP.JUMPDEST]);
  const { body, r } = run(code);
  const target = BODY_START + 3 + 1 + 3 + 1; // new(6)
  assert.equal(r.offsetMap.get(6), target);
  assert.deepEqual(body, [...push2(target), OP.JUMP, ...push2(target), OP.JUMPI, OP.JUMPDEST, OP.STOP]);
});

test("static jump from PUSH0 (v = 0) and from PUSH32 (v with 30 leading zero bytes)", () => {
  const wide = new Assembler().op(OP.JUMPDEST).push(0).op(OP.JUMP).push(0, 32).op(OP.JUMPI).assemble();
  const { body } = run(wide);
  assert.deepEqual(body, [OP.JUMPDEST, ...push2(BODY_START), OP.JUMP, ...push2(BODY_START), OP.JUMPI, OP.STOP]);
});

test("a PUSH whose value is no JUMPDEST (or does not fit 16 bits) keeps its width; the JUMP after it is dynamic", () => {
  // PUSH1 5 (5 is not a JUMPDEST), JUMP; PUSH3 0x010007 (low bytes name the JUMPDEST at 7 but v >= 2^16), JUMP; JUMPDEST
  const code = Uint8Array.from([OP.PUSH1, 5, OP.JUMP, 0x62, 0x01, 0x00, 0x07, OP.JUMP, OP.JUMPDEST]);
  const { body } = run(code);
  assert.deepEqual(body, [
    OP.PUSH1, 5, ...push2(BLOB.jumpStub), OP.JUMP,
    0x62, 0x01, 0x00, 0x07, ...push2(BLOB.jumpStub), OP.JUMP,
    OP.JUMPDEST, OP.STOP,
  ]);
});

test("a PUSH of a JUMPDEST not followed by a jump is data: kept as is", () => {
  const code = Uint8Array.from([OP.PUSH1, 3, OP.POP, OP.JUMPDEST]);
  assert.deepEqual(run(code).body, [...code, OP.STOP]);
});

test("dynamic JUMP is PUSH2 JUMP_STUB JUMP (4 bytes); dynamic JUMPI is SWAP1 PUSH2 JUMP_STUB JUMPI POP (6 bytes)", () => {
  const code = Uint8Array.from([OP.JUMP, OP.JUMPI]);
  assert.deepEqual(run(code).body, [...push2(BLOB.jumpStub), OP.JUMP, OP.SWAP1, ...push2(BLOB.jumpStub), OP.JUMPI, OP.POP, OP.STOP]);
});

test("PC becomes PUSH2 of its original offset; CODESIZE becomes PUSH2 of the original length", () => {
  const code = Uint8Array.from([OP.JUMPDEST, OP.PC, OP.CODESIZE, OP.PC]);
  assert.deepEqual(run(code).body, [OP.JUMPDEST, ...push2(1), ...push2(4), ...push2(3), OP.STOP]);
});

test("every Replaced opcode and CODECOPY become a call site PUSH2 R PUSH2 stubEntry(op) JUMP JUMPDEST, R = its JUMPDEST", () => {
  const ops = TABLE.filter((o) => o.ovm === "replaced").map((o) => o.opcode);
  assert.ok(ops.length >= 20, "the table lists the replaced opcodes");
  for (const op of [...ops, OP.CODECOPY]) {
    const entry = BLOB.entries.get(op);
    assert.ok(entry !== undefined && entry > STUB_BLOB_OFFSET && entry < BODY_ENTRY, `stub entry of 0x${op.toString(16)}`);
    const { body } = run(Uint8Array.from([OP.ADD, op]));
    assert.deepEqual(body, [OP.ADD, ...callSite(BODY_START + 1, entry), OP.STOP], `opcode 0x${op.toString(16)}`);
  }
});

test("LOG0..LOG4 become a LOG_GUARD call site followed by the LOG itself (9 bytes)", () => {
  for (let op = OP.LOG0; op <= OP.LOG4; op++) {
    const { body, r } = run(Uint8Array.from([op, OP.STOP]));
    assert.deepEqual(body, [...callSite(BODY_START, BLOB.logGuard), op, OP.STOP, OP.STOP]);
    assert.equal(r.offsetMap.get(1), BODY_START + 9);
  }
});

test("banned opcodes and undefined bytes become INVALID and are reported with offset, opcode and name; INVALID itself is native", () => {
  const banned = TABLE.filter((o) => o.ovm === "banned").map((o) => o.opcode);
  const code = Uint8Array.from([OP.INVALID, ...banned]);
  const { body, r } = run(code);
  assert.deepEqual(body, [OP.INVALID, ...banned.map(() => OP.INVALID), OP.STOP]);
  assert.deepEqual(r.banned, banned.map((opcode, i) => ({
    offset: i + 1,
    opcode,
    name: TABLE[opcode].defined ? TABLE[opcode].name : `0x${opcode.toString(16).padStart(2, "0")}`,
  })));
  assert.ok(r.banned.some((b) => b.name === "NUMBER"));
  assert.ok(r.banned.some((b) => b.name === "0x0c"));
  assert.ok(!r.banned.some((b) => b.opcode === OP.INVALID));
});

test("PUSH immediates are copied; bytes inside them are never rewritten", () => {
  const code = Uint8Array.from([0x7f, ...new Array(32).fill(OP.SLOAD), 0x61, OP.NUMBER, OP.PC]);
  assert.deepEqual(run(code).body, [...code, OP.STOP]);
});

test("with allowTruncatedPush a truncated last PUSH keeps its width, zero-padded; the original stays as given", () => {
  const code = Uint8Array.from([OP.ADD, 0x63, 0xaa, 0xbb]); // PUSH4 with 2 of 4 bytes
  const { body, frame } = run(code, true);
  assert.deepEqual(body, [OP.ADD, 0x63, 0xaa, 0xbb, 0, 0, OP.STOP]);
  assert.deepEqual(frame.original, code);
});

test("the WASM output equals a literal JS reading of the page on a program using every rule", () => {
  const a = new Assembler();
  a.pushLabel("l").op(OP.JUMP).op(OP.NUMBER).jumpdest("l").op(OP.PC, OP.CODESIZE, OP.SLOAD, OP.LOG2)
    .push(3).push(0xffff).op(OP.JUMPI).op(OP.JUMP).push(0).op(OP.JUMPI).op(0x0c, OP.CODECOPY, OP.STOP).raw([0x60, 0x5b]);
  const code = a.assemble();
  assert.equal(transpile(code).code, `0x${Buffer.from(referenceTranspile(code)).toString("hex")}`);
});
