// The ExecutionManager's on-chain transpiler and safety checker (contracts/ovm/Transpiler.sol,
// contracts/ovm/SafetyChecker.sol) against the WASM ones (src/transpiler/): byte-identical output
// (docs/ovm-transpiler.md is normative) and the same safety verdict and offset, on the Solidity corpus,
// generated programs, seeded random bytes and mutated transpiler outputs. The harness
// (contracts/ovm/test/TranspilerHarness.sol) is compiled here with solc-js (the settings of
// hardhat.config.cjs) and runs in the project's engine; a few contracts also run on Hardhat's
// in-process network, the L1 path, for gas figures.
//
// Seeds: OVM_TRANSPILER_SEED=<n> replays a run (each test prints the seed it used).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Interface, type Result } from "ethers";
import { createEngine } from "../../src/engine/create-engine.js";
import type { Engine } from "../../src/engine/types.js";
import { transpile, checkSafety, type TranspileResult } from "../../src/transpiler/index.js";
import { opcodeTable } from "../../src/evm/opcode-table.js";
import { buildStubBlob, STUB_BLOB_OFFSET } from "../../src/ovm/stubs/blob.js";
import { createRng, generateProgram, type Rng } from "../generators/programs.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const SENDER = "0x00000000000000000000000000000000000a11ce";
const BASE_SEED = Number(process.env.OVM_TRANSPILER_SEED ?? 0x7a5e0000);

// ---------------------------------------------------------------------------------------------
// The harness, compiled from source so the test never runs stale bytecode.

interface Compiled {
  abi: unknown[];
  bytecode: string;
}

