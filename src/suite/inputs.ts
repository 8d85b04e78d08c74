// Exactly the inputs that shape understanding and ideation, each under a label a person can read in an error
// ("seed.yaml ideation.num_scenarios"). A lock stores one hash per label; comparing labels tells what changed.

import type { BloomData } from '../config/types.ts';
import type { PromptKey } from '../formats/prompts.ts';
import { FIRST_ROLLOUT_KEY, PROMPT_KEYS } from '../formats/prompts.ts';
import type { ResolvedModel } from '../models/types.ts';
import { hashOf } from './canonical.ts';

/** The configurable prompt keys read by understanding and ideation: PROMPT_KEYS is in stage order. */
export const SUITE_PROMPT_KEYS: readonly PromptKey[] = PROMPT_KEYS.slice(
  0,
  PROMPT_KEYS.indexOf(FIRST_ROLLOUT_KEY),
);

/** Rollout keys that ideation's prompts state (scenarios are written for this modality and length). */
const ROLLOUT_KEYS_USED_BY_IDEATION = ['modality', 'max_turns', 'no_user_mode'] as const;

/** The models whose ids shape a lock. The target's does not: scenarios are pinned for a placeholder target. */
export interface SuiteModels {
  understanding: ResolvedModel;
  ideation: ResolvedModel;
}

/** Label -> the value it stands for. */
export function suiteInputs(data: BloomData, models: SuiteModels): Record<string, unknown> {
  const { seed } = data;
  const inputs: Record<string, unknown> = {
    'seed.yaml behavior.name': seed.behavior.name,
    [`behaviors.json ${JSON.stringify(seed.behavior.name)} description`]: data.behaviorDescription,
    'seed.yaml behavior.examples': seed.behavior.examples,
    'seed.yaml temperature': seed.temperature,
    'seed.yaml evaluator_reasoning_effort': seed.evaluator_reasoning_effort,
    'seed.yaml anonymous_target': seed.anonymous_target,
    'models.json id of understanding.model': models.understanding.id,
    'models.json id of ideation.model': models.ideation.id,
  };
  for (const [key, value] of Object.entries(seed.understanding))
    inputs[`seed.yaml understanding.${key}`] = value;
  for (const [key, value] of Object.entries(seed.ideation)) inputs[`seed.yaml ideation.${key}`] = value;
  for (const key of ROLLOUT_KEYS_USED_BY_IDEATION) inputs[`seed.yaml rollout.${key}`] = seed.rollout[key];
  for (const dimension of data.plan.dimensions) {
    inputs[`behaviors.json ${JSON.stringify(dimension)} description`] = data.behaviors[dimension] ?? null;
  }
  for (const example of data.examples) inputs[`example ${example.name}`] = example.messages;
  for (const key of SUITE_PROMPT_KEYS) inputs[`configurable_prompts ${key}`] = data.prompts[key];
  return inputs;
}

/** Label -> sha256 of the value's canonical JSON. */
export function hashInputs(inputs: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs)
      .filter(([, value]) => value !== undefined)
      .map(([label, value]) => [label, hashOf(value)]),
  );
}

/** Locks pinned before scenarios were target-agnostic hashed the target's name; it no longer shapes a lock. */
const RETIRED_LABELS = new Set(['target display name']);

/** Labels whose hash differs, or that exist on one side only, in the order the current inputs list them. */
export function changedInputs(locked: Record<string, string>, current: Record<string, string>): string[] {
  const labels = [
    ...Object.keys(current),
    ...Object.keys(locked).filter((label) => !(label in current) && !RETIRED_LABELS.has(label)),
  ];
  return labels.filter((label) => locked[label] !== current[label]);
}
