// The safety checker (docs/ovm-transpiler.md, "The safety checker"): it accepts transpiled code and
// rejects every mutation that could let a run escape the body and the stubs, naming the first
// offending byte and the rule it breaks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { transpile, checkSafety, TranspileError } from "../../src/transpiler/index.js";
import { Assembler, OP } from "../../src/evm/assembler.js";
import { createRng, generateProgram } from "../generators/programs.js";
import { BLOB, BODY_ENTRY, BODY_START, decode, hexToBytes, parseFrame, type Instruction } from "./format.js";

const SEEDS = Number(process.env.OVM_TRANSPILER_SEEDS ?? 60);

/**
 * A program with one of each: a call site (SLOAD), a static jump (to `a`), a guarded LOG1, a dynamic
 * JUMP (to `b`, reached only dynamically) and a dynamic JUMPI (to `c`).
 */
function sample() {
  const a = new Assembler();
  // PUSH0 at 0, SLOAD at 1: s.at(1) is SLOAD's call site.
  a.push(0).op(OP.SLOAD, OP.POP);
  a.pushLabel("a").op(OP.JUMP);
  a.label("add").op(OP.ADD);
  a.jumpdest("a").push(0).push(0).push(0).op(OP.LOG1);
  a.pushLabel("b").push(0).op(OP.ADD, OP.JUMP, OP.STOP);
  a.jumpdest("b").push(1).pushLabel("c").push(0).op(OP.ADD, OP.JUMPI);
  a.jumpdest("c").op(OP.CALLDATASIZE, OP.POP, OP.STOP);
  const { code, labels } = a.layout();
  const r = transpile(code);
  const out = hexToBytes(r.code);
  const frame = parseFrame(out);
  const body = decode(out, BODY_START, frame.tableStart);
  const at = (p: number) => r.offsetMap.get(p)!;
  const find = (from: number, op: number) => body.find((i) => i.offset >= from && i.opcode === op)!.offset;
  return { code, labels, r, out, frame, body, at, find };
}

function expectUnsafe(code: Uint8Array, offset: number, rule: number, what: string): void {
  const verdict = checkSafety(code);
  assert.equal(verdict.safe, false, `${what}: accepted`);
  if (verdict.safe) return;
  assert.equal(verdict.offset, offset, `${what}: offset (reason: ${verdict.reason})`);
  assert.equal(verdict.rule, rule, `${what}: rule (reason: ${verdict.reason})`);
  assert.equal(verdict.opcode, offset < code.length ? code[offset] : 0, `${what}: opcode is the byte at the offset`);
  assert.ok(verdict.reason.length > 0);
}

const mutate = (out: Uint8Array, edit: (copy: Uint8Array) => void) => {
  const copy = Uint8Array.from(out);
  edit(copy);
  return copy;
};
const setU16 = (bytes: Uint8Array, at: number, v: number) => { bytes[at] = v >> 8; bytes[at + 1] = v & 0xff; };

test("the sample program transpiles to safe code", () => {
  const s = sample();
  assert.deepEqual(checkSafety(s.out), { safe: true });
  assert.deepEqual(checkSafety(s.r.code), { safe: true }, "hex input");
});

test("rule 1: a changed preamble, stub byte or body entry is rejected at that byte; a short or empty code at its end", () => {
  const { out } = sample();
  for (const at of [0, 1, 2, 3, 4]) expectUnsafe(mutate(out, (c) => { c[at] ^= 0x01; }), at, 1, `preamble byte ${at}`);
  for (const at of [9, BLOB.jumpStub, BLOB.logGuard, BLOB.entries.get(OP.SLOAD)!, BODY_ENTRY - 1]) {
    expectUnsafe(mutate(out, (c) => { c[at] ^= 0x80; }), at, 1, `stub byte ${at}`);
  }
  expectUnsafe(mutate(out, (c) => { c[BODY_ENTRY] = OP.STOP; }), BODY_ENTRY, 1, "body entry");
  expectUnsafe(new Uint8Array(0), 0, 1, "empty code");
  expectUnsafe(out.subarray(0, 100), 100, 1, "code cut inside the stub blob");
  expectUnsafe(out.subarray(0, BODY_ENTRY), BODY_ENTRY, 1, "code cut before the body entry");
});

test("rule 2: tableStart must follow B, originalStart lie in [tableStart, length], and the table be whole entries", () => {
  const { out, frame } = sample();
  expectUnsafe(mutate(out, (c) => setU16(c, 5, BODY_ENTRY)), 5, 2, "tableStart = B");
  expectUnsafe(mutate(out, (c) => setU16(c, 7, frame.tableStart - 1)), 7, 2, "originalStart < tableStart");
  expectUnsafe(mutate(out, (c) => setU16(c, 7, out.length + 1)), 7, 2, "originalStart past the end");
  expectUnsafe(mutate(out, (c) => setU16(c, 7, frame.originalStart - 1)), 7, 2, "a partial table entry");
});

