// Suite "interpreter": every standard program (../shared/benchmarks/README.md) run by our WASM
// engine and by @ethereumjs/evm in the same process, as Mgas/s and as the ratio between the two,
// next to the README's evmone figures converted to the same ratio.
//
// Both engines run the program as the code of an existing account at DEFAULT_RECEIVER, called by
// DEFAULT_SENDER with BENCHMARK_GAS_LIMIT, on a state that every run leaves as it found it:
// - ours: WasmEvm.run then discard(), so the account's code and its jump analysis stay cached
//   (evmone's figures also leave analysis outside the timing);
// - ethereumjs: the reference runner's runCall between a state-manager checkpoint and revert.
//   Without the revert, snailtracer's SSTOREs would find last run's values and cost less gas.
// Undoing the run is inside the timing for both.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createReferenceEvm, type ReferenceEvm } from "../../src/baseline/ethereumjs.js";
import {
  BENCHMARK_GAS_LIMIT,
  DEFAULT_LOOP_ITERATIONS,
  loadStandardPrograms,
  type StandardProgram,
} from "../../src/benchmarks/standard-programs.js";
import { DEFAULT_BLOCK, DEFAULT_RECEIVER, DEFAULT_SENDER, blockHashOf } from "../../src/evm/defaults.js";
import { statusName } from "../../src/evm/message-runner.js";
import type { ExecutionResult, MessageCall, PreState } from "../../src/evm/types.js";
import { bytesToHex, hexToBytes } from "../../src/hex.js";
import { WorldState } from "../../src/state/world-state.js";
import { MessageFlags, type MessageInput, type MessageOutput } from "../../src/wasm/abi.js";
import { WasmEvm } from "../../src/wasm/instance.js";
import { logBarChart, type ReferenceLine } from "../svg.js";
import { finishMachine, loadWarning, machineLine, type MachineInfo } from "./machine.js";
import { REFERENCE_FIGURES, REFERENCE_GEOMEAN_ALL, REFERENCE_SOURCE, type ReferenceFigures } from "./reference-figures.js";
import { figure, geometricMean, markdownTable, times } from "./table.js";
import { UsageError } from "./usage-error.js";
import { createEdrRunner } from "./edr.js";
import { oneAtATime, timeWithBenny, timePaired, type BennyOptions, type PairedCase, type TimedCase, type Timing } from "./timing.js";

export const SUITE_NAME = "interpreter";

export interface InterpreterSuiteOptions {
  quick: boolean;
  resultsDir: string;
  machine: MachineInfo;
}

interface ModeSettings {
  loopIterations: number;
  benny: BennyOptions;
  /** A program whose first (untimed, cold) run takes longer is timed by the hrtime loop instead. */
  fallbackSeconds: number;
  /** Paired hrtime loop: blocks per engine, and the shortest block (fast engines run several times a block). */
  fallbackRepetitions: number;
  pairedBlockSeconds: number;
  /** Programs left out, with the reason printed. */
  skip: Map<string, string>;
  /** Seconds of eth_call loop per program for EDR (revm through Hardhat's in-process JSON-RPC). */
  edrSeconds: number;
  /** Programs using more gas are left out of the EDR column (it runs them at a few Mgas/s). */
  edrMaxGas: bigint;
}

const FULL: ModeSettings = {
  loopIterations: DEFAULT_LOOP_ITERATIONS,
  benny: { minSamples: 5, maxTime: 3 },
  fallbackSeconds: 1,
  fallbackRepetitions: 3,
  pairedBlockSeconds: 1,
  skip: new Map(),
  edrSeconds: 1,
  edrMaxGas: 1n << 62n,
};

const QUICK: ModeSettings = {
  loopIterations: 10_000,
  benny: { minSamples: 2, maxTime: 0.1 },
  fallbackSeconds: 0.25,
  fallbackRepetitions: 1,
  pairedBlockSeconds: 0.1,
  // One ethereumjs run of snailtracer takes 10-40 s here, alone most of the quick budget.
  skip: new Map([["snailtracer/benchmark", "quick mode: one ethereumjs run takes 10-40 s"]]),
  edrSeconds: 0.02,
  edrMaxGas: 600_000n,
};

