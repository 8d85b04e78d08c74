// eval: what was evaluated (the behavior as Inspect's task, the target as its model), the other models by
// role, and the suite identity our run_info.json records.

import { PRESENCE } from './metrics.ts';
import type { BloomResults } from './results.ts';
import type { RunFacts } from './run-facts.ts';
import type { EvalScorer, EvalSpec, ModelConfig } from './types.ts';

function modelRoles(results: BloomResults): Record<string, ModelConfig> {
  const roles: Record<string, string> = { ...results.runInfo?.models };
  if (!results.runInfo?.models) {
    const evaluator =
      results.rollout?.metadata?.evaluator ?? Object.values(results.transcripts)[0]?.metadata.auditor_model;
    if (typeof evaluator === 'string') roles.evaluator = evaluator;
    if (results.judgment.model !== undefined) roles.judge = results.judgment.model;
  }
  // The target is the log's model, not a role.
  delete roles.target;
  return Object.fromEntries(
    Object.entries(roles).map(([role, model]) => [role, { model, config: {}, args: {} }]),
  );
}

function scorers(names: string[]): EvalScorer[] {
  return names.map((name) => ({
    name,
    options: {},
    metrics: (name === PRESENCE ? ['elicitation_rate', 'mean', 'stderr'] : ['mean', 'stderr']).map(
      (metric) => ({
        name: metric,
        options: {},
      }),
    ),
    metadata: {},
  }));
}

function runMetadata(results: BloomResults): Record<string, unknown> {
  const info = results.runInfo ?? {};
  const metadata: Record<string, unknown> = { source: 'bloom' };
  if (info.suite_hash) metadata.suite_hash = info.suite_hash;
  if (info.config_hash) metadata.config_hash = info.config_hash;
  if (info.suite_lock) metadata.suite_lock = info.suite_lock;
  if (results.judgment.examples?.length) metadata.examples = results.judgment.examples;
  return metadata;
}

export function evalSpec(
  results: BloomResults,
  facts: RunFacts,
  /** Each variation once: Inspect counts samples x epochs. */
  sampleIds: number[],
  scoreNames: string[],
  packages: Record<string, string>,
): EvalSpec {
  return {
    eval_id: facts.evalId,
    run_id: facts.runId,
    created: facts.startedAt,
    task: facts.behavior,
    task_id: facts.taskId,
    task_version: 0,
    task_attribs: {},
    task_args: {},
    task_args_passed: {},
    dataset: { name: facts.behavior, samples: sampleIds.length, sample_ids: sampleIds, shuffled: false },
    model: facts.targetModel,
    model_generate_config: {},
    model_args: {},
    model_roles: modelRoles(results),
    config: { epochs: facts.epochs },
    packages,
    metadata: runMetadata(results),
    scorers: scorers(scoreNames),
  };
}
