// A small SVG writer for benchmark charts: elements as strings, and one chart type (horizontal
// grouped bars on a log axis), because speedups over a baseline span 1x to 10000x and a linear
// axis would flatten every program but the fastest. No dependency: the output is plain text.

export type Attributes = Record<string, string | number | undefined>;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char]!);
}

function formatAttributes(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(typeof value === "number" ? round(value) : value!)}"`)
    .join("");
}

/** Two decimals are finer than a pixel and keep the file diffable. */
function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export function element(name: string, attributes: Attributes = {}, children: string | string[] = []): string {
  const body = Array.isArray(children) ? children.join("") : children;
  return body === "" ? `<${name}${formatAttributes(attributes)}/>` : `<${name}${formatAttributes(attributes)}>${body}</${name}>`;
}

export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return element("text", { x, y, ...attributes }, escapeXml(content));
}

export function document(width: number, height: number, children: string[]): string {
  const root = element(
    "svg",
    { xmlns: "http://www.w3.org/2000/svg", width, height, viewBox: `0 0 ${round(width)} ${round(height)}`, "font-family": "sans-serif" },
    ["\n", ...children.map((child) => `${child}\n`)],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

export interface BarSeries {
  name: string;
  color: string;
  /** One value per category; undefined (or not positive) draws no bar. */
  values: (number | undefined)[];
}

export interface ReferenceLine {
  value: number;
  label: string;
  color: string;
}

export interface LogBarChart {
  title: string;
  /** Lines under the title: what was measured, where, when. */
  notes: string[];
  axisLabel: string;
  categories: string[];
  /** Categories drawn in red with a cross and faded bars (e.g. programs whose check failed). */
  flagged?: Set<string>;
  series: BarSeries[];
  /** Dashed vertical lines across the plot, e.g. geometric means. */
  lines?: ReferenceLine[];
  valueSuffix?: string;
}

const PLOT_WIDTH = 600;
const RIGHT_MARGIN = 60;
const BAR_HEIGHT = 8;
const GROUP_GAP = 9;
const NOTE_HEIGHT = 15;
const LEGEND_HEIGHT = 22;

function formatValue(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function formatTick(value: number): string {
  return value >= 1 ? String(Math.round(value)) : String(Number(value.toPrecision(1)));
}

/** Horizontal grouped bars, one group per category, on a log10 axis spanning whole decades. */
export function logBarChart(chart: LogBarChart): string {
  const positive = [...chart.series.flatMap((series) => series.values), ...(chart.lines ?? []).map((line) => line.value)].filter(
    (value): value is number => value !== undefined && value > 0 && Number.isFinite(value),
  );
  const lowDecade = Math.min(0, Math.floor(Math.log10(Math.min(...positive, 1))));
  const highDecade = Math.max(lowDecade + 1, Math.ceil(Math.log10(Math.max(...positive, 10))));

  const titleHeight = 28 + chart.notes.length * NOTE_HEIGHT;
  // One row per reference-line label: geometric means often sit close together.
  const lineLabelHeight = (chart.lines ?? []).length * 12 + 2;
  // Category labels are right-aligned against the axis; ~6.2 px per character at 11 px.
  const labelWidth = Math.max(120, ...chart.categories.map((category) => (category.length + 2) * 6.2 + 16));
  const x = (value: number) => labelWidth + ((Math.log10(value) - lowDecade) / (highDecade - lowDecade)) * PLOT_WIDTH;
  const top = titleHeight + LEGEND_HEIGHT + lineLabelHeight + 8;
  const groupHeight = chart.series.length * BAR_HEIGHT + GROUP_GAP;
  const plotHeight = chart.categories.length * groupHeight;
  // Notes are 11 px text at roughly 5.9 px a character; the chart widens rather than clip them.
  const width = Math.max(labelWidth + PLOT_WIDTH + RIGHT_MARGIN, ...chart.notes.map((note) => note.length * 5.9 + 24));
  const height = top + plotHeight + 48;
  const parts: string[] = [element("rect", { x: 0, y: 0, width, height, fill: "white" })];

  parts.push(text(12, 20, chart.title, { "font-size": 15, "font-weight": "bold" }));
  chart.notes.forEach((note, index) => parts.push(text(12, 38 + index * NOTE_HEIGHT, note, { "font-size": 11, fill: "#444" })));

  let legendX = labelWidth;
  for (const series of chart.series) {
    parts.push(element("rect", { x: legendX, y: titleHeight + 4, width: 12, height: 10, fill: series.color }));
    parts.push(text(legendX + 16, titleHeight + 13, series.name, { "font-size": 11 }));
    legendX += 34 + series.name.length * 6.6;
  }

  for (let decade = lowDecade; decade <= highDecade; decade++) {
    for (const step of decade < highDecade ? [1, 2, 5] : [1]) {
      const value = step * 10 ** decade;
      const gx = x(value);
      const major = step === 1;
      parts.push(element("line", { x1: gx, y1: top - 4, x2: gx, y2: top + plotHeight, stroke: major ? "#bbb" : "#e6e6e6", "stroke-width": 1 }));
      if (major || highDecade - lowDecade <= 3) {
        parts.push(text(gx, top + plotHeight + 14, `${formatTick(value)}${chart.valueSuffix ?? ""}`, { "font-size": 10, "text-anchor": "middle", fill: major ? "#333" : "#888" }));
      }
    }
  }
  parts.push(text(labelWidth + PLOT_WIDTH / 2, top + plotHeight + 34, chart.axisLabel, { "font-size": 11, "text-anchor": "middle" }));

  chart.categories.forEach((category, index) => {
    const groupTop = top + index * groupHeight;
    const flagged = chart.flagged?.has(category) ?? false;
    parts.push(
      text(labelWidth - 8, groupTop + (chart.series.length * BAR_HEIGHT) / 2 + 4, flagged ? `✗ ${category}` : category, {
        "font-size": 11,
        "text-anchor": "end",
        fill: flagged ? "#c00" : "#222",
      }),
    );
    chart.series.forEach((series, seriesIndex) => {
      const value = series.values[index];
      if (value === undefined || !(value > 0) || !Number.isFinite(value)) return;
      const y = groupTop + seriesIndex * BAR_HEIGHT;
      const end = Math.max(x(value), labelWidth + 1);
      parts.push(element("rect", { x: labelWidth, y, width: end - labelWidth, height: BAR_HEIGHT - 1, fill: series.color, "fill-opacity": flagged ? 0.35 : undefined }, element("title", {}, escapeXml(`${category}, ${series.name}: ${formatValue(value)}${chart.valueSuffix ?? ""}`))));
      parts.push(text(end + 3, y + BAR_HEIGHT - 1.5, formatValue(value), { "font-size": 8, fill: "#333" }));
    });
  });

  [...(chart.lines ?? [])].sort((left, right) => left.value - right.value).forEach((line, index) => {
    const lx = x(line.value);
    const labelY = top - 7 - index * 12;
    parts.push(element("line", { x1: lx, y1: labelY + 2, x2: lx, y2: top + plotHeight, stroke: line.color, "stroke-width": 1.2, "stroke-dasharray": "4 3" }));
    parts.push(text(lx, labelY, line.label, { "font-size": 10, "text-anchor": "middle", fill: line.color, "font-weight": "bold" }));
  });

  parts.push(element("line", { x1: labelWidth, y1: top - 4, x2: labelWidth, y2: top + plotHeight, stroke: "#333", "stroke-width": 1 }));
  return document(width, height, parts);
}