test("rule 3: the body must end with STOP exactly at tableStart", () => {
  const { out, frame } = sample();
  const last = frame.tableStart - 1;
  expectUnsafe(mutate(out, (c) => { c[last] = OP.JUMPDEST; }), last, 3, "last instruction not STOP");
  expectUnsafe(mutate(out, (c) => { c[last] = OP.PUSH1; }), last, 3, "a PUSH reaching into the table");
  expectUnsafe(mutate(out, (c) => { setU16(c, 5, BODY_START); setU16(c, 7, BODY_START); }), BODY_START, 3, "an empty body");
});

test("rule 4: a native body byte flipped to SLOAD, PC, CODESIZE, CODECOPY, NUMBER or an undefined byte is rejected at that byte", () => {
  const s = sample();
  const add = s.at(s.labels.get("add")!);
  assert.equal(s.out[add], OP.ADD);
  for (const op of [OP.SLOAD, OP.PC, OP.CODESIZE, OP.CODECOPY, OP.NUMBER, OP.CALL, 0x0c, 0xef]) {
    expectUnsafe(mutate(s.out, (c) => { c[add] = op; }), add, 4, `opcode 0x${op.toString(16)}`);
  }
});

test("rule 4: a static jump aimed at a call site's return point, or at no table entry, is rejected at the jump", () => {
  const s = sample();
  const jump = s.at(s.labels.get("add")! - 1); // the JUMP of the static jump to `a`
  assert.equal(s.out[jump], OP.JUMP);
  const returnPoint = s.at(1) + 7; // SLOAD's call site: PUSH2 R PUSH2 entry JUMP JUMPDEST(R)
  assert.equal(s.out[returnPoint], OP.JUMPDEST);
  expectUnsafe(mutate(s.out, (c) => setU16(c, jump - 2, returnPoint)), jump, 4, "target = return point");
  expectUnsafe(mutate(s.out, (c) => setU16(c, jump - 2, s.at(s.labels.get("a")!) + 1)), jump, 4, "target inside the body, not in the table");
  expectUnsafe(mutate(s.out, (c) => setU16(c, jump - 2, 9)), jump, 4, "target = the blob's trap, not an entry");
});

test("rule 4: JUMP or JUMPI not right after a PUSH2, malformed call sites and malformed dynamic JUMPIs are rejected at the jump", () => {
  const s = sample();
  const sloadJump = s.at(1) + 6;
  assert.equal(s.out[sloadJump], OP.JUMP);
  expectUnsafe(mutate(s.out, (c) => setU16(c, s.at(1) + 1, s.at(1) + 8)), sloadJump, 4, "call site pushes a wrong R");
  expectUnsafe(mutate(s.out, (c) => { c[sloadJump + 1] = OP.STOP; }), sloadJump, 4, "call site without JUMPDEST at R");
  expectUnsafe(mutate(s.out, (c) => { c[sloadJump] = OP.JUMPI; }), sloadJump, 4, "JUMPI to a returning stub");
  // PUSH1 instead of PUSH2: the JUMP then follows a PUSH1 (the bytes decode differently but stay aligned).
  expectUnsafe(mutate(s.out, (c) => { c[s.at(1) + 3] = OP.PUSH1; c[s.at(1) + 5] = OP.JUMPDEST; }), sloadJump, 4, "JUMP after PUSH1");
  const jumpi = s.find(s.at(s.labels.get("b")!), OP.JUMPI);
  assert.deepEqual(Array.from(s.out.subarray(jumpi - 4, jumpi + 2)), [OP.SWAP1, OP.PUSH2, BLOB.jumpStub >> 8, BLOB.jumpStub & 0xff, OP.JUMPI, OP.POP]);
  expectUnsafe(mutate(s.out, (c) => { c[jumpi + 1] = OP.JUMPDEST; }), jumpi, 4, "dynamic JUMPI without POP");
  expectUnsafe(mutate(s.out, (c) => { c[jumpi - 4] = OP.SWAP2; }), jumpi, 4, "dynamic JUMPI without SWAP1");
});

test("rule 5: removing the LOG_GUARD call site leaves the LOG unguarded, rejected at the LOG", () => {
  const s = sample();
  const log = s.find(BODY_START, OP.LOG1);
  assert.deepEqual(Array.from(s.out.subarray(log - 8, log - 3)), [OP.PUSH2, (log - 1) >> 8, (log - 1) & 0xff, OP.PUSH2, BLOB.logGuard >> 8]);
  expectUnsafe(mutate(s.out, (c) => c.set([OP.PUSH0, OP.POP, OP.PUSH0, OP.POP, OP.PUSH0, OP.POP, OP.PUSH0, OP.POP], log - 8)), log, 5, "no guard");
  // A call site to another stub does not guard a LOG.
  expectUnsafe(mutate(s.out, (c) => setU16(c, log - 4, BLOB.entries.get(OP.ADDRESS)!)), log, 5, "guarded by ADDRESS's stub");
});