/** What both engines returned, reduced to what must agree. */
interface Observed {
  ok: boolean;
  error: string | null;
  gasUsed: bigint;
  output: string;
}

interface Subject {
  program: StandardProgram;
  runOurs: () => void;
  runReference: () => Promise<void>;
  lastOurs: () => Observed | undefined;
  lastReference: () => Observed | undefined;
}

export interface ProgramRow {
  name: string;
  suite: string;
  gasUsed: string;
  problems: string[];
  ours?: Timing & { mgasPerSecond: number; coldSeconds: number };
  ethereumjs?: Timing & { mgasPerSecond: number; coldSeconds: number };
  speedup?: number;
  /** EDR (revm, native) through eth_call, nothing subtracted: see bench/suites/edr.ts. */
  edr?: { meanSeconds: number; calls: number; mgasPerSecond: number };
  oursOverEdr?: number;
  readme?: ReferenceFigures & { nativeOverEthereumjs: number; wasmOverEthereumjs: number };
  oursOverEvmoneWasm?: number;
  oursOverEvmoneNative?: number;
}

function observeOurs(out: MessageOutput): Observed {
  return {
    ok: out.status === 0,
    error: out.status === 0 ? null : statusName(out.status),
    gasUsed: BENCHMARK_GAS_LIMIT - out.gasLeft,
    output: bytesToHex(out.returnData),
  };
}

function observeReference(result: ExecutionResult): Observed {
  return { ok: result.success, error: result.error, gasUsed: result.gasUsed, output: bytesToHex(result.returnData) };
}

function preStateFor(program: StandardProgram): PreState {
  return new Map([[DEFAULT_RECEIVER, { nonce: 0n, balance: 0n, code: program.code, storage: new Map() }]]);
}

async function createSubject(program: StandardProgram): Promise<Subject> {
  const pre = preStateFor(program);

  const evm = new WasmEvm(WorldState.fromPreState(pre), blockHashOf);
  // The flags MessageRunner uses for a message call.
  const message: MessageInput = {
    flags: MessageFlags.WarmTransactionAddresses,
    caller: hexToBytes(DEFAULT_SENDER),
    origin: hexToBytes(DEFAULT_SENDER),
    to: hexToBytes(DEFAULT_RECEIVER),
    value: 0n,
    gas: BENCHMARK_GAS_LIMIT,
    gasPrice: 0n,
    data: program.input,
    block: DEFAULT_BLOCK,
  };
  let ours: MessageOutput | undefined;

  const reference: ReferenceEvm = await createReferenceEvm(pre, DEFAULT_BLOCK);
  const call: MessageCall = { caller: DEFAULT_SENDER, to: DEFAULT_RECEIVER, data: program.input, value: 0n, gasLimit: BENCHMARK_GAS_LIMIT };
  const stateManager = reference.evm.stateManager;
  let theirs: ExecutionResult | undefined;

  return {
    program,
    runOurs: () => {
      ours = evm.run(message);
      evm.discard();
    },
    runReference: oneAtATime(async () => {
      await stateManager.checkpoint();
      try {
        theirs = await reference.runCall(call);
      } finally {
        await stateManager.revert();
      }
    }),
    lastOurs: () => (ours === undefined ? undefined : observeOurs(ours)),
    lastReference: () => (theirs === undefined ? undefined : observeReference(theirs)),
  };
}

function describe(observed: Observed): string {
  return observed.ok ? `gas ${observed.gasUsed}` : `${observed.error} after gas ${observed.gasUsed}`;
}

function shortHex(value: string): string {
  return value.length > 74 ? `${value.slice(0, 40)}...${value.slice(-30)} (${(value.length - 2) / 2} bytes)` : value;
}

