// Execution differential: transpiled code and its original, both deployed in the engine (mode "evm")
// and called with the same input, succeed or fail alike and return the same bytes. The programs use
// only Native opcodes plus the Rewritten ones (JUMP, JUMPI, PC, CODESIZE, CODECOPY): Replaced opcodes
// and LOGs call the EM as CALLER, which is tested with the EM. Memory words [0, 0x80) hold results on
// purpose: the stubs borrow them as scratch and must give them back. MSIZE and GAS are left out, since
// stubs touch memory and burn gas.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../src/engine/create-engine.js";
import type { Engine } from "../../src/engine/types.js";
import { transpile } from "../../src/transpiler/index.js";
import { Assembler, OP } from "../../src/evm/assembler.js";
import { createRng, type Rng } from "../generators/programs.js";
import { hexToBytes, toHex } from "./format.js";

const SEEDS = Number(process.env.OVM_TRANSPILER_SEEDS ?? 120);
const FROM = "0x00000000000000000000000000000000000a11ce";
const MAX_WORD = (1n << 256n) - 1n;
const CALL_GAS = 5_000_000n;

let engine: Engine;
before(async () => { engine = await createEngine({ mode: "evm", backend: "wasm" }); });
after(async () => { await engine.close(); });

/** Deploys `code` as runtime code (init code: CODECOPY it to memory and RETURN it). */
async function install(code: Uint8Array): Promise<string> {
  const init = new Assembler().push(code.length).op(OP.DUP1).pushLabel("code").push(0).op(OP.CODECOPY).push(0).op(OP.RETURN)
    .label("code").raw(code).assemble();
  const d = await engine.deploy({ from: FROM, data: init });
  assert.ok(d.success && d.address, `deploying ${code.length} bytes failed: ${d.error}`);
  return d.address;
}

interface Outcome { success: boolean; returnData: string }

/** Runs the original and its transpiled code with the same input; asserts the same outcome and returns it. */
async function runBoth(code: Uint8Array, label: string, input: Uint8Array = new Uint8Array(0)): Promise<Outcome> {
  const transpiled = hexToBytes(transpile(code, { allowTruncatedPush: true }).code);
  const outcomes: Outcome[] = [];
  for (const c of [code, transpiled]) {
    const r = await engine.call({ from: FROM, to: await install(c), data: input, gasLimit: CALL_GAS });
    assert.notEqual(r.error, "out of gas", `${label}: out of gas (${c === code ? "original" : "transpiled"})`);
    outcomes.push({ success: r.success, returnData: r.returnData });
  }
  assert.deepEqual(outcomes[1], outcomes[0], `${label}: transpiled code behaves differently (original ${toHex(code)})`);
  return outcomes[0];
}

const word = (v: bigint | number) => `0x${BigInt(v).toString(16).padStart(64, "0")}`;

test("PC returns original offsets and CODESIZE the original length", async () => {
  const code = new Assembler().op(OP.JUMPDEST).op(OP.PC).push(0).op(OP.MSTORE).op(OP.CODESIZE).push(32).op(OP.MSTORE)
    .op(OP.PC).push(64).op(OP.MSTORE).push(96).push(0).op(OP.RETURN).assemble();
  const out = await runBoth(code, "PC/CODESIZE");
  assert.equal(out.returnData, `0x${[word(1), word(code.length), word(8)].map((w) => w.slice(2)).join("")}`);
});

test("dynamic JUMP to a valid JUMPDEST lands there, the first and the last of 300 (the table's binary search bounds)", async () => {
  for (const which of [0, 1, 150, 298, 299]) {
    const a = new Assembler();
    a.pushLabel(`pad${which}`).push(0).op(OP.ADD, OP.JUMP); // computed: not a static jump
    for (let i = 0; i < 300; i++) a.jumpdest(`pad${i}`).push(i).push(0).op(OP.MSTORE).push(32).push(0).op(OP.RETURN);
    const out = await runBoth(a.assemble(), `JUMPDEST ${which} of 300`);
    assert.deepEqual(out, { success: true, returnData: word(which) });
  }
});

