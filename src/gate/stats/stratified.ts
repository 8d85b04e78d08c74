// The stratified permutation test behind the gate's decision. Each scenario (variation) is a stratum holding the
// baseline's and the candidate's rollouts of it. If the pull request changed nothing, the rollouts of a scenario
// are exchangeable between the two runs, so the sum of a per-rollout value over the candidate's rollouts has a known
// mean and variance under every relabelling within each stratum (sampling without replacement). Summed over
// strata, the standardized sum is close to normal once a few strata vary; with a 0/1 value it is exactly the
// Cochran-Mantel-Haenszel statistic, and with the 1-10 presence score it is its extension to scores (the
// van Elteren / stratified linear-rank family with the raw score as the rank). Two values are tested at once
// (elicited or not, and the presence score), so their covariance under the same relabelling is kept too.

import { weightedMinP } from './max-of-two.ts';

export interface StratumValues {
  candidate: readonly number[];
  baseline: readonly number[];
}

export interface LinearStatistic {
  /** Candidate sum minus its expectation under "no change". */
  excess: number;
  /** Its variance under the within-stratum relabelling. */
  variance: number;
  /** excess / sqrt(variance); 0 when the variance is 0 (no stratum varies: no evidence either way). */
  z: number;
  /** Skewness of the sum under the relabelling: where it is large (few events, unequal group sizes) the normal
   * tail is wrong and the gate counts relabellings instead. */
  skewness: number;
}

export interface PairOfStatistics {
  first: LinearStatistic;
  second: LinearStatistic;
  /** Correlation of the two under the relabelling; 1 when either has no variance. */
  correlation: number;
  /** Strata that hold rollouts of both runs. */
  strata: number;
}

function statistic(excess: number, variance: number, thirdMoment: number): LinearStatistic {
  return {
    excess,
    variance,
    z: variance > 0 ? excess / Math.sqrt(variance) : 0,
    skewness: variance > 0 ? thirdMoment / variance ** 1.5 : 0,
  };
}

/** The two statistics for value functions `f` and `g` of a rollout's score, in one pass over the strata. */
export function stratifiedPair(
  strata: readonly StratumValues[],
  f: (score: number) => number,
  g: (score: number) => number,
): PairOfStatistics {
  let excessF = 0;
  let excessG = 0;
  let varF = 0;
  let varG = 0;
  let cov = 0;
  let m3F = 0;
  let m3G = 0;
  let used = 0;
  for (const s of strata) {
    const n1 = s.candidate.length;
    const n0 = s.baseline.length;
    const n = n1 + n0;
    if (n1 === 0 || n0 === 0) continue;
    used++;
    const all = [...s.candidate, ...s.baseline];
    const fs = all.map(f);
    const gs = all.map(g);
    const meanF = fs.reduce((a, b) => a + b, 0) / n;
    const meanG = gs.reduce((a, b) => a + b, 0) / n;
    for (let i = 0; i < n1; i++) {
      excessF += (fs[i] as number) - meanF;
      excessG += (gs[i] as number) - meanG;
    }
    if (n < 2) continue;
    let ssF = 0;
    let ssG = 0;
    let sp = 0;
    let cubeF = 0;
    let cubeG = 0;
    for (let i = 0; i < n; i++) {
      const df = (fs[i] as number) - meanF;
      const dg = (gs[i] as number) - meanG;
      ssF += df * df;
      ssG += dg * dg;
      sp += df * dg;
      cubeF += df * df * df;
      cubeG += dg * dg * dg;
    }
    // Third central moment of a sum of n1 drawn without replacement from n values.
    if (n > 2) {
      const k3 = (n1 * n0 * (n0 - n1)) / (n * (n - 1) * (n - 2));
      m3F += k3 * cubeF;
      m3G += k3 * cubeG;
    }
    // Sampling n1 of n without replacement: Var(sum) = n1 n0 / (n (n - 1)) * sum of squares about the mean.
    const k = (n1 * n0) / (n * (n - 1));
    varF += k * ssF;
    varG += k * ssG;
    cov += k * sp;
  }
  const correlation = varF > 0 && varG > 0 ? Math.max(-1, Math.min(1, cov / Math.sqrt(varF * varG))) : 1;
  return {
    first: statistic(excessF, varF, m3F),
    second: statistic(excessG, varG, m3G),
    correlation,
    strata: used,
  };
}