function compileHarness(): Compiled {
  const solc = require("solc") as { compile(input: string): string };
  const files = [
    "contracts/ovm/StubBlob.sol",
    "contracts/ovm/Transpiler.sol",
    "contracts/ovm/SafetyChecker.sol",
    "contracts/ovm/test/TranspilerHarness.sol",
  ];
  const sources = Object.fromEntries(files.map((f) => [f, { content: readFileSync(join(ROOT, f), "utf8") }]));
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      outputSelection: { "contracts/ovm/test/TranspilerHarness.sol": { TranspilerHarness: ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const harness = output.contracts["contracts/ovm/test/TranspilerHarness.sol"]!.TranspilerHarness!;
  return { abi: harness.abi, bytecode: `0x${harness.evm.bytecode.object}` };
}

// ---------------------------------------------------------------------------------------------
// Inputs

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString("hex")}`;
const bytesOf = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.slice(2), "hex"));

/** Every bytecode and deployedBytecode of the test corpus (library placeholders zeroed). */
let corpusCache: { name: string; code: Uint8Array }[] | undefined;
function corpus(): { name: string; code: Uint8Array }[] {
  if (corpusCache) return corpusCache;
  const dir = join(ROOT, "artifacts/contracts/test");
  const out: { name: string; code: Uint8Array }[] = [];
  for (const source of readdirSync(dir).sort()) {
    for (const file of readdirSync(join(dir, source)).sort()) {
      if (!file.endsWith(".json") || file.endsWith(".dbg.json")) continue;
      const json = JSON.parse(readFileSync(join(dir, source, file), "utf8")) as { contractName: string; bytecode: string; deployedBytecode: string };
      for (const kind of ["bytecode", "deployedBytecode"] as const) {
        const body = json[kind].slice(2).replace(/__\$[0-9a-fA-F]{34}\$__/g, "0".repeat(40));
        out.push({ name: `${json.contractName}.${kind}`, code: Uint8Array.from(Buffer.from(body, "hex")) });
      }
    }
  }
  corpusCache = out;
  return out;
}

const TABLE = opcodeTable();
const op = (name: string): number => {
  const facts = TABLE.find((f) => f.name === name);
  if (!facts) throw new Error(`no opcode ${name}`);
  return facts.opcode;
};
const PUSH1 = op("PUSH1");
const PUSH2 = op("PUSH2");
const JUMP = op("JUMP");
const JUMPI = op("JUMPI");
const JUMPDEST = op("JUMPDEST");
const STOP = op("STOP");

/** Random bytes with the interesting ones (JUMPDEST, jumps, PUSHes, replaced, banned...) overrepresented. */
function randomCode(rng: Rng, length: number): Uint8Array {
  const hot = [JUMPDEST, JUMP, JUMPI, PUSH1, PUSH2, op("PUSH0"), op("PUSH4"), op("PUSH32"), op("PC"), op("CODESIZE"),
    op("CODECOPY"), op("CALLER"), op("SSTORE"), op("LOG2"), op("NUMBER"), 0x0c, op("INVALID"), STOP, op("SWAP1")];
  const code = rng.bytes(length);
  for (let i = 0; i < length; i++) {
    if (rng.chance(0.35)) code[i] = rng.pick(hot);
    // Short jump targets, so that PUSHk v JUMP often names a JUMPDEST (or a 0x5b inside an immediate).
    if ((code[i] === PUSH1 || code[i] === PUSH2) && i + 3 < length && rng.chance(0.6)) {
      const target = rng.int(length);
      if (code[i] === PUSH1) code[i + 1] = target & 0xff;
      else { code[i + 1] = target >> 8; code[i + 2] = target & 0xff; }
      if (rng.chance(0.7)) code[i + (code[i] === PUSH1 ? 2 : 3)] = rng.pick([JUMP, JUMPI]);
    }
  }
  return code;
}

// ---------------------------------------------------------------------------------------------
// The harness in the engine

let engine: Engine;
let harness: string;
let iface: Interface;

async function call(fn: string, args: unknown[]): Promise<{ ok: true; result: Result } | { ok: false; data: string }> {
  const r = await engine.call({ from: SENDER, to: harness, data: iface.encodeFunctionData(fn, args), gasLimit: 4_000_000_000n });
  if (!r.success) return { ok: false, data: r.returnData };
  return { ok: true, result: iface.decodeFunctionResult(fn, r.returnData) };
}

async function onchainTranspile(code: Uint8Array): Promise<{ code: string } | { error: string; args: unknown[] }> {
  const r = await call("transpile", [code]);
  if (r.ok) return { code: r.result[0] as string };
  const parsed = iface.parseError(r.data);
  if (!parsed) throw new Error(`transpile reverted without a known error: ${r.data}`);
  return { error: parsed.name, args: [...parsed.args] };
}

async function onchainCheck(code: Uint8Array | string): Promise<{ safe: boolean; offset: number; opcode: number }> {
  const r = await call("check", [code]);
  if (!r.ok) throw new Error(`check reverted: ${r.data}`);
  return { safe: r.result[0] as boolean, offset: Number(r.result[1]), opcode: Number(r.result[2]) };
}

/** The WASM checker's verdict in the harness's shape. */
function wasmCheck(code: Uint8Array | string): { safe: boolean; offset: number; opcode: number; rule: number } {
  const r = checkSafety(code);
  return r.safe ? { safe: true, offset: 0, opcode: 0, rule: 0 } : { safe: false, offset: r.offset, opcode: r.opcode, rule: r.rule };
}

/** Transpiles on both sides; asserts byte equality and that both checkers accept the output. */
async function assertSameTranspile(code: Uint8Array, label: string): Promise<TranspileResult> {
  const wasm = transpile(code, { allowTruncatedPush: true });
  const mine = await onchainTranspile(code);
  assert.ok("code" in mine, `${label}: the harness reverted with ${JSON.stringify(mine)}`);
  if (mine.code !== wasm.code) {
    const a = bytesOf(mine.code), b = bytesOf(wasm.code);
    let i = 0;
    while (i < Math.min(a.length, b.length) && a[i] === b[i]) i++;
    assert.fail(`${label}: outputs differ at byte ${i} (lengths ${a.length} / ${b.length})`);
  }
  const verdict = await onchainCheck(mine.code);
  assert.deepEqual(verdict, { safe: true, offset: 0, opcode: 0 }, `${label}: SafetyChecker rejects the transpiler output`);
  assert.equal(wasmCheck(wasm.code).safe, true, `${label}: WASM checkSafety rejects its own output`);
  return wasm;
}

async function assertSameVerdict(code: Uint8Array, label: string, expectedRule?: number): Promise<void> {
  const wasm = wasmCheck(code);
  const mine = await onchainCheck(code);
  assert.deepEqual(mine, { safe: wasm.safe, offset: wasm.offset, opcode: wasm.opcode }, `${label}: on-chain ${JSON.stringify(mine)} vs WASM ${JSON.stringify(wasm)}`);
  if (expectedRule !== undefined) assert.equal(wasm.rule, expectedRule, `${label}: expected a rule ${expectedRule} failure, got ${JSON.stringify(wasm)}`);
}

before(async () => {
  const compiled = compileHarness();
  iface = new Interface(compiled.abi as never);
  engine = await createEngine({ mode: "evm", backend: "wasm" });
  const deployed = await engine.deploy({ from: SENDER, data: compiled.bytecode, gasLimit: 30_000_000n });
  assert.ok(deployed.success && deployed.address, `harness deployment failed: ${deployed.error}`);
  harness = deployed.address;
});

after(async () => {
  await engine?.close();
});

// ---------------------------------------------------------------------------------------------

describe("Transpiler.sol is byte-identical to the WASM transpiler (allowTruncatedPush: true)", () => {
  test("layout and body rules: every bytecode and deployedBytecode of the corpus", async () => {
    let count = 0;
    for (const { name, code } of corpus()) {
      if (code.length === 0) continue;
      await assertSameTranspile(code, name);
      count++;
    }
    assert.ok(count >= 20, `only ${count} corpus codes`);
  });

  test("body rules: generated programs (main and helper contracts)", async (t) => {
    t.diagnostic(`seed ${BASE_SEED + 1}`);
    const rng = createRng(BASE_SEED + 1);
    for (let i = 0; i < 40; i++) {
      const program = generateProgram(rng);
      for (const [address, account] of program.pre) {
        if (account.code.length > 0) await assertSameTranspile(account.code, `program ${i} ${address}`);
      }
    }
  });

  test("body rules and static-jump guesses: seeded random bytes", async (t) => {
    t.diagnostic(`seed ${BASE_SEED + 2}`);
    const rng = createRng(BASE_SEED + 2);
    for (let i = 0; i < 250; i++) {
      const length = rng.weighted([[5, rng.range(1, 40)], [4, rng.range(41, 600)], [1, rng.range(601, 3000)]]);
      const code = rng.chance(0.2) ? rng.bytes(length) : randomCode(rng, length);
      await assertSameTranspile(code, `random #${i} (length ${length})`);
    }
  });

  test("static jumps: PUSH0..PUSH32 targets, backward and forward, JUMP and JUMPI", async () => {
    for (let k = 0; k <= 32; k++) {
      for (const jump of [JUMP, JUMPI]) {
        // JUMPDEST; PUSHk <target>; JUMP(I); JUMPDEST; STOP - the target is 0 (backward) or the second JUMPDEST.
        for (const forward of [false, true]) {
          const target = forward ? k + 3 : 0;
          const code = new Uint8Array(k + 5);
          code[0] = JUMPDEST;
          code[1] = op("PUSH0") + k;
          for (let i = 0; i < k; i++) code[2 + i] = i === k - 1 ? target : 0;
          code[k + 2] = jump;
          code[k + 3] = JUMPDEST;
          code[k + 4] = STOP;
          const result = await assertSameTranspile(code, `PUSH${k} ${forward ? "forward" : "backward"}`);
          assert.ok(result.length > 0);
        }
      }
    }
  });

  test("static-jump guess: a forward target holding 0x5b inside a PUSH immediate is not a JUMPDEST", async () => {
    // PUSH1 4; JUMP; PUSH1 0x5b (offset 4 is the immediate 0x5b); JUMPDEST; STOP
    const code = Uint8Array.from([PUSH1, 4, JUMP, PUSH1, JUMPDEST, JUMPDEST, STOP]);
    const wasm = await assertSameTranspile(code, "guess");
    // The JUMP stays dynamic: PUSH1 4 is kept and JUMP goes through JUMP_STUB.
    assert.equal(bytesOf(wasm.code)[wasm.bodyStart], PUSH1);
    // The same with a PUSH2 (patched in place when static) and with both a right and a wrong guess.
    await assertSameTranspile(Uint8Array.from([PUSH2, 0, 5, JUMP, PUSH1, JUMPDEST, JUMPDEST, PUSH2, 0, 6, JUMPI, STOP]), "guess PUSH2");
  });

  test("static-jump guess: several wrong guesses among right ones, forward and backward, resume where the first was", async (t) => {
    t.diagnostic(`seed ${BASE_SEED + 5}`);
    const rng = createRng(BASE_SEED + 5);
    for (let round = 0; round < 40; round++) {
      // Blocks: JUMPDEST, PUSH3 with a 0x5b in its immediate, and PUSHk v JUMP(I) to either.
      const parts: number[][] = [];
      const blocks = rng.range(3, 30);
      for (let i = 0; i < blocks; i++) parts.push(rng.chance(0.5) ? [JUMPDEST] : [op("PUSH3"), rng.pick([JUMPDEST, 0x00]), JUMPDEST, rng.pick([JUMPDEST, 0x11])]);
      const layout: number[] = [];
      let at = 0;
      for (const part of parts) { layout.push(at); at += part.length + 4; }
      const code: number[] = [];
      parts.forEach((part, i) => {
        code.push(...part);
        const target = layout[rng.int(parts.length)]! + rng.int(4);
        if (rng.chance(0.5)) code.push(PUSH2, target >> 8, target & 0xff, rng.pick([JUMP, JUMPI]));
        else code.push(PUSH1, target & 0xff, rng.pick([JUMP, JUMPI]), op("POP"));
        void i;
      });
      await assertSameTranspile(Uint8Array.from(code), `guesses #${round}`);
    }
  });

  test("TRUNCATED_PUSH (permissive): the last PUSH is zero-padded to its width", async () => {
    for (const code of [[PUSH1], [PUSH2, 0xaa], [op("PUSH32"), 1, 2, 3], [JUMPDEST, op("CALLER"), op("PUSH32")]]) {
      await assertSameTranspile(Uint8Array.from(code), `truncated ${hex(Uint8Array.from(code))}`);
    }
  });

  test("EMPTY_CODE: empty input reverts with EmptyCode, as the WASM transpiler throws EMPTY_CODE", async () => {
    assert.throws(() => transpile("0x", { allowTruncatedPush: true }), { code: "EMPTY_CODE" });
    assert.deepEqual(await onchainTranspile(new Uint8Array(0)), { error: "EmptyCode", args: [] });
  });

  test("CODE_TOO_LARGE: over 49,152 bytes, or originalStart past 0xFFFF, reverts with CodeTooLarge", async () => {
    const long = new Uint8Array(49153);
    assert.throws(() => transpile(long, { allowTruncatedPush: true }), { code: "CODE_TOO_LARGE" });
    assert.deepEqual(await onchainTranspile(long), { error: "CodeTooLarge", args: [49153n] });
    // 49,152 bytes is allowed; 9,000 CALLERs grow past the 16-bit offsets.
    await assertSameTranspile(new Uint8Array(49152), "49,152 STOPs");
    const grows = new Uint8Array(9000).fill(op("CALLER"));
    assert.throws(() => transpile(grows, { allowTruncatedPush: true }), { code: "CODE_TOO_LARGE" });
    assert.deepEqual(await onchainTranspile(grows), { error: "CodeTooLarge", args: [9000n] });
    // Just below the limit on both sides.
    const fits = new Uint8Array(8000).fill(op("CALLER"));
    await assertSameTranspile(fits, "8,000 CALLERs");
  });
});

