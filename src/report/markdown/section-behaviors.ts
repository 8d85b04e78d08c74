// The behaviors table, one line per behavior, read in seconds: status, rate, baseline and change, each with its
// interval, and the trend when there is one. Why each behavior got its status is in the next section, folded.
// Under the table only what no reader may miss: what was left out of the rates, and moving model aliases.

import { markdownTable } from 'markdown-table';
import type { HistoryEntry } from '../../formats/history.ts';
import { cell, inline } from './escape.ts';
import type { RunFigures } from './figures.ts';
import { figuresOf } from './figures.ts';
import { changeCell, count, percent, rateCell } from './numbers.ts';
import type { BehaviorRow } from './rows.ts';
import { setting } from './settings.ts';
import { statusLabel } from './status.ts';
import { trendCell, trendPoints } from './trend.ts';
import type { ReportFront, ReportInput, ReportSection } from './types.ts';

/** Nothing scored has no rate: a dash, not a confident-looking 0%. */
function rateText(figures: RunFigures | null): string {
  if (!figures || figures.n === 0) return '—';
  return figures.interval ? rateCell(figures.rate, figures.interval) : percent(figures.rate);
}

function tableRow(row: BehaviorRow, history: readonly HistoryEntry[] | null): string[] {
  const baseline = row.result?.baseline;
  const comparison = row.result?.comparison;
  const cells = [
    cell(row.behavior, 80),
    statusLabel(row.status),
    rateText(figuresOf(row)),
    baseline ? percent(baseline.rate) : '—',
    comparison ? changeCell(comparison.change, comparison.interval) : '—',
  ];
  if (history) cells.push(trendCell(trendPoints(history, row.behavior)));
  return cells;
}

function exclusionsLine(rows: readonly BehaviorRow[]): string | null {
  let failed = 0;
  let unscoreable = 0;
  for (const row of rows) {
    const figures = figuresOf(row);
    failed += figures?.failed ?? 0;
    unscoreable += figures?.unscoreable ?? 0;
  }
  if (failed === 0 && unscoreable === 0) return null;
  return (
    `⚠️ Left out of the rates (never counted as 0): ${count(failed)} failed rollout${failed === 1 ? '' : 's'} ` +
    `or judge call${failed === 1 ? '' : 's'}, ${count(unscoreable)} unscoreable ` +
    `transcript${unscoreable === 1 ? '' : 's'}.`
  );
}

function noBaselineLine(front: ReportFront): string {
  return front === 'cli'
    ? `No baseline yet: nothing was compared with an earlier run (pass ${setting(front, 'baseline')}; ${setting(front, 'max-rate')} caps the rate without one).`
    : `No baseline yet: nothing was compared with an earlier run (runs on the default branch record one; ${setting(front, 'max-rate')} caps the rate meanwhile).`;
}

export function behaviorsSection(rows: readonly BehaviorRow[], input: ReportInput): ReportSection {
  const history = input.history ?? [];
  // The trend column only when some behavior has a trend to draw.
  const withTrend = rows.some((r) => trendPoints(history, r.behavior).length > 1) ? history : null;
  const header = ['Behavior', 'Status', 'Rate (95% CI)', 'Baseline', 'Change, pts (CI)'];
  if (withTrend) header.push('Trend');
  const table = markdownTable([header, ...rows.map((row) => tableRow(row, withTrend))], {
    alignDelimiters: false,
  });
  const warnings = (input.gate?.warnings ?? input.warnings ?? []).map((w) => `⚠️ ${inline(w, 400)}`);
  const notes = [
    input.gate ? null : noBaselineLine(input.front ?? 'action'),
    exclusionsLine(rows),
    ...warnings,
  ].filter((line): line is string => line !== null);
  return { id: 'behaviors', title: 'Behaviors', markdown: [table, ...notes].join('\n\n') };
}
