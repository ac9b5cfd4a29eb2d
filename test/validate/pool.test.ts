// The worker pool and validateChain: results independent of the number of workers and of job order,
// a crashing worker reported for its block while the rest validates, blocks without a stored witness
// validated through a replay, and the `ovm validate` command.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { LevelStore, MemoryStore } from "../../src/chain/store.js";
import type { Block } from "../../src/chain/block.js";
import { ValidationPool } from "../../src/validate/pool.js";
import { validateChain } from "../../src/validate/validate-chain.js";
import { validateBlock, type BlockInvalid, type ValidationResult } from "../../src/validate/validate-block.js";
import { tamperChain } from "../../src/validate/tamper.js";
import { buildFixtureChain, storedJobs } from "./fixtures.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), "ovm-validate-"));
let honest: MemoryStore;
let tampered: MemoryStore;
let blocks: Block[];

before(async () => {
  const built = await buildFixtureChain();
  honest = built.db as MemoryStore;
  blocks = built.blocks;
  tampered = new MemoryStore();
  for (const [k, v] of honest.entries) tampered.entries.set(k, v);
  await tamperChain(tampered, 3, { kind: "postStateRoot", index: 1 });
  await tamperChain(tampered, 6, { kind: "postStateRoot", index: 0 });
});

after(() => rmSync(workDir, { recursive: true, force: true }));

/** A results list without timings: what must not depend on workers or order. */
function verdicts(results: ValidationResult[]) {
  return results.map((r) => JSON.stringify(r));
}

test("results are identical with 1, 2 and 4 workers, on an honest and on a tampered chain", async () => {
  const byWorkers = new Map<number, { honest: string[]; tampered: string[] }>();
  for (const workers of [1, 2, 4]) {
    const pool = new ValidationPool({ workers });
    try {
      const h = await validateChain(honest, { pool });
      const t = await validateChain(tampered, { pool });
      assert.equal(h.valid, true, `${workers} workers: ${JSON.stringify(h.invalid)}`);
      assert.equal(h.blocks, 6);
      assert.equal(h.transactions, blocks.reduce((n, b) => n + b.transactions.length, 0));
      assert.equal(t.valid, false);
      assert.deepEqual(t.invalid.map((r) => [r.block, r.reason, r.index]), [[3, "postStateRoot", 1], [6, "postStateRoot", 0]]);
      byWorkers.set(workers, { honest: verdicts(h.results), tampered: verdicts(t.results) });
    } finally {
      await pool.close();
    }
  }
  assert.deepEqual(byWorkers.get(2), byWorkers.get(1));
  assert.deepEqual(byWorkers.get(4), byWorkers.get(1));
});

test("jobs sent in any order give each block the verdict it gets alone", async () => {
  const jobs = await storedJobs(tampered, blocks);
  const alone: ValidationResult[] = [];
  for (const job of jobs) alone.push(await validateBlock(job.slice(0)));
  const pool = new ValidationPool({ workers: 2 });
  try {
    for (const order of [[5, 4, 3, 2, 1, 0], [2, 5, 0, 3, 1, 4]]) {
      // All in flight at once: they finish in whatever order the workers reach them.
      const results = await Promise.all(order.map((i) => pool.validate(jobs[i]!.slice(0))));
      const byBlock = [...results].sort((a, b) => a.block - b.block);
      assert.deepEqual(verdicts(byBlock), verdicts(alone), `order ${order}`);
    }
  } finally {
    await pool.close();
  }
});

test("a job moves to its worker without a copy: the sender's buffer is detached", async () => {
  const [job] = await storedJobs(honest, blocks);
  const pool = new ValidationPool({ workers: 1 });
  try {
    const size = job!.byteLength;
    assert.ok(size > 0);
    const result = await pool.validate(job!);
    assert.equal(result.valid, true);
    assert.equal(job!.byteLength, 0, "transferred, not cloned");
  } finally {
    await pool.close();
  }
});

