// Where each file of a behavior's results folder lives. Bloom's names first; ours under .bloom/.

import { join } from 'node:path';

export function resultPaths(behaviorDir: string) {
  const state = join(behaviorDir, '.bloom');
  return {
    /** The behavior's folder itself. */
    dir: behaviorDir,
    /** Our own state beside Bloom's files. */
    state,
    understanding: join(behaviorDir, 'understanding.json'),
    ideation: join(behaviorDir, 'ideation.json'),
    rollout: join(behaviorDir, 'rollout.json'),
    judgment: join(behaviorDir, 'judgment.json'),
    transcript: (variation: number, repetition: number) =>
      join(behaviorDir, `transcript_v${variation}r${repetition}.json`),
    /** Per-rollout judge results, so a resumed run re-judges nothing (Bloom keeps these only in memory). */
    judgeResult: (variation: number, repetition: number) =>
      join(state, `judge_v${variation}r${repetition}.json`),
    /** Per-rollout failures of the last attempt, for rollout.json. */
    rolloutError: (variation: number, repetition: number) =>
      join(state, `error_v${variation}r${repetition}.json`),
    metajudgment: join(state, 'metajudgment.json'),
    /** Usage, timings and counts of the last invocation. */
    runInfo: join(behaviorDir, 'run_info.json'),
    /** One JSON line per model call, appended across invocations. */
    usage: join(behaviorDir, 'usage.jsonl'),
  };
}

export type ResultPaths = ReturnType<typeof resultPaths>;

/** The rollouts a seed asks for: selected variations (1-indexed) times repetitions. */
export function plannedRollouts(
  variationCount: number,
  selected: number[] | null,
  numReps: number,
): { variation: number; repetition: number }[] {
  const variations = selected ?? Array.from({ length: variationCount }, (_, i) => i + 1);
  return variations
    .filter((v) => v >= 1 && v <= variationCount)
    .flatMap((variation) => Array.from({ length: numReps }, (_, i) => ({ variation, repetition: i + 1 })));
}
