// Wilson score interval for a binomial proportion: honest at small n and at rates near 0 or 1,
// where the textbook p +/- z*sqrt(p(1-p)/n) collapses to a zero-width interval.

import type { Interval } from '../formats/baseline.ts';

/** 95% (z = 1.96) Wilson interval for k successes in n trials; n = 0 says nothing: [0, 1]. */
export function wilson(k: number, n: number, z = 1.96): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp away float dust so k = 0 gives exactly 0 and k = n exactly 1.
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}
