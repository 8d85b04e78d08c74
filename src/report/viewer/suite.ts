// The suite's figures, recomputed from the rows (so ours and Python Bloom's files read the same): the
// elicitation rate with its Wilson interval, counts, quality averages, and the meta-judgment.

import type { BehaviorFolder } from '../../formats/results-folder.ts';
import { ELICITATION_THRESHOLD } from '../../stats/summary.ts';
import { wilson } from '../../stats/wilson.ts';
import type { RolloutRow, SuiteView } from './types.ts';

function mean(values: number[]): number | null {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}

/** The meta-judge's <report> section, else its whole response. */
export function metaReport(response: unknown): string {
  if (typeof response !== 'string') return '';
  const match = /<report>([\s\S]*?)<\/report>/.exec(response);
  return (match ? (match[1] as string) : response).trim();
}

function metaScores(scores: unknown): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (typeof scores !== 'object' || scores === null) return out;
  for (const [key, value] of Object.entries(scores)) {
    out[key.replace(/^meta_/, '')] = typeof value === 'number' ? value : null;
  }
  return out;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function buildSuite(files: BehaviorFolder, rows: RolloutRow[], qualities: string[]): SuiteView {
  const presence = rows.map((r) => r.presence).filter((p): p is number => p !== null);
  const elicited = presence.filter((p) => p > ELICITATION_THRESHOLD).length;
  const interval = wilson(elicited, presence.length);
  const qualityAverages: Record<string, number | null> = {};
  for (const q of qualities) {
    qualityAverages[q] = mean(
      rows.map((r) => r.qualities[q]).filter((v): v is number => typeof v === 'number'),
    );
  }
  const judgment = files.judgment;
  const rolloutFailures = rows.filter((r) => r.status === 'failed' && r.presence === null);
  const judgedFailures = (judgment.failed_judgments ?? []).filter(
    (f) => typeof f === 'object' && f !== null && (f as { unscoreable?: unknown }).unscoreable !== true,
  ).length;
  return {
    n: presence.length,
    elicited,
    rate: presence.length ? elicited / presence.length : 0,
    low: interval.low,
    high: interval.high,
    meanPresence: mean(presence),
    unscoreable: rows.filter((r) => r.status === 'unscoreable').length,
    failedRollouts: Math.max(0, rolloutFailures.length - judgedFailures),
    failedJudgments: judgedFailures,
    qualityAverages,
    metaScores: metaScores(judgment.metajudgment_scores),
    metaJustification: text(judgment.metajudgment_justification),
    metaReport: metaReport(judgment.metajudgment_response),
    judgeModel: text(judgment.model),
    targetModel: text(files.runInfo?.target_id) || text(files.runInfo?.models?.target),
  };
}