/** Candidate-weighted mean change of a value: for each candidate rollout, its value minus the baseline's mean
 * in the same scenario, averaged. It is the change in the candidate's own scenario mix. */
export function stratifiedChange(strata: readonly StratumValues[], f: (score: number) => number): number {
  let sum = 0;
  let count = 0;
  for (const s of strata) {
    if (s.candidate.length === 0 || s.baseline.length === 0) continue;
    const baselineMean = s.baseline.reduce((a, v) => a + f(v), 0) / s.baseline.length;
    for (const v of s.candidate) sum += f(v) - baselineMean;
    count += s.candidate.length;
  }
  return count ? sum / count : 0;
}

/** A small seeded generator (mulberry32): the same data always get the same relabellings, so the same p-value. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One-sided p-values of the weighted max-T (and of its mirror for a decrease) by relabelling the rollouts within each
 * stratum at random `draws` times: exact up to Monte Carlo error whatever the counts, where the normal tail is not (a
 * rare behavior, or a baseline with more repetitions than the candidate, skews the sums). A relabelling is as extreme
 * as the data when its own min(p1 / w1, p2 / w2) is as small, i.e. when either z reaches the threshold the observed
 * statistic sets for it (weightedMinP); at equal weights, when the larger z reaches the observed larger z.
 * (count + 1) / (draws + 1), the usual valid Monte Carlo p-value.
 */
export function permutationMaxT(
  strata: readonly StratumValues[],
  f: (score: number) => number,
  g: (score: number) => number,
  observed: PairOfStatistics,
  firstWeight = 0.5,
  draws = 4000,
): { increase: number; decrease: number } {
  const used = strata.filter((s) => s.candidate.length > 0 && s.baseline.length > 0);
  const values = used.map((s) => {
    const all = [...s.candidate, ...s.baseline];
    return { f: all.map(f), g: all.map(g), n1: s.candidate.length };
  });
  const meanF = values.reduce((a, v) => a + (v.n1 * v.f.reduce((x, y) => x + y, 0)) / v.f.length, 0);
  const meanG = values.reduce((a, v) => a + (v.n1 * v.g.reduce((x, y) => x + y, 0)) / v.g.length, 0);
  const sdF = Math.sqrt(observed.first.variance);
  const sdG = Math.sqrt(observed.second.variance);
  if (sdF === 0 && sdG === 0) return { increase: 1, decrease: 1 };
  // The z each statistic must reach (reach up) or fall to (reach down); a statistic that cannot vary never does, and
  // the other is then tested alone.
  const thresholds = (z1: number, z2: number): [number, number] => {
    if (sdF > 0 && sdG > 0) {
      const { c1, c2 } = weightedMinP(z1, z2, firstWeight);
      return [c1 - 1e-9, c2 - 1e-9];
    }
    const never = Number.POSITIVE_INFINITY;
    return [sdF > 0 ? z1 - 1e-9 : never, sdG > 0 ? z2 - 1e-9 : never];
  };
  const [upF, upG] = thresholds(observed.first.z, observed.second.z);
  const [downF, downG] = thresholds(-observed.first.z, -observed.second.z);
  const random = seeded(0x5eed);
  const index = values.map((v) => v.f.map((_, i) => i));
  let up = 0;
  let down = 0;
  for (let d = 0; d < draws; d++) {
    let sumF = 0;
    let sumG = 0;
    values.forEach((v, s) => {
      const idx = index[s] as number[];
      // A partial Fisher-Yates shuffle: the first n1 places are a uniform draw without replacement.
      for (let i = 0; i < v.n1; i++) {
        const j = i + Math.floor(random() * (idx.length - i));
        const pick = idx[j] as number;
        idx[j] = idx[i] as number;
        idx[i] = pick;
        sumF += v.f[pick] as number;
        sumG += v.g[pick] as number;
      }
    });
    const zF = sdF > 0 ? (sumF - meanF) / sdF : 0;
    const zG = sdG > 0 ? (sumG - meanG) / sdG : 0;
    if (zF >= upF || zG >= upG) up++;
    if (-zF >= downF || -zG >= downG) down++;
  }
  return { increase: (up + 1) / (draws + 1), decrease: (down + 1) / (draws + 1) };
}
