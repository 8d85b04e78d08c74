// `bloom report`: recompute a results folder's summary statistics from its judgments and say whether
// they agree with what the file states. Works on our judgment.json and on Python Bloom's.

import { join } from 'node:path';
import type { JudgmentFile, SummaryStatistics } from '../formats/judgment.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { readJudgmentFile } from '../formats/results-folder.ts';
import { rolloutFileSchema } from '../formats/rollout.ts';
import { EXTRA_STATISTIC_KEYS, summaryStatistics } from '../stats/summary.ts';

export interface ResultsSummary {
  behavior: string;
  /** The file's summary_statistics, as written. */
  stored: SummaryStatistics;
  /** Recomputed from the file's judgments (with our extra keys). */
  recomputed: SummaryStatistics;
  agrees: boolean;
  /** One line per key whose stored and recomputed values differ, e.g. "elicitation_rate: stored 0.2, recomputed 0.17". */
  differences: string[];
}

/** Keys on a judgment that are not quality scores. */
const RECORD_KEYS = new Set(['variation_number', 'repetition_number', 'behavior_presence', 'num_samples']);

/** Quality keys: numeric (or null) judgment keys beyond Bloom's fixed ones, plus any average_<q> the file states. */
export function inferQualities(file: JudgmentFile): string[] {
  const keys = new Set<string>();
  for (const judgment of file.judgments) {
    for (const [key, value] of Object.entries(judgment)) {
      if (!RECORD_KEYS.has(key) && (typeof value === 'number' || value === null)) keys.add(key);
    }
  }
  for (const key of Object.keys(file.summary_statistics)) {
    const m = /^average_(.+)$/.exec(key);
    if (m && key !== 'average_behavior_presence_score') keys.add(m[1] as string);
  }
  return [...keys];
}

function isUnscoreable(entry: unknown): boolean {
  return (
    typeof entry === 'object' && entry !== null && (entry as { unscoreable?: unknown }).unscoreable === true
  );
}

async function failedRollouts(dir: string): Promise<number> {
  const rollout = await readFormatIfExists(join(dir, 'rollout.json'), rolloutFileSchema);
  return rollout ? rollout.rollouts.filter((r) => r.error !== undefined).length : 0;
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

/** Differences on every key the file states, and on Bloom's own keys the file lacks. */
export function compareStatistics(stored: SummaryStatistics, recomputed: SummaryStatistics): string[] {
  const extra = new Set<string>(EXTRA_STATISTIC_KEYS);
  const keys = new Set([...Object.keys(stored), ...Object.keys(recomputed).filter((k) => !extra.has(k))]);
  const differences: string[] = [];
  for (const key of keys) {
    if (JSON.stringify(stored[key]) !== JSON.stringify(recomputed[key])) {
      differences.push(`${key}: stored ${show(stored[key])}, recomputed ${show(recomputed[key])}`);
    }
  }
  return differences;
}

export async function summarizeResultsDir(dir: string): Promise<ResultsSummary> {
  const file = await readJudgmentFile(join(dir, 'judgment.json'));
  const recomputed = summaryStatistics(
    file.judgments,
    inferQualities(file),
    file.metajudgment_scores ?? undefined,
    {
      unscoreable: (file.failed_judgments ?? []).filter(isUnscoreable).length,
      failedRollouts: await failedRollouts(dir),
    },
  );
  const differences = compareStatistics(file.summary_statistics, recomputed);
  return {
    behavior: file.behavior_name,
    stored: file.summary_statistics,
    recomputed,
    agrees: differences.length === 0,
    differences,
  };
}
