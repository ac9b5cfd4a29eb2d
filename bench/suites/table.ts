// Tables printed as Markdown with padded columns: readable in a terminal and a CI log, and
// pasteable into bench/README.md unchanged.

export type Align = "left" | "right";

export function markdownTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const pad = (cell: string, column: number) =>
    align[column] === "right" ? cell.padStart(widths[column]) : cell.padEnd(widths[column]);
  const line = (cells: string[]) => `| ${cells.map((cell, column) => pad(cell, column)).join(" | ")} |`;
  const rule = `|${widths.map((width, column) => (align[column] === "right" ? `${"-".repeat(width + 1)}:` : "-".repeat(width + 2))).join("|")}|`;
  return [line(headers), rule, ...rows.map((row) => line(headers.map((_, column) => row[column] ?? "")))].join("\n");
}

/** Three significant digits at most: the machine's noise (about ±20%) makes more meaningless. */
export function figure(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "-";
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

export function times(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "-" : `${figure(value)}x`;
}

export function geometricMean(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}
