// Run identity for run_info.json: which suite ran (suite_hash), under which rollout and judgment settings
// (config_hash, target excluded), against which target (target_id). Baselines compare runs by these.

import type { BloomData } from '../config/types.ts';
import type { Ideation } from '../formats/ideation.ts';
import type { SuiteLock } from '../formats/lock.ts';
import type { PromptKey } from '../formats/prompts.ts';
import { FIRST_ROLLOUT_KEY, PROMPT_KEYS } from '../formats/prompts.ts';
import type { RunIdentity } from '../formats/run-info.ts';
import type { ResolvedModel } from '../models/types.ts';
import { canonicalJson, hashOf } from './canonical.ts';

/** The configurable prompt keys read by rollout, judgment and meta-judgment: PROMPT_KEYS is in stage order. */
export const CONFIG_PROMPT_KEYS: readonly PromptKey[] = PROMPT_KEYS.slice(
  PROMPT_KEYS.indexOf(FIRST_ROLLOUT_KEY),
);

/** The lock's suite_hash; without a lock, the hash of the scenarios the run used. */
export function suiteHashOf(source: { lock?: SuiteLock; ideation?: Ideation }): string | null {
  if (source.lock) return source.lock.suite_hash;
  return source.ideation ? hashOf(source.ideation) : null;
}

/** Everything that shapes rollout and judgment except the target itself and the sample size: repetitions
 * (num_reps) and which variations ran (selected_variations) decide how many rollouts there are, not what each
 * one measures, so runs that differ only in them stay comparable (the gate then compares per scenario). */
export function configInputs(
  data: BloomData,
  models: { evaluator: ResolvedModel; judge: ResolvedModel },
): Record<string, unknown> {
  const { seed } = data;
  const {
    target: _target,
    targets: _targets,
    num_reps: _reps,
    selected_variations: _selected,
    ...rollout
  } = seed.rollout;
  const qualities = [...seed.judgment.additional_qualities, ...seed.judgment.metajudgment_qualities];
  return {
    rollout,
    judgment: seed.judgment,
    temperature: seed.temperature,
    evaluator_reasoning_effort: seed.evaluator_reasoning_effort,
    target_reasoning_effort: seed.target_reasoning_effort,
    anonymous_target: seed.anonymous_target,
    evaluator_model: models.evaluator.id,
    judge_model: models.judge.id,
    prompts: Object.fromEntries(CONFIG_PROMPT_KEYS.map((key) => [key, data.prompts[key]])),
    qualities: Object.fromEntries(qualities.map((name) => [name, data.behaviors[name] ?? null])),
  };
}

/** Values shorter than this are recorded as they are; longer ones (prompts, descriptions) as a hash. */
const SHORT_VALUE = 80;

/** The config inputs as flat key -> short value, so a changed setting can be named ("judgment.num_samples 1 -> 3").
 * Nested one level (rollout.max_turns, prompts.judgment_system_additional). Nothing here is secret: keys stay in
 * the environment, and model ids, settings and prompts are in the data folder anyway. */
export function configParts(
  data: BloomData,
  models: { evaluator: ResolvedModel; judge: ResolvedModel },
): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    const text = canonicalJson(value ?? null);
    out[key] = text.length <= SHORT_VALUE ? text : `sha256:${hashOf(value ?? null).slice(0, 16)}`;
  };
  for (const [key, value] of Object.entries(configInputs(data, models))) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value as Record<string, unknown>)) put(`${key}.${inner}`, v);
    } else put(key, value);
  }
  return out;
}

export function configHashOf(
  data: BloomData,
  models: { evaluator: ResolvedModel; judge: ResolvedModel },
): string {
  return hashOf(configInputs(data, models));
}

/** What a run's identity is made of: the data folder and the models of the roles that shape what is measured. */
export interface IdentitySource {
  data: BloomData;
  models: { evaluator: ResolvedModel; judge: ResolvedModel; target: ResolvedModel };
}

export function runIdentity(
  source: IdentitySource,
  suite: { lock?: SuiteLock; ideation?: Ideation },
): RunIdentity {
  return {
    suite_hash: suiteHashOf(suite),
    config_hash: configHashOf(source.data, source.models),
    // What the run was measured against: the target's id (targets/identity.ts names every kind of target).
    target_id: source.models.target.id,
  };
}
