// ideation.json: the scenarios (base scenarios, each followed by its variations) and the tools each offers.

import { z } from 'zod';

/** A tool offered to the target; `parameters` is a JSON Schema object. */
export const toolSpecSchema = z.looseObject({
  name: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
});

export type ToolSpec = z.output<typeof toolSpecSchema>;

/** One entry of `variations`: a base scenario or a variation of one. */
export const variationSchema = z.looseObject({
  description: z.string().min(1),
  tools: z.array(toolSpecSchema),
  /** Ours: the dimension this variation changes (absent on a base scenario). */
  dimension: z.string().optional(),
  /** Ours: 1-indexed base scenario this belongs to. */
  scenario_number: z.number().int().positive().optional(),
  /** Ours: the system prompt ideation proposed for the target, if it wrote one. */
  target_system_prompt: z.string().optional(),
});

export type Variation = z.output<typeof variationSchema>;

export const ideationSchema = z.looseObject({
  behavior_name: z.string(),
  examples: z.array(z.string()),
  model: z.string(),
  temperature: z.number(),
  reasoning_effort: z.string(),
  num_scenarios: z.number().int().nonnegative(),
  variation_dimensions: z.array(z.string()),
  total_evals: z.number().int().nonnegative(),
  variations: z.array(variationSchema).min(1),
});

export type Ideation = z.output<typeof ideationSchema>;
