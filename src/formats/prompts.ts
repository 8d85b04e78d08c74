// configurable_prompts/<name>.json: text added to each stage's prompts, by key; every key optional (missing = '').

import { z } from 'zod';

// In stage order: understanding, ideation, then rollout, judgment and meta-judgment (FIRST_ROLLOUT_KEY on).
export const PROMPT_KEYS = [
  'understanding_system_additional',
  'behavior_understanding_additional',
  'transcript_analysis_additional',
  'ideation_system_additional',
  'make_scenarios_additional',
  'variation_system_additional',
  'make_variations_additional',
  'rollout_system_additional',
  'generate_sysprompt_additional',
  'target_sysprompt_prefix',
  'generate_kickoff_additional',
  'target_kickoff_prefix',
  'judgment_system_additional',
  'judgment_additional',
  'metajudge_system_additional',
  'metajudge_judgment_additional',
] as const;

/** Every key of configurable_prompts/<name>.json. */
export type PromptKey = (typeof PROMPT_KEYS)[number];

/** The file as loaded: every key, missing ones ''. */
export type ConfigurablePrompts = Record<PromptKey, string>;

/** Where the keys that shape rollout and judgment (not the pinned suite) begin. */
export const FIRST_ROLLOUT_KEY: PromptKey = 'rollout_system_additional';

/** Every prompt key optional (missing = ''); unknown keys are an error. */
export const promptsSchema = z.strictObject(
  Object.fromEntries(PROMPT_KEYS.map((key) => [key, z.string().default('')])) as Record<
    PromptKey,
    z.ZodDefault<z.ZodString>
  >,
);

export function emptyPrompts(): ConfigurablePrompts {
  return Object.fromEntries(PROMPT_KEYS.map((key) => [key, ''])) as ConfigurablePrompts;
}
