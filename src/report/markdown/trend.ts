// The trend from history.jsonl in two forms GitHub renders:
// - a unicode sparkline in the behaviors table: a few characters, shown everywhere markdown is (comments, job
//   summaries, e-mail notifications, the mobile app), and it survives truncation with the table;
// - a ```mermaid xychart-beta``` line chart per behavior with axes and values: rendered only on github.com's
//   web pages (elsewhere it reads as code), so it lives in its own section, dropped first when space is short.
// Runs of another suite, judge or rollout settings (config) or target measure something else: the trend breaks
// there instead of joining them. The sparkline marks a break with ¦; the chart draws only the latest stretch and
// says what came before.

import type { HistoryEntry } from '../../formats/history.ts';
import { percent } from './numbers.ts';

const BARS = '▁▂▃▄▅▆▇█';
/** Where the sparkline marks a break between runs that cannot be compared. */
export const TREND_BREAK = '¦';
/** The most recent points shown: enough to see a drift, few enough to stay compact. */
export const MAX_TREND_POINTS = 20;
/** The table's sparkline shows fewer, so the table fits a comment's width; the chart shows them all. */
export const SPARKLINE_POINTS = 12;
/** The sparkline's top is the first of these at or above the highest rate: 0-based, and a steady 10% stays low. */
const SPARK_TOPS = [0.25, 0.5, 1];
/** A line colour that reads on GitHub's white and its dark background alike (mermaid's default is near white). */
export const TREND_LINE_COLOUR = '#1f6feb';

/** A behavior's points, oldest first, at most MAX_TREND_POINTS, dropping entries with no usable rate. */
export function trendPoints(history: readonly HistoryEntry[], behavior: string): HistoryEntry[] {
  return history
    .filter((e) => e.behavior === behavior && Number.isFinite(e.rate))
    .map((entry, order) => ({ entry, order, time: Date.parse(entry.time) }))
    .sort((a, b) => (a.time || 0) - (b.time || 0) || a.order - b.order)
    .map(({ entry }) => entry)
    .slice(-MAX_TREND_POINTS);
}

type Identity = Pick<HistoryEntry, 'suite_hash' | 'config_hash' | 'target_id'>;

const IDENTITY_WORDS: [keyof Identity, string][] = [
  ['suite_hash', 'the scenarios'],
  ['config_hash', 'the judge or rollout settings'],
  ['target_id', 'the target'],
];

/** What differs between two runs' identities, in words ("the target"); empty when comparable. */
export function identityChange(a: Identity, b: Identity): string[] {
  return IDENTITY_WORDS.filter(([key]) => a[key] !== b[key]).map(([, words]) => words);
}

/** Consecutive runs of one suite, config and target; a new stretch starts where any of them changed. */
export function trendSegments(points: readonly HistoryEntry[]): HistoryEntry[][] {
  const segments: HistoryEntry[][] = [];
  for (const point of points) {
    const current = segments.at(-1);
    const last = current?.at(-1);
    if (current && last && identityChange(last, point).length === 0) current.push(point);
    else segments.push([point]);
  }
  return segments;
}

/** Bars from 0 to a fixed top (25%, 50% or 100%), so a bar's height is its rate, never a min-max stretch. */
export function sparkline(rates: readonly number[]): string {
  const highest = Math.max(0, ...rates);
  const top = SPARK_TOPS.find((t) => highest <= t) ?? 1;
  return rates.map((rate) => BARS[Math.round((Math.min(Math.max(rate, 0), top) / top) * 7)]).join('');
}

/** The table's trend cell: `—` with fewer than two runs, else the sparkline with a break mark between stretches. */
export function trendCell(all: readonly HistoryEntry[]): string {
  const points = all.slice(-SPARKLINE_POINTS);
  if (points.length < 2) return '—';
  const top = sparkline(points.map((p) => p.rate));
  const marks = [...top];
  const segments = trendSegments(points);
  let at = 0;
  const parts = segments.map((segment) => {
    const part = marks.slice(at, at + segment.length).join('');
    at += segment.length;
    return part;
  });
  return parts.join(TREND_BREAK);
}

/** A seven-hex-digit commit, or null when the field is anything else (it goes into chart syntax). */
function shortCommit(commit: string | null): string | null {
  return commit && /^[0-9a-f]{7,40}$/i.test(commit) ? commit.slice(0, 7).toLowerCase() : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Nov 3` in UTC, or null for an unreadable time. */
function shortDate(time: string): string | null {
  const t = new Date(time);
  return Number.isNaN(t.getTime()) ? null : `${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()}`;
}

/** X labels: each run's short commit, else its date, else its number; repeats get (2), (3). */
function xLabels(points: readonly HistoryEntry[]): string[] {
  const seen = new Map<string, number>();
  return points.map((p, i) => {
    const label = shortCommit(p.commit) ?? shortDate(p.time) ?? `run ${i + 1}`;
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}

/** Only characters that cannot end a quoted mermaid string or start a directive. */
function chartText(text: string): string {
  return text.replace(/[^\w .-]/g, ' ').slice(0, 80);
}

/** A mermaid xychart-beta line chart in percent of one stretch of comparable runs; null with fewer than two. */
export function trendChart(behavior: string, points: readonly HistoryEntry[]): string | null {
  if (points.length < 2) return null;
  const values = points.map((p) => Math.min(Math.max(p.rate, 0), 1) * 100);
  // The axis ends at the next 10 above the highest point: low rates stay readable, 0 stays the floor.
  const top = Math.min(100, Math.max(10, Math.ceil(Math.max(...values) / 10) * 10));
  const init = {
    xyChart: { width: 640, height: 260 },
    themeVariables: { xyChart: { plotColorPalette: TREND_LINE_COLOUR } },
  };
  return [
    '```mermaid',
    `%%{init: ${JSON.stringify(init)}}%%`,
    'xychart-beta',
    `  title "${chartText(behavior)} rate (%)"`,
    `  x-axis [${xLabels(points)
      .map((l) => `"${l}"`)
      .join(', ')}]`,
    `  y-axis "rate (%)" 0 --> ${top}`,
    `  line [${values.map((v) => v.toFixed(1)).join(', ')}]`,
    '```',
  ].join('\n');
}

/** `30.0% → 36.0%` over a stretch. */
export function trendRange(points: readonly HistoryEntry[]): string {
  const first = points[0];
  const last = points.at(-1);
  return first && last ? `${percent(first.rate)} → ${percent(last.rate)}` : '—';
}
