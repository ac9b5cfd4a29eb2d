// Invariant I5 with a real kill: a child process builds blocks into an on-disk chain and is killed
// with SIGKILL at a random moment, several times. After each kill the chain reopens at the last
// committed block (or the one after it, when the kill came between the commit and the child's
// report), every stored block re-executes to the same roots, the head block is complete, nothing
// lies beyond it, and building continues from there in the next child.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { keccak256 } from "ethers";
import { Chain } from "../../src/chain/chain.js";
import { CHAIN_ID, alice } from "./fixtures.js";

const CHILD = fileURLToPath(new URL("./kill-child.ts", import.meta.url));
const ROUNDS = 5;
const dir = mkdtempSync(join(tmpdir(), "ovm-chain-kill-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has opened the chain, lets it build for `delayMs`, then SIGKILLs it. */
function runAndKill(delayMs: number): Promise<{ committed: number[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, dir], { stdio: ["ignore", "pipe", "pipe"] });
    const committed: number[] = [];
    let stdout = "";
    let stderr = "";
    let armed = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      let newline: number;
      while ((newline = stdout.indexOf("\n")) >= 0) {
        const line = stdout.slice(0, newline);
        stdout = stdout.slice(newline + 1);
        const match = /^committed (\d+)/.exec(line);
        if (match) committed.push(Number(match[1]));
        if (line.startsWith("opened") && !armed) {
          armed = true;
          setTimeout(() => child.kill("SIGKILL"), delayMs);
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on("error", reject);
    child.on("exit", (_code, signal) => resolve({ committed, signal, stderr }));
  });
}

test("SIGKILL at random moments leaves the chain at a committed block that re-executes to its roots, and building continues", async (t) => {
  const seed = Number(process.env.OVM_KILL_SEED ?? Date.now() % 100_000);
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const message = (text: string) => `${text} (seed ${seed}: rerun with OVM_KILL_SEED=${seed})`;

  let lastHead = 0;
  const heads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const delay = Math.floor(50 + random() * 700);
    const run = await runAndKill(delay);
    assert.equal(run.signal, "SIGKILL", message(`round ${round}: the child was killed, not stopped by an error: ${run.stderr}`));
    const reported = run.committed.length > 0 ? run.committed[run.committed.length - 1]! : lastHead;

    const chain = await Chain.open({ db: dir, chainId: CHAIN_ID }); // re-executes every block, checking every root
    try {
      const head = chain.head;
      assert.ok(head.number === reported || head.number === reported + 1,
        message(`round ${round} (killed after ${delay} ms): head ${head.number}, the child reported ${reported}`));
      assert.ok(head.number >= lastHead, message(`round ${round}: the head never goes back`));
      for (const raw of head.transactions) {
        const receipt = await chain.getReceipt(keccak256(raw));
        assert.equal(receipt?.blockHash, head.hash, message(`round ${round}: every transaction of the head block has its receipt and tx-hash entry`));
      }
      assert.equal(await chain.store.readBlock(head.number + 1), undefined, message(`round ${round}: nothing is stored beyond the head`));
      assert.equal(await chain.engine.stateRoot(), head.stateRoot, message(`round ${round}: the rebuilt state is the head's`));
      lastHead = head.number;
      heads.push(head.number);
    } finally {
      await chain.close();
    }
  }
  t.diagnostic(`seed ${seed}; heads after each kill: ${heads.join(", ")}`);
  assert.ok(lastHead > heads[0]!, message(`building continued across restarts (heads ${heads.join(", ")})`));

  const chain = await Chain.open({ db: dir, chainId: CHAIN_ID });
  try {
    const nonce = await chain.getNonce(alice.address);
    const { block } = await chain.buildBlock([]);
    assert.equal(block.number, lastHead + 1, "the parent process builds on the head the last child left");
    assert.ok(nonce > 0n, "the killed children's committed transactions are in the state");
  } finally {
    await chain.close();
  }
});
