// rollout.json: every rollout's record plus counts, in a stable order whatever order rollouts finished in.

import type { RolloutFile, RolloutRecord } from '../../formats/rollout.ts';
import type { Seed } from '../../formats/seed.ts';

/** The settings a reader of rollout.json needs to interpret the rollouts. */
export function rolloutMetadata(
  seed: Seed,
  models: { evaluator: string; target: string },
): Record<string, unknown> {
  return {
    modality: seed.rollout.modality,
    max_turns: seed.rollout.max_turns,
    no_user_mode: seed.rollout.no_user_mode,
    num_reps: seed.rollout.num_reps,
    evaluator: models.evaluator,
    target: models.target,
  };
}

export function rolloutFile(records: RolloutRecord[], metadata: Record<string, unknown>): RolloutFile {
  const rollouts = [...records].sort(
    (a, b) => a.variation_number - b.variation_number || a.repetition_number - b.repetition_number,
  );
  const failed = rollouts.filter((r) => r.error !== undefined).length;
  return {
    metadata,
    rollouts,
    successful_count: rollouts.length - failed,
    failed_count: failed,
    total_count: rollouts.length,
  };
}