/** Everything that must hold before a program's timings mean anything. */
function compare(program: StandardProgram, ours: Observed | undefined, theirs: Observed): string[] {
  const problems: string[] = [];
  if (!theirs.ok) problems.push(`ethereumjs failed: ${theirs.error}`);
  if (ours === undefined) return [...problems, "ours threw (see above)"];
  if (!ours.ok) problems.push(`ours failed: ${ours.error}`);
  if (ours.gasUsed !== theirs.gasUsed) problems.push(`gas differs: ours ${ours.gasUsed}, ethereumjs ${theirs.gasUsed}`);
  if (ours.output !== theirs.output) problems.push(`output differs: ours ${shortHex(ours.output)}, ethereumjs ${shortHex(theirs.output)}`);
  if (program.expectedOutput !== undefined) {
    const expected = bytesToHex(program.expectedOutput);
    if (ours.output !== expected) problems.push(`ours differs from evmone v0.9.0's expected output ${shortHex(expected)}`);
    if (theirs.output !== expected) problems.push(`ethereumjs differs from evmone v0.9.0's expected output ${shortHex(expected)}`);
  }
  return problems;
}

function loud(message: string): void {
  console.error(`\n!!!!!!!! ${message}\n`);
}

async function seconds(run: () => void | Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function withMgas(timing: Timing, gas: bigint, coldSeconds: number) {
  return { ...timing, mgasPerSecond: Number(gas) / timing.meanSeconds / 1e6, coldSeconds };
}

/**
 * The fixed cost of one call, from a one-byte program (STOP): what each harness adds per run
 * whatever the program does (message encoding, warm-up of addresses, checkpoint and revert). On
 * programs of a few thousand gas (swap_math) it is most of the time measured.
 */
async function measureCallOverhead(budgetSeconds: number): Promise<{ ours: number; ethereumjs: number }> {
  const stop: StandardProgram = {
    name: "calibration/stop",
    program: "calibration",
    inputName: "stop",
    suite: "loop",
    input: new Uint8Array(0),
    code: new Uint8Array([0x00]),
  };
  const subject = await createSubject(stop);
  const perCall = async (run: () => void | Promise<void>) => {
    // Awaiting only real promises: a microtask per call would be a visible share of ours.
    const batch = async (count: number) => {
      for (let index = 0; index < count; index++) {
        const pending = run();
        if (pending !== undefined) await pending;
      }
    };
    await batch(50);
    let calls = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < budgetSeconds) {
      await batch(20);
      calls += 20;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    }
    return (elapsed / calls) * 1e6;
  };
  return { ours: await perCall(subject.runOurs), ethereumjs: await perCall(subject.runReference) };
}

/** Quick runs (CI) write beside the full run's files, never over them. */
function fileBase(quick: boolean): string {
  return quick ? `${SUITE_NAME}.quick` : SUITE_NAME;
}

