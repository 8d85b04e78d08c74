// Checks across seed.yaml and behaviors.json that a schema alone cannot express. Each throws a ConfigError
// naming seed.yaml and the offending key.

import { describeUnknownName, listNames } from '../formats/did-you-mean.ts';
import { LIMITS } from '../formats/limits.ts';
import type { Seed } from '../formats/seed.ts';
import { parseTargetConfig } from '../formats/target.ts';
import { THINKING_BUDGET } from '../models/types.ts';
import { ConfigError, describeValue } from '../util/errors.ts';
import type { IdeationPlan } from './types.ts';

/** behavior.name, qualities and variation dimensions must all be keys of behaviors.json. */
export function checkBehaviorNames(
  seedFile: string,
  seed: Seed,
  behaviors: Record<string, string>,
  plan: IdeationPlan,
) {
  const known = Object.keys(behaviors);
  const check = (keyPath: string, name: string) => {
    if (Object.hasOwn(behaviors, name)) return;
    throw new ConfigError(
      seedFile,
      keyPath,
      `one of the behaviors in behaviors.json (${listNames(known)})`,
      describeUnknownName(name, known),
    );
  };
  check('behavior.name', seed.behavior.name);
  const lists: [string, string[]][] = [
    ['judgment.additional_qualities', seed.judgment.additional_qualities],
    ['judgment.metajudgment_qualities', seed.judgment.metajudgment_qualities],
    ['ideation.variation_dimensions', plan.dimensions],
  ];
  for (const [keyPath, names] of lists) {
    for (const [i, name] of names.entries()) check(`${keyPath}[${i}]`, name);
  }
}

/** Extended thinking needs temperature 1.0 (Bloom and the providers require it). */
export function checkTemperature(seedFile: string, seed: Seed) {
  if (seed.temperature === 1) return;
  for (const key of ['evaluator_reasoning_effort', 'target_reasoning_effort'] as const) {
    if (seed[key] !== 'none') {
      throw new ConfigError(
        seedFile,
        'temperature',
        `1.0 when ${key} is "${seed[key]}" (extended thinking requires it)`,
        describeValue(seed.temperature),
      );
    }
  }
}

/** Each stage's max_tokens must leave room above the thinking budget of the effort it runs with. */
export function checkThinkingBudgets(seedFile: string, seed: Seed) {
  const evaluator = 'evaluator_reasoning_effort' as const;
  const limits: {
    keyPath: string;
    maxTokens: number;
    effortKey: typeof evaluator | 'target_reasoning_effort';
  }[] = [
    { keyPath: 'understanding.max_tokens', maxTokens: seed.understanding.max_tokens, effortKey: evaluator },
    { keyPath: 'ideation.max_tokens', maxTokens: seed.ideation.max_tokens, effortKey: evaluator },
    { keyPath: 'rollout.max_tokens', maxTokens: seed.rollout.max_tokens, effortKey: evaluator },
    {
      keyPath: 'rollout.max_tokens',
      maxTokens: seed.rollout.max_tokens,
      effortKey: 'target_reasoning_effort',
    },
    { keyPath: 'judgment.max_tokens', maxTokens: seed.judgment.max_tokens, effortKey: evaluator },
  ];
  for (const { keyPath, maxTokens, effortKey } of limits) {
    const budget = THINKING_BUDGET[seed[effortKey]];
    if (maxTokens <= budget) {
      throw new ConfigError(
        seedFile,
        keyPath,
        `more than ${budget} (the thinking budget of ${effortKey} "${seed[effortKey]}")`,
        String(maxTokens),
      );
    }
  }
}

/** selected_variations are 1-indexed variation numbers of this plan, each once (twice would run its rollouts
 * twice under one name, and judgment.json could not be read back). */
export function checkSelectedVariations(seedFile: string, seed: Seed, plan: IdeationPlan) {
  const selected = seed.rollout.selected_variations ?? [];
  for (const [i, n] of selected.entries()) {
    if (n < 1 || n > plan.totalEvals) {
      throw new ConfigError(
        seedFile,
        `rollout.selected_variations[${i}]`,
        `a variation number from 1 to ${plan.totalEvals}`,
        String(n),
      );
    }
    if (selected.indexOf(n) < i) {
      throw new ConfigError(
        seedFile,
        `rollout.selected_variations[${i}]`,
        'a variation number not listed before',
        `${n} again`,
      );
    }
  }
}

/** What ideation plans and rollout repeats stays within LIMITS: counts come from an untrusted seed.yaml. */
export function checkCounts(seedFile: string, seed: Seed, plan: IdeationPlan) {
  if (plan.totalEvals > LIMITS.variations) {
    const key = seed.ideation.num_scenarios === undefined ? 'ideation.diversity' : 'ideation.num_scenarios';
    throw new ConfigError(
      seedFile,
      key,
      `at most ${LIMITS.variations} variations in all`,
      `${plan.numBaseScenarios} base scenarios x ${1 + plan.variationsPerBase} = ${plan.totalEvals}`,
    );
  }
  const variations = seed.rollout.selected_variations?.length ?? plan.totalEvals;
  const rollouts = variations * seed.rollout.num_reps;
  if (rollouts > LIMITS.rollouts) {
    throw new ConfigError(
      seedFile,
      'rollout.num_reps',
      `at most ${LIMITS.rollouts} rollouts in all (variations x num_reps)`,
      `${variations} x ${seed.rollout.num_reps} = ${rollouts}`,
    );
  }
}

/** rollout.target's (or each of rollout.targets') object forms, key by key (files they name are read when the run
 * is set up). */
export function checkTarget(seedFile: string, seed: Seed) {
  const { targets } = seed.rollout;
  if (!targets) {
    parseTargetConfig(seed.rollout.target, { file: seedFile, keyPath: 'rollout.target' });
    return;
  }
  targets.forEach((entry, i) => {
    parseTargetConfig(entry, { file: seedFile, keyPath: `rollout.targets[${i}]` });
  });
}

/** rollout.target has a default, so only the file as written tells whether both keys were given: one of them. */
export function checkOneTargetKey(seedFile: string, written: unknown) {
  const rollout = (written as { rollout?: unknown } | null)?.rollout;
  if (typeof rollout !== 'object' || rollout === null) return;
  if (Object.hasOwn(rollout, 'target') && Object.hasOwn(rollout, 'targets')) {
    throw new ConfigError(
      seedFile,
      'rollout.targets',
      'either rollout.target (one) or rollout.targets (a list), not both',
      'both',
    );
  }
}

/**
 * Bloom's keys this tool does not do are refused, never ignored: ideation.web_search would let the ideation model
 * search the web, and a suite written without it would silently differ from what its author asked for.
 */
export function checkUnsupported(seedFile: string, seed: Seed) {
  if (!seed.ideation.web_search) return;
  throw new ConfigError(
    seedFile,
    'ideation.web_search',
    'false: ideation here cannot search the web (remove the key or set it to false, and put the real-world ' +
      'context you wanted in behaviors.json or in example transcripts)',
    'true',
  );
}

export function checkSeed(
  seedFile: string,
  seed: Seed,
  behaviors: Record<string, string>,
  plan: IdeationPlan,
) {
  checkUnsupported(seedFile, seed);
  checkBehaviorNames(seedFile, seed, behaviors, plan);
  checkTemperature(seedFile, seed);
  checkThinkingBudgets(seedFile, seed);
  checkSelectedVariations(seedFile, seed, plan);
  checkCounts(seedFile, seed, plan);
  checkTarget(seedFile, seed);
}