// ---------------------------------------------------------------------------------------------

interface Frame {
  code: Uint8Array;
  entry: number; // B
  tableStart: number;
  originalStart: number;
  /** Body instruction starts, in order. */
  starts: number[];
}

function frameOf(result: TranspileResult): Frame {
  const code = bytesOf(result.code);
  const starts: number[] = [];
  for (let pc = result.bodyStart; pc < result.tableStart; pc += 1 + TABLE[code[pc]!]!.immediateSize) starts.push(pc);
  return { code, entry: result.bodyStart - 1, tableStart: result.tableStart, originalStart: result.originalStart, starts };
}

const u16 = (code: Uint8Array, at: number): number => (code[at]! << 8) | code[at + 1]!;
function setU16(code: Uint8Array, at: number, value: number): void {
  code[at] = (value >> 8) & 0xff;
  code[at + 1] = value & 0xff;
}

/** Named mutations of a transpiler output, each aimed at one rule of the checker. */
function* mutations(f: Frame, rng: Rng): Generator<{ label: string; rule: number; code: Uint8Array }> {
  const copy = (): Uint8Array => Uint8Array.from(f.code);
  const blob = buildStubBlob();
  const returning = new Set([...blob.entries.values(), blob.logGuard]);
  const find = (predicate: (pc: number, i: number) => boolean): number[] => f.starts.filter((pc, i) => predicate(pc, i));
  // One-byte natives outside any rewrite (SWAP1 and POP frame the dynamic JUMPI).
  const plainNatives = find((pc) => TABLE[f.code[pc]!]!.ovm === "native" && TABLE[f.code[pc]!]!.immediateSize === 0 &&
    ![JUMPDEST, STOP, op("SWAP1"), op("POP")].includes(f.code[pc]!));
  const jumpAt = (pc: number, i: number): boolean => (f.code[pc] === JUMP || f.code[pc] === JUMPI) && i > 0 && f.code[f.starts[i - 1]!] === PUSH2;
  const jumps = find(jumpAt);
  const targetOf = (pc: number): number => u16(f.code, pc - 2);
  const staticJumps = jumps.filter((pc) => !returning.has(targetOf(pc)) && targetOf(pc) !== blob.jumpStub);
  const callSites = jumps.filter((pc) => returning.has(targetOf(pc)) && targetOf(pc) !== blob.logGuard);
  const guardSites = jumps.filter((pc) => targetOf(pc) === blob.logGuard);
  const dynamicJumpis = jumps.filter((pc) => targetOf(pc) === blob.jumpStub && f.code[pc] === JUMPI);
  const entries = (f.originalStart - f.tableStart) / 4;
  const tableTargets = new Set(Array.from({ length: entries }, (_, i) => u16(f.code, f.tableStart + 4 * i + 2)));
  const staticTargets = new Set(staticJumps.map(targetOf));
  const afterNoPush2 = plainNatives.filter((pc) => f.code[f.starts[f.starts.indexOf(pc) - 1]!] !== PUSH2);

  // Rule 1: the frame.
  for (const at of [0, 1, 2, 3, 4, STUB_BLOB_OFFSET + rng.int(f.entry - STUB_BLOB_OFFSET), f.entry]) {
    const c = copy();
    c[at] ^= 1 + rng.int(255);
    yield { label: `rule 1: byte ${at} changed`, rule: 1, code: c };
  }
  yield { label: "rule 1: code cut before B", rule: 1, code: f.code.slice(0, f.entry) };
  yield { label: "rule 1: code cut inside the header", rule: 1, code: f.code.slice(0, 3) };

  // Rule 2: the header.
  const header = (ts: number, os: number): Uint8Array => {
    const c = copy();
    setU16(c, 5, ts);
    setU16(c, 7, os);
    return c;
  };
  yield { label: "rule 2: tableStart = B", rule: 2, code: header(f.entry, f.originalStart) };
  yield { label: "rule 2: originalStart < tableStart", rule: 2, code: header(f.tableStart, f.tableStart - 4) };
  yield { label: "rule 2: originalStart past the end", rule: 2, code: header(f.tableStart, f.code.length + 1) };
  yield { label: "rule 2: table length not a multiple of 4", rule: 2, code: header(f.tableStart, f.originalStart - 1) };

  // Rule 3: the body's end.
  yield { label: "rule 3: empty body", rule: 3, code: header(f.entry + 1, f.entry + 1 + 4 * Math.floor((f.originalStart - f.entry - 1) / 4)) };
  {
    const c = copy();
    c[f.tableStart - 1] = op("ADD");
    yield { label: "rule 3: the body does not end with STOP", rule: 3, code: c };
  }
  {
    const c = copy();
    c[f.starts[f.starts.length - 1]!] = op("PUSH2");
    yield { label: "rule 3: a PUSH runs into the table", rule: 3, code: c };
  }

  // Rule 4: what the body may hold.
  for (const name of ["CALLER", "SSTORE", "NUMBER", "PC", "CODESIZE", "CODECOPY", "CALL", "SELFDESTRUCT"]) {
    if (plainNatives.length === 0) break;
    const c = copy();
    c[rng.pick(plainNatives)] = op(name);
    yield { label: `rule 4: raw ${name} in the body`, rule: 4, code: c };
  }
  if (plainNatives.length > 0) {
    const c = copy();
    c[rng.pick(plainNatives)] = 0x0c;
    yield { label: "rule 4: an undefined byte in the body", rule: 4, code: c };
  }
  if (afterNoPush2.length > 0) {
    const d = copy();
    d[rng.pick(afterNoPush2)] = JUMP;
    yield { label: "rule 4: a JUMP not after a PUSH2", rule: 4, code: d };
  }
  if (staticJumps.length > 0) {
    const pc = rng.pick(staticJumps);
    const c = copy();
    setU16(c, pc - 2, pc); // the JUMP itself: an instruction of the body, no table entry's
    yield { label: "rule 4: a static jump to no table entry's new offset", rule: 4, code: c };
    const d = copy();
    setU16(d, pc - 2, STUB_BLOB_OFFSET); // the trap: inside the stubs, no entry
    yield { label: "rule 4: a jump into the stub blob", rule: 4, code: d };
    if (!(f.code[pc - 4] === op("SWAP1") && f.code[pc + 1] === op("POP"))) {
      const e = copy();
      setU16(e, pc - 2, blob.jumpStub);
      e[pc] = JUMPI;
      yield { label: "rule 4: a bare JUMPI to JUMP_STUB", rule: 4, code: e };
    }
  }
  if (callSites.length > 0) {
    const pc = rng.pick(callSites);
    const c = copy();
    setU16(c, pc - 5, pc + 2);
    yield { label: "rule 4: a call site whose R is not JUMP + 1", rule: 4, code: c };
    const d = copy();
    d[pc + 1] = op("POP");
    yield { label: "rule 4: a call site without JUMPDEST at R", rule: 4, code: d };
    const e = copy();
    e[pc] = JUMPI;
    yield { label: "rule 4: a JUMPI to a returning stub entry", rule: 4, code: e };
    const g = copy();
    g[pc - 6] = op("PUSH3"); // PUSH2 R -> PUSH3: swallows the PUSH2 opcode of the entry
    yield { label: "a call site whose PUSH2 R became a PUSH3", rule: -1, code: g };
  }
  if (dynamicJumpis.length > 0) {
    const pc = rng.pick(dynamicJumpis);
    const c = copy();
    c[pc - 4] = op("DUP1");
    yield { label: "rule 4: a dynamic JUMPI without SWAP1", rule: 4, code: c };
    const d = copy();
    d[pc + 1] = op("ADD");
    yield { label: "rule 4: a dynamic JUMPI without POP", rule: 4, code: d };
  }

  // Rule 5: LOGs.
  if (plainNatives.length > 0) {
    const c = copy();
    c[rng.pick(plainNatives)] = op("LOG1");
    yield { label: "rule 5: an unguarded LOG1", rule: 5, code: c };
  }
  if (guardSites.length > 0) {
    const pc = rng.pick(guardSites);
    const c = copy();
    const entry = [...blob.entries.values()][0]!;
    setU16(c, pc - 2, entry); // the call site now calls another stub; the LOG after it is unguarded
    yield { label: "rule 5: a LOG after a call site that is not LOG_GUARD", rule: 5, code: c };
  }

  // Rule 6: the table (an entry no static jump names, so that rule 4 still holds).
  const free = Array.from({ length: entries }, (_, i) => f.tableStart + 4 * i).filter((at) => !staticTargets.has(u16(f.code, at + 2)));
  if (free.length > 0) {
    const at = rng.pick(free);
    const c = copy();
    setU16(c, at + 2, u16(c, at + 2) + 1);
    if (!tableTargets.has(u16(c, at + 2))) yield { label: "rule 6: a table entry not leading to a JUMPDEST", rule: 6, code: c };
    const d = copy();
    setU16(d, at + 2, f.entry);
    yield { label: "rule 6: a table entry leading to B (not in the body)", rule: 6, code: d };
    if (callSites.length > 0 || guardSites.length > 0) {
      const e = copy();
      setU16(e, at + 2, rng.pick([...callSites, ...guardSites]) + 1);
      yield { label: "rule 6: a table entry leading to a call site's return point", rule: 6, code: e };
    }
  }
  if (entries > 1) {
    const i = rng.int(entries - 1);
    const c = copy();
    const a = f.tableStart + 4 * i;
    setU16(c, a + 4, u16(c, a));
    yield { label: "rule 6: original offsets not strictly increasing", rule: 6, code: c };
  }

  // Anything: random bytes changed anywhere (verdict and offset only).
  for (let i = 0; i < 12; i++) {
    const c = copy();
    const at = rng.chance(0.8) ? f.entry + 1 + rng.int(f.originalStart - f.entry - 1) : rng.int(c.length);
    c[at] = rng.int(256);
    yield { label: `random byte at ${at}`, rule: -1, code: c };
  }
}

