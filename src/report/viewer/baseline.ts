// The baseline comparison: each scenario's presence scores in the baseline and in these results, side by
// side, largest change first. The baseline file is read loosely: anything shaped like the gate's
// {behaviors: {<name>: {scores: {<variation>: {<repetition>: number}}}}} works.

import type { ScoreTable } from '../../formats/baseline.ts';
import type { ComparisonRow, RolloutRow } from './types.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The baseline's presence scores for a behavior, or null when the file has none for it. */
export function baselineScores(baseline: unknown, behavior: string): ScoreTable | null {
  if (!isRecord(baseline) || !isRecord(baseline.behaviors)) return null;
  const entry = baseline.behaviors[behavior];
  if (!isRecord(entry) || !isRecord(entry.scores)) return null;
  const table: ScoreTable = {};
  for (const [variation, reps] of Object.entries(entry.scores)) {
    if (!isRecord(reps)) continue;
    for (const [repetition, score] of Object.entries(reps)) {
      if (typeof score !== 'number' || !Number.isFinite(score)) continue;
      table[variation] ??= {};
      (table[variation] as Record<string, number>)[repetition] = score;
    }
  }
  return table;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}

export function compareRows(baseline: ScoreTable, rows: RolloutRow[]): ComparisonRow[] {
  const byVariation = new Map<number, ComparisonRow>();
  const rowFor = (variation: number): ComparisonRow => {
    let row = byVariation.get(variation);
    if (!row) {
      row = {
        variation,
        dimension: '',
        description: '',
        baseline: {},
        candidate: {},
        baselineMean: null,
        candidateMean: null,
        change: null,
      };
      byVariation.set(variation, row);
    }
    return row;
  };
  for (const r of rows) {
    const row = rowFor(r.variation);
    row.dimension = r.dimension;
    row.description = r.description;
    if (r.presence !== null) row.candidate[String(r.repetition)] = r.presence;
  }
  for (const [variation, reps] of Object.entries(baseline)) {
    const number = Number(variation);
    if (Number.isInteger(number)) Object.assign(rowFor(number).baseline, reps);
  }
  const result = [...byVariation.values()];
  for (const row of result) {
    row.baselineMean = mean(Object.values(row.baseline));
    row.candidateMean = mean(Object.values(row.candidate));
    row.change =
      row.baselineMean === null || row.candidateMean === null ? null : row.candidateMean - row.baselineMean;
  }
  const size = (row: ComparisonRow) => (row.change === null ? -1 : Math.abs(row.change));
  return result.sort((a, b) => size(b) - size(a) || a.variation - b.variation);
}