export async function runInterpreterSuite(options: InterpreterSuiteOptions): Promise<{ failed: boolean }> {
  const mode = options.quick ? QUICK : FULL;
  const programs = loadStandardPrograms(undefined, { loopIterations: mode.loopIterations });
  console.log(
    `\n== suite ${SUITE_NAME}: ${programs.length} programs (loops of ${mode.loopIterations.toLocaleString("en")} iterations), ` +
      `ours (build/ovm.wasm) vs @ethereumjs/evm, ${options.quick ? "QUICK mode: figures only prove the suite runs" : "full mode"}`,
  );
  for (const [name, reason] of mode.skip) console.log(`skipped ${name}: ${reason}`);

  // Check every program once on both engines: this run is also the untimed warm-up, and its
  // duration picks the timing method.
  const subjects: Subject[] = [];
  const rows = new Map<string, ProgramRow>();
  const cold = new Map<string, { ours: number; reference: number }>();
  /** Each engine's checked run, keyed by `${engine} ${program}` like the timed cases. */
  const verified = new Map<string, Observed>();
  for (const program of programs) {
    if (mode.skip.has(program.name)) continue;
    const subject = await createSubject(program);
    let oursSeconds = Number.NaN;
    try {
      oursSeconds = await seconds(subject.runOurs);
    } catch (error) {
      loud(`${program.name}: our engine threw: ${(error as Error).message}`);
    }
    let referenceSeconds: number;
    try {
      referenceSeconds = await seconds(subject.runReference);
    } catch (error) {
      // Without the reference there is nothing to check against or divide by.
      const problem = `ethereumjs threw: ${(error as Error).message}`;
      loud(`${program.name}: ${problem}; program not timed`);
      rows.set(program.name, { name: program.name, suite: program.suite, gasUsed: "-", problems: [problem] });
      continue;
    }
    const theirs = subject.lastReference()!;
    const problems = compare(program, subject.lastOurs(), theirs);
    const row: ProgramRow = { name: program.name, suite: program.suite, gasUsed: theirs.gasUsed.toString(), problems };
    rows.set(program.name, row);
    cold.set(program.name, { ours: oursSeconds, reference: referenceSeconds });
    verified.set(`ethereumjs ${program.name}`, theirs);
    const ours = subject.lastOurs();
    if (ours !== undefined) verified.set(`ours ${program.name}`, ours);
    const status = problems.length === 0 ? `ok (${describe(theirs)}${program.expectedOutput ? ", expected output" : ""})` : "MISMATCH";
    console.log(
      `check ${program.name.padEnd(32)} ours ${oursSeconds.toFixed(3)} s, ethereumjs ${referenceSeconds.toFixed(3)} s (first runs): ${status}`,
    );
    for (const problem of problems) loud(`${program.name}: ${problem}`);
    subjects.push(subject);
  }

  // Our engine is timed only where it ran; a program with a mismatch is still timed (and marked)
  // so a wrong result cannot pass unnoticed as a fast one. A program where either engine is slow
  // has both timed by the paired hrtime loop, so their ratio is measured under the same load.
  const isSlow = (name: string) => Math.max(cold.get(name)!.ours || 0, cold.get(name)!.reference) >= mode.fallbackSeconds;
  const oursRan = (subject: Subject) => subject.lastOurs() !== undefined;
  const bennyCases = subjects
    .filter((subject) => !isSlow(subject.program.name))
    .flatMap((subject) => {
      const name = subject.program.name;
      const cases: TimedCase[] = [{ name: `ethereumjs ${name}`, run: subject.runReference }];
      if (oursRan(subject)) cases.unshift({ name: `ours ${name}`, run: subject.runOurs });
      return cases;
    });
  // Each engine's Mgas/s counts the gas it used itself: on a mismatch the two differ.
  const mgasOf = (caseName: string, meanSeconds: number) => Number(verified.get(caseName)!.gasUsed) / meanSeconds / 1e6;
  console.log(
    `\ntiming ${bennyCases.length} cases with benny (minSamples ${mode.benny.minSamples}, maxTime ${mode.benny.maxTime} s); ` +
      `programs where a first run took >= ${mode.fallbackSeconds} s use the paired hrtime loop afterwards`,
  );
  const overhead = await measureCallOverhead(options.quick ? 0.1 : 1);
  console.log(
    `per-call cost of an empty program (STOP): ours ${overhead.ours.toFixed(1)} us, ethereumjs via the reference runner ${overhead.ethereumjs.toFixed(0)} us`,
  );
  const bennyTimings = await timeWithBenny(SUITE_NAME, bennyCases, {
    ...mode.benny,
    folder: options.resultsDir,
    file: `${fileBase(options.quick)}.benny`,
    onCase: (result) => {
      const mgas = mgasOf(result.name, result.details.mean);
      console.log(`  ${result.name.padEnd(44)} ${figure(mgas).padStart(7)} Mgas/s  ±${result.details.relativeMarginOfError.toFixed(1)}%  (${result.samples} samples, benny)`);
    },
  });

  const timings = new Map<string, { ours?: Timing; reference?: Timing }>();
  for (const subject of subjects) {
    const name = subject.program.name;
    const entry: { ours?: Timing; reference?: Timing } = {
      ours: bennyTimings.get(`ours ${name}`),
      reference: bennyTimings.get(`ethereumjs ${name}`),
    };
    if (isSlow(name)) {
      const paired: PairedCase[] = [{ run: subject.runReference, estimateSeconds: cold.get(name)!.reference }];
      if (oursRan(subject)) paired.unshift({ run: subject.runOurs, estimateSeconds: cold.get(name)!.ours });
      const measured = await timePaired(paired, mode.fallbackRepetitions, mode.pairedBlockSeconds);
      entry.reference = measured.pop();
      entry.ours = measured.pop();
      for (const [engine, timing] of [["ours", entry.ours], ["ethereumjs", entry.reference]] as const) {
        if (timing === undefined) continue;
        console.log(`  ${`${engine} ${name}`.padEnd(44)} ${figure(mgasOf(`${engine} ${name}`, timing.meanSeconds)).padStart(7)} Mgas/s  (${timing.samples} blocks of ${timing.runsPerSample} runs, paired hrtime)`);
      }
    }
    timings.set(name, entry);

    // The timed runs must have done what the checked run did: the same gas and output on
    // both engines means no state leaked from one run into the next.
    for (const [engine, after] of [["ours", subject.lastOurs()], ["ethereumjs", subject.lastReference()]] as const) {
      const before = verified.get(`${engine} ${name}`);
      if (before !== undefined && after !== undefined && (after.gasUsed !== before.gasUsed || after.output !== before.output)) {
        const problem = `${engine}: the last timed run differs from the checked one (${describe(after)}): state leaked between runs`;
        rows.get(name)!.problems.push(problem);
        loud(`${name}: ${problem}`);
      }
    }
  }

  for (const subject of subjects) {
    const name = subject.program.name;
    const row = rows.get(name)!;
    const { ours, reference } = timings.get(name)!;
    if (ours !== undefined) row.ours = withMgas(ours, verified.get(`ours ${name}`)!.gasUsed, cold.get(name)!.ours);
    if (reference !== undefined) row.ethereumjs = withMgas(reference, verified.get(`ethereumjs ${name}`)!.gasUsed, cold.get(name)!.reference);
    if (row.ours !== undefined && row.ethereumjs !== undefined) row.speedup = row.ours.mgasPerSecond / row.ethereumjs.mgasPerSecond;
    const readme = REFERENCE_FIGURES[name];
    if (readme !== undefined) {
      row.readme = {
        ...readme,
        nativeOverEthereumjs: readme.evmoneNative / readme.ethereumjs,
        wasmOverEthereumjs: readme.evmoneWasm / readme.ethereumjs,
      };
      if (row.speedup !== undefined) {
        row.oursOverEvmoneWasm = row.speedup / row.readme.wasmOverEthereumjs;
        row.oursOverEvmoneNative = row.speedup / row.readme.nativeOverEthereumjs;
      }
    }
  }

  const edrOverhead = await timeEdr(subjects, rows, verified, mode);

  const machine = finishMachine(options.machine);
  const report = summarise([...rows.values()], machine, mode, options.quick, { ...overhead, edr: edrOverhead });
  console.log(`\n${report.text}`);

  mkdirSync(options.resultsDir, { recursive: true });
  const jsonFile = path.join(options.resultsDir, `${fileBase(options.quick)}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(report.json, (_, value) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`);
  const svgFile = path.join(options.resultsDir, `${fileBase(options.quick)}.svg`);
  writeFileSync(svgFile, speedupChart([...rows.values()], machine, options.quick, report.geomeanAll, report.baselineDrift));
  console.log(`\nwrote ${path.relative(process.cwd(), jsonFile)}, ${path.relative(process.cwd(), svgFile)} and ${fileBase(options.quick)}.benny.json (benny's raw summary)`);
  return { failed: report.failed };
}

