// Malformed and extreme input: typed TranspileErrors with stable codes, never a crash.
import { test } from "node:test";
import assert from "node:assert/strict";
import { transpile, checkSafety, TranspileError, type TranspileErrorCode } from "../../src/transpiler/index.js";
import { OP } from "../../src/evm/assembler.js";
import { createRng } from "../generators/programs.js";
import { BODY_START, hexToBytes, parseFrame } from "./format.js";

const RANDOM_BASE_SEED = Number(process.env.OVM_TRANSPILER_RANDOM_SEED ?? 0x0b05);

function throwsCode(fn: () => unknown, code: TranspileErrorCode, what: string): TranspileError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof TranspileError, `${what}: expected a TranspileError, got ${String(caught)}`);
  assert.equal(caught.code, code, `${what}: ${caught.message}`);
  assert.equal(caught.name, "TranspileError");
  return caught;
}

test("empty code is EMPTY_CODE (bytes, 0x and the empty string)", () => {
  for (const input of [new Uint8Array(0), "0x", ""]) throwsCode(() => transpile(input), "EMPTY_CODE", JSON.stringify(input));
});

test("odd-length hex and non-hex characters are INVALID_HEX", () => {
  throwsCode(() => transpile("0x123"), "INVALID_HEX", "odd");
  throwsCode(() => transpile("0x6g"), "INVALID_HEX", "non-hex");
  throwsCode(() => transpile("60 01"), "INVALID_HEX", "space");
  throwsCode(() => transpile(42 as unknown as string), "INVALID_HEX", "a number");
});

test("a PUSH running past the end is TRUNCATED_PUSH with its offset; allowTruncatedPush zero-pads it instead", () => {
  for (let width = 1; width <= 32; width++) {
    const code = Uint8Array.from([OP.ADD, OP.PUSH1 + width - 1, ...new Array(width - 1).fill(0xab)]);
    const e = throwsCode(() => transpile(code), "TRUNCATED_PUSH", `PUSH${width}`);
    assert.equal(e.detail.offset, 1);
    const out = hexToBytes(transpile(code, { allowTruncatedPush: true }).code);
    assert.deepEqual(
      Array.from(out.subarray(BODY_START, BODY_START + 2 + width)),
      [OP.ADD, OP.PUSH1 + width - 1, ...new Array(width - 1).fill(0xab), 0],
      `PUSH${width} zero-padded`,
    );
    assert.equal(out[BODY_START + 2 + width], OP.STOP);
  }
  // A full PUSH at the very end is not truncated.
  assert.ok(transpile("0x6001").code);
});

test("a truncated PUSH2 at the end is zero-padded data, never a static jump (no instruction follows it)", () => {
  const code = Uint8Array.from([OP.JUMPDEST, OP.PUSH2, 0x00]);
  const out = hexToBytes(transpile(code, { allowTruncatedPush: true }).code);
  assert.deepEqual(Array.from(out.subarray(BODY_START, BODY_START + 5)), [OP.JUMPDEST, OP.PUSH2, 0, 0, OP.STOP]);
});

test("49,153 bytes are CODE_TOO_LARGE (EIP-3860); 24,576 and 49,152 bytes of plain code transpile and pass the checker", () => {
  const e = throwsCode(() => transpile(new Uint8Array(49153)), "CODE_TOO_LARGE", "49,153 bytes");
  assert.deepEqual(e.detail, { size: 49153, limit: 49152 });
  for (const size of [24576, 49152]) {
    const rng = createRng(size);
    // Native one-byte instructions with 1% JUMPDESTs (each costs 4 table bytes: more would pass 0xFFFF at 49,152).
    const code = Uint8Array.from({ length: size }, () => rng.weighted([[99, rng.pick([OP.ADD, OP.MSTORE, OP.POP, OP.DUP1, OP.STOP])], [1, OP.JUMPDEST]]));
    const r = transpile(code);
    assert.equal(r.originalLength, size);
    assert.ok(r.originalStart <= 0xffff);
    assert.deepEqual(checkSafety(r.code), { safe: true }, `${size} bytes`);
  }
});

test("code whose growth would put originalStart past 0xFFFF is CODE_TOO_LARGE; exactly 0xFFFF is accepted", () => {
  // 49,152 JUMPDESTs: 1 body byte and 4 table bytes each.
  const e = throwsCode(() => transpile(new Uint8Array(49152).fill(OP.JUMPDEST)), "CODE_TOO_LARGE", "49,152 JUMPDESTs");
  assert.ok(e.detail.size! > 0xffff && e.detail.limit === 0xffff);
  // PC grows to 3 bytes: originalStart = BODY_START + 3*pcs + adds + 1 (STOP); pick counts that hit 0xFFFF exactly.
  const room = 0xffff - BODY_START - 1;
  const pcs = Math.floor(room / 3);
  const adds = room - 3 * pcs;
  const fits = Uint8Array.from([...new Array(pcs).fill(OP.PC), ...new Array(adds).fill(OP.ADD)]);
  const r = transpile(fits);
  assert.equal(r.originalStart, 0xffff);
  assert.deepEqual(checkSafety(r.code), { safe: true });
  throwsCode(() => transpile(Uint8Array.from([...fits, OP.ADD])), "CODE_TOO_LARGE", "one byte over");
});

test("random byte strings never crash: with allowTruncatedPush they transpile; without, only TRUNCATED_PUSH is possible", () => {
  for (let i = 0; i < 300; i++) {
    const seed = RANDOM_BASE_SEED + i;
    const rng = createRng(seed);
    const code = rng.bytes(rng.range(1, 600));
    const r = transpile(code, { allowTruncatedPush: true });
    assert.equal(r.originalLength, code.length, `seed ${seed}`);
    try {
      assert.equal(transpile(code).code, r.code, `seed ${seed}`);
    } catch (e) {
      assert.ok(e instanceof TranspileError && e.code === "TRUNCATED_PUSH", `seed ${seed}: ${String(e)}`);
    }
  }
});

test("checkSafety never crashes on random bytes, on prefixes of transpiled code, or on code of any length", () => {
  for (let i = 0; i < 200; i++) {
    const seed = RANDOM_BASE_SEED + 1000 + i;
    const rng = createRng(seed);
    const random = checkSafety(rng.bytes(rng.range(0, 2000)));
    assert.equal(random.safe, false, `seed ${seed}`);
  }
  const out = hexToBytes(transpile(Uint8Array.from([OP.JUMPDEST, OP.PUSH1, 0, OP.JUMP, OP.SLOAD, OP.LOG0])).code);
  const { tableStart } = parseFrame(out);
  for (let cut = 0; cut < out.length; cut += cut < BODY_START - 10 ? 97 : 1) {
    const verdict = checkSafety(out.subarray(0, cut));
    if (cut < tableStart) assert.equal(verdict.safe, false, `prefix of ${cut} bytes`);
  }
  // Code longer than 0xFFFF bytes (a 16-bit header cannot describe it all; the original is then longer).
  assert.equal(checkSafety(new Uint8Array(0x12345)).safe, false);
});