test("rule 6: a table entry aimed at a non-JUMPDEST, at a return point or out of order is rejected at the entry", () => {
  const s = sample();
  const b = s.labels.get("b")!;
  const index = s.frame.table.findIndex(([p]) => p === b);
  const entry = s.frame.tableStart + 4 * index;
  expectUnsafe(mutate(s.out, (c) => setU16(c, entry + 2, s.at(b) + 1)), entry, 6, "entry -> the PUSH after the JUMPDEST");
  expectUnsafe(mutate(s.out, (c) => setU16(c, entry + 2, s.at(1) + 7)), entry, 6, "entry -> a call site's return point");
  expectUnsafe(mutate(s.out, (c) => setU16(c, entry + 2, BODY_ENTRY)), entry, 6, "entry -> the body entry B");
  expectUnsafe(mutate(s.out, (c) => setU16(c, entry + 2, s.frame.originalStart + b)), entry, 6, "entry -> the original's JUMPDEST");
  expectUnsafe(mutate(s.out, (c) => setU16(c, entry, 0)), entry, 6, "original offsets not increasing");
});

test("checkSafety takes hex with or without 0x, and rejects non-hex with TranspileError INVALID_HEX", () => {
  const { r } = sample();
  assert.deepEqual(checkSafety(r.code.slice(2)), { safe: true });
  assert.throws(() => checkSafety("0x123"), (e: unknown) => e instanceof TranspileError && e.code === "INVALID_HEX");
  assert.throws(() => checkSafety("0xzz"), (e: unknown) => e instanceof TranspileError && e.code === "INVALID_HEX");
});

/** Instructions of a transpiled body with their roles, for mutations of generated programs. */
function roles(out: Uint8Array) {
  const frame = parseFrame(out);
  const body = decode(out, BODY_START, frame.tableStart);
  const targets = new Set(frame.table.map(([, n]) => n));
  const returning = new Set([...BLOB.entries.values(), BLOB.logGuard]);
  const staticJumps: Instruction[] = [];
  const staticTargets = new Set<number>();
  const returnPoints: number[] = [];
  const logs: Instruction[] = [];
  for (let i = 1; i < body.length; i++) {
    const op = body[i].opcode;
    const prev = body[i - 1];
    const x = prev.opcode === OP.PUSH2 ? (prev.immediate[0] << 8) | prev.immediate[1] : -1;
    if ((op === OP.JUMP || op === OP.JUMPI) && targets.has(x)) {
      staticJumps.push(body[i]);
      staticTargets.add(x);
    }
    if (op === OP.JUMP && returning.has(x)) returnPoints.push(body[i].offset + 1);
    if (op >= OP.LOG0 && op <= OP.LOG4) logs.push(body[i]);
  }
  return { frame, body, staticJumps, staticTargets, returnPoints, logs };
}

test("over generated programs, checkSafety names the right offset for: a native byte flipped to SLOAD, a changed stub byte, a removed LOG guard, a table entry aimed at a non-JUMPDEST, a static jump to a return point", () => {
  let mutations = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const rng = createRng(seed);
    const program = generateProgram(rng);
    const code = program.code;
    const r = transpile(code, { allowTruncatedPush: true });
    const out = hexToBytes(r.code);
    const label = `seed ${seed}`;
    const { frame, body, staticJumps, staticTargets, returnPoints, logs } = roles(out);

    // A native one-byte instruction of the original (not JUMPDEST) flipped to SLOAD.
    const natives = decode(code).filter((i) => [OP.ADD, OP.MSTORE, OP.POP, OP.SWAP1, OP.DUP1, OP.MLOAD].includes(i.opcode as never));
    if (natives.length > 0) {
      const at = r.offsetMap.get(rng.pick(natives).offset)!;
      expectUnsafe(mutate(out, (c) => { c[at] = OP.SLOAD; }), at, 4, `${label}: SLOAD at ${at}`);
      mutations++;
    }
    const stubByte = 9 + rng.int(BLOB.code.length);
    expectUnsafe(mutate(out, (c) => { c[stubByte] ^= 1 + rng.int(255); }), stubByte, 1, `${label}: stub byte ${stubByte}`);
    mutations++;
    if (logs.length > 0) {
      const log = rng.pick(logs).offset;
      expectUnsafe(mutate(out, (c) => c.fill(OP.JUMPDEST, log - 8, log)), log, 5, `${label}: LOG at ${log} unguarded`);
      mutations++;
    }
    // An entry no static jump names (else rule 4 fails first at that jump), aimed at a body byte that is no JUMPDEST.
    const entries = frame.table.map(([, n], i) => ({ n, at: frame.tableStart + 4 * i })).filter((e) => !staticTargets.has(e.n));
    if (entries.length > 0) {
      const entry = rng.pick(entries).at;
      const aim = rng.pick(body.filter((i) => i.opcode !== OP.JUMPDEST)).offset;
      expectUnsafe(mutate(out, (c) => setU16(c, entry + 2, aim)), entry, 6, `${label}: entry at ${entry} -> ${aim}`);
      mutations++;
    }
    if (staticJumps.length > 0 && returnPoints.length > 0) {
      const jump = rng.pick(staticJumps).offset;
      expectUnsafe(mutate(out, (c) => setU16(c, jump - 2, rng.pick(returnPoints))), jump, 4, `${label}: static jump at ${jump} -> return point`);
      mutations++;
    }
  }
  assert.ok(mutations > SEEDS * 3, `only ${mutations} mutations were tried`);
});