/**
 * Times every checked program on EDR after the main timing (so it never shares the machine with the
 * other engines' runs) and checks its output against ours. Returns EDR's cost of an empty call (us).
 */
async function timeEdr(subjects: Subject[], rows: Map<string, ProgramRow>, verified: Map<string, Observed>, mode: ModeSettings): Promise<number> {
  const stop = { code: new Uint8Array([0x00]), input: new Uint8Array(0) };
  const runner = await createEdrRunner([stop, ...subjects.map((s) => ({ code: s.program.code, input: s.program.input }))], BENCHMARK_GAS_LIMIT);
  const overhead = (await runner.time(0, mode.edrSeconds)).meanSeconds * 1e6;
  console.log(`
EDR (revm, native, via in-process eth_call; nothing subtracted): empty call ${overhead.toFixed(0)} us`);
  for (const [i, subject] of subjects.entries()) {
    const name = subject.program.name;
    const row = rows.get(name)!;
    const ours = verified.get(`ours ${name}`);
    if (verified.get(`ethereumjs ${name}`)!.gasUsed > mode.edrMaxGas) continue;
    let output: string;
    try {
      output = await runner.run(i + 1);
    } catch (error) {
      row.problems.push(`EDR threw: ${(error as Error).message}`);
      continue;
    }
    if (ours !== undefined && output !== ours.output) {
      row.problems.push(`EDR output differs: ${shortHex(output)} vs ours ${shortHex(ours.output)}`);
      continue;
    }
    const timing = await runner.time(i + 1, mode.edrSeconds);
    const gas = Number(verified.get(`ethereumjs ${name}`)!.gasUsed);
    row.edr = { ...timing, mgasPerSecond: gas / timing.meanSeconds / 1e6 };
    if (row.ours !== undefined) row.oursOverEdr = row.ours.mgasPerSecond / row.edr.mgasPerSecond;
    console.log(`  EDR ${name.padEnd(40)} ${figure(row.edr.mgasPerSecond).padStart(7)} Mgas/s  (${timing.calls} calls)`);
  }
  return overhead;
}

