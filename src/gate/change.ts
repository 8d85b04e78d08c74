// The change in rate between a baseline and a candidate run of the same pinned scenarios, with the interval the
// reports show. Picks the interval that fits the data (see ComparisonMethod); the decision's own test is in
// increase-test.ts.

import type { ScoreTable } from '../formats/baseline.ts';
import { allScores, isElicited } from './rate.ts';
import { mantelHaenszel, type Stratum } from './stats/mantel-haenszel.ts';
import { newcombePaired, newcombeUnpaired, type PairedTable } from './stats/newcombe.ts';
import { twoSidedZ } from './stats/normal.ts';
import type { ComparisonMethod } from './types.ts';

export interface ChangeEstimate {
  method: ComparisonMethod;
  units: number;
  discordant: { up: number; down: number } | null;
  change: number;
  low: number;
  high: number;
}

function repetitionKeys(scores: ScoreTable, variations: readonly string[]): Set<string> {
  return new Set(variations.flatMap((v) => Object.keys(scores[v] ?? {})));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Which design fits: cells when both runs used the same repetition numbers on their shared variations
 * (a few cells missing on one side, from failed rollouts, are simply left out); per-variation strata when the
 * repetition counts differ; unpaired when no variation is shared. */
export function chooseMethod(baseline: ScoreTable, candidate: ScoreTable): ComparisonMethod {
  const shared = Object.keys(candidate).filter((v) => Object.hasOwn(baseline, v));
  if (shared.length === 0) return 'unpaired';
  return sameSet(repetitionKeys(baseline, shared), repetitionKeys(candidate, shared))
    ? 'paired-cells'
    : 'stratified';
}

export function pairedTable(baseline: ScoreTable, candidate: ScoreTable): PairedTable {
  const table: PairedTable = { both: 0, candidateOnly: 0, baselineOnly: 0, neither: 0 };
  for (const [variation, reps] of Object.entries(candidate)) {
    for (const [repetition, score] of Object.entries(reps)) {
      const before = baseline[variation]?.[repetition];
      if (before === undefined) continue;
      const now = isElicited(score);
      const then = isElicited(before);
      if (now && then) table.both++;
      else if (now) table.candidateOnly++;
      else if (then) table.baselineOnly++;
      else table.neither++;
    }
  }
  return table;
}

export function strata(baseline: ScoreTable, candidate: ScoreTable): Stratum[] {
  const out: Stratum[] = [];
  for (const [variation, reps] of Object.entries(candidate)) {
    const before = baseline[variation];
    if (!before) continue;
    const now = Object.values(reps);
    const then = Object.values(before);
    out.push({
      candidateElicited: now.filter(isElicited).length,
      candidateN: now.length,
      baselineElicited: then.filter(isElicited).length,
      baselineN: then.length,
    });
  }
  return out;
}

function counts(scores: ScoreTable): { elicited: number; n: number } {
  const values = allScores(scores);
  return { elicited: values.filter(isElicited).length, n: values.length };
}

export function estimateChange(
  baseline: ScoreTable,
  candidate: ScoreTable,
  options: { alpha: number; method?: ComparisonMethod },
): ChangeEstimate {
  const z = twoSidedZ(options.alpha);
  const method = options.method ?? chooseMethod(baseline, candidate);
  if (method === 'paired-cells') {
    const table = pairedTable(baseline, candidate);
    const ci = newcombePaired(table, z);
    const units = table.both + table.candidateOnly + table.baselineOnly + table.neither;
    return {
      method,
      units,
      discordant: { up: table.candidateOnly, down: table.baselineOnly },
      change: ci.estimate,
      low: ci.low,
      high: ci.high,
    };
  }
  if (method === 'stratified') {
    const groups = strata(baseline, candidate);
    const result = mantelHaenszel(groups);
    const half = z * Math.sqrt(result.variance);
    return {
      method,
      units: groups.length,
      discordant: null,
      change: result.estimate,
      low: Math.max(-1, result.estimate - half),
      high: Math.min(1, result.estimate + half),
    };
  }
  const now = counts(candidate);
  const then = counts(baseline);
  const ci = newcombeUnpaired(now, then, z);
  return { method, units: now.n, discordant: null, change: ci.estimate, low: ci.low, high: ci.high };
}
