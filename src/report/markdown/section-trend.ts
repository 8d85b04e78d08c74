// The trend charts, one per behavior whose latest stretch of comparable runs has at least two points (see
// trend.ts for why both a sparkline and a mermaid chart, and why stretches). None at all: no section.

import type { HistoryEntry } from '../../formats/history.ts';
import { inline } from './escape.ts';
import { count } from './numbers.ts';
import type { BehaviorRow } from './rows.ts';
import { identityChange, trendChart, trendPoints, trendRange, trendSegments } from './trend.ts';
import type { ReportSection } from './types.ts';

/** Where the latest stretch began and why: "3 earlier runs not joined: the target changed at commit abc1234". */
function breakNote(segments: readonly HistoryEntry[][]): string | null {
  const latest = segments.at(-1);
  const previous = segments.at(-2);
  if (!latest?.[0] || !previous?.at(-1)) return null;
  const earlier = segments.slice(0, -1).reduce((n, s) => n + s.length, 0);
  const changed = identityChange(previous.at(-1) as HistoryEntry, latest[0]).join(' and ');
  const commit = latest[0].commit ? ` at commit ${inline(latest[0].commit.slice(0, 7), 20)}` : '';
  return `${count(earlier)} earlier run${earlier === 1 ? '' : 's'} not joined: ${changed} changed${commit}.`;
}

function behaviorTrend(behavior: string, history: readonly HistoryEntry[]): string | null {
  const segments = trendSegments(trendPoints(history, behavior));
  const latest = segments.at(-1) ?? [];
  const chart = trendChart(behavior, latest);
  if (!chart) return null;
  const title = `**${inline(behavior, 80)}** · ${trendRange(latest)} over ${count(latest.length)} runs`;
  return [title, chart, breakNote(segments)].filter((p): p is string => p !== null).join('\n\n');
}

export function trendSection(
  rows: readonly BehaviorRow[],
  history: readonly HistoryEntry[],
): ReportSection | null {
  const charts = rows
    .map((row) => behaviorTrend(row.behavior, history))
    .filter((c): c is string => c !== null);
  if (charts.length === 0) return null;
  return { id: 'trend', title: 'Trend', markdown: ['### Trend', ...charts].join('\n\n') };
}
