// CI's slice of the Ethereum consensus state tests (../shared/conformance/GeneralStateTests): the
// first files of every folder, so each area of the EVM is exercised on every run. The whole set runs
// with `npm run conformance`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { collectTestFiles, runStateTests, type StateTestResult } from "../../src/statetest/run.js";
import { PACKAGE_ROOT } from "../../src/wasm/module.js";

const ROOT = process.env.OVM_CONFORMANCE_DIR ?? path.resolve(PACKAGE_ROOT, "../shared/conformance/GeneralStateTests");
const FILES_PER_FOLDER = Number(process.env.OVM_CONFORMANCE_FILES_PER_FOLDER ?? 3);

/** Folders that directly hold test files (GeneralStateTests/stX, Pyspecs/cancun/eip1153_tstore, ...). */
function leafFolders(dir: string): string[] {
  const entries = readdirSync(dir).sort().map((n) => path.join(dir, n));
  const hasFiles = entries.some((p) => p.endsWith(".json") && statSync(p).isFile());
  const sub = entries.filter((p) => statSync(p).isDirectory()).flatMap(leafFolders);
  return hasFiles ? [dir, ...sub] : sub;
}

const available = existsSync(ROOT);
const failures: StateTestResult[] = [];
let folders = 0;
let passed = 0;
if (available) {
  for (const folder of leafFolders(ROOT)) {
    const files = readdirSync(folder).filter((n) => n.endsWith(".json")).sort().slice(0, FILES_PER_FOLDER).map((n) => path.join(folder, n));
    const result = await runStateTests(collectTestFiles(files), "Cancun", (r) => { if (!r.pass) failures.push(r); });
    passed += result.passed;
    folders++;
  }
}

test(`state tests: the first ${FILES_PER_FOLDER} files of every folder pass for Cancun (state root and logs hash)`, () => {
  assert.ok(available, `conformance tests not found at ${ROOT} (set OVM_CONFORMANCE_DIR)`);
  assert.ok(folders > 50 && passed > 100, `ran ${passed} cases in ${folders} folders`);
  assert.deepEqual(failures.map((f) => `${f.name}[${f.index}]: ${f.error}`), []);
});
