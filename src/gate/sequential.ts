// The gate's sequential design: how the looks of an adaptive run share alpha, when a look may stop with `pass`,
// and what a look could have caught. A run without recorded looks is a single look that spends all of alpha.

import { efficacyBoundaries, hwangShihDeCani, repeatedPValue } from './stats/group-sequential.ts';
import { normalQuantile } from './stats/normal.ts';

/** Hwang-Shih-DeCani gamma: 1 spends about as Pocock's design does, most of alpha early, so the first look of an
 * adaptive run keeps nearly the power of a single look (checked by `npm run bench:gate`). */
export const SPENDING_GAMMA = 1;
const SPEND = hwangShihDeCani(SPENDING_GAMMA);
const SPEND_KEY = `hsd:${SPENDING_GAMMA}`;

/** A look stops with `pass` when the rate change is below `detect` with this z of confidence (one-sided 99%): a
 * gentler rule loses real rises at early looks (checked by `npm run bench:gate`). */
export const FUTILITY_Z = 2.326;

const Z_POWER_80 = normalQuantile(0.8);

/** Statistical information of a comparison, up to a constant: the inverse variance of a difference of means. */
function information(candidate: number, baseline: number): number {
  return candidate > 0 && baseline > 0 ? 1 / (1 / candidate + 1 / baseline) : 0;
}

/** Information fractions of the looks, increasing, with the planned last look at 1. `rollouts[j]` is the
 * candidate's rollouts at look j; `planned` those the plan allows at most. */
export function informationFractions(
  rollouts: readonly number[],
  planned: number,
  baseline: number,
): number[] {
  const full = information(Math.max(planned, rollouts[rollouts.length - 1] ?? 0), baseline);
  const out: number[] = [];
  for (const n of rollouts) {
    const t = full > 0 ? Math.min(1, information(n, baseline) / full) : 1;
    out.push(t);
  }
  return out;
}

/** The repeated p-value of the increase over the looks (z per look, fractions from informationFractions). */
export function sequentialPIncrease(zs: readonly number[], fractions: readonly number[]): number {
  return repeatedPValue(zs, fractions, SPEND, SPEND_KEY);
}

const boundaries = new Map<string, number>();

/** The z the last of these looks must reach at level `alpha` (on a single look, the one-sided quantile). */
export function boundaryAt(fractions: readonly number[], alpha: number): number {
  const key = `${alpha}|${fractions.join(',')}`;
  const cached = boundaries.get(key);
  if (cached !== undefined) return cached;
  const bounds = efficacyBoundaries(fractions, alpha, SPEND);
  const bound = bounds[bounds.length - 1] as number;
  if (boundaries.size > 1024) boundaries.clear();
  boundaries.set(key, bound);
  return bound;
}

/** The smallest rate increase a look would catch with 80% power at its boundary. */
export function detectableChange(rateSe: number, boundary: number): number {
  return Math.max(0, (boundary + Z_POWER_80) * rateSe);
}

/** Whether a non-final look may stop with `pass`: the increase is confidently below what the design must catch. */
export function confidentlyBelow(change: number, rateSe: number, detect: number): boolean {
  return change + FUTILITY_Z * rateSe < detect;
}

/** Candidate rollouts at which what a run could miss shrinks from `detectable` to `target`, the baseline staying as
 * it is; null when even unlimited candidate rollouts would not get there (the baseline is too small). */
export function rolloutsForDetectable(
  candidate: number,
  baseline: number,
  detectable: number,
  target: number,
): number | null {
  if (candidate <= 0 || baseline <= 0 || target <= 0) return null;
  if (detectable <= target) return candidate;
  const needed = information(candidate, baseline) * (detectable / target) ** 2;
  const inverse = 1 / needed - 1 / baseline;
  return inverse > 0 ? Math.ceil(1 / inverse) : null;
}
