// Suite "transpiler": how fast the WASM transpiler and safety checker (src/transpiler/, one WASM call
// per code) run on real contracts, what the EM's on-chain transpiler and checker (contracts/ovm/
// Transpiler.sol and SafetyChecker.sol, through contracts/ovm/test/TranspilerHarness.sol) cost in gas
// and wall time on the same inputs, and how much each code grows.
//
// Inputs: every bytecode (init code) and deployedBytecode (runtime code) under artifacts/contracts
// (bench/suites/artifact-corpus.ts): the 0.8.28 test corpus, contracts/legacy/ (solc 0.5.17 and
// 0.6.12) and the OVM's own contracts. Each is transpiled with allowTruncatedPush: true (the EM's mode)
// and checked first: the WASM checker must accept the WASM output, and the on-chain transpiler's
// output must be byte-identical to it (docs/ovm-transpiler.md is normative for both) and accepted by
// the on-chain checker. A failure there marks the code and makes the suite fail.
//
// Timing (benny): per code, `transpile(code, { allowTruncatedPush: true })` (the library API: the
// WASM call plus building the offset map, the banned list and the hex output), `checkSafety(bytes)`
// on the transpiled code, and one harness call each of transpileGas and checkGas in the project's
// WASM EVM (createEngine mode "evm" backend "wasm"), the call's whole cost (the engine's transaction
// set-up and ABI decoding of the input included). In total: one benny case over the whole corpus for
// each WASM function, plus the raw WASM call (transpileRaw, without the JS post-processing), so that
// the share of the library's JS side shows; the on-chain total is the sum of the per-code times.
// MB/s = input bytes / seconds of one run / 1e6, from benny's fastest sample (each sample the mean of
// a batch of runs: the least disturbed by the other processes of a shared machine, as the keccak
// suite ranks); the JSON also holds benny's mean and its margin. Bytes: the original code for the transpiler, the transpiled
// code for the checker (that is its input). Gas is the library call alone (gasleft() around it in the
// harness), per input byte likewise.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkSafety, transpile, type TranspileResult } from "../../src/transpiler/index.js";
import { transpileRaw } from "../../src/transpiler/wasm.js";
import { logBarChart } from "../svg.js";
import { compilerOf, loadArtifactCorpus, type CorpusCode } from "./artifact-corpus.js";
import { finishMachine, loadWarning, machineLine, type MachineInfo } from "./machine.js";
import { figure, markdownTable, times } from "./table.js";
import { oneAtATime, timeWithBenny, type BennyOptions, type TimedCase, type Timing } from "./timing.js";
import { startOnchainTranspiler, type OnchainTranspiler } from "./transpiler-harness.js";

export const SUITE_NAME = "transpiler";

export interface TranspilerSuiteOptions {
  quick: boolean;
  resultsDir: string;
  machine: MachineInfo;
}

interface ModeSettings {
  /** benny settings for the WASM cases (microseconds to a millisecond each). */
  wasm: BennyOptions;
  /** benny settings for the on-chain cases (a few ms to 100 ms each). */
  onchain: BennyOptions;
  /** Quick mode times only these codes per code (sizes and gas are measured for every code; the totals cover all). */
  timedOnly?: (code: CorpusCode) => boolean;
}

const FULL: ModeSettings = {
  wasm: { minSamples: 5, maxTime: 0.3 },
  onchain: { minSamples: 5, maxTime: 0.3 },
};

const QUICK: ModeSettings = {
  wasm: { minSamples: 1, maxTime: 0.005 },
  onchain: { minSamples: 1, maxTime: 0.005 },
  timedOnly: (code) => code.kind === "runtime" && code.sourceName.startsWith("contracts/test/"),
};

/** The 2020 OVM (Optimism's first transpiler): "25-30% code growth"; the target is a quarter of that. */
export const GROWTH_2020 = { low: 0.25, high: 0.3 } as const;
export const GROWTH_TARGET = 0.07;

