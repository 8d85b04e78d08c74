// The stratified permutation test behind the gate's decision. Each scenario (variation) is a stratum holding the
// baseline's and the candidate's rollouts of it. If the pull request changed nothing, the rollouts of a scenario
// are exchangeable between the two runs, so the sum of a per-rollout value over the candidate's rollouts has a known
// mean and variance under every relabelling within each stratum (sampling without replacement). Summed over
// strata, the standardized sum is close to normal once a few strata vary; with a 0/1 value it is exactly the
// Cochran-Mantel-Haenszel statistic, and with the 1-10 presence score it is its extension to scores (the
// van Elteren / stratified linear-rank family with the raw score as the rank). Two values are tested at once
// (elicited or not, and the presence score), so their covariance under the same relabelling is kept too.

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
}

export interface PairOfStatistics {
  first: LinearStatistic;
  second: LinearStatistic;
  /** Correlation of the two under the relabelling; 1 when either has no variance. */
  correlation: number;
  /** Strata that hold rollouts of both runs. */
  strata: number;
}

function statistic(excess: number, variance: number): LinearStatistic {
  return { excess, variance, z: variance > 0 ? excess / Math.sqrt(variance) : 0 };
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
    for (let i = 0; i < n; i++) {
      const df = (fs[i] as number) - meanF;
      const dg = (gs[i] as number) - meanG;
      ssF += df * df;
      ssG += dg * dg;
      sp += df * dg;
    }
    // Sampling n1 of n without replacement: Var(sum) = n1 n0 / (n (n - 1)) * sum of squares about the mean.
    const k = (n1 * n0) / (n * (n - 1));
    varF += k * ssF;
    varG += k * ssG;
    cov += k * sp;
  }
  const correlation = varF > 0 && varG > 0 ? Math.max(-1, Math.min(1, cov / Math.sqrt(varF * varG))) : 1;
  return {
    first: statistic(excessF, varF),
    second: statistic(excessG, varG),
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
