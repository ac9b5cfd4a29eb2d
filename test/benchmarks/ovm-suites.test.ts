// The two OVM benchmark suites (bench/suites/transpiler.ts, bench/suites/execution-cost.ts) run in
// quick mode into a temporary results folder: they must finish without a mismatch, and their JSON
// must hold the expected rows with sane values (sizes equal to transpile()'s, gas of the right
// order, the OVM dearer than native on every row, ratios and overheads consistent).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { transpile } from "../../src/transpiler/index.js";
import { loadArtifactCorpus } from "../../bench/suites/artifact-corpus.js";
import { describeMachine } from "../../bench/suites/machine.js";
import { GROWTH_TARGET, runTranspilerSuite, type GrowthSummary, type TranspilerRow, type TranspilerTotals } from "../../bench/suites/transpiler.js";
import { REFERENCE_2020, TARGET, fibExternalInvocations, runExecutionCostSuite, type CostRow, type StepRecord } from "../../bench/suites/execution-cost.js";

let resultsDir: string;

before(() => {
  resultsDir = mkdtempSync(path.join(tmpdir(), "ovm-bench-suites-"));
});

after(() => {
  rmSync(resultsDir, { recursive: true, force: true });
});

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(resultsDir, file), "utf8")) as T;

function assertSvg(file: string): void {
  const svg = readFileSync(path.join(resultsDir, file), "utf8");
  assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /, file);
  assert.ok(svg.includes("<rect"), `${file}: no bars`);
}

