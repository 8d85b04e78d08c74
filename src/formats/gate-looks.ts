// gate_looks.json, beside a behavior's results: the looks of an adaptive run, so the next look knows how much
// alpha the earlier ones spent. Stamped with the run's identity and this machine's seal: looks a run did not write
// (committed into a results folder, copied) would change how much alpha is left, so they are set aside.

import { z } from 'zod';
import { ConfigError } from '../util/errors.ts';
import { stampFields } from './stamps.ts';

export const LOOKS_FILE = 'gate_looks.json';

const repetition = z.number().int().min(1).max(10_000);

export const gateLooksSchema = z.strictObject({
  format_version: z.literal(1),
  ...stampFields,
  /** The repetitions the run may reach at most. */
  max_repetitions: repetition,
  /** The repetitions it had at each look. */
  repetitions: z.array(repetition).min(1).max(1000),
  /** The scenarios (variation numbers) every look counted; absent in plans of earlier versions. */
  variations: z.array(z.number().int().min(1)).max(10_000).optional(),
});

export type GateLooks = z.output<typeof gateLooksSchema>;

/** What an adaptive run records: the repetitions it may reach at most, and those it had at each look. */
export type LookPlan = Omit<GateLooks, 'format_version'>;

/**
 * Refuses a run that would count more repetitions than the looks recorded at `path` planned: the earlier looks spent
 * their alpha under that maximum, and counting past it would measure them against a larger design (more false alarms
 * than alpha). The ways out keep the earlier decision or start a new test on fresh rollouts.
 */
export function checkWithinPlan(
  path: string,
  plan: Pick<GateLooks, 'max_repetitions'>,
  repetitions: number,
): void {
  const max = plan.max_repetitions;
  if (repetitions <= max) return;
  throw new ConfigError(
    path,
    'max_repetitions',
    `at least the ${repetitions} repetitions of each scenario this run would count (an earlier command's looks in this folder were planned to ${max}: set the suite's num_reps back to at most ${max} to keep its decision, or use a new --results folder with fresh rollouts, none served from a call cache this folder's runs filled)`,
    String(max),
  );
}

/** "1, 2, 5" or "1, 2, ... 40 (40 in all)": a scenario list short enough for one line. */
function scenarioList(variations: readonly number[]): string {
  return variations.length <= 12
    ? variations.join(', ')
    : `${variations.slice(0, 6).join(', ')}, ... ${variations.at(-1)} (${variations.length} in all)`;
}

/**
 * Refuses a run that would count other scenarios than the looks recorded at `path` counted (selected_variations
 * changed since): looks on other scenarios measure another thing, and a second decision on the same folder would
 * spend alpha twice.
 */
export function checkSameScenarios(
  path: string,
  plan: Pick<GateLooks, 'variations'>,
  variations: readonly number[],
): void {
  const recorded = plan.variations;
  if (!recorded || recorded.join(',') === variations.join(',')) return;
  throw new ConfigError(
    path,
    'variations',
    `the scenarios an earlier command's looks in this folder counted, variations ${scenarioList(recorded)} (selected_variations changed since: set it back to keep that decision, or use a new --results folder with fresh rollouts)`,
    `variations ${scenarioList(variations)}`,
  );
}
