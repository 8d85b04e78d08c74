// How many base scenarios to ask for per call, so each reply fits the output budget.

import type { Seed } from '../../formats/seed.ts';

export type Modality = Seed['rollout']['modality'];

/** Rough output cost of one scenario: simenv scenarios also declare tools. */
export const TOKENS_PER_SCENARIO: Record<Modality, number> = { conversation: 800, simenv: 1200 };

/** A 1-indexed inclusive range of scenario numbers. */
export interface ScenarioRange {
  first: number;
  last: number;
}

/**
 * Scenarios per call: the output budget left after thinking, divided by the cost of one scenario.
 * Thinking tokens count against max_tokens, so the reasoning budget is subtracted first.
 */
export function scenariosPerBatch(maxTokens: number, modality: Modality, reasoningBudget = 0): number {
  const usable = maxTokens - reasoningBudget;
  return Math.max(1, Math.floor(usable / TOKENS_PER_SCENARIO[modality]));
}

/** Splits 1..total into consecutive ranges of at most perBatch. */
export function planBatches(total: number, perBatch: number): ScenarioRange[] {
  const size = Math.max(1, Math.floor(perBatch));
  const ranges: ScenarioRange[] = [];
  for (let first = 1; first <= total; first += size) {
    ranges.push({ first, last: Math.min(total, first + size - 1) });
  }
  return ranges;
}

/** Groups sorted-or-not numbers into consecutive runs: [3,4,7] -> 3-4, 7-7. */
export function contiguousRuns(numbers: number[]): ScenarioRange[] {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: ScenarioRange[] = [];
  for (const n of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.last === n - 1) last.last = n;
    else runs.push({ first: n, last: n });
  }
  return runs;
}

/** "scenario 7" or "scenarios 11-20". */
export function describeRange(range: ScenarioRange): string {
  return range.first === range.last ? `scenario ${range.first}` : `scenarios ${range.first}-${range.last}`;
}
