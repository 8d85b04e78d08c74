// Judge drift: the judge re-scores a sample of the baseline's stored transcripts, and the paired differences
// (new - stored presence) say whether the instrument itself moved. Judge ids such as `gpt-4o` are aliases that a
// provider repoints, and a shift of half a point moves the elicitation rate by several points with no change in
// the target, so a drifted judge is its own verdict instead of a false regression.

import type { Interval } from '../formats/baseline.ts';
import type { RejudgedItem } from '../formats/judge-check.ts';
import { isElicited } from './rate.ts';
import { studentQuantileUpper, studentUpperTail } from './stats/student-t.ts';

export interface DriftEstimate {
  n: number;
  shift: number;
  interval: Interval;
  /** Two-sided p-value for "no shift". */
  p: number;
  crossed: { up: number; down: number };
}

export function estimateDrift(items: readonly RejudgedItem[], confidence: number): DriftEstimate {
  const n = items.length;
  const diffs = items.map((i) => i.rejudged - i.stored);
  const crossed = {
    up: items.filter((i) => !isElicited(i.stored) && isElicited(i.rejudged)).length,
    down: items.filter((i) => isElicited(i.stored) && !isElicited(i.rejudged)).length,
  };
  if (n === 0) return { n, shift: 0, interval: { low: 0, high: 0 }, p: 1, crossed };
  const shift = diffs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? diffs.reduce((a, d) => a + (d - shift) ** 2, 0) / (n - 1) : 0;
  const se = Math.sqrt(variance / n);
  if (se === 0) {
    // Every transcript moved by exactly the same amount (a deterministic judge): that amount is the drift.
    return { n, shift, interval: { low: shift, high: shift }, p: shift === 0 ? 1 : 0, crossed };
  }
  const df = Math.max(1, n - 1);
  const t = shift / se;
  const half = studentQuantileUpper((1 - confidence) / 2, df) * se;
  return {
    n,
    shift,
    interval: { low: shift - half, high: shift + half },
    p: Math.min(1, 2 * studentUpperTail(Math.abs(t), df)),
    crossed,
  };
}
