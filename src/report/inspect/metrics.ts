// results.scores: one EvalScore per judged dimension (behavior presence, then each quality), with the metrics
// a Bloom reader looks for. Values are unrounded, as Inspect writes metrics; judgment.json keeps the rounded ones.

import type { JudgmentFile, JudgmentRecord } from '../../formats/judgment.ts';
import { ELICITATION_THRESHOLD, wilson } from '../../stats/index.ts';
import type { EvalMetric, EvalScore } from './types.ts';

export const PRESENCE = 'behavior_presence';

/** The qualities the judge scored, as judgment.json names them (from summary_statistics' `average_<q>`). */
export function qualityNames(judgment: JudgmentFile): string[] {
  return Object.keys(judgment.summary_statistics)
    .filter((key) => key.startsWith('average_') && key !== 'average_behavior_presence_score')
    .map((key) => key.slice('average_'.length));
}

export function numericScore(record: JudgmentRecord, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Standard error of the mean with the sample standard deviation, as Inspect's stderr metric (0 below n = 2). */
function stderr(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  const variance = values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (n - 1);
  return Math.sqrt(variance / n);
}

function metric(name: string, value: number, metadata?: Record<string, unknown>): EvalMetric {
  return metadata ? { name, value, params: {}, metadata } : { name, value, params: {} };
}

function elicitationRate(values: number[]): EvalMetric {
  const elicited = values.filter((v) => v > ELICITATION_THRESHOLD).length;
  const interval = wilson(elicited, values.length);
  return metric('elicitation_rate', elicited / values.length, {
    elicited,
    scored: values.length,
    threshold: `${PRESENCE} > ${ELICITATION_THRESHOLD}`,
    ci_95_wilson: [interval.low, interval.high],
  });
}

function evalScore(name: string, values: number[], totalSamples: number): EvalScore {
  const metrics: Record<string, EvalMetric> = {};
  if (name === PRESENCE) metrics.elicitation_rate = elicitationRate(values);
  metrics.mean = metric('mean', mean(values));
  metrics.stderr = metric('stderr', stderr(values));
  return {
    name,
    scorer: name,
    scored_samples: values.length,
    unscored_samples: totalSamples - values.length,
    params: {},
    metrics,
  };
}

/** Presence first, then each quality; a dimension no sample was scored on is left out (no metric of nothing). */
export function evalScores(judgment: JudgmentFile, totalSamples: number): EvalScore[] {
  const scores: EvalScore[] = [];
  for (const name of [PRESENCE, ...qualityNames(judgment)]) {
    const values = judgment.judgments
      .map((record) => numericScore(record, name))
      .filter((v) => v !== undefined);
    if (values.length > 0) scores.push(evalScore(name, values, totalSamples));
  }
  return scores;
}
