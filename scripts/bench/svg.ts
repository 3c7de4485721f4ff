/**
 * Hand-written SVG charts for docs/bench/: latency distributions (CDF, log time axis), ratios
 * against raw Temporal (bars, with the goal line) and series over a run (lines). No library: a
 * few rectangles, polylines and labels.
 */
import fs from 'node:fs';
import path from 'node:path';

const W = 640;
const H = 360;
const M = { left: 60, right: 150, top: 30, bottom: 45 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const text = (x: number, y: number, s: string, extra = '') => `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${extra}>${esc(s)}</text>`;

function frame(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    text(M.left, 18, title, 'font-size="13" font-weight="bold"'),
    ...body,
    '</svg>',
  ].join('\n');
}

function legend(names: string[]): string[] {
  return names.flatMap((n, i) => [
    `<rect x="${W - M.right + 10}" y="${M.top + i * 16}" width="10" height="10" fill="${COLOURS[i % COLOURS.length]}"/>`,
    text(W - M.right + 24, M.top + i * 16 + 9, n),
  ]);
}

/** Cumulative distribution of each series of latencies (ms, sorted), time on a log axis. */
export function cdfChart(title: string, series: { name: string; ms: number[] }[]): string {
  const all = series.flatMap((s) => s.ms).filter((x) => x > 0);
  const lo = Math.log10(Math.max(0.1, Math.min(...all)));
  const hi = Math.log10(Math.max(...all)) + 0.05;
  const x = (ms: number) => M.left + ((Math.log10(Math.max(ms, 0.1)) - lo) / (hi - lo || 1)) * (W - M.left - M.right);
  const y = (q: number) => H - M.bottom - q * (H - M.top - M.bottom);
  const body: string[] = [];
  for (let d = Math.floor(lo); d <= Math.ceil(hi); d++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** d;
      if (Math.log10(v) < lo || Math.log10(v) > hi) continue;
      body.push(
        `<line x1="${x(v)}" x2="${x(v)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`,
        text(x(v) - 8, H - M.bottom + 14, String(v)),
      );
    }
  }
  for (const q of [0, 0.5, 0.9, 0.99, 1])
    body.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(q)}" y2="${y(q)}" stroke="#eee"/>`,
      text(10, y(q) + 4, `p${Math.round(q * 100)}`),
    );
  series.forEach((s, i) => {
    const pts = s.ms.map((ms, k) => `${x(ms).toFixed(1)},${y((k + 1) / s.ms.length).toFixed(1)}`);
    body.push(`<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
  });
  body.push(text(M.left + 150, H - 10, 'latency, ms (log scale)'), ...legend(series.map((s) => `${s.name} (n=${s.ms.length})`)));
  return frame(title, body);
}

/** One bar per ratio, with the goal drawn as a dashed line at each bar. */
export function ratioChart(title: string, bars: { name: string; value: number; goal?: number }[]): string {
  const max = Math.max(1.6, ...bars.map((b) => Math.max(b.value, b.goal ?? 0))) * 1.1;
  const bw = (W - M.left - M.right) / bars.length;
  const y = (v: number) => H - M.bottom - (v / max) * (H - M.top - M.bottom);
  const body: string[] = [
    `<line x1="${M.left}" x2="${W - M.right}" y1="${y(1)}" y2="${y(1)}" stroke="#999"/>`,
    text(W - M.right + 4, y(1) + 4, 'raw = 1'),
  ];
  bars.forEach((b, i) => {
    const x0 = M.left + i * bw + bw * 0.15;
    body.push(
      `<rect x="${x0}" y="${y(b.value)}" width="${bw * 0.7}" height="${H - M.bottom - y(b.value)}" fill="${COLOURS[i % COLOURS.length]}"/>`,
    );
    body.push(text(x0, y(b.value) - 4, b.value.toFixed(2)), text(x0, H - M.bottom + 14, b.name, 'font-size="9"'));
    if (b.goal !== undefined)
      body.push(
        `<line x1="${x0 - 4}" x2="${x0 + bw * 0.7 + 4}" y1="${y(b.goal)}" y2="${y(b.goal)}" stroke="black" stroke-dasharray="4 3"/>`,
      );
  });
  body.push(text(W - M.right + 4, M.top + 10, '- - goal'));
  return frame(title, body);
}

/** Series of (x, y) points on linear axes, e.g. creation rate and worker RSS over the cases created. */
export function lineChart(title: string, xLabel: string, series: { name: string; points: [number, number][] }[]): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const xMax = Math.max(1, ...xs);
  const yMax = Math.max(1, ...ys) * 1.1;
  const x = (v: number) => M.left + (v / xMax) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const body: string[] = [];
  for (let k = 0; k <= 4; k++) {
    body.push(
      text(10, y((yMax * k) / 4) + 4, String(Math.round((yMax * k) / 4))),
      text(x((xMax * k) / 4) - 10, H - M.bottom + 14, String(Math.round((xMax * k) / 4))),
    );
    body.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y((yMax * k) / 4)}" y2="${y((yMax * k) / 4)}" stroke="#eee"/>`);
  }
  series.forEach((s, i) => {
    body.push(
      `<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5" points="${s.points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ')}"/>`,
    );
  });
  body.push(text(M.left + 150, H - 10, xLabel), ...legend(series.map((s) => s.name)));
  return frame(title, body);
}

export function writeChart(dir: string, name: string, svg: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), `${svg}\n`);
}
