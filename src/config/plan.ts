// How many scenarios ideation must produce, from either era of seed.yaml's ideation keys.

import type { Seed } from '../formats/seed.ts';
import type { IdeationPlan } from './types.ts';

/** Older-era defaults from `bloom init`. */
export const DEFAULT_TOTAL_EVALS = 3;
export const DEFAULT_DIVERSITY = 1.0;

/** Python's round(): halves go to the even neighbour, so counts match Bloom's exactly. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export function ideationPlan(ideation: Seed['ideation']): IdeationPlan {
  if (ideation.num_scenarios !== undefined) {
    const dimensions = ideation.variation_dimensions ?? [];
    return plan(ideation.num_scenarios, dimensions, dimensions.length);
  }
  const totalEvals = ideation.total_evals ?? DEFAULT_TOTAL_EVALS;
  const diversity = ideation.diversity ?? DEFAULT_DIVERSITY;
  const numBase = Math.max(1, roundHalfEven(totalEvals * diversity));
  const perBase = Math.max(0, roundHalfEven(1 / diversity) - 1);
  return plan(numBase, [], perBase);
}

function plan(numBaseScenarios: number, dimensions: string[], variationsPerBase: number): IdeationPlan {
  return {
    numBaseScenarios,
    dimensions,
    variationsPerBase,
    totalEvals: numBaseScenarios * (1 + variationsPerBase),
  };
}