function summarise(rows: ProgramRow[], machine: MachineInfo, mode: ModeSettings, quick: boolean, overhead: { ours: number; ethereumjs: number; edr: number }) {
  const tableRows = rows.map((row) => [
    row.problems.length > 0 ? `${row.name} **MISMATCH**` : row.name,
    row.gasUsed,
    figure(row.ours?.mgasPerSecond),
    figure(row.ethereumjs?.mgasPerSecond),
    times(row.speedup),
    times(row.readme?.nativeOverEthereumjs),
    times(row.readme?.wasmOverEthereumjs),
    times(row.oursOverEvmoneWasm),
    figure(row.edr?.mgasPerSecond),
    times(row.oursOverEdr),
    [row.ours?.method ?? "-", row.ethereumjs?.method ?? "-"].join("/"),
  ]);
  const table = markdownTable(
    ["program", "gas", "ours Mgas/s", "ethereumjs Mgas/s", "ours/ejs", "evmone native/ejs*", "evmone wasm/ejs*", "ours/evmone-wasm", "EDR Mgas/s**", "ours/EDR", "timing (ours/ejs)"],
    tableRows,
    ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right", "left"],
  );
  const edrRows = rows.filter((row) => row.problems.length === 0 && row.oursOverEdr !== undefined);
  const geomeanEdr = geometricMean(edrRows.map((row) => row.oursOverEdr!));

  const clean = rows.filter((row) => row.problems.length === 0 && row.speedup !== undefined);
  const geomeanAll = geometricMean(clean.map((row) => row.speedup!));
  const subset = clean.filter((row) => row.readme !== undefined);
  const subsetOurs = geometricMean(subset.map((row) => row.speedup!));
  const subsetWasm = geometricMean(subset.map((row) => row.readme!.wasmOverEthereumjs));
  const subsetNative = geometricMean(subset.map((row) => row.readme!.nativeOverEthereumjs));
  // The ratios assume both engines here were slowed alike by whatever else ran on the machine.
  // JS (GC, JIT threads) suffers more from a shared 2-core machine than a tight WASM loop, so the
  // baseline's drift from the README's own figure, and the absolute comparison, are shown too.
  const baselineDrift = geometricMean(subset.map((row) => row.ethereumjs!.mgasPerSecond / row.readme!.ethereumjs));
  const absoluteWasm = geometricMean(subset.map((row) => row.ours!.mgasPerSecond / row.readme!.evmoneWasm));
  const absoluteNative = geometricMean(subset.map((row) => row.ours!.mgasPerSecond / row.readme!.evmoneNative));
  const failed = rows.some((row) => row.problems.length > 0);
  const excluded = rows.length - clean.length;

  const lines = [
    `## ${SUITE_NAME}: Mgas/s and speedup over @ethereumjs/evm (measured in this process)${quick ? " -- QUICK MODE, not comparable" : ""}`,
    "",
    table,
    "",
    `* evmone columns: the README's figures (${REFERENCE_SOURCE.machine}, ${REFERENCE_SOURCE.date}) as ratios over the README's own ethereumjs figure; ours/evmone-wasm = (ours/ejs) / (evmone wasm/ejs).`,
    `timing: benny = benchmark.js mean (minSamples ${mode.benny.minSamples}, maxTime ${mode.benny.maxTime} s); hrtime = process.hrtime.bigint() over ${mode.fallbackRepetitions} blocks per engine, alternating ours/ejs (a block: one run, or as many as fill ${mode.pairedBlockSeconds} s), used for both engines where either one's first run took >= ${mode.fallbackSeconds} s.`,
    "",
    `geometric mean of ours/ethereumjs over ${clean.length} of ${rows.length + mode.skip.size} programs${excluded > 0 ? ` (${excluded} excluded: mismatch or not timed)` : ""}${mode.skip.size > 0 ? ` (${mode.skip.size} skipped in quick mode)` : ""}: ${times(geomeanAll)}` +
      `   | README over all 30: evmone WASM ${REFERENCE_GEOMEAN_ALL.evmoneWasm}x, evmone native ${REFERENCE_GEOMEAN_ALL.evmoneNative}x`,
    `geometric mean over the ${subset.length} programs the README's table lists: ours ${times(subsetOurs)}, evmone WASM ${times(subsetWasm)}, evmone native ${times(subsetNative)}` +
      ` -> ours/evmone-wasm ${times(subsetOurs !== undefined && subsetWasm !== undefined ? subsetOurs / subsetWasm : undefined)}, ours/evmone-native ${times(subsetOurs !== undefined && subsetNative !== undefined ? subsetOurs / subsetNative : undefined)}`,
    `check on the baseline: ethereumjs here ran at ${times(baselineDrift)} the README's ethereumjs Mgas/s (geometric mean, same ${subset.length} programs);` +
      ` absolute Mgas/s, ours over the README's evmone: WASM ${times(absoluteWasm)}, native ${times(absoluteNative)}` +
      ` (ratios are inflated, and absolutes deflated, when this machine is busier than the README's was)`,
    `** EDR: Hardhat's native revm through its in-process JSON-RPC eth_call, nothing subtracted: each call also pays request handling, block/state setup and the N-API crossing (${overhead.edr.toFixed(0)} us for an empty program). Geometric mean of ours/EDR over ${edrRows.length} programs: ${times(geomeanEdr)}.`,
    `per-call cost of an empty program (STOP), included in every run above: ours ${overhead.ours.toFixed(1)} us, ethereumjs via the reference runner ${overhead.ethereumjs.toFixed(0)} us` +
      ` (weighs on the programs of a few thousand gas: swap_math, blake2b_huff/empty, sha1_*/empty)`,
    "",
    `machine: ${machineLine(machine)}`,
  ];
  const warning = loadWarning(machine);
  if (warning !== undefined) lines.push(`NOTE: ${warning}`);
  if (failed) {
    lines.push("", "MISMATCHES (timings of these programs are not comparable and are left out of the geometric means):");
    for (const row of rows) for (const problem of row.problems) lines.push(`  ${row.name}: ${problem}`);
  }

  const json = {
    suite: SUITE_NAME,
    mode: quick ? "quick" : "full",
    machine,
    settings: {
      gasLimit: BENCHMARK_GAS_LIMIT,
      loopIterations: mode.loopIterations,
      benny: mode.benny,
      fallback: { firstRunSeconds: mode.fallbackSeconds, repetitions: mode.fallbackRepetitions },
      skipped: Object.fromEntries(mode.skip),
    },
    reference: REFERENCE_SOURCE,
    callOverheadMicroseconds: overhead,
    programs: rows,
    geomean: {
      all: { programs: clean.length, oursOverEthereumjs: geomeanAll },
      edr: { programs: edrRows.length, oursOverEdr: geomeanEdr },
      readmeSubset: {
        programs: subset.length,
        ours: subsetOurs,
        evmoneWasm: subsetWasm,
        evmoneNative: subsetNative,
        ethereumjsHereOverReadme: baselineDrift,
        oursOverEvmoneWasmAbsolute: absoluteWasm,
        oursOverEvmoneNativeAbsolute: absoluteNative,
      },
      readmeAllPrograms: REFERENCE_GEOMEAN_ALL,
    },
    failed,
  };
  return { text: lines.join("\n"), json, failed, geomeanAll, baselineDrift };
}

