// `ovm block build|show` and `ovm demo --quick` end to end: spawns the built CLI (dist/cli/main.js,
// from `npm run build:ts`), as a user runs it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { keccak256 } from "ethers";
import { alice, bob, createdAddress, signDeploy, signTransfer } from "./fixtures.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let dir: string;

before(() => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  dir = mkdtempSync(join(tmpdir(), "ovm-cli-chain-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function ovm(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

function writeTxs(name: string, txs: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(txs));
  return file;
}

test("ovm block build appends one block per run to the chain folder; a refused transaction commits nothing", async () => {
  const chainDir = join(dir, "chain");
  const token = createdAddress(alice, 0);
  const first = [await signDeploy(alice, 0), await signTransfer(alice, 1, token, bob.address, 5n, 0)];
  const built = await ovm("block", "build", chainDir, "--txs", writeTxs("b1.json", first), "--timestamp", "1900000000", "--json");
  assert.equal(built.status, 0, built.stderr);
  const block1 = JSON.parse(built.stdout);
  assert.equal(block1.number, 1);
  assert.equal(block1.transactions, 2);
  assert.deepEqual(block1.transactionHashes, first.map((t) => keccak256(t)), "it prints the original hashes");

  const bad = [await signTransfer(alice, 2, token, bob.address, 1n), await signTransfer(alice, 2, token, bob.address, 2n)];
  const refused = await ovm("block", "build", chainDir, "--txs", writeTxs("bad.json", bad));
  assert.equal(refused.status, 2, "a refused transaction is an error");
  assert.match(refused.stderr, /transaction 1 0x[0-9a-f]{64}: NONCE_TOO_LOW/, "it names the transaction and the code");

  const head = await ovm("block", "show", chainDir, "--json");
  assert.equal(head.status, 0, head.stderr);
  assert.equal(JSON.parse(head.stdout).hash, block1.hash, "the refused block left the head where it was");

  const skipped = await ovm("block", "build", chainDir, "--txs", join(dir, "bad.json"), "--skip-invalid", "--json");
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.equal(JSON.parse(skipped.stdout).number, 2, "--skip-invalid builds block 2 from the good one");
  assert.equal(JSON.parse(skipped.stdout).parentHash, block1.hash);
  assert.match(skipped.stderr, /re-executed and checked blocks 1\.\.1/, "each run re-checks the stored chain first");

  const notJson = await ovm("block", "build", chainDir, "--txs", writeTxs("nope.json", ["0x01"]).replace(/\.json$/, ".missing"));
  assert.equal(notJson.status, 2, "a missing transactions file is an error");
});

test("ovm demo --quick runs the rollup example and prints every report field", async () => {
  const run = await ovm("demo", "--quick");
  assert.equal(run.status, 0, run.stderr);
  const out = run.stdout;
  for (const field of ["blocks:", "transactions:", "state roots:", "wall time:", "L2 gas:", "L1 gas:", "restart:"]) {
    assert.match(out, new RegExp(`^${field}`, "m"), `the report has "${field}"`);
  }
  const l2 = /^L2 gas: +([\d,]+)/m.exec(out)![1];
  const l1 = /^L1 gas: +([\d,]+)/m.exec(out)![1];
  assert.equal(l1, l2, "the Solidity EM on Hardhat charges the same gas as the WASM engine (I1)");
  const [, done, total] = /equal to L2 gas and outcome for (\d+)\/(\d+)/.exec(out)!;
  assert.equal(done, total, "transaction by transaction");
  assert.match(out, /first +0x[0-9a-f]{64}/);
  assert.match(out, /last +0x[0-9a-f]{64}/);
  assert.match(run.stderr, /L2: sequencer \(WASM\)/, "progress goes to stderr");
});
