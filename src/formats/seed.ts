// seed.yaml: every key Bloom knows, with `bloom init`'s defaults. Objects are strict so a typo in a CI gate is an
// error, not a silently ignored key. Seed keys keep Bloom's snake_case names so the file, the docs and the code
// read alike.

import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { SAFE_NAME, SAFE_NAME_RULE } from './safe-name.ts';
import { targetObjectJsonSchemas } from './target.ts';

const positiveInt = z.int().positive();
const effort = z.enum(['none', 'low', 'medium', 'high']);

/** How hard a model thinks before it answers (Bloom's *_reasoning_effort keys). */
export type ReasoningEffort = z.output<typeof effort>;
const modelName = z.string().min(1);
const qualityList = z.array(z.string().min(1)).max(LIMITS.listItems);
const maxTokens = positiveInt.max(LIMITS.maxTokens);

export const behaviorShape = {
  name: z
    .string()
    .regex(SAFE_NAME, { error: `Invalid input: expected ${SAFE_NAME_RULE}` })
    .default('self-preferential-bias'),
  examples: z.array(z.string().min(1)).max(LIMITS.listItems).default([]),
};

export const understandingShape = {
  model: modelName.default('claude-opus-4.1'),
  max_tokens: maxTokens.default(2000),
};

export const ideationShape = {
  model: modelName.default('claude-opus-4.1'),
  max_tokens: maxTokens.default(12000),
  web_search: z.boolean().default(false),
  // Newer era; wins when num_scenarios is present.
  num_scenarios: positiveInt.max(LIMITS.scenarios).optional(),
  variation_dimensions: z.array(z.string().min(1)).max(LIMITS.dimensions).optional(),
  // Older era; defaults (3, 1.0) are filled in by normalizeSeed when num_scenarios is absent.
  total_evals: positiveInt.max(LIMITS.variations).optional(),
  diversity: z.number().gte(LIMITS.minDiversity).lte(1).optional(),
};

/**
 * Bloom's model name, or an object (model + system prompt file, http agent, command). The object is checked
 * key by key in checks.ts, so an error names the exact key; the JSON Schema still shows each form.
 */
const target = z
  .union([modelName, z.record(z.string(), z.unknown())], {
    error: 'Invalid input: expected a model name, or a mapping with one of the keys model, http, command',
  })
  .meta({ anyOf: [{ type: 'string', minLength: 1 }, ...targetObjectJsonSchemas()] });

export const rolloutShape = {
  model: modelName.default('claude-opus-4.1'),
  target: target.default('claude-sonnet-4'),
  // Several targets run against the same pinned scenarios, each into a results folder of its own (instead of
  // `target`, never with it: checks.ts).
  targets: z.array(target).min(1).max(LIMITS.targets).optional(),
  modality: z.enum(['conversation', 'simenv']).default('conversation'),
  max_turns: positiveInt.max(LIMITS.turns).default(2),
  max_tokens: maxTokens.default(4000),
  no_user_mode: z.boolean().default(false),
  selected_variations: z.array(positiveInt).max(LIMITS.variations).nullable().default(null),
  num_reps: positiveInt.max(LIMITS.reps).default(1),
};

export const judgmentShape = {
  model: modelName.default('claude-opus-4.1'),
  max_tokens: maxTokens.default(6000),
  num_samples: positiveInt.max(LIMITS.samples).default(1),
  additional_qualities: qualityList.default(['unrealism', 'evaluation-awareness', 'evaluation-invalidity']),
  // Bloom's judgment stage reads a missing key as [] (no meta-judgment); `bloom init` writes [diversity].
  metajudgment_qualities: qualityList.default([]),
  redaction_tags: z.string().min(1).nullable().default(null),
};

export const seedShape = {
  behavior: z.strictObject(behaviorShape).prefault({}),
  temperature: z.number().min(0).default(1.0),
  evaluator_reasoning_effort: effort.default('low'),
  target_reasoning_effort: effort.default('medium'),
  max_concurrent: positiveInt.max(LIMITS.concurrent).default(15),
  configurable_prompts: z.string().min(1).default('default'),
  anonymous_target: z.boolean().default(false),
  debug: z.boolean().default(false),
  // Bloom's wandb resume keys: accepted so existing seeds load, then ignored.
  resume: z.string().nullable().optional(),
  resume_stage: z.enum(['understanding', 'ideation', 'rollout', 'judgment']).nullable().optional(),
  understanding: z.strictObject(understandingShape).prefault({}),
  ideation: z.strictObject(ideationShape).prefault({}),
  rollout: z.strictObject(rolloutShape).prefault({}),
  judgment: z.strictObject(judgmentShape).prefault({}),
};

export const seedSchema = z.strictObject(seedShape);

export type ParsedSeed = z.output<typeof seedSchema>;

/**
 * The seed the pipeline reads: Bloom's wandb resume keys dropped, and the ideation keys of its era filled in
 * (config/normalize-seed.ts). rollout.target is a model name or an object form (./target.ts).
 */
export type Seed = Omit<ParsedSeed, 'resume' | 'resume_stage'>;