/**
 * mbPerSecond: from benny's fastest sample (each sample is the mean of a batch of runs), the least
 * disturbed on a shared machine, as the keccak suite ranks; meanMbPerSecond from benny's mean.
 */
type TimingWithRate = Timing & { bestSeconds: number; mbPerSecond: number; meanMbPerSecond: number };

export interface TranspilerRow {
  name: string;
  contractName: string;
  sourceName: string;
  compiler: string;
  kind: "init" | "runtime";
  originalLength: number;
  /** The fields of the transpile result. */
  bodyLength: number;
  tableEntries: number;
  tableLength: number;
  executableLength: number;
  stubBlobLength: number;
  /** PUSH2 B JUMP, the PUSH4 header, the body's entry JUMPDEST: length - stub blob - executable - original. */
  frameLength: number;
  /** The original, kept last for CODECOPY. */
  originalKept: number;
  length: number;
  growth: { executable: number; total: number };
  banned: number;
  wasm: { transpile?: TimingWithRate; check?: TimingWithRate };
  onchain?: {
    identical: boolean;
    safe: boolean;
    transpileGas: number;
    transpileGasPerByte: number;
    checkGas: number;
    /** Per byte of the checked (transpiled) code. */
    checkGasPerByte: number;
    transpile?: TimingWithRate;
    check?: TimingWithRate;
  };
  problems: string[];
}

export interface TranspilerTotals {
  codes: number;
  originalBytes: number;
  transpiledBytes: number;
  wasm: { transpile?: TimingWithRate; transpileRaw?: TimingWithRate; check?: TimingWithRate };
  onchain?: {
    transpileGas: number;
    transpileGasPerByte: number;
    checkGas: number;
    checkGasPerByte: number;
    /** (transpile + check gas) / original bytes: what a deployment pays per byte of code it transpiles. */
    deployGasPerOriginalByte: number;
    /** Sums of the per-code times (fastest samples), over the codes that were timed. */
    timedCodes: number;
    transpileSeconds?: number;
    checkSeconds?: number;
    transpileMbPerSecond?: number;
    checkMbPerSecond?: number;
  };
}

export interface GrowthSummary {
  kind: "init" | "runtime";
  codes: number;
  originalBytes: number;
  executableBytes: number;
  totalBytes: number;
  /** sum(executable) / sum(original) - 1 */
  executableGrowth: number;
  executableGrowthMin: number;
  executableGrowthMedian: number;
  executableGrowthMax: number;
  /** sum(total) / sum(original) - 1 */
  totalGrowth: number;
  /** Fixed bytes per contract: the stub blob and the frame. */
  fixedBytesPerCode: number;
}

/** Fastest benchmark.js sample per case name (seconds per run), filled by timeWithBenny's onCase. */
const bestSample = new Map<string, number>();

function withRate(name: string, timings: Map<string, Timing>, bytes: number): TimingWithRate | undefined {
  const timing = timings.get(name);
  if (timing === undefined) return undefined;
  const bestSeconds = bestSample.get(name) ?? timing.meanSeconds;
  return { ...timing, bestSeconds, mbPerSecond: bytes / bestSeconds / 1e6, meanMbPerSecond: bytes / timing.meanSeconds / 1e6 };
}

const bytesOf = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ""), "hex"));

