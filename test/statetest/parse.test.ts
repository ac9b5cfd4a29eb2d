// The state-test parser accepts the whole official format and reports broken files without stopping.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, copyFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseNumber, parseBytes, parseStateTests, StateTestFormatError } from "../../src/statetest/parse.js";
import { runStateTests, collectTestFiles, type StateTestResult } from "../../src/statetest/run.js";
import { PACKAGE_ROOT } from "../../src/wasm/module.js";

test("numbers: hex with leading zeros, decimal, and the 0x:bigint form parse; garbage is refused", () => {
  assert.equal(parseNumber("0x0000ff", "n"), 255n);
  assert.equal(parseNumber("0x", "n"), 0n);
  assert.equal(parseNumber("1234", "n"), 1234n);
  assert.equal(parseNumber("0x:bigint 0x010000000000000000000000000000000000000000000000000000000000000000", "n"), 1n << 256n);
  assert.throws(() => parseNumber("0xzz", "n"), StateTestFormatError);
  assert.throws(() => parseNumber(null, "n"), StateTestFormatError);
});

test("bytes: ':raw' prefixes and empty values parse; odd-length hex is refused naming the field", () => {
  assert.deepEqual([...parseBytes(":raw 0x0102", "data")], [1, 2]);
  assert.equal(parseBytes("0x", "data").length, 0);
  assert.throws(() => parseBytes("0x123", "transaction.data[0]"), /transaction\.data\[0\]/);
});

test("cases without a post for the chosen fork are skipped, not failed", () => {
  const file = path.resolve(PACKAGE_ROOT, "../shared/conformance/GeneralStateTests/stExample/add11.json");
  const json = JSON.parse(readFileSync(file, "utf8"));
  assert.ok(parseStateTests(json, "Cancun").length > 0);
  assert.equal(parseStateTests(json, "Frontier").length, 0);
});

test("a malformed file is reported with its path and reason, and the run goes on to the next file", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ovm-statetest-"));
  writeFileSync(path.join(dir, "a-broken.json"), "{ not json");
  writeFileSync(path.join(dir, "b-bad-field.json"), JSON.stringify({ t: { env: {}, transaction: {}, pre: {}, post: { Cancun: [{ indexes: { data: 0, gas: 0, value: 0 }, hash: "0x", logs: "0x" }] } } }));
  copyFileSync(path.resolve(PACKAGE_ROOT, "../shared/conformance/GeneralStateTests/stExample/add11.json"), path.join(dir, "c-good.json"));
  const results: StateTestResult[] = [];
  const { passed, failed } = await runStateTests(collectTestFiles([dir]), "Cancun", (r) => results.push(r));
  assert.equal(failed, 2);
  assert.ok(passed >= 1);
  assert.match(results[0].name, /a-broken\.json$/);
  assert.match(results[0].error ?? "", /malformed test file/);
  assert.match(results[1].name, /b-bad-field\.json$/);
  assert.ok(results.slice(2).every((r) => r.pass), "the good file still ran and passed");
});