describe("SafetyChecker.sol gives the WASM checkSafety's verdict, offset and opcode", () => {
  test("rules 1-6 accept every transpiler output (corpus)", async () => {
    for (const { name, code } of corpus()) {
      if (code.length === 0) continue;
      const result = transpile(code, { allowTruncatedPush: true });
      assert.deepEqual(await onchainCheck(result.code), { safe: true, offset: 0, opcode: 0 }, name);
    }
  });

  test("rules 1-6: targeted mutations of corpus outputs fail the same rule at the same offset", async (t) => {
    t.diagnostic(`seed ${BASE_SEED + 3}`);
    const rng = createRng(BASE_SEED + 3);
    const rulesSeen = new Set<number>();
    let count = 0;
    for (const { name, code } of corpus()) {
      if (code.length === 0) continue;
      const frame = frameOf(transpile(code, { allowTruncatedPush: true }));
      for (const m of mutations(frame, rng)) {
        await assertSameVerdict(m.code, `${name}: ${m.label}`, m.rule > 0 ? m.rule : undefined);
        if (m.rule > 0) rulesSeen.add(m.rule);
        count++;
      }
    }
    assert.deepEqual([...rulesSeen].sort(), [1, 2, 3, 4, 5, 6]);
    t.diagnostic(`${count} mutations`);
  });

  test("rules 1-6: mutations of random-code outputs, and random byte strings", async (t) => {
    t.diagnostic(`seed ${BASE_SEED + 4}`);
    const rng = createRng(BASE_SEED + 4);
    for (let i = 0; i < 30; i++) {
      const code = randomCode(rng, rng.range(1, 400));
      const frame = frameOf(transpile(code, { allowTruncatedPush: true }));
      for (const m of mutations(frame, rng)) await assertSameVerdict(m.code, `random #${i}: ${m.label}`, m.rule > 0 ? m.rule : undefined);
    }
    for (let i = 0; i < 40; i++) await assertSameVerdict(rng.bytes(rng.range(0, 1500)), `random bytes #${i}`);
  });
});

