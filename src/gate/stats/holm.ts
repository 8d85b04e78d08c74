// Holm's step-down adjustment (Holm 1979): controls the family-wise error rate across behaviors without
// assuming independence, and is uniformly more powerful than Bonferroni. The weighted form (Holm 1979, section 4)
// gives hypotheses unequal shares of alpha and controls the same error rate for any positive weights.

/** Adjusted p-values in the input order: adj(i) = max over j <= i of min(1, (m - j + 1) * p(j)), sorted ascending. */
export function holmAdjust(pValues: readonly number[]): number[] {
  return weightedHolmAdjust(
    pValues,
    pValues.map(() => 1),
  );
}

/**
 * Weighted Holm: order the hypotheses by p / w; the j-th is rejected at alpha when every one before it was and
 * p(j) / w(j) <= alpha / (the weights of those not yet rejected, its own included). As adjusted p-values, in the
 * input order: adj(i) = max over j <= i of min(1, p(j) / w(j) * sum of w(j..m)). Equal weights give holmAdjust.
 */
export function weightedHolmAdjust(pValues: readonly number[], weights: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues
    .map((p, i) => ({ p, i, w: weights[i] as number }))
    .sort((x, y) => x.p / x.w - y.p / y.w || x.i - y.i);
  const adjusted = new Array<number>(m).fill(1);
  let remaining = order.reduce((a, h) => a + h.w, 0);
  let running = 0;
  for (const { p, i, w } of order) {
    running = Math.max(running, Math.min(1, (remaining * p) / w));
    adjusted[i] = running;
    remaining -= w;
  }
  return adjusted;
}
