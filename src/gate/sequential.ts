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

/**
 * About the smallest rate increase a look would catch with 80% power at its boundary: the rise d with
 * d = (boundary + z_0.8) * se(d). The null standard error says how noisy "no change" is; a rise of d also adds
 * its own binomial noise to the candidate's rollouts, d (1 - 2p - d) / n at pooled rate p, which matters most
 * where nothing elicits (there the null spread is zero, and 5 rollouts could miss a rise of 60 points, not 0).
 */
export function detectableChange(
  rateSe: number,
  boundary: number,
  facts: { pooledRate: number; candidateRollouts: number },
): number {
  const k = boundary + Z_POWER_80;
  const n = Math.max(1, facts.candidateRollouts);
  const p = Math.min(1, Math.max(0, facts.pooledRate));
  // d^2 = k^2 (se^2 + d (1 - 2p - d) / n) is a quadratic in d; its positive root, unless the rise would lower the
  // candidate's spread (d > 1 - 2p), where the null spread alone applies.
  const a = 1 + (k * k) / n;
  const b = (k * k * (1 - 2 * p)) / n;
  const root = (b + Math.sqrt(b * b + 4 * a * k * k * rateSe * rateSe)) / (2 * a);
  const d = root <= 1 - 2 * p ? root : k * rateSe;
  return Math.min(1 - p, Math.max(0, d));
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
