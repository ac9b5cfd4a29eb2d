// Two ways to time one run of a program: benny (benchmark.js statistics) for everything that
// finishes in well under a second, and a fixed-repetition hrtime loop for programs whose runs take
// seconds, where benchmark.js' minimum of 5 samples plus its calibration would spend minutes per case.
import b from "benny";

type CycleFn = NonNullable<Parameters<typeof b.cycle>[0]>;
export type BennyCaseResult = Parameters<CycleFn>[0];
export type BennySummary = Parameters<CycleFn>[1];

export type TimingMethod = "benny" | "hrtime";

export interface Timing {
  method: TimingMethod;
  /** Mean wall time of one run, seconds. */
  meanSeconds: number;
  /** benny: benchmark.js samples (each the mean of a batch of runs); hrtime: repetitions. */
  samples: number;
  /** benny only: relative margin of error of the mean, percent. */
  rme?: number;
  /** hrtime only: the mean run time of each block, seconds. */
  runs?: number[];
  /** hrtime only: runs in each block. */
  runsPerSample?: number;
}

export interface TimedCase {
  name: string;
  run: () => void | Promise<void>;
}

export interface BennyOptions {
  minSamples: number;
  maxTime: number;
}

/**
 * benny calls an async case function twice while preparing it, without awaiting the first call,
 * so two runs would share one EVM's state checkpoints; chaining every call keeps them one at a time.
 */
export function oneAtATime(run: () => Promise<void>): () => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return () => {
    const next = tail.then(run);
    tail = next.catch(() => undefined);
    return next;
  };
}

/** Times every case in one benny suite; the raw benny summary is saved as `<folder>/<file>.json`. */
export async function timeWithBenny(
  suiteName: string,
  cases: TimedCase[],
  options: BennyOptions & { folder: string; file: string; onCase?: (result: BennyCaseResult) => void },
): Promise<Map<string, Timing>> {
  const timings = new Map<string, Timing>();
  if (cases.length === 0) return timings;
  const caseOptions = { minSamples: options.minSamples, maxTime: options.maxTime };
  await b.suite(
    suiteName,
    ...cases.map((item) => b.add(item.name, item.run, caseOptions)),
    // One line per finished case instead of benny's redrawn progress block, which turns into
    // hundreds of lines in a CI log.
    b.cycle((result) => {
      timings.set(result.name, {
        method: "benny",
        meanSeconds: result.details.mean,
        samples: result.samples,
        rme: result.details.relativeMarginOfError,
      });
      options.onCase?.(result);
      return undefined;
    }),
    b.complete(() => undefined),
    b.save({ file: options.file, folder: options.folder, format: "json", details: true }),
  );
  return timings;
}

export interface PairedCase {
  run: () => void | Promise<void>;
  /** Duration of one earlier run, seconds: sets how many runs make one block. */
  estimateSeconds: number;
}

/**
 * Times two engines on the same program in alternating blocks (A, B, A, B, ...), each block at
 * least `minBlockSeconds` long (or one run), so that both see the same load from other processes
 * on this shared machine. The caller has already warmed both up.
 */
export async function timePaired(cases: PairedCase[], repetitions: number, minBlockSeconds: number): Promise<Timing[]> {
  const blocks = cases.map(() => [] as number[]);
  const perBlock = cases.map((item) => Math.max(1, Math.ceil(minBlockSeconds / Math.max(item.estimateSeconds, 1e-6))));
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (const [index, item] of cases.entries()) {
      const start = process.hrtime.bigint();
      for (let run = 0; run < perBlock[index]; run++) await item.run();
      blocks[index].push(Number(process.hrtime.bigint() - start) / 1e9 / perBlock[index]);
    }
  }
  return blocks.map((runs, index) => ({
    method: "hrtime" as const,
    meanSeconds: runs.reduce((sum, seconds) => sum + seconds, 0) / runs.length,
    samples: runs.length,
    runsPerSample: perBlock[index],
    runs,
  }));
}
