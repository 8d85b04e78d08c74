// Confidence intervals for a difference of two rates, built from each rate's Wilson interval ("square and
// add"): honest at small n and near 0 or 1, where Wald intervals collapse.

import type { Interval } from '../../formats/baseline.ts';
import { wilson } from '../../stats/wilson.ts';

/** A paired 2x2 table of (candidate, baseline) outcomes on the same cells. */
export interface PairedTable {
  /** Elicited in both runs. */
  both: number;
  /** Elicited in the candidate only (an up-move). */
  candidateOnly: number;
  /** Elicited in the baseline only (a down-move). */
  baselineOnly: number;
  /** Elicited in neither. */
  neither: number;
}

export interface DifferenceInterval extends Interval {
  /** candidate rate - baseline rate. */
  estimate: number;
}

function clampDifference(x: number): number {
  return Math.min(1, Math.max(-1, x));
}

/** Paired difference (Newcombe 1998, "Improved confidence intervals for the difference between binomial
 * proportions based on paired data", method 10): the Wilson limits of both margins, combined with the
 * continuity-corrected phi correlation between them. */
export function newcombePaired(table: PairedTable, z: number): DifferenceInterval {
  const { both, candidateOnly, baselineOnly, neither } = table;
  const n = both + candidateOnly + baselineOnly + neither;
  if (n === 0) return { estimate: 0, low: -1, high: 1 };
  const candidateYes = both + candidateOnly;
  const baselineYes = both + baselineOnly;
  const p1 = candidateYes / n;
  const p2 = baselineYes / n;
  const w1 = wilson(candidateYes, n, z);
  const w2 = wilson(baselineYes, n, z);
  const marginProduct = candidateYes * (n - candidateYes) * baselineYes * (n - baselineYes);
  let phi = 0;
  if (marginProduct > 0) {
    const cross = both * neither - candidateOnly * baselineOnly;
    // Newcombe's correction: a positive cross-product loses n/2 (never below 0); a negative one is kept.
    const corrected = cross > n / 2 ? cross - n / 2 : Math.min(cross, 0);
    phi = corrected / Math.sqrt(marginProduct);
  }
  const estimate = p1 - p2;
  const down1 = p1 - w1.low;
  const up1 = w1.high - p1;
  const down2 = p2 - w2.low;
  const up2 = w2.high - p2;
  const delta = Math.sqrt(Math.max(0, down1 ** 2 - 2 * phi * down1 * up2 + up2 ** 2));
  const epsilon = Math.sqrt(Math.max(0, up1 ** 2 - 2 * phi * up1 * down2 + down2 ** 2));
  return { estimate, low: clampDifference(estimate - delta), high: clampDifference(estimate + epsilon) };
}

/** Independent samples (Newcombe 1998, "Interval estimation for the difference between independent
 * proportions", method 10, the hybrid score interval). */
export function newcombeUnpaired(
  candidate: { elicited: number; n: number },
  baseline: { elicited: number; n: number },
  z: number,
): DifferenceInterval {
  const p1 = candidate.n ? candidate.elicited / candidate.n : 0;
  const p2 = baseline.n ? baseline.elicited / baseline.n : 0;
  const w1 = wilson(candidate.elicited, candidate.n, z);
  const w2 = wilson(baseline.elicited, baseline.n, z);
  const estimate = p1 - p2;
  const delta = Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2);
  const epsilon = Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2);
  return { estimate, low: clampDifference(estimate - delta), high: clampDifference(estimate + epsilon) };
}