// ---------------------------------------------------------------------------------------------

describe("gas", () => {
  test("gas per input byte on the corpus stays reasonable (transpile and check)", async (t) => {
    const rows: string[] = [];
    let transpileTotal = 0, checkTotal = 0, originalBytes = 0, transpiledBytes = 0;
    for (const { name, code } of corpus()) {
      if (code.length === 0) continue;
      const out = transpile(code, { allowTruncatedPush: true });
      const tg = await call("transpileGas", [code]);
      const cg = await call("checkGas", [out.code]);
      assert.ok(tg.ok && cg.ok);
      const tGas = Number(tg.result[0]), cGas = Number(cg.result[0]);
      transpileTotal += tGas; checkTotal += cGas; originalBytes += code.length; transpiledBytes += out.length;
      rows.push(`${name}: ${code.length} B -> ${out.length} B; transpile ${tGas} gas (${(tGas / code.length).toFixed(1)}/B); check ${cGas} gas (${(cGas / out.length).toFixed(1)}/B of transpiled code)`);
      // Init code whose embedded runtime makes a forward-target guess wrong pays part of a second pass.
      assert.ok(tGas / code.length < 200, `${name}: transpile ${tGas / code.length} gas per byte`);
      assert.ok(cGas / out.length < 80, `${name}: check ${cGas / out.length} gas per transpiled byte`);
    }
    for (const row of rows) t.diagnostic(row);
    t.diagnostic(`all: transpile ${(transpileTotal / originalBytes).toFixed(1)} gas per original byte; check ${(checkTotal / transpiledBytes).toFixed(1)} gas per transpiled byte`);
  });

  test("Hardhat's in-process network (L1): same output, and the gas of a transpile transaction", async (t) => {
    const previous = process.cwd();
    process.chdir(ROOT);
    process.env.HARDHAT_CONFIG ??= join(ROOT, "hardhat.config.cjs");
    let provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> };
    try {
      provider = (require("hardhat") as { network: { provider: typeof provider } }).network.provider;
    } finally {
      process.chdir(previous);
    }
    const [from] = (await provider.request({ method: "eth_accounts" })) as string[];
    const send = async (data: string, to?: string): Promise<{ gasUsed: bigint; contractAddress: string | null; status: string }> => {
      const hash = await provider.request({ method: "eth_sendTransaction", params: [{ from, to, data, gas: "0x1c9c380" }] });
      const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as { gasUsed: string; contractAddress: string | null; status: string };
      return { gasUsed: BigInt(receipt.gasUsed), contractAddress: receipt.contractAddress, status: receipt.status };
    };
    const deployed = await send(compileHarness().bytecode);
    assert.equal(deployed.status, "0x1");
    const to = deployed.contractAddress!;
    for (const name of ["Token", "Exchange", "Collectible"]) {
      const { code } = corpus().find((c) => c.name === `${name}.deployedBytecode`)!;
      const wasm = transpile(code, { allowTruncatedPush: true });
      const returned = (await provider.request({ method: "eth_call", params: [{ from, to, data: iface.encodeFunctionData("transpile", [code]) }, "latest"] })) as string;
      assert.equal(iface.decodeFunctionResult("transpile", returned)[0], wasm.code, `${name}: Hardhat output differs`);
      const inner = iface.decodeFunctionResult("transpileGas", (await provider.request({ method: "eth_call", params: [{ from, to, data: iface.encodeFunctionData("transpileGas", [code]) }, "latest"] })) as string);
      const check = iface.decodeFunctionResult("checkGas", (await provider.request({ method: "eth_call", params: [{ from, to, data: iface.encodeFunctionData("checkGas", [wasm.code]) }, "latest"] })) as string);
      const tx = await send(iface.encodeFunctionData("transpileAndCheck", [code]), to);
      assert.equal(tx.status, "0x1");
      t.diagnostic(`${name} (${code.length} B): transpile ${inner[0]} gas, check ${check[0]} gas; a transpileAndCheck transaction uses ${tx.gasUsed} gas`);
    }
  });
});

// The harness must exist where the other engineers' tooling expects contracts.
test("the harness source is in contracts/ovm/test", () => {
  assert.ok(existsSync(join(ROOT, "contracts/ovm/test/TranspilerHarness.sol")));
});