/** Targets that are no valid JUMPDEST of a program: the label "data" sits on a 0x5b inside PUSH data. */
const INVALID_TARGETS: { name: string; emit: (a: Assembler) => void }[] = [
  { name: "a non-JUMPDEST instruction (0)", emit: (a) => a.push(0) },
  { name: "a 0x5b inside PUSH data", emit: (a) => a.pushLabel("data") },
  { name: "the code length (past the end)", emit: (a) => a.op(OP.CODESIZE) },
  { name: "0xffff", emit: (a) => a.push(0xffff) },
  { name: "2^16", emit: (a) => a.push(0x10000) },
  { name: "2^256-1", emit: (a) => a.push(MAX_WORD) },
];

function withPushData(a: Assembler): Uint8Array {
  return a.op(OP.STOP, OP.PUSH2).label("data").op(OP.JUMPDEST, OP.JUMPDEST).assemble();
}

test("dynamic JUMP to an invalid target fails in both, as on L1", async () => {
  for (const t of INVALID_TARGETS) {
    const a = new Assembler().push(7).push(0).op(OP.MSTORE);
    t.emit(a);
    a.push(0).op(OP.ADD, OP.JUMP).push(32).push(0).op(OP.RETURN);
    const out = await runBoth(withPushData(a), `JUMP to ${t.name}`);
    assert.equal(out.success, false, t.name);
  }
});

test("dynamic JUMPI with a zero condition and an invalid target falls through (it must not fail)", async () => {
  for (const t of INVALID_TARGETS) {
    const a = new Assembler().push(0);
    t.emit(a);
    a.op(OP.JUMPI).push(0x600d).push(0).op(OP.MSTORE).push(32).push(0).op(OP.RETURN);
    const out = await runBoth(withPushData(a), `JUMPI 0 to ${t.name}`);
    assert.deepEqual(out, { success: true, returnData: word(0x600d) }, t.name);
  }
});

test("dynamic JUMPI with a non-zero condition jumps to a valid target and fails on an invalid one", async () => {
  const taken = new Assembler().push(2).pushLabel("t").push(0).op(OP.ADD, OP.JUMPI).op(OP.INVALID)
    .jumpdest("t").push(0x1a).push(0).op(OP.MSTORE).push(32).push(0).op(OP.RETURN).assemble();
  assert.deepEqual(await runBoth(taken, "JUMPI taken"), { success: true, returnData: word(0x1a) });
  for (const t of INVALID_TARGETS) {
    const a = new Assembler().push(1);
    t.emit(a);
    a.op(OP.JUMPI).push(32).push(0).op(OP.RETURN);
    assert.equal((await runBoth(withPushData(a), `JUMPI 1 to ${t.name}`)).success, false, t.name);
  }
});

