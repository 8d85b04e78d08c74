// From the parsed seed.yaml to the Seed the pipeline reads: era defaults filled, ignored keys dropped.

import type { ParsedSeed, Seed } from '../formats/seed.ts';
import { DEFAULT_DIVERSITY, DEFAULT_TOTAL_EVALS } from './plan.ts';

export function normalizeSeed(parsed: ParsedSeed): Seed {
  // resume / resume_stage belong to Bloom's wandb mode; accepted, then dropped.
  const { resume: _resume, resume_stage: _resumeStage, ideation, ...rest } = parsed;
  const newerEra = ideation.num_scenarios !== undefined;
  return {
    ...rest,
    ideation: newerEra
      ? { ...ideation, variation_dimensions: ideation.variation_dimensions ?? [] }
      : {
          ...ideation,
          total_evals: ideation.total_evals ?? DEFAULT_TOTAL_EVALS,
          diversity: ideation.diversity ?? DEFAULT_DIVERSITY,
        },
  };
}