test("a worker that throws or dies mid-job is reported for that block; the other blocks validate and the pool goes on", async () => {
  const jobs = await storedJobs(honest, blocks);
  const pool = new ValidationPool({ workers: 2, faultInjection: true });
  try {
    const results = await Promise.all([
      pool.validate(jobs[0]!.slice(0)),
      pool.validate(jobs[1]!.slice(0, 300)), // truncated: validateBlock throws MALFORMED_JOB
      pool.validate(jobs[2]!.slice(0), { fault: "exit" }), // the thread exits mid-job
      pool.validate(jobs[3]!.slice(0), { fault: "throw" }),
      pool.validate(jobs[4]!.slice(0)),
      pool.validate(jobs[5]!.slice(0)),
    ]);
    assert.deepEqual(results.map((r) => [r.block, r.valid, r.valid ? null : (r as BlockInvalid).reason]), [
      [1, true, null], [2, false, "worker"], [3, false, "worker"], [4, false, "worker"], [5, true, null], [6, true, null],
    ]);
    assert.match((results[1] as BlockInvalid).message, /MALFORMED_JOB|ends early|at least/);
    // The pool replaced the dead thread: every block validates again.
    const again = await Promise.all(jobs.map((j) => pool.validate(j.slice(0))));
    assert.ok(again.every((r) => r.valid), JSON.stringify(again.filter((r) => !r.valid)));
  } finally {
    await pool.close();
  }
});

test("blocks stored without a witness get one from a replay; a range validates only its blocks", async () => {
  const plain = (await buildFixtureChain({ witnesses: false })).db as MemoryStore;
  assert.ok(![...plain.entries.keys()].some((k) => k.startsWith("witness/")), "no witness stored");
  const pool = new ValidationPool({ workers: 2 });
  try {
    const all = await validateChain(plain, { pool });
    assert.equal(all.valid, true, JSON.stringify(all.invalid));
    assert.equal(all.replayed, 6);
    const range = await validateChain(honest, { pool, from: 2, to: 4 });
    assert.deepEqual(range.results.map((r) => [r.block, r.valid]), [[2, true], [3, true], [4, true]]);
    assert.equal(range.replayed, 0);
    await tamperChain(plain, 4, { kind: "postStateRoot", index: 2 });
    const bad = await validateChain(plain, { pool });
    assert.equal(bad.valid, false);
    assert.deepEqual([bad.invalid[0]!.block, bad.invalid[0]!.index, bad.invalid[0]!.field], [4, 2, "postStateRoot"]);
  } finally {
    await pool.close();
  }
});

function ovm(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
}

test("ovm validate prints a progress bar on stderr and a summary; --json; exit 1 with the block and index of a tampered root", async () => {
  const dir = join(workDir, "chain");
  await buildFixtureChain({ db: dir });
  const ok = ovm(["validate", dir, "--workers", "2"]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /validated blocks 1\.\.6: 6 blocks, 17 transactions, 2 workers/);
  assert.match(ok.stdout, /every block is valid/);
  assert.match(ok.stderr, /validating/);

  const store = await LevelStore.open(dir);
  await tamperChain(store, 2, { kind: "postStateRoot", index: 3 });
  await store.close();
  const json = ovm(["validate", dir, "--workers", "1", "--from", "2", "--json"]);
  assert.equal(json.status, 1, json.stderr);
  const summary = JSON.parse(json.stdout) as { valid: boolean; blocks: number; invalid: BlockInvalid[] };
  assert.equal(summary.valid, false);
  assert.equal(summary.blocks, 5);
  assert.deepEqual(summary.invalid.map((r) => [r.block, r.reason, r.index]), [[2, "postStateRoot", 3]]);
  assert.equal(summary.invalid[0]!.expected, blocks[2]!.postStateRoots[3]);

  const text = ovm(["validate", dir]);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /block 2, transaction 3: postStateRoot/);

  const bad = ovm(["validate", join(workDir, "nothing-here")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /does not exist/);
});
