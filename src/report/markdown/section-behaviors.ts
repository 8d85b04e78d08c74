// The behaviors table: per behavior its rate with interval, the baseline, the change with its interval, the
// status, the reason, the trend and how many transcripts were scored, unscoreable or failed.

import { markdownTable } from 'markdown-table';
import type { GateResult, HistoryEntry } from '../../gate/types.ts';
import { cell, inline } from './escape.ts';
import type { RunFigures } from './figures.ts';
import { figuresOf } from './figures.ts';
import { changeCell, count, percent, points, rateCell } from './numbers.ts';
import type { BehaviorRow } from './rows.ts';
import { trendCell, trendPoints } from './trend.ts';
import type { ReportSection, RowStatus } from './types.ts';

const STATUS_LABEL: Record<RowStatus, string> = {
  regressed: '❌ regressed',
  'judge-drift': '⚠️ judge drift',
  error: '⚠️ error',
  inconclusive: '❔ inconclusive',
  'not-comparable': '➖ not comparable',
  improved: '✅ improved',
  pass: '✅ pass',
};

function scoredCell(row: BehaviorRow): string {
  const figures = figuresOf(row);
  if (!figures) return '—';
  return `${count(figures.n)} (${count(figures.unscoreable)} unscoreable, ${count(figures.failed)} failed)`;
}

/** Nothing scored has no rate: a dash, not a confident-looking 0%. */
function rateText(figures: RunFigures | null): string {
  if (!figures || figures.n === 0) return '—';
  return figures.interval ? rateCell(figures.rate, figures.interval) : percent(figures.rate);
}

function tableRow(row: BehaviorRow, history: readonly HistoryEntry[]): string[] {
  const figures = figuresOf(row);
  const baseline = row.result?.baseline;
  const comparison = row.result?.comparison;
  return [
    cell(row.behavior, 80),
    STATUS_LABEL[row.status],
    rateText(figures),
    baseline ? rateCell(baseline.rate, baseline.interval) : '—',
    comparison ? changeCell(comparison.change, comparison.interval) : '—',
    cell(row.reason, 300),
    trendCell(trendPoints(history, row.behavior)),
    scoredCell(row),
  ];
}

function rulesLine(gate: GateResult): string {
  const { max_increase, max_rate, alpha } = gate.options;
  const cap = max_rate === null ? '' : `, rate cap ${percent(max_rate)}`;
  const confidence = `${Math.round((1 - alpha) * 100)}%`;
  const base = gate.baseline;
  const commit = base?.commit ? ` from commit ${inline(base.commit.slice(0, 12), 40)}` : '';
  const recorded = base
    ? ` Baseline${commit}, recorded ${inline(base.created_at, 40)}.`
    : ' No baseline yet.';
  return (
    `Increases under ${points(max_increase)} points tolerated, alpha ${alpha} (Holm across behaviors)${cap}; change ` +
    `intervals at ${confidence}.${recorded}`
  );
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

export function behaviorsSection(
  rows: readonly BehaviorRow[],
  gate: GateResult | null,
  history: readonly HistoryEntry[],
): ReportSection {
  const table = markdownTable(
    [
      ['Behavior', 'Status', 'Rate (95% CI)', 'Baseline', 'Change (CI)', 'Reason', 'Trend', 'Scored'],
      ...rows.map((row) => tableRow(row, history)),
    ],
    { alignDelimiters: false },
  );
  const notes = [
    gate ? rulesLine(gate) : 'No baseline yet: nothing was compared with an earlier run.',
    exclusionsLine(rows),
  ].filter((line): line is string => line !== null);
  return { id: 'behaviors', title: 'Behaviors', markdown: [table, ...notes].join('\n\n') };
}