export function speedupChart(
  rows: ProgramRow[],
  machine: MachineInfo,
  quick: boolean,
  geomeanAll: number | undefined,
  baselineDrift: number | undefined,
): string {
  const lines: ReferenceLine[] = [
    { value: REFERENCE_GEOMEAN_ALL.evmoneWasm, label: `evmone WASM ${REFERENCE_GEOMEAN_ALL.evmoneWasm}x`, color: "#e08a00" },
    { value: REFERENCE_GEOMEAN_ALL.evmoneNative, label: `native ${REFERENCE_GEOMEAN_ALL.evmoneNative}x`, color: "#666" },
  ];
  if (geomeanAll !== undefined) lines.unshift({ value: geomeanAll, label: `ours ${figure(geomeanAll)}x`, color: "#1f5fbf" });
  return logBarChart({
    title: `Speedup over @ethereumjs/evm per program (log scale)${quick ? " -- QUICK MODE, not comparable" : ""}`,
    notes: [
      `ours: build/ovm.wasm vs @ethereumjs/evm 10.1.3 in one process on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)} (load ${machine.loadAtStart.toFixed(1)})`,
      `evmone bars: ${REFERENCE_SOURCE.file} figures (${REFERENCE_SOURCE.machine}, ${REFERENCE_SOURCE.date}), as ratios over that run's ethereumjs; absent where it has none`,
      "dashed lines: geometric means over all programs (ours: programs that passed the output and gas checks)",
      ...(baselineDrift === undefined
        ? []
        : [
            `ethereumjs ran here at ${times(baselineDrift)} its README figures (load, the reference runner's per-call cost): ` +
              (baselineDrift < 1
                ? `our bars may be up to ${times(1 / baselineDrift)} too long against the evmone bars`
                : `our bars may be up to ${times(baselineDrift)} too short against the evmone bars`),
          ]),
    ],
    axisLabel: "Mgas/s relative to @ethereumjs/evm (x)",
    categories: rows.map((row) => row.name),
    flagged: new Set(rows.filter((row) => row.problems.length > 0).map((row) => row.name)),
    series: [
      { name: "ours (WASM, measured)", color: "#1f5fbf", values: rows.map((row) => row.speedup) },
      { name: "evmone compiled to WASM (README)", color: "#e08a00", values: rows.map((row) => row.readme?.wasmOverEthereumjs) },
      { name: "evmone native (README)", color: "#999", values: rows.map((row) => row.readme?.nativeOverEthereumjs) },
    ],
    lines,
    valueSuffix: "x",
  });
}

