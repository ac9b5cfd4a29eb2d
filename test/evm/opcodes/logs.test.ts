// LOG0..LOG4: topics in stack order, data from memory, gas 375 + 375 per topic + 8 per data byte plus
// memory expansion (yellow paper G_log, G_logtopic, G_logdata); logs of reverted frames are dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CONTRACT, OTHER, code, run, word, type Part } from "./helpers.js";

const DATA = 0xd1d2d3d4n << 224n; // d1 d2 d3 d4 then 28 zero bytes
const topicsFor = (n: number) => Array.from({ length: n }, (_, i) => BigInt(0x1111 * (i + 1)));

test("LOGn records the emitting address, n topics (the first popped first) and the memory data; gas 375 + 375n + 8 per byte", async () => {
  for (let n = 0; n <= 4; n++) {
    const topics = topicsFor(n);
    // Topics are pushed last-first so that topic 0 sits just under size and offset.
    const parts: Part[] = [DATA, 0, "MSTORE", ...[...topics].reverse(), 32, 0, { raw: [0xa0 + n] }];
    const outcome = await run(code(...parts), {}, `LOG${n}`);
    assert.equal(outcome.success, true);
    assert.deepEqual(outcome.logs, [{ address: CONTRACT, topics: topics.map(word), data: word(DATA) }]);
    // PUSH32 3 + PUSH0 2 + MSTORE 3 + memory 3 = 11; n topic pushes 3 each; PUSH1 32 3 + PUSH0 2;
    // LOG: 375 + 375n + 8 * 32 = 631 + 375n.
    assert.equal(outcome.gasUsed, 11n + 3n * BigInt(n) + 5n + 375n + 375n * BigInt(n) + 256n, `LOG${n} gas`);
  }
});

test("LOG data past the written memory reads zeros and pays for the memory it expands", async () => {
  // LOG0(offset 0, size 100): 4 words of memory (3*4 + 16/512 = 12) and 8 * 100 = 800 for the data.
  const outcome = await run(code(100, 0, "LOG0"));
  assert.deepEqual(outcome.logs, [{ address: CONTRACT, topics: [], data: `0x${"00".repeat(100)}` }]);
  assert.equal(outcome.gasUsed, 3n + 2n + 375n + 800n + 12n);
  // An empty log costs only the base and the topics.
  const empty = await run(code(0x42, 0, 0, { raw: [0xa1] }));
  assert.deepEqual(empty.logs, [{ address: CONTRACT, topics: [word(0x42n)], data: "0x" }]);
  assert.equal(empty.gasUsed, 3n + 2n + 2n + 375n + 375n);
});

test("logs of a reverted frame are dropped while the caller's own logs stay, in emission order", async () => {
  // OTHER logs then reverts; CONTRACT logs before and after calling it.
  const callee = code(0xbad, 0, 0, { raw: [0xa1] }, 0, 0, "REVERT");
  const caller = code(1, 0, 0, { raw: [0xa1] }, 0, 0, 0, 0, 0, BigInt(OTHER), "GAS", "CALL", "POP", 2, 0, 0, { raw: [0xa1] });
  const outcome = await run(caller, { accounts: { [OTHER]: { code: callee } } });
  assert.deepEqual(outcome.logs.map((l) => l.topics), [[word(1n)], [word(2n)]]);
  // A successful callee's log appears between them, attributed to the callee.
  const okCallee = code(0x0c, 0, 0, { raw: [0xa1] });
  const ok = await run(caller, { accounts: { [OTHER]: { code: okCallee } } });
  assert.deepEqual(ok.logs.map((l) => [l.address, l.topics[0]]), [[CONTRACT, word(1n)], [OTHER, word(0x0cn)], [CONTRACT, word(2n)]]);
  // A message that reverts at top level keeps no logs at all.
  const reverted = await run(code(1, 0, 0, { raw: [0xa1] }, 0, 0, "REVERT"));
  assert.equal(reverted.success, false);
  assert.deepEqual(reverted.logs, []);
});
