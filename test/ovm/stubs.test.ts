// The generated stub files (src/ovm/stubs/generate.ts): the checked-in copies must equal what the
// generator produces now, and the per-opcode tables the Solidity transpiler and checker read must say
// what the one opcode table (assembly/opcodes.ts) says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED_FILES, OPCODE_CLASS, opcodeClasses, opcodeLengths } from "../../src/ovm/stubs/generate.js";
import { opcodeTable } from "../../src/evm/opcode-table.js";
import { buildStubBlob, STUB_BLOB_OFFSET } from "../../src/ovm/stubs/blob.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

for (const [path, make] of Object.entries(GENERATED_FILES)) {
  test(`generated file ${path} is current (run \`npx tsx src/ovm/stubs/generate.ts\`)`, () => {
    assert.equal(readFileSync(join(ROOT, path), "utf8"), make());
  });
}

/** A `bytes internal constant NAME = hex"..."` of StubBlob.sol. */
function solidityBytes(name: string): Uint8Array {
  const source = readFileSync(join(ROOT, "contracts/ovm/StubBlob.sol"), "utf8");
  const match = new RegExp(`bytes internal constant ${name} = hex"([0-9a-f]*)";`).exec(source);
  assert.ok(match, `StubBlob.sol has no ${name}`);
  return Uint8Array.from(Buffer.from(match[1]!, "hex"));
}

const TREATMENTS = ["native", "replaced", "banned", "rewritten", "guarded"];

test("OPCODE_CLASSES: each byte is the opcode table's treatment, PUSH width and rewrite role", () => {
  const classes = solidityBytes("OPCODE_CLASSES");
  assert.deepEqual(classes, opcodeClasses());
  const roles: Record<string, number> = { JUMPDEST: 1, JUMP: 2, JUMPI: 3, PC: 4, CODESIZE: 5, CODECOPY: 6 };
  for (const facts of opcodeTable()) {
    const c = classes[facts.opcode]!;
    const treatment = facts.defined ? facts.ovm : "banned";
    const role = facts.defined ? roles[facts.name] ?? 0 : 0;
    if (treatment === "native" && role === 0) {
      assert.equal(c & OPCODE_CLASS.SPECIAL, 0, facts.name);
      assert.equal(c & OPCODE_CLASS.LENGTH_MASK, 1 + facts.immediateSize, `${facts.name}: length`);
      assert.equal((c & OPCODE_CLASS.PUSH) !== 0, /^PUSH\d+$/.test(facts.name), `${facts.name}: PUSH flag`);
    } else {
      assert.equal(facts.immediateSize, 0, facts.name);
      assert.equal(c & OPCODE_CLASS.SPECIAL, OPCODE_CLASS.SPECIAL, `${facts.name}: special`);
      assert.equal(TREATMENTS[c & 7], treatment, `${facts.name}: treatment`);
      assert.equal((c >> 3) & 7, role, `${facts.name}: role`);
    }
  }
});

test("OPCODE_LENGTHS: the instruction length, 0 exactly for the specials", () => {
  const lengths = solidityBytes("OPCODE_LENGTHS");
  assert.deepEqual(lengths, opcodeLengths());
  const classes = opcodeClasses();
  for (let op = 0; op < 256; op++) {
    assert.equal(lengths[op] === 0, (classes[op]! & OPCODE_CLASS.SPECIAL) !== 0, `0x${op.toString(16)}`);
  }
});

test("RETURNING_ENTRIES: exactly the stub entries a call site may return from (all but JUMP_STUB)", () => {
  const bitmap = solidityBytes("RETURNING_ENTRIES");
  const blob = buildStubBlob();
  const expected = new Set([...blob.entries.values(), blob.logGuard]);
  for (let x = 0; x < STUB_BLOB_OFFSET + blob.code.length; x++) {
    const set = ((bitmap[x >> 3]! >> (7 - (x & 7))) & 1) === 1;
    assert.equal(set, expected.has(x), `offset ${x}`);
  }
  assert.ok(!expected.has(blob.jumpStub));
});

test("StubBlob.sol: OFFSET, LENGTH, JUMP_STUB, LOG_GUARD and the blob match the built blob", () => {
  const source = readFileSync(join(ROOT, "contracts/ovm/StubBlob.sol"), "utf8");
  const blob = buildStubBlob();
  const constant = (name: string): number => Number(new RegExp(`uint256 internal constant ${name} = (\\d+);`).exec(source)![1]);
  assert.equal(constant("OFFSET"), STUB_BLOB_OFFSET);
  assert.equal(constant("LENGTH"), blob.code.length);
  assert.equal(constant("JUMP_STUB"), blob.jumpStub);
  assert.equal(constant("LOG_GUARD"), blob.logGuard);
  assert.deepEqual(solidityBytes("BLOB"), blob.code);
});
