// The test behind every decision: per scenario, the candidate's rollouts against the baseline's, on two values at
// once (elicited or not, and the 1-10 presence score), combined by a weighted max-T (weighted min-p) so the stronger
// signal decides while the false-alarm rate stays at its level. The scores add power because a change moves many
// scores a little, of which the threshold at 7 sees only the few that cross it, so they get most of alpha
// (PRESENCE_WEIGHT); the rate keeps a share because it is the metric users gate on, and a change that only pushes
// scores across 7 shows in it first.

import type { ScoreTable } from '../formats/baseline.ts';
import { isElicited } from './rate.ts';
import { equivalentZ, weightedMinP, weightedMinPUpperTail } from './stats/max-of-two.ts';
import { normalCdf } from './stats/normal.ts';
import { permutationMaxT, type StratumValues, stratifiedChange, stratifiedPair } from './stats/stratified.ts';

/** Above this skewness of either sum, p-values come from relabellings rather than the normal tail (checked by a
 * test at a 1% base rate with unequal repetitions, where the normal tail doubled the false alarms). */
export const SKEW_LIMIT = 0.25;

/** The presence score's share of each test's alpha; the rate has the rest. Chosen by measurement on the gate model
 * (src/gate/README.md): the scores carry most of a change (rate z about 0.7 x the score's at +10 points), while a
 * share for the rate keeps most of the power for a change that only pushes scores across 7. */
export const PRESENCE_WEIGHT = 0.8;

const asRate = (score: number): number => (isElicited(score) ? 1 : 0);
const asPresence = (score: number): number => score;

export interface LookTest {
  strata: number;
  /** Candidate rollouts in the shared scenarios. */
  candidateRollouts: number;
  baselineRollouts: number;
  zRate: number;
  zPresence: number;
  correlation: number;
  decidedBy: 'rate' | 'presence';
  /** One-sided p-values of the weighted max-T each way. */
  pIncrease: number;
  pDecrease: number;
  /** pIncrease as a single z, for the group-sequential boundaries. */
  z: number;
  rateChange: number;
  presenceChange: number;
  /** Standard error of the rate change under "no change" (candidate-weighted, per scenario). */
  rateSe: number;
  /** Share elicited over both runs' rollouts in the shared scenarios. */
  pooledRate: number;
  /** Each run's rate on the shared scenarios (what the change is the difference of). */
  candidateRate: number;
  baselineRate: number;
}

/** Scenarios shared by both runs, the candidate's cells limited to repetitions 1..`upTo`. */
export function sharedStrata(
  baseline: ScoreTable,
  candidate: ScoreTable,
  upTo = Number.POSITIVE_INFINITY,
): StratumValues[] {
  const out: StratumValues[] = [];
  for (const [variation, reps] of Object.entries(candidate)) {
    const before = baseline[variation];
    if (!before) continue;
    const now = Object.entries(reps)
      .filter(([rep]) => Number(rep) <= upTo)
      .map(([, score]) => score);
    const then = Object.values(before);
    if (now.length > 0 && then.length > 0) out.push({ candidate: now, baseline: then });
  }
  return out;
}

/** The weighted tail of the rate's z1 and the scores' z2; a statistic that cannot vary leaves the other alone. */
function weightedTailOf(z1: number, v1: number, z2: number, v2: number, rho: number, w1: number): number {
  if (v1 > 0 && v2 > 0) return weightedMinPUpperTail(z1, z2, w1, rho);
  if (v1 > 0) return normalCdf(-z1);
  if (v2 > 0) return normalCdf(-z2);
  return 1;
}

/** The null standard error of the candidate-weighted rate change: each stratum's excess, rescaled to a change. */
function rateChangeSe(strata: readonly StratumValues[]): number {
  let variance = 0;
  let candidates = 0;
  for (const s of strata) {
    const n1 = s.candidate.length;
    const n0 = s.baseline.length;
    const n = n1 + n0;
    candidates += n1;
    if (n < 2) continue;
    const values = [...s.candidate, ...s.baseline].map(asRate);
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
    // The stratum's change (mean1 - mean0) is its excess times n / (n1 n0); weighted by n1 in the average.
    const excessVariance = ((n1 * n0) / (n * (n - 1))) * ss;
    variance += (n / n0) ** 2 * excessVariance;
  }
  return candidates ? Math.sqrt(variance) / candidates : 0;
}

function sideRate(strata: readonly StratumValues[], side: 'candidate' | 'baseline'): number {
  const values = strata.flatMap((s) => s[side]);
  return values.length ? values.reduce((a, v) => a + asRate(v), 0) / values.length : 0;
}

function pooledRate(strata: readonly StratumValues[]): number {
  let elicited = 0;
  let n = 0;
  for (const s of strata) {
    for (const v of [...s.candidate, ...s.baseline]) elicited += asRate(v);
    n += s.candidate.length + s.baseline.length;
  }
  return n ? elicited / n : 0;
}

export function testLook(
  baseline: ScoreTable,
  candidate: ScoreTable,
  upTo?: number,
  presenceWeight = PRESENCE_WEIGHT,
): LookTest {
  const strata = sharedStrata(baseline, candidate, upTo);
  const pair = stratifiedPair(strata, asRate, asPresence);
  const { first: rate, second: presence, correlation } = pair;
  const rateWeight = 1 - presenceWeight;
  // The normal tail where the sums are near normal; counted relabellings where they are skewed.
  const skewed = Math.max(Math.abs(rate.skewness), Math.abs(presence.skewness)) > SKEW_LIMIT;
  const exact = skewed ? permutationMaxT(strata, asRate, asPresence, pair, rateWeight) : null;
  const tail = (sign: number) =>
    weightedTailOf(
      sign * rate.z,
      rate.variance,
      sign * presence.z,
      presence.variance,
      correlation,
      rateWeight,
    );
  const pIncrease = exact?.increase ?? tail(1);
  const pDecrease = exact?.decrease ?? tail(-1);
  const rateDecided = weightedMinP(rate.z, presence.z, rateWeight).first;
  return {
    strata: pair.strata,
    candidateRollouts: strata.reduce((a, s) => a + s.candidate.length, 0),
    baselineRollouts: strata.reduce((a, s) => a + s.baseline.length, 0),
    zRate: rate.z,
    zPresence: presence.z,
    correlation,
    decidedBy: presence.variance > 0 && (rate.variance === 0 || !rateDecided) ? 'presence' : 'rate',
    pIncrease,
    pDecrease,
    z: equivalentZ(pIncrease),
    rateChange: stratifiedChange(strata, asRate),
    presenceChange: stratifiedChange(strata, asPresence),
    rateSe: rateChangeSe(strata),
    pooledRate: pooledRate(strata),
    candidateRate: sideRate(strata, 'candidate'),
    baselineRate: sideRate(strata, 'baseline'),
  };
}
