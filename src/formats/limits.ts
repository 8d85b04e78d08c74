// Upper bounds on the counts in seed.yaml. A pull request edits seed.yaml, so a count is untrusted input: without a
// bound, `num_reps: 1000000000` alone filled gigabytes of memory before the first rollout. Each bound is far above
// any real study (Bloom's own examples use tens of scenarios and a few repetitions) and is checked before any call.

export const LIMITS = {
  /** ideation.num_scenarios: base scenarios. */
  scenarios: 1_000,
  /** ideation.variation_dimensions: dimensions per base scenario. */
  dimensions: 20,
  /** Variations in all (total_evals, selected_variations, and what either era of ideation keys plans). */
  variations: 10_000,
  /** ideation.diversity at least this: 1/diversity variants per base scenario. */
  minDiversity: 0.001,
  /** rollout.num_reps: repetitions of each variation. */
  reps: 1_000,
  /** Rollouts in all: variations x num_reps. */
  rollouts: 100_000,
  /** rollout.max_turns. */
  turns: 100,
  /** judgment.num_samples: scorings per transcript. */
  samples: 20,
  /** max_concurrent: model calls in flight. */
  concurrent: 1_000,
  /** max_tokens of every stage. */
  maxTokens: 1_000_000,
  /** rollout.targets: targets run against one suite. */
  targets: 64,
  /** Lists of names: examples, qualities. */
  listItems: 100,
  /** A target's timeout_ms: an hour per call (above 2^31 - 1 ms, Node's timers fire at once). */
  timeoutMs: 3_600_000,
  /** An HTTP target's max_attempts: each may wait a whole timeout. */
  attempts: 20,
} as const;
