// `ovm transpile` and `ovm check`: in process through their command functions, and end to end by
// spawning the built CLI (dist/cli/main.js, from `npm run build:ts`) for exit codes and stderr.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { transpileCommand, checkCommand, compactOffsetMap } from "../../src/cli/transpile.js";
import { transpile } from "../../src/transpiler/index.js";
import { asm } from "../../src/evm/assembler.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let dir: string;

before(() => { dir = mkdtempSync(join(tmpdir(), "ovm-transpile-cli-")); });
after(() => rmSync(dir, { recursive: true, force: true }));

function capture(command: (argv: string[], io: { out(l: string): void; err(l: string): void }) => number, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = command(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out, err };
}

function file(name: string, contents: string): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

// PUSH1 6, JUMP (static), NUMBER (banned), COINBASE (banned), PC, JUMPDEST, STOP
const CODE = "0x600656434158" + "5b00";

test("ovm transpile prints the code, the size growth, the compact offset map, and one stderr warning per banned opcode", () => {
  const r = capture(transpileCommand, CODE);
  const expected = transpile(CODE);
  assert.equal(r.status, 0);
  assert.equal(r.out[0], `code: ${expected.code}`);
  const text = r.out.join("\n");
  assert.match(text, new RegExp(`original ${expected.originalLength} B -> transpiled ${expected.length} B`));
  assert.match(text, new RegExp(`body ${expected.bodyLength} B \\+ jump table 4 B \\(1 entries\\) = ${expected.executableLength} B`));
  assert.match(text, new RegExp(`stub blob ${expected.stubBlobLength} B`));
  assert.match(r.out[r.out.length - 1], /^offset map .*: /);
  assert.ok(r.out[r.out.length - 1].endsWith(compactOffsetMap(expected.offsetMap)));
  assert.deepEqual(r.err, [
    "warning: banned opcode NUMBER (0x43) at offset 3 (0x3) became INVALID",
    "warning: banned opcode COINBASE (0x41) at offset 4 (0x4) became INVALID",
  ]);
});

test("the compact offset map groups consecutive instructions that move by the same distance", () => {
  const map = new Map([[0, 100], [1, 101], [3, 103], [4, 110], [6, 112], [7, 120]]);
  assert.equal(compactOffsetMap(map), "0-3 +100, 4-6 +106, 7 +113");
});

test("ovm transpile --json prints the whole result, the full offset map and the banned list", () => {
  const r = capture(transpileCommand, CODE, "--json");
  assert.equal(r.status, 0);
  assert.deepEqual(r.err, []);
  const json = JSON.parse(r.out.join("\n"));
  const expected = transpile(CODE);
  assert.equal(json.code, expected.code);
  assert.deepEqual(json.offsetMap, Object.fromEntries([...expected.offsetMap].map(([k, v]) => [String(k), v])));
  assert.equal(Object.keys(json.offsetMap).length, 7);
  assert.deepEqual(json.banned, [{ offset: 3, opcode: 0x43, name: "NUMBER" }, { offset: 4, opcode: 0x41, name: "COINBASE" }]);
  assert.deepEqual(json.growth, expected.growth);
  for (const key of ["originalLength", "length", "bodyLength", "tableEntries", "executableLength", "stubBlobLength"]) {
    assert.equal(json[key], (expected as unknown as Record<string, number>)[key], key);
  }
});

test("ovm transpile reads hex from a file (whitespace ignored), with or without 0x", () => {
  const inline = capture(transpileCommand, CODE, "--json").out;
  assert.deepEqual(capture(transpileCommand, file("code.hex", `${CODE.slice(0, 8)}\n  ${CODE.slice(8)}\n`), "--json").out, inline);
  assert.deepEqual(capture(transpileCommand, file("bare.hex", CODE.slice(2)), "--json").out, inline);
  assert.deepEqual(capture(transpileCommand, CODE.slice(2), "--json").out, inline);
});

test("ovm transpile --allow-truncated-push zero-pads a truncated PUSH; without the flag it is an error", () => {
  assert.equal(capture(transpileCommand, "0x0162ff").status, 1);
  const r = capture(transpileCommand, "0x0162ff", "--allow-truncated-push", "--json");
  assert.equal(r.status, 0);
  assert.equal(JSON.parse(r.out[0]).code, transpile("0x0162ff", { allowTruncatedPush: true }).code);
});

test("malformed input is one line on stderr naming the problem and its code, exit 1", () => {
  const cases: [string[], RegExp][] = [
    [["0x123"], /odd number of hex digits.*INVALID_HEX/],
    [["0x60zz"], /not hex.*INVALID_HEX/],
    [["0x60"], /PUSH at offset 0 runs past the end.*TRUNCATED_PUSH/],
    [["0x"], /empty.*EMPTY_CODE/],
    [[file("big.hex", "00".repeat(49153))], /49153 bytes.*CODE_TOO_LARGE/],
    [[join(dir, "missing.hex")], /neither hex nor a file/],
    [[], /usage: ovm transpile/],
    [["0x00", "0x00"], /unexpected argument/],
    [["0x00", "--nope"], /unknown option --nope/],
  ];
  for (const [argv, message] of cases) {
    const r = capture(transpileCommand, ...argv);
    assert.equal(r.status, 1, argv.join(" "));
    assert.deepEqual(r.out, [], argv.join(" "));
    assert.equal(r.err.length, 1, argv.join(" "));
    assert.match(r.err[0], /^ovm transpile: /);
    assert.match(r.err[0], message);
  }
});

test("ovm check prints safe (exit 0) for transpiled code, and the rule, offset and reason (exit 1) otherwise", () => {
  const good = transpile(asm(1, 0, "SSTORE", "STOP")).code;
  assert.deepEqual(capture(checkCommand, good), { status: 0, out: ["safe"], err: [] });
  assert.deepEqual(capture(checkCommand, good, "--json"), { status: 0, out: ['{"safe":true}'], err: [] });
  const bad = capture(checkCommand, "0x6001600055");
  assert.equal(bad.status, 1);
  assert.match(bad.out[0], /^unsafe: rule 1 at offset 0 \(0x0\), byte 0x60: byte 0 must be 0x61/);
  const json = capture(checkCommand, "0x6001600055", "--json");
  assert.equal(json.status, 1);
  assert.deepEqual(Object.keys(JSON.parse(json.out[0])).sort(), ["offset", "opcode", "reason", "rule", "safe"]);
  assert.equal(capture(checkCommand, file("good.hex", good)).status, 0);
  const odd = capture(checkCommand, "0x1");
  assert.equal(odd.status, 1);
  assert.match(odd.err[0], /^ovm check: .*INVALID_HEX/);
});

interface CliResult { status: number | null; stdout: string; stderr: string }

function ovm(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

test("the built CLI: transpile exits 0 with warnings on stderr, malformed input exits 1 without a stack trace, check exits 1 when unsafe", async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  const ok = await ovm("transpile", CODE);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^code: 0x61/);
  assert.match(ok.stderr, /warning: banned opcode NUMBER/);
  for (const bad of ["0x123", "0x60", "0x"]) {
    const r = await ovm("transpile", bad);
    assert.equal(r.status, 1, bad);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trim().split("\n").length, 1, `${bad}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
  const unsafe = await ovm("check", "0x00");
  assert.equal(unsafe.status, 1);
  assert.match(unsafe.stdout, /^unsafe: rule 1/);
  const safe = await ovm("check", transpile("0x00").code);
  assert.deepEqual([safe.status, safe.stdout], [0, "safe\n"]);
});
