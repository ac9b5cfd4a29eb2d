// A hand-written progress bar on stderr (no dependency for it): redrawn in place on a terminal, at
// most every 80 ms; a plain line per quarter otherwise, so CI logs stay short.
export class ProgressBar {
  private lastDraw = 0;
  private lastQuarter = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly label: string, private total: number) {}

  update(done: number, note = "", total = this.total): void {
    this.total = total;
    const now = performance.now();
    const finished = done >= total;
    if (this.tty) {
      if (!finished && now - this.lastDraw < 80) return;
      this.lastDraw = now;
      const width = 30;
      const filled = total === 0 ? width : Math.round((width * done) / total);
      const bar = "#".repeat(filled) + "-".repeat(width - filled);
      process.stderr.write(`\r${this.label.padEnd(26)} [${bar}] ${String(done).padStart(String(total).length)}/${total} ${note}\x1b[K`);
      if (finished) process.stderr.write("\n");
      return;
    }
    const quarter = total === 0 ? 4 : Math.floor((4 * done) / total);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      process.stderr.write(`${this.label}: ${done}/${total} ${note}\n`);
    }
  }
}

/** mulberry32: a small seeded generator, so demos and benchmarks sign the same transactions every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
