// The change in rate when the two runs repeated scenarios a different number of times, so cells cannot be
// matched one to one: each scenario (variation) is a stratum holding both runs' repetitions. The Mantel-Haenszel
// risk difference with Sato's variance (Sato, Greenland & Robins 1989, Biometrics 45:1323), consistent for many
// small strata and for few large ones; with one repetition per run in every stratum the variance reduces exactly
// to the paired Wald variance ((b + c) - (b - c)^2 / n) / n^2. (The test is the stratified one in stratified.ts.)

export interface Stratum {
  candidateElicited: number;
  candidateN: number;
  baselineElicited: number;
  baselineN: number;
}

export interface StratifiedResult {
  /** Mantel-Haenszel weighted difference, candidate - baseline. */
  estimate: number;
  /** Sato's variance of the estimate. */
  variance: number;
}

export function mantelHaenszel(strata: readonly Stratum[]): StratifiedResult {
  let numerator = 0;
  let weights = 0;
  let sumP = 0;
  let sumQ = 0;
  for (const s of strata) {
    const a = s.candidateElicited;
    const n1 = s.candidateN;
    const c = s.baselineElicited;
    const n0 = s.baselineN;
    const total = n1 + n0;
    if (n1 === 0 || n0 === 0) continue;
    numerator += (a * n0 - c * n1) / total;
    weights += (n1 * n0) / total;
    sumP += (n1 * n1 * c - n0 * n0 * a + (n1 * n0 * (n0 - n1)) / 2) / (total * total);
    sumQ += (a * (n0 - c) + c * (n1 - a)) / (2 * total);
  }
  if (weights === 0) return { estimate: 0, variance: Number.POSITIVE_INFINITY };
  const estimate = numerator / weights;
  return { estimate, variance: Math.max(0, (estimate * sumP + sumQ) / (weights * weights)) };
}
