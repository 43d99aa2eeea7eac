import { escapeHtml as esc } from './escape.js';

/** Small inline SVG charts for the HTML report: no library, no network. */

/** Red (0) through amber to green (1), readable behind dark text. */
export function scoreColor(score: number, lightness = 82): string {
  const hue = Math.round(Math.max(0, Math.min(1, score)) * 125);
  return `hsl(${hue} 70% ${lightness}%)`;
}

const fmt = (value: number) => value.toFixed(3);

/** Horizontal grid lines at the given values of a 0–1 y axis, labelled on the left. */
function horizontalGrid(values: readonly number[], left: number, width: number, y: (value: number) => number): string {
  return values
    .map((v) => `<line x1="${left}" x2="${left + width}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${v}</text>`)
    .join('');
}

export interface BarRow {
  readonly label: string;
  readonly value: number;
  readonly lower?: number;
  readonly upper?: number;
  readonly note?: string;
}

/** Horizontal bars on a 0–1 scale, with the 95% interval drawn as a whisker. */
export function barChart(rows: readonly BarRow[], options: { width?: number; labelWidth?: number } = {}): string {
  const width = options.width ?? 640;
  const labelWidth = options.labelWidth ?? 130;
  const valueWidth = 120;
  const plot = width - labelWidth - valueWidth;
  const rowHeight = 26;
  const top = 8;
  const height = top + rows.length * rowHeight + 22;
  const x = (value: number) => labelWidth + Math.max(0, Math.min(1, value)) * plot;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (tick) =>
        `<line x1="${x(tick)}" x2="${x(tick)}" y1="${top - 4}" y2="${height - 18}" class="grid"/>` +
        `<text x="${x(tick)}" y="${height - 4}" text-anchor="middle" class="tick">${tick}</text>`,
    )
    .join('');
  const bars = rows
    .map((row, index) => {
      const y = top + index * rowHeight;
      const whisker =
        row.lower === undefined || row.upper === undefined
          ? ''
          : `<line x1="${x(row.lower)}" x2="${x(row.upper)}" y1="${y + 10}" y2="${y + 10}" class="whisker"/>` +
            `<line x1="${x(row.lower)}" x2="${x(row.lower)}" y1="${y + 5}" y2="${y + 15}" class="whisker"/>` +
            `<line x1="${x(row.upper)}" x2="${x(row.upper)}" y1="${y + 5}" y2="${y + 15}" class="whisker"/>`;
      const title = row.lower === undefined || row.upper === undefined ? fmt(row.value) : `${fmt(row.value)} (95% ${fmt(row.lower)}–${fmt(row.upper)})`;
      return (
        `<g><title>${esc(`${row.label}: ${title}`)}</title>` +
        `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end" class="label">${esc(row.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, x(row.value) - labelWidth)}" height="14" rx="3" fill="${scoreColor(row.value, 55)}"/>` +
        whisker +
        `<text x="${labelWidth + plot + 8}" y="${y + 14}" class="value">${fmt(row.value)}${row.note ? ` ${esc(row.note)}` : ''}</text></g>`
      );
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${ticks}${bars}</svg>`;
}

/** pass^k against k: how fast "every one of k runs passes" falls. */
export function passCurve(values: readonly number[]): string {
  const width = 320;
  const height = 180;
  const left = 36;
  const bottom = 28;
  const plotW = width - left - 16;
  const plotH = height - bottom - 12;
  const x = (index: number) => left + (values.length <= 1 ? plotW / 2 : (index / (values.length - 1)) * plotW);
  const y = (value: number) => 12 + (1 - value) * plotH;
  const grid = horizontalGrid([0, 0.5, 1], left, plotW, y);
  const points = values.map((value, index) => `${x(index)},${y(value)}`).join(' ');
  const dots = values
    .map(
      (value, index) =>
        `<circle cx="${x(index)}" cy="${y(value)}" r="4" class="dot"><title>pass^${index + 1} = ${fmt(value)}</title></circle>` +
        `<text x="${x(index)}" y="${height - 10}" text-anchor="middle" class="tick">k=${index + 1}</text>` +
        `<text x="${x(index)}" y="${y(value) - 8}" text-anchor="middle" class="value">${value.toFixed(2)}</text>`,
    )
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${grid}<polyline points="${points}" class="line"/>${dots}</svg>`;
}

export interface ScatterPoint {
  readonly label: string;
  readonly x: number;
  readonly y: number;
}

/** Task score (y, 0–1) against what the task cost (x). */
export function scatter(points: readonly ScatterPoint[], xLabel: string, formatX: (value: number) => string): string {
  const width = 640;
  const height = 300;
  const left = 48;
  const bottom = 44;
  const plotW = width - left - 24;
  const plotH = height - bottom - 16;
  const maxX = Math.max(...points.map((p) => p.x), 0) || 1;
  const x = (value: number) => left + (value / maxX) * plotW;
  const y = (value: number) => 16 + (1 - value) * plotH;
  const grid =
    horizontalGrid([0, 0.25, 0.5, 0.75, 1], left, plotW, y) +
    [0, 0.5, 1].map((f) => `<text x="${x(f * maxX)}" y="${height - 24}" text-anchor="middle" class="tick">${esc(formatX(f * maxX))}</text>`).join('');
  const dots = points
    .map(
      (p) =>
        `<g><title>${esc(`${p.label}: score ${fmt(p.y)}, ${formatX(p.x)}`)}</title><circle cx="${x(p.x)}" cy="${y(p.y)}" r="6" fill="${scoreColor(p.y, 50)}" class="point"/>` +
        // Labels of points on the right half go to their left, so none runs off the chart.
        (p.x > maxX / 2
          ? `<text x="${x(p.x) - 9}" y="${y(p.y) + 4}" text-anchor="end" class="point-label">${esc(p.label)}</text></g>`
          : `<text x="${x(p.x) + 9}" y="${y(p.y) + 4}" class="point-label">${esc(p.label)}</text></g>`),
    )
    .join('');
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${grid}${dots}` +
    `<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" class="axis-label">${esc(xLabel)}</text>` +
    `<text x="12" y="${16 + plotH / 2}" text-anchor="middle" class="axis-label" transform="rotate(-90 12 ${16 + plotH / 2})">task score</text></svg>`
  );
}

/** Counts as horizontal bars, longest first; `colors` picks a bar colour by name. */
export function countBars(entries: ReadonlyArray<readonly [string, number]>, colors: Readonly<Record<string, string>> = {}): string {
  if (entries.length === 0) return '<p class="muted">None.</p>';
  const max = Math.max(...entries.map(([, n]) => n));
  return `<div class="count-bars">${[...entries]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([name, n]) =>
        `<div class="count-row"><span class="count-name">${esc(name)}</span><span class="count-bar" style="width:${Math.max(4, (n / max) * 100)}%${colors[name] ? `;background:${colors[name]}` : ''}"></span><span class="count-n">${n}</span></div>`,
    )
    .join('')}</div>`;
}
