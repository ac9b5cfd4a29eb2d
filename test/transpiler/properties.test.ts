// Properties of `transpile` over many inputs: generated programs (test/generators/programs.ts), the
// Solidity artifacts (init and runtime code) and random byte strings. Seeds are printed on failure;
// OVM_TRANSPILER_SEEDS=N runs N seeds per generator instead of the CI count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { transpile, checkSafety } from "../../src/transpiler/index.js";
import { createRng, generateProgram } from "../generators/programs.js";
import { OP } from "../../src/evm/assembler.js";
import { TABLE, artifactCodes, decode, hexToBytes, parseFrame, referenceTranspile, toHex, validJumpdests } from "./format.js";

const SEEDS = Number(process.env.OVM_TRANSPILER_SEEDS ?? 60);
const RANDOM_BASE_SEED = Number(process.env.OVM_TRANSPILER_RANDOM_SEED ?? 0x7a11);

/** Every code of the generated programs of seeds [1, SEEDS]: the main contract and its helpers. */
function generatedCodes(): { label: string; code: Uint8Array }[] {
  const out: { label: string; code: Uint8Array }[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const program = generateProgram(createRng(seed));
    for (const [address, account] of program.pre) {
      if (account.code.length > 0) out.push({ label: `generated seed ${seed} ${address}`, code: account.code });
    }
  }
  return out;
}

/** Random bytes, lengths 1..3000, one seed per string (printed). */
function randomCodes(): { label: string; code: Uint8Array }[] {
  const out: { label: string; code: Uint8Array }[] = [];
  for (let i = 0; i < SEEDS * 2; i++) {
    const seed = RANDOM_BASE_SEED + i;
    const rng = createRng(seed);
    out.push({ label: `random bytes seed ${seed}`, code: rng.bytes(rng.range(1, 3000)) });
  }
  return out;
}

const CORPORA = [
  { name: "generated programs", codes: generatedCodes },
  { name: "Solidity artifacts (bytecode and deployedBytecode)", codes: artifactCodes },
  { name: "random byte strings", codes: randomCodes },
];

function checkProperties(label: string, code: Uint8Array): void {
  const r = transpile(code, { allowTruncatedPush: true });
  const out = hexToBytes(r.code);

  // The page, read literally in JS, gives the same bytes (the Solidity port must too).
  assert.equal(r.code, toHex(referenceTranspile(code)), `${label}: output differs from the reference reading of the page`);

  const verdict = checkSafety(out);
  assert.deepEqual(verdict, { safe: true }, `${label}: transpiled code fails the safety checker`);

  // Every original JUMPDEST has exactly one table entry, whose new offset holds 0x5b; no other offset is in the table.
  const frame = parseFrame(out);
  const jumpdests = validJumpdests(code);
  assert.deepEqual(frame.table.map(([p]) => p), jumpdests, `${label}: table originals are exactly J, sorted`);
  for (const [p, n] of frame.table) {
    assert.equal(out[n], OP.JUMPDEST, `${label}: entry ${p} -> ${n} does not land on 0x5b`);
    assert.equal(r.offsetMap.get(p), n, `${label}: entry ${p} disagrees with offsetMap`);
  }
  assert.equal(r.tableEntries, jumpdests.length);

  // offsetMap covers exactly the instruction starts; banned lists exactly the banned/undefined instructions.
  const instructions = decode(code);
  assert.deepEqual([...r.offsetMap.keys()], instructions.map((i) => i.offset), `${label}: offsetMap keys`);
  assert.deepEqual(
    r.banned.map((b) => [b.offset, b.opcode]),
    instructions.filter((i) => TABLE[i.opcode].ovm === "banned").map((i) => [i.offset, i.opcode]),
    `${label}: banned list`,
  );
  assert.deepEqual(frame.original, code, `${label}: original kept last`);

  // Deterministic, and the same from hex (with or without 0x) as from bytes.
  assert.equal(transpile(toHex(code), { allowTruncatedPush: true }).code, r.code, `${label}: not deterministic`);
  assert.equal(transpile(toHex(code).slice(2), { allowTruncatedPush: true }).code, r.code, `${label}: bare hex differs`);
}

for (const corpus of CORPORA) {
  test(`over ${corpus.name}: output equals the page's rules, passes checkSafety, has one table entry per JUMPDEST landing on 0x5b, and is deterministic`, () => {
    const codes = corpus.codes();
    assert.ok(codes.length > 0, `no inputs in ${corpus.name}`);
    for (const { label, code } of codes) checkProperties(label, code);
  });
}

test("the artifacts include the whole Solidity corpus, init and runtime code", () => {
  const labels = artifactCodes().map((a) => a.label);
  for (const name of ["Token", "Collectible", "Factory", "Exchange", "Misc", "Recursion", "Reverter", "HeavyLoop"]) {
    assert.ok(labels.includes(`${name}.bytecode`) && labels.includes(`${name}.deployedBytecode`), name);
  }
});