describe("transpiler suite (quick)", () => {
  interface TranspilerJson {
    suite: string;
    mode: string;
    failed: boolean;
    onchain: { skipped?: string; deployGas?: string };
    rows: TranspilerRow[];
    totals: TranspilerTotals;
    growth: { runtime: GrowthSummary; init: GrowthSummary };
  }
  let json: TranspilerJson;

  before(async () => {
    const outcome = await runTranspilerSuite({ quick: true, resultsDir, machine: describeMachine() });
    json = readJson<TranspilerJson>("transpiler.quick.json");
    assert.equal(outcome.failed, json.failed);
  });

  test("runs without a mismatch and writes its JSON, its charts and benny's summaries", () => {
    assert.equal(json.suite, "transpiler");
    assert.equal(json.mode, "quick");
    assert.equal(json.failed, false, JSON.stringify(json.rows.filter((row) => row.problems.length > 0).map((row) => [row.name, row.problems])));
    assertSvg("transpiler.quick.svg");
    assertSvg("transpiler-growth.quick.svg");
    readJson("transpiler.quick.benny.json");
  });

  test("one row per bytecode and deployedBytecode of artifacts/contracts, sizes equal to transpile()'s", () => {
    const corpus = loadArtifactCorpus();
    assert.ok(corpus.length >= 40, `only ${corpus.length} codes`);
    assert.deepEqual(json.rows.map((row) => row.name), corpus.map((item) => item.name));
    for (const sub of ["contracts/test/", "contracts/legacy/v05/", "contracts/legacy/v06/", "contracts/ovm/"]) {
      assert.ok(json.rows.some((row) => row.sourceName.startsWith(sub)), `no code from ${sub}`);
    }
    for (const item of corpus) {
      const row = json.rows.find((candidate) => candidate.name === item.name)!;
      const result = transpile(item.code, { allowTruncatedPush: true });
      assert.equal(row.originalLength, item.code.length, item.name);
      assert.equal(row.length, result.length, item.name);
      assert.equal(row.length, (result.code.length - 2) / 2, item.name);
      assert.equal(row.executableLength, result.executableLength, item.name);
      assert.equal(row.bodyLength, result.bodyLength, item.name);
      assert.equal(row.tableEntries, result.tableEntries, item.name);
      assert.equal(row.tableLength, 4 * result.tableEntries, item.name);
      assert.equal(row.stubBlobLength, result.stubBlobLength, item.name);
      assert.equal(row.originalKept, item.code.length, item.name);
      // PUSH2 B JUMP (4), the PUSH4 header (5), the body's entry JUMPDEST (1).
      assert.equal(row.frameLength, 10, item.name);
      assert.equal(row.length, row.stubBlobLength + row.frameLength + row.executableLength + row.originalKept, item.name);
      assert.equal(row.growth.executable, result.growth.executable, item.name);
      assert.equal(row.growth.total, result.growth.total, item.name);
      assert.ok(row.growth.executable > 1 && row.growth.executable < 3, `${item.name}: executable growth ${row.growth.executable}`);
    }
  });

  test("on-chain: the harness ran, its output equals the WASM transpiler's, gas per byte is of the right order", (t) => {
    if (json.onchain.skipped !== undefined) {
      t.diagnostic(`on-chain column skipped: ${json.onchain.skipped}`);
      return;
    }
    for (const row of json.rows) {
      const onchain = row.onchain!;
      assert.ok(onchain, `${row.name}: no on-chain figures`);
      assert.equal(onchain.identical, true, row.name);
      assert.equal(onchain.safe, true, row.name);
      // Today about 70-210 gas per original byte to transpile and 8-55 per transpiled byte to check.
      assert.ok(onchain.transpileGasPerByte > 10 && onchain.transpileGasPerByte < 1000, `${row.name}: transpile ${onchain.transpileGasPerByte} gas/byte`);
      assert.ok(onchain.checkGasPerByte > 1 && onchain.checkGasPerByte < 500, `${row.name}: check ${onchain.checkGasPerByte} gas/byte`);
      assert.equal(onchain.transpileGasPerByte, onchain.transpileGas / row.originalLength, row.name);
    }
    const totals = json.totals.onchain!;
    assert.equal(totals.transpileGas, json.rows.reduce((sum, row) => sum + row.onchain!.transpileGas, 0));
    assert.ok(totals.timedCodes > 0 && totals.transpileMbPerSecond! > 0 && totals.checkMbPerSecond! > 0);
  });

  test("timings and growth summaries are present and consistent", () => {
    const totals = json.totals;
    assert.equal(totals.codes, json.rows.length);
    assert.equal(totals.originalBytes, json.rows.reduce((sum, row) => sum + row.originalLength, 0));
    for (const timing of [totals.wasm.transpile, totals.wasm.transpileRaw, totals.wasm.check]) {
      assert.ok(timing !== undefined && timing.meanSeconds > 0 && timing.mbPerSecond > 0);
    }
    assert.ok(json.rows.filter((row) => row.wasm.transpile !== undefined && row.wasm.check !== undefined).length > 0);
    for (const kind of ["runtime", "init"] as const) {
      const summary = json.growth[kind];
      const rows = json.rows.filter((row) => row.kind === kind);
      assert.equal(summary.codes, rows.length);
      assert.equal(summary.executableBytes, rows.reduce((sum, row) => sum + row.executableLength, 0));
      assert.ok(summary.executableGrowth > 0 && summary.executableGrowth < 1, `${kind}: ${summary.executableGrowth}`);
      assert.ok(summary.executableGrowthMin <= summary.executableGrowthMedian && summary.executableGrowthMedian <= summary.executableGrowthMax);
      assert.ok(summary.totalGrowth > 1, `${kind}: the total keeps the original, so it more than doubles`);
      assert.ok(GROWTH_TARGET > 0);
    }
  });
});

