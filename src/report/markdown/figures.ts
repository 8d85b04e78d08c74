// A behavior's own figures for this run: from the gate's candidate summary when there is one, else from
// judgment.json's summary_statistics (a behavior that failed part-way may still have those).

import type { Interval } from '../../formats/baseline.ts';
import type { SummaryStatistics } from '../../formats/judgment.ts';
import type { BehaviorRow } from './rows.ts';

export interface RunFigures {
  n: number;
  rate: number;
  interval: Interval | null;
  unscoreable: number;
  failed: number;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function statisticsInterval(stats: SummaryStatistics): Interval | null {
  const ci = stats.elicitation_rate_ci;
  if (!Array.isArray(ci) || typeof ci[0] !== 'number' || typeof ci[1] !== 'number') return null;
  return { low: ci[0], high: ci[1] };
}

export function figuresOf(row: BehaviorRow): RunFigures | null {
  const candidate = row.result?.candidate;
  if (candidate) {
    const { n, rate, interval, unscoreable, failed } = candidate;
    return { n, rate, interval, unscoreable, failed };
  }
  const stats = row.details.statistics;
  if (!stats) return null;
  return {
    n: numberOr(stats.total_judgments, 0),
    rate: numberOr(stats.elicitation_rate, 0),
    interval: statisticsInterval(stats),
    unscoreable: numberOr(stats.unscoreable_count, 0),
    failed: numberOr(stats.failed_rollout_count, 0),
  };
}