test("CODECOPY reads the original bytes: inside, straddling the end, at the end, beyond it and at 2^256-1 (zeros past the end)", async () => {
  const offsets: { name: string; emit: (a: Assembler) => void; at: (n: number) => bigint }[] = [
    { name: "0", emit: (a) => a.push(0), at: () => 0n },
    { name: "inside", emit: (a) => a.push(5), at: () => 5n },
    { name: "straddling", emit: (a) => a.op(OP.CODESIZE).push(10).op(OP.SWAP1, OP.SUB), at: (n) => BigInt(n - 10) },
    { name: "at the end", emit: (a) => a.op(OP.CODESIZE), at: (n) => BigInt(n) },
    { name: "beyond", emit: (a) => a.op(OP.CODESIZE).push(100).op(OP.ADD), at: (n) => BigInt(n + 100) },
    { name: "2^64", emit: (a) => a.push(1n << 64n), at: () => 1n << 64n },
    { name: "2^256-1", emit: (a) => a.push(MAX_WORD), at: () => MAX_WORD },
  ];
  for (const o of offsets) {
    for (const dest of [0, 0x13, 0x80]) {
      const a = new Assembler().push(0x1234).push(0).op(OP.MSTORE); // memory that a stub must not clobber
      a.push(48);
      o.emit(a);
      a.push(dest).op(OP.CODECOPY).push(dest + 48).push(0).op(OP.RETURN).raw([0xde, 0xad, 0xbe, 0xef]);
      const code = a.assemble();
      const out = await runBoth(code, `CODECOPY ${o.name} to ${dest}`);
      const expected = new Uint8Array(dest + 48);
      expected.set(hexToBytes(word(0x1234)).subarray(0, Math.min(32, dest + 48)));
      const from = o.at(code.length);
      for (let i = 0; i < 48; i++) expected[dest + i] = from + BigInt(i) < BigInt(code.length) ? code[Number(from) + i] : 0;
      assert.deepEqual(out, { success: true, returnData: toHex(expected) }, `CODECOPY ${o.name} to ${dest}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// Generated programs: straight-line arithmetic, PC/CODESIZE/CODECOPY reads, static and dynamic
// forward jumps (valid and invalid targets), JUMPIs, counter loops, and data after the code.

const RESULT_WORDS = 12;

class NativeProgram {
  readonly a = new Assembler();
  private slot = 0;
  private labels = 0;
  loopDepth = 0;
  constructor(readonly rng: Rng) {}

  label(prefix: string): string {
    return `${prefix}${this.labels++}`;
  }

  /** Stores the value on top of the stack in the next result word (wrapping around). */
  keep(): void {
    this.a.push(32 * (this.slot++ % RESULT_WORDS)).op(OP.MSTORE);
  }

  value(): bigint {
    const r = this.rng;
    return r.weighted<() => bigint>([[3, () => BigInt(r.range(0, 300))], [1, () => MAX_WORD], [2, () => r.word()], [1, () => 1n << BigInt(r.int(256))]])();
  }

  /** Junk that never runs: no PUSH (which could swallow the JUMPDEST after it). */
  junk(): void {
    for (let i = this.rng.range(0, 5); i > 0; i--) {
      const byte = this.rng.int(256);
      this.a.op(byte >= OP.PUSH1 && byte <= OP.PUSH32 ? OP.INVALID : byte);
    }
  }

  /** A condition: a constant, or a calldata bit. */
  condition(): void {
    if (this.rng.chance(0.5)) this.a.push(this.rng.pick([0, 0, 1, 2, 0xff]));
    else this.a.push(this.rng.range(0, 40)).op(OP.CALLDATALOAD).push(1).op(OP.AND);
  }

  fragment(): void {
    const { rng, a } = this;
    rng.weighted<() => void>([
      [4, () => { a.push(this.value()).push(this.value()); a.op(rng.pick([OP.ADD, OP.MUL, OP.SUB, OP.DIV, OP.XOR, OP.SHL, OP.LT, OP.EQ, OP.BYTE])); this.keep(); }],
      [2, () => { a.op(OP.PC); this.keep(); }],
      [1, () => { a.op(OP.CODESIZE); this.keep(); }],
      [1, () => { a.push(rng.range(0, 64)).op(OP.CALLDATALOAD); this.keep(); }],
      [3, () => {
        const size = rng.pick([0, 1, 31, 32, 33, 64]);
        a.push(size);
        rng.weighted<() => void>([
          [3, () => a.push(rng.range(0, 60))],
          [2, () => a.op(OP.CODESIZE).push(rng.range(1, 40)).op(OP.SWAP1, OP.SUB)],
          [1, () => a.op(OP.CODESIZE)],
          [1, () => a.op(OP.CODESIZE).push(rng.range(1, 1000)).op(OP.ADD)],
          [1, () => a.push(rng.pick([MAX_WORD, 1n << 255n, 1n << 64n, 1n << 32n]))],
        ])();
        a.push(32 * (this.slot % RESULT_WORDS)).op(OP.CODECOPY);
        this.slot += Math.max(1, Math.ceil(size / 32));
      }],
      [2, () => { const skip = this.label("skip"); a.pushLabel(skip).op(OP.JUMP); this.junk(); a.jumpdest(skip); }],
      [2, () => { const skip = this.label("skip"); this.condition(); a.pushLabel(skip).op(OP.JUMPI); this.fragment(); a.jumpdest(skip); }],
      [2, () => {
        // Dynamic: the target is computed, so the transpiler cannot make it static.
        const to = this.label("dyn");
        const mask = rng.pick([0, 0x100, 0xffff]);
        a.pushLabel(to).push(mask).op(OP.XOR).push(mask).op(OP.XOR, OP.JUMP);
        this.junk();
        a.jumpdest(to);
      }],
      [2, () => {
        const to = this.label("dyni");
        this.condition();
        a.pushLabel(to).push(0).op(OP.ADD, OP.JUMPI);
        this.fragment();
        a.jumpdest(to);
      }],
      [1, () => {
        // JUMPI with a zero condition to a target that is no JUMPDEST: falls through.
        a.push(0);
        rng.weighted<() => void>([[1, () => a.op(OP.PC)], [1, () => a.push(MAX_WORD)], [1, () => a.push(rng.range(0, 0x20000))], [1, () => a.op(OP.CODESIZE)]])();
        a.op(OP.JUMPI);
      }],
      [1, () => a.op(OP.JUMPDEST)],
      [1.5, () => {
        if (this.loopDepth >= 2) return;
        const top = this.label("loop");
        const dynamic = rng.chance(0.5);
        a.push(rng.range(1, 4)).jumpdest(top);
        this.loopDepth++;
        for (let i = rng.range(1, 3); i > 0; i--) this.fragment();
        this.loopDepth--;
        a.push(1).op(OP.SWAP1, OP.SUB, OP.DUP1).pushLabel(top);
        if (dynamic) a.push(0).op(OP.ADD);
        a.op(OP.JUMPI, OP.POP);
      }],
    ])();
  }

  terminator(): void {
    const { rng, a } = this;
    const words = () => a.push(32 * RESULT_WORDS).push(0);
    rng.weighted<() => void>([
      [10, () => { words(); a.op(OP.RETURN); }],
      [3, () => { words(); a.op(OP.REVERT); }],
      [2, () => a.op(OP.STOP)],
      [2, () => {}], // runs into the data below, which starts with STOP
      [2, () => {
        // A dynamic jump to an invalid target: both fail.
        rng.weighted<() => void>([[1, () => a.push(MAX_WORD)], [1, () => a.op(OP.CODESIZE)], [1, () => a.push(0x10000)], [1, () => a.op(OP.PC)]])();
        a.op(OP.JUMP);
      }],
      [2, () => { a.pushLabel("pad").push(0).op(OP.ADD, OP.JUMP); }],
    ])();
    // After the code: a landing pad, then data (may end in a truncated PUSH).
    a.op(OP.STOP).jumpdest("pad");
    words();
    a.op(OP.RETURN).raw(rng.bytes(rng.range(0, 40)));
  }
}

test("generated programs of native, jump, PC, CODESIZE and CODECOPY instructions run alike transpiled and original", async () => {
  let failures = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const rng = createRng(seed);
    const program = new NativeProgram(rng);
    for (let i = rng.range(3, 25); i > 0; i--) program.fragment();
    program.terminator();
    const out = await runBoth(program.a.assemble(), `seed ${seed}`, rng.bytes(rng.range(0, 80)));
    if (!out.success) failures++;
  }
  assert.ok(failures < SEEDS / 2, `${failures} of ${SEEDS} programs failed: the generator should mostly succeed`);
});