/** Quick runs (CI) write beside the full run's files, never over them. */
function fileBase(quick: boolean, suffix = ""): string {
  return `${SUITE_NAME}${suffix}${quick ? ".quick" : ""}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percent(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? "-" : `${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

function count(value: number | undefined): string {
  return value === undefined ? "-" : Math.round(value).toLocaleString("en-US");
}

export function growthSummary(rows: TranspilerRow[], kind: "init" | "runtime"): GrowthSummary | undefined {
  const list = rows.filter((row) => row.kind === kind);
  if (list.length === 0) return undefined;
  const sum = (pick: (row: TranspilerRow) => number) => list.reduce((total, row) => total + pick(row), 0);
  const originalBytes = sum((row) => row.originalLength);
  const executableBytes = sum((row) => row.executableLength);
  const totalBytes = sum((row) => row.length);
  const growths = list.map((row) => row.growth.executable - 1);
  return {
    kind,
    codes: list.length,
    originalBytes,
    executableBytes,
    totalBytes,
    executableGrowth: executableBytes / originalBytes - 1,
    executableGrowthMin: Math.min(...growths),
    executableGrowthMedian: median(growths),
    executableGrowthMax: Math.max(...growths),
    totalGrowth: totalBytes / originalBytes - 1,
    fixedBytesPerCode: list[0].stubBlobLength + list[0].frameLength,
  };
}

export async function runTranspilerSuite(options: TranspilerSuiteOptions): Promise<{ failed: boolean }> {
  const mode = options.quick ? QUICK : FULL;
  const corpus = loadArtifactCorpus();
  console.log(
    `\n== suite ${SUITE_NAME}: ${corpus.length} codes (every bytecode and deployedBytecode under artifacts/contracts), WASM transpile/checkSafety vs ` +
      `Transpiler.sol/SafetyChecker.sol in our EVM, ${options.quick ? "QUICK mode: timings only prove the suite runs (sizes and gas are exact)" : "full mode"}`,
  );

  // Sizes and the WASM checks first: they are exact, and they must hold before anything is timed.
  const rows: TranspilerRow[] = [];
  const outputs = new Map<string, { result: TranspileResult; bytes: Uint8Array }>();
  for (const item of corpus) {
    const problems: string[] = [];
    let result: TranspileResult;
    try {
      result = transpile(item.code, { allowTruncatedPush: true });
    } catch (error) {
      console.error(`\n!!!!!!!! ${item.name}: transpile threw: ${(error as Error).message}\n`);
      rows.push({ ...emptyRow(item), problems: [`transpile threw: ${(error as Error).message}`] });
      continue;
    }
    const bytes = bytesOf(result.code);
    const verdict = checkSafety(bytes);
    if (!verdict.safe) problems.push(`checkSafety rejects the transpiler's output: rule ${verdict.rule} at ${verdict.offset}: ${verdict.reason}`);
    if (bytes.length !== result.length) problems.push(`the output is ${bytes.length} bytes, the result says ${result.length}`);
    outputs.set(item.name, { result, bytes });
    const frameLength = result.length - result.stubBlobLength - result.executableLength - result.originalLength;
    rows.push({
      name: item.name,
      contractName: item.contractName,
      sourceName: item.sourceName,
      compiler: compilerOf(item.sourceName),
      kind: item.kind,
      originalLength: result.originalLength,
      bodyLength: result.bodyLength,
      tableEntries: result.tableEntries,
      tableLength: result.originalStart - result.tableStart,
      executableLength: result.executableLength,
      stubBlobLength: result.stubBlobLength,
      frameLength,
      originalKept: result.length - result.originalStart,
      length: result.length,
      growth: result.growth,
      banned: result.banned.length,
      wasm: {},
      problems,
    });
  }
  const valid = rows.filter((row) => outputs.has(row.name));
  const originalBytes = valid.reduce((sum, row) => sum + row.originalLength, 0);
  const transpiledBytes = valid.reduce((sum, row) => sum + row.length, 0);

  // The on-chain side: gas (exact) and byte-identity for every code.
  let onchain: OnchainTranspiler | undefined;
  let onchainSkipped: string | undefined;
  const onchainStarted = Date.now();
  try {
    onchain = await startOnchainTranspiler();
  } catch (error) {
    onchainSkipped = `TranspilerHarness is not usable: ${(error as Error).message.split("\n")[0]}`;
    console.error(`\n!!!!!!!! ${onchainSkipped}; the on-chain columns are skipped\n`);
  }
  if (onchain !== undefined) {
    for (const row of valid) {
      const { result, bytes } = outputs.get(row.name)!;
      const code = corpus.find((item) => item.name === row.name)!.code;
      try {
        const transpiled = await onchain.transpileGas(code);
        const output = await onchain.transpile(code);
        const checked = await onchain.checkGas(bytes);
        const identical = output === result.code.toLowerCase();
        row.onchain = {
          identical,
          safe: checked.safe,
          transpileGas: Number(transpiled.gas),
          transpileGasPerByte: Number(transpiled.gas) / row.originalLength,
          checkGas: Number(checked.gas),
          checkGasPerByte: Number(checked.gas) / row.length,
        };
        if (!identical) row.problems.push(`Transpiler.sol's output (${(output.length - 2) / 2} bytes) differs from the WASM transpiler's (${row.length} bytes)`);
        if (!checked.safe) row.problems.push("SafetyChecker.sol rejects the WASM transpiler's output");
      } catch (error) {
        row.problems.push(`on-chain: ${(error as Error).message}`);
      }
    }
    console.log(`on-chain transpiler: harness compiled from source (init code keccak ${onchain.codeHash.slice(0, 18)}...) and deployed in our EVM (${onchain.deployGas.toLocaleString("en-US")} gas), gas and output of ${valid.length} codes checked in ${((Date.now() - onchainStarted) / 1000).toFixed(1)} s`);
  }
  for (const row of rows) for (const problem of row.problems) console.error(`\n!!!!!!!! ${row.name}: ${problem}\n`);

  // Timing.
  const codeOf = (row: TranspilerRow) => corpus.find((item) => item.name === row.name)!;
  const timedRows = valid.filter((row) => mode.timedOnly?.(codeOf(row)) ?? true);
  const cases: TimedCase[] = [];
  for (const row of timedRows) {
    const code = corpus.find((item) => item.name === row.name)!.code;
    const { bytes } = outputs.get(row.name)!;
    cases.push({ name: `wasm transpile ${row.name}`, run: () => void transpile(code, { allowTruncatedPush: true }) });
    cases.push({ name: `wasm check ${row.name}`, run: () => void checkSafety(bytes) });
  }
  const allCodes = valid.map((row) => corpus.find((item) => item.name === row.name)!.code);
  const allOutputs = valid.map((row) => outputs.get(row.name)!.bytes);
  cases.push({ name: "wasm transpile all", run: () => { for (const code of allCodes) transpile(code, { allowTruncatedPush: true }); } });
  cases.push({ name: "wasm transpileRaw all", run: () => { for (const code of allCodes) transpileRaw(code, true); } });
  cases.push({ name: "wasm check all", run: () => { for (const bytes of allOutputs) checkSafety(bytes); } });
  console.log(`\ntiming ${cases.length} WASM cases with benny (minSamples ${mode.wasm.minSamples}, maxTime ${mode.wasm.maxTime} s)`);
  bestSample.clear();
  const onCase = (result: { name: string; details: { min: number } }) => void bestSample.set(result.name, result.details.min);
  const wasmTimings = await timeWithBenny(`${SUITE_NAME} (WASM)`, cases, {
    ...mode.wasm,
    onCase,
    folder: options.resultsDir,
    file: `${fileBase(options.quick)}.benny`,
  });

  const onchainTimed = onchain === undefined
    ? []
    : timedRows.filter((row) => row.onchain !== undefined && row.problems.length === 0);
  let onchainTimings = new Map<string, Timing>();
  if (onchain !== undefined && onchainTimed.length > 0) {
    const onchainCases: TimedCase[] = onchainTimed.flatMap((row) => {
      const code = corpus.find((item) => item.name === row.name)!.code;
      return [
        { name: `onchain transpile ${row.name}`, run: oneAtATime(onchain.caller("transpileGas", code)) },
        { name: `onchain check ${row.name}`, run: oneAtATime(onchain.caller("checkGas", outputs.get(row.name)!.bytes)) },
      ];
    });
    console.log(`timing ${onchainCases.length} on-chain cases (harness calls in our EVM) with benny (minSamples ${mode.onchain.minSamples}, maxTime ${mode.onchain.maxTime} s)`);
    onchainTimings = await timeWithBenny(`${SUITE_NAME} (on-chain in our EVM)`, onchainCases, {
      ...mode.onchain,
      onCase,
      folder: options.resultsDir,
      file: `${fileBase(options.quick)}.onchain.benny`,
    });
  }
  await onchain?.engine.close();

  for (const row of valid) {
    row.wasm.transpile = withRate(`wasm transpile ${row.name}`, wasmTimings, row.originalLength);
    row.wasm.check = withRate(`wasm check ${row.name}`, wasmTimings, row.length);
    if (row.onchain !== undefined) {
      row.onchain.transpile = withRate(`onchain transpile ${row.name}`, onchainTimings, row.originalLength);
      row.onchain.check = withRate(`onchain check ${row.name}`, onchainTimings, row.length);
    }
  }

  const totals: TranspilerTotals = {
    codes: valid.length,
    originalBytes,
    transpiledBytes,
    wasm: {
      transpile: withRate("wasm transpile all", wasmTimings, originalBytes),
      transpileRaw: withRate("wasm transpileRaw all", wasmTimings, originalBytes),
      check: withRate("wasm check all", wasmTimings, transpiledBytes),
    },
  };
  const measured = valid.filter((row) => row.onchain !== undefined);
  if (measured.length === valid.length && measured.length > 0) {
    const transpileGas = measured.reduce((sum, row) => sum + row.onchain!.transpileGas, 0);
    const checkGas = measured.reduce((sum, row) => sum + row.onchain!.checkGas, 0);
    const timed = measured.filter((row) => row.onchain!.transpile !== undefined && row.onchain!.check !== undefined);
    const timedOriginal = timed.reduce((sum, row) => sum + row.originalLength, 0);
    const timedTranspiled = timed.reduce((sum, row) => sum + row.length, 0);
    const transpileSeconds = timed.length === 0 ? undefined : timed.reduce((sum, row) => sum + row.onchain!.transpile!.bestSeconds, 0);
    const checkSeconds = timed.length === 0 ? undefined : timed.reduce((sum, row) => sum + row.onchain!.check!.bestSeconds, 0);
    totals.onchain = {
      transpileGas,
      transpileGasPerByte: transpileGas / originalBytes,
      checkGas,
      checkGasPerByte: checkGas / transpiledBytes,
      deployGasPerOriginalByte: (transpileGas + checkGas) / originalBytes,
      timedCodes: timed.length,
      transpileSeconds,
      checkSeconds,
      transpileMbPerSecond: transpileSeconds === undefined ? undefined : timedOriginal / transpileSeconds / 1e6,
      checkMbPerSecond: checkSeconds === undefined ? undefined : timedTranspiled / checkSeconds / 1e6,
    };
  }

  const growth = { runtime: growthSummary(valid, "runtime"), init: growthSummary(valid, "init") };
  const machine = finishMachine(options.machine);
  const failed = rows.some((row) => row.problems.length > 0);
  const text = report(rows, totals, growth, machine, mode, options.quick, onchainSkipped, timedRows.length);
  console.log(`\n${text}`);

  const json = {
    suite: SUITE_NAME,
    mode: options.quick ? "quick" : "full",
    machine,
    settings: { wasm: mode.wasm, onchain: mode.onchain, timedCodes: timedRows.map((row) => row.name), onchainTimed: onchainTimed.map((row) => row.name), allowTruncatedPush: true },
    onchain: onchainSkipped === undefined ? { harness: "contracts/ovm/test/TranspilerHarness.sol (compiled from source, solc 0.8.28, optimizer 200 runs, cancun)", engine: 'createEngine({ mode: "evm", backend: "wasm" })', deployGas: onchain?.deployGas, codeHash: onchain?.codeHash } : { skipped: onchainSkipped },
    reference2020: { codeGrowth: GROWTH_2020, target: GROWTH_TARGET },
    rows,
    totals,
    growth,
    failed,
  };
  mkdirSync(options.resultsDir, { recursive: true });
  const jsonFile = path.join(options.resultsDir, `${fileBase(options.quick)}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(json, (_, value) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`);
  const svgFile = path.join(options.resultsDir, `${fileBase(options.quick)}.svg`);
  writeFileSync(svgFile, throughputChart(valid, totals, machine, options.quick));
  const growthFile = path.join(options.resultsDir, `${fileBase(options.quick, "-growth")}.svg`);
  writeFileSync(growthFile, growthChart(valid, machine, options.quick));
  console.log(`\nwrote ${path.relative(process.cwd(), jsonFile)}, ${path.relative(process.cwd(), svgFile)}, ${path.relative(process.cwd(), growthFile)} and benny's raw summaries`);
  return { failed };
}

function emptyRow(item: CorpusCode): TranspilerRow {
  return {
    name: item.name,
    contractName: item.contractName,
    sourceName: item.sourceName,
    compiler: compilerOf(item.sourceName),
    kind: item.kind,
    originalLength: item.code.length,
    bodyLength: 0,
    tableEntries: 0,
    tableLength: 0,
    executableLength: 0,
    stubBlobLength: 0,
    frameLength: 0,
    originalKept: 0,
    length: 0,
    growth: { executable: Number.NaN, total: Number.NaN },
    banned: 0,
    wasm: {},
    problems: [],
  };
}

function report(
  rows: TranspilerRow[],
  totals: TranspilerTotals,
  growth: { runtime?: GrowthSummary; init?: GrowthSummary },
  machine: MachineInfo,
  mode: ModeSettings,
  quick: boolean,
  onchainSkipped: string | undefined,
  timedCount: number,
): string {
  const flag = (row: TranspilerRow) => (row.problems.length > 0 ? `${row.name} **MISMATCH**` : row.name);
  const speedTable = markdownTable(
    ["code", "bytes", "transpile MB/s", "check MB/s", "on-chain transpile gas", "gas/byte", "on-chain check gas", "gas/byte*", "on-chain transpile MB/s", "on-chain check MB/s", "WASM/on-chain"],
    [
      ...rows.map((row) => [
        flag(row),
        count(row.originalLength),
        figure(row.wasm.transpile?.mbPerSecond),
        figure(row.wasm.check?.mbPerSecond),
        count(row.onchain?.transpileGas),
        figure(row.onchain?.transpileGasPerByte),
        count(row.onchain?.checkGas),
        figure(row.onchain?.checkGasPerByte),
        figure(row.onchain?.transpile?.mbPerSecond),
        figure(row.onchain?.check?.mbPerSecond),
        times(row.wasm.transpile && row.onchain?.transpile ? row.wasm.transpile.mbPerSecond / row.onchain.transpile.mbPerSecond : undefined),
      ]),
      [
        `**all ${totals.codes} codes**`,
        count(totals.originalBytes),
        figure(totals.wasm.transpile?.mbPerSecond),
        figure(totals.wasm.check?.mbPerSecond),
        count(totals.onchain?.transpileGas),
        figure(totals.onchain?.transpileGasPerByte),
        count(totals.onchain?.checkGas),
        figure(totals.onchain?.checkGasPerByte),
        figure(totals.onchain?.transpileMbPerSecond),
        figure(totals.onchain?.checkMbPerSecond),
        times(totals.wasm.transpile && totals.onchain?.transpileMbPerSecond ? totals.wasm.transpile.mbPerSecond / totals.onchain.transpileMbPerSecond : undefined),
      ],
    ],
    ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
  );
  const growthTable = markdownTable(
    ["code", "solc", "original", "body", "table", "executable", "exec. growth", "stub blob + frame", "original kept", "total", "total/original"],
    rows.map((row) => [
      flag(row),
      row.compiler,
      count(row.originalLength),
      count(row.bodyLength),
      count(row.tableLength),
      count(row.executableLength),
      percent(row.growth.executable - 1),
      `${row.stubBlobLength} + ${row.frameLength}`,
      count(row.originalKept),
      count(row.length),
      times(row.growth.total),
    ]),
    ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
  );
  const growthLine = (summary: GrowthSummary | undefined, label: string) =>
    summary === undefined
      ? `${label}: none`
      : `${label} (${summary.codes} codes, ${count(summary.originalBytes)} bytes): executable (body + jump table) ${percent(summary.executableGrowth)} over all bytes ` +
        `(per code: median ${percent(summary.executableGrowthMedian)}, ${percent(summary.executableGrowthMin)} to ${percent(summary.executableGrowthMax)}); ` +
        `with the fixed ${summary.fixedBytesPerCode} bytes per code (stub blob and frame) and the original kept for CODECOPY, total ${percent(summary.totalGrowth)} (${times(summary.totalGrowth + 1)})`;
  const runtime = growth.runtime;
  const verdict = runtime === undefined
    ? ""
    : `against the 2020 OVM's 25-30% code growth: our executable growth on runtime code is ${percent(runtime.executableGrowth)} (` +
      (runtime.executableGrowth <= GROWTH_2020.high ? "within or under the 2020 figure" : "above the 2020 figure") +
      `); the target of a quarter (about ${percent(GROWTH_TARGET)}) is ${runtime.executableGrowth <= GROWTH_TARGET ? "MET" : "NOT met"}. ` +
      `The stub blob (${runtime.fixedBytesPerCode} bytes a contract) and the kept original (+100%) are extra: total ${percent(runtime.totalGrowth)}.`;
  const t = totals;
  const lines = [
    `## ${SUITE_NAME}: throughput and on-chain gas per code${quick ? " -- QUICK MODE, timings not comparable (sizes and gas are exact)" : ""}`,
    "",
    speedTable,
    "",
    "transpile/check MB/s: the WASM library API (src/transpiler/index.ts), from benny's fastest sample (the JSON has the means too); on-chain: Transpiler.sol / SafetyChecker.sol through TranspilerHarness in our EVM (gas of the library call alone; MB/s of one harness call, engine set-up included).",
    "* the checker's MB/s and gas/byte are per byte of its input, the transpiled code; the transpiler's per byte of the original. WASM/on-chain: transpile MB/s of the WASM library over Transpiler.sol run in our EVM.",
    `timing: benny (WASM: minSamples ${mode.wasm.minSamples}, maxTime ${mode.wasm.maxTime} s; on-chain: minSamples ${mode.onchain.minSamples}, maxTime ${mode.onchain.maxTime} s). The total row: one benny case over all ${t.codes} codes for WASM; for on-chain the sum of the per-code times${t.onchain?.timedCodes !== undefined && t.onchain.timedCodes < t.codes ? ` (over the ${t.onchain.timedCodes} codes timed in this mode)` : ""}.`,
    `WASM in total: transpile ${figure(t.wasm.transpile?.mbPerSecond)} MB/s through the library API (mean ${figure(t.wasm.transpile?.meanMbPerSecond)}), ${figure(t.wasm.transpileRaw?.mbPerSecond)} MB/s for the WASM call alone (transpileRaw: no offset Map, no hex): ` +
      `the API's JS side takes ${t.wasm.transpile && t.wasm.transpileRaw ? `${Math.round((1 - t.wasm.transpileRaw.bestSeconds / t.wasm.transpile.bestSeconds) * 100)}%` : "-"} of its time; checkSafety ${figure(t.wasm.check?.mbPerSecond)} MB/s of transpiled code.`,
    onchainSkipped !== undefined
      ? `on-chain: SKIPPED (${onchainSkipped})`
      : t.onchain === undefined
        ? "on-chain: incomplete (see the problems below)"
        : `on-chain in total: transpile ${figure(t.onchain.transpileGasPerByte)} gas per original byte, check ${figure(t.onchain.checkGasPerByte)} gas per transpiled byte; ` +
          `a deployment's transpile + check of its code: ${figure(t.onchain.deployGasPerOriginalByte)} gas per original byte`,
    "",
    `## ${SUITE_NAME}: code growth (exact)`,
    "",
    growthTable,
    "",
    "executable = body (the rewritten instructions and the final STOP) + jump table (4 bytes per JUMPDEST): what grows with the code. frame = PUSH2 B JUMP, the PUSH4 header and the body's entry JUMPDEST.",
    growthLine(growth.runtime, "runtime code"),
    growthLine(growth.init, "init code"),
    verdict,
    "",
    `machine: ${machineLine(machine)}`,
  ];
  const warning = loadWarning(machine);
  if (warning !== undefined) lines.push(`NOTE: ${warning.replace("absolute Mgas/s", "absolute MB/s")}`);
  const problems = rows.filter((row) => row.problems.length > 0);
  if (problems.length > 0) {
    lines.push("", "PROBLEMS (the suite fails):");
    for (const row of problems) for (const problem of row.problems) lines.push(`  ${row.name}: ${problem}`);
  }
  return lines.join("\n");
}

export function throughputChart(rows: TranspilerRow[], totals: TranspilerTotals, machine: MachineInfo, quick: boolean): string {
  const categories = [...rows.map((row) => row.name), `all ${totals.codes} codes`];
  const pick = (rowValue: (row: TranspilerRow) => number | undefined, total: number | undefined) => [...rows.map(rowValue), total];
  return logBarChart({
    title: `Transpiler and safety checker throughput per code, MB/s (log scale)${quick ? " -- QUICK MODE, not comparable" : ""}`,
    notes: [
      `measured in one process on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)} (load ${machine.loadAtStart.toFixed(1)}); benny, fastest sample per case`,
      "WASM: the library API (transpile with allowTruncatedPush, checkSafety on bytes); on-chain: Transpiler.sol / SafetyChecker.sol via TranspilerHarness in our WASM EVM",
      "transpiler MB/s per byte of original code, checker MB/s per byte of transpiled code; codes are every bytecode and deployedBytecode under artifacts/contracts",
    ],
    axisLabel: "MB/s",
    categories,
    flagged: new Set(rows.filter((row) => row.problems.length > 0).map((row) => row.name)),
    series: [
      { name: "WASM transpile", color: "#1f5fbf", values: pick((row) => row.wasm.transpile?.mbPerSecond, totals.wasm.transpile?.mbPerSecond) },
      { name: "WASM checkSafety", color: "#6f9be0", values: pick((row) => row.wasm.check?.mbPerSecond, totals.wasm.check?.mbPerSecond) },
      { name: "Transpiler.sol in our EVM", color: "#e08a00", values: pick((row) => row.onchain?.transpile?.mbPerSecond, totals.onchain?.transpileMbPerSecond) },
      { name: "SafetyChecker.sol in our EVM", color: "#f0c070", values: pick((row) => row.onchain?.check?.mbPerSecond, totals.onchain?.checkMbPerSecond) },
    ],
    valueSuffix: "",
  });
}

export function growthChart(rows: TranspilerRow[], machine: MachineInfo, quick: boolean): string {
  return logBarChart({
    title: `Code size after transpiling, relative to the original (log scale)${quick ? " -- QUICK MODE" : ""}`,
    notes: [
      `every bytecode (init) and deployedBytecode (runtime) under artifacts/contracts, ${machine.date.slice(0, 10)}; sizes are exact`,
      "executable = body + jump table; total adds the fixed stub blob and frame and the original kept for CODECOPY",
      `dashed lines: the 2020 OVM's 25-30% code growth (1.3x) and the target of a quarter of it (${(1 + GROWTH_TARGET).toFixed(2)}x)`,
    ],
    axisLabel: "size / original size (x)",
    categories: rows.map((row) => row.name),
    series: [
      { name: "executable (body + table)", color: "#1f5fbf", values: rows.map((row) => row.growth.executable) },
      { name: "total transpiled code", color: "#999", values: rows.map((row) => row.growth.total) },
    ],
    lines: [
      { value: 1 + GROWTH_2020.high, label: "2020 OVM 1.3x", color: "#c06000" },
      { value: 1 + GROWTH_TARGET, label: `target ${(1 + GROWTH_TARGET).toFixed(2)}x`, color: "#2a8a2a" },
    ],
    valueSuffix: "x",
  });
}