/**
 * `--profile <program>`: our engine alone on one program, for `node --cpu-prof`. A bare program
 * name picks its first input ("snailtracer" is "snailtracer/benchmark").
 */
export async function profileProgram(selector: string, runs: number | undefined): Promise<void> {
  const programs = loadStandardPrograms();
  const program = programs.find((item) => item.name === selector) ?? programs.find((item) => item.program === selector);
  if (program === undefined) {
    throw new UsageError(`--profile: no program "${selector}"; one of:\n  ${programs.map((item) => item.name).join("\n  ")}`);
  }
  const subject = await createSubject(program);
  const first = await seconds(subject.runOurs);
  const observed = subject.lastOurs()!;
  const expected = program.expectedOutput === undefined ? "" : observed.output === bytesToHex(program.expectedOutput) ? ", expected output" : ", OUTPUT DIFFERS FROM EXPECTED";
  console.log(`profile ${program.name}: ${describe(observed)}${expected}; first run (with code analysis) ${first.toFixed(3)} s`);
  const total = runs ?? Math.max(20, Math.ceil(10 / Math.max(first, 1e-4)));
  const batch = Math.max(1, Math.round(total / 10));
  const gas = Number(observed.gasUsed);
  let done = 0;
  let elapsed = 0;
  while (done < total) {
    const count = Math.min(batch, total - done);
    const start = process.hrtime.bigint();
    for (let index = 0; index < count; index++) subject.runOurs();
    const spent = Number(process.hrtime.bigint() - start) / 1e9;
    done += count;
    elapsed += spent;
    console.log(`  ${String(done).padStart(7)} runs: ${figure((gas * count) / spent / 1e6)} Mgas/s`);
  }
  console.log(`profile ${program.name}: ${figure((gas * done) / elapsed / 1e6)} Mgas/s over ${done} runs (${elapsed.toFixed(2)} s)`);
}