describe("execution-cost suite (quick)", () => {
  interface ExecutionCostJson {
    suite: string;
    mode: string;
    failed: boolean;
    settings: { fibExternal: [number, number]; sumDown: [number, number] };
    rows: CostRow[];
    steps: StepRecord[];
    codeGrowth: { contract: string; original: number; executable: number; total: number }[];
  }
  let json: ExecutionCostJson;

  before(async () => {
    const outcome = await runExecutionCostSuite({ quick: true, resultsDir, machine: describeMachine() });
    json = readJson<ExecutionCostJson>("execution-cost.quick.json");
    assert.equal(outcome.failed, json.failed);
  });

  test("fibExternal(n) makes C(n) = 1 + C(n-1) + C(n-2) invocations", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 7].map(fibExternalInvocations), [1, 1, 3, 5, 9, 15, 41]);
  });

  test("runs with the OVM agreeing with native on every step, and writes its JSON and charts", () => {
    assert.equal(json.suite, "execution-cost");
    assert.equal(json.mode, "quick");
    const differing = json.steps.filter((step) => step.problems.length > 0);
    assert.deepEqual(differing.map((step) => [step.label, step.problems]), []);
    assert.equal(json.failed, false);
    assertSvg("execution-cost.quick.svg");
    assertSvg("execution-cost-ratio.quick.svg");
  });

  test("the expected rows, the OVM dearer than native on each, ratios and overheads consistent", () => {
    assert.deepEqual(json.rows.map((row) => row.key), [
      "op-sload", "op-sstore", "op-caller", "op-call", "op-create",
      "empty-call", "empty-call-first", "balance-of", "transfer-fresh", "transfer-existing", "approve", "call-level", "call-level-sstore",
      "add-liquidity", "swap", "swap-legacy", "swap-legacy-back",
      "deploy-token", "deploy-exchange", "deploy-legacy-token", "deploy-legacy-exchange",
    ]);
    for (const row of json.rows) {
      assert.ok(row.nativeGas > 0, `${row.key}: native gas ${row.nativeGas}`);
      assert.ok(row.ovmGas > row.nativeGas, `${row.key}: OVM ${row.ovmGas} <= native ${row.nativeGas}`);
      assert.equal(row.overhead, row.ovmGas - row.nativeGas, row.key);
      assert.equal(row.ratio, row.ovmGas / row.nativeGas, row.key);
      assert.deepEqual(row.problems, [], row.key);
      if (row.group === "transaction" || row.group === "workload") assert.ok(row.nativeGas >= 21_000, `${row.key}: under the intrinsic gas`);
      if (row.group === "deployment") assert.ok(row.nativeGas > 100_000, row.key);
      // Every transaction pays the EM's wrapping (executeTransaction, its calldata, the call into the code contract).
      if (row.group !== "call level" && row.group !== "opcode") assert.ok(row.overhead > 5_000, `${row.key}: overhead ${row.overhead}`);
      // A replaced opcode is at least one call into the EM.
      if (row.group === "opcode") assert.ok(row.overhead > 500, `${row.key}: overhead ${row.overhead}`);
    }
    const perCall = json.rows.find((row) => row.key === "call-level")!;
    assert.ok(perCall.nativeGas > 100 && perCall.nativeGas < 5_000, `native gas of one call level: ${perCall.nativeGas}`);
    const [n1, n2] = json.settings.fibExternal;
    const steps = (n: number) => json.steps.find((step) => step.label === `Recursion.fibExternal(${n})`)!;
    const calls = fibExternalInvocations(n2) - fibExternalInvocations(n1);
    assert.equal(perCall.nativeGas, (Number(steps(n2).native.gasUsed) - Number(steps(n1).native.gasUsed)) / calls);
  });

  test("each judged row carries the 2020 figure and the quarter target, and the verdict follows from them", () => {
    const judged = json.rows.filter((row) => row.comparison !== undefined);
    assert.deepEqual(judged.map((row) => row.key), ["empty-call", "empty-call-first", "balance-of", "transfer-fresh", "transfer-existing", "approve", "call-level", "swap", "swap-legacy", "swap-legacy-back"]);
    for (const row of judged) {
      if (row.comparison === "per-tx overhead") {
        assert.deepEqual([row.reference2020, row.target], [REFERENCE_2020.perTxOverhead, TARGET.perTxOverhead]);
        assert.equal(row.targetMet, row.overhead <= TARGET.perTxOverhead);
      } else if (row.comparison === "per-call overhead") {
        assert.deepEqual([row.reference2020, row.target], [REFERENCE_2020.perCallOverhead, TARGET.perCallOverhead]);
        assert.equal(row.targetMet, row.overhead <= TARGET.perCallOverhead);
      } else {
        assert.deepEqual([row.reference2020, row.target], [REFERENCE_2020.swapRatio, TARGET.swapRatio]);
        assert.equal(row.targetMet, row.ratio <= TARGET.swapRatio);
      }
    }
    for (const growth of json.codeGrowth) {
      const code = transpile(readArtifactRuntime(growth.contract), { allowTruncatedPush: true });
      assert.equal(growth.executable, code.executableLength, growth.contract);
      assert.equal(growth.total, code.length, growth.contract);
    }
  });
});

function readArtifactRuntime(contract: string): Uint8Array {
  const item = loadArtifactCorpus().find((code) => code.name === `${contract}.runtime`);
  assert.ok(item, `no runtime code of ${contract}`);
  return item.code;
}
