// Two ways to time one run of a program: benny (benchmark.js statistics) for everything that
// finishes in well under a second, and a fixed-repetition hrtime loop for runs that take seconds,
// where benchmark.js' minimum of 5 samples plus its calibration would spend minutes per case.
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
  /** hrtime only: each repetition, seconds. */
  runs?: number[];
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

/** Runs `run` `repetitions` times back to back; the caller has already warmed it up. */
export async function timeWithLoop(run: () => void | Promise<void>, repetitions: number): Promise<Timing> {
  const runs: number[] = [];
  for (let index = 0; index < repetitions; index++) {
    const start = process.hrtime.bigint();
    await run();
    runs.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return {
    method: "hrtime",
    meanSeconds: runs.reduce((sum, seconds) => sum + seconds, 0) / runs.length,
    samples: runs.length,
    runs,
  };
}
