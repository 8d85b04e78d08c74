// rollout.json: one entry per planned rollout (its transcript's file, or why it failed) and the counts. Python
// Bloom writes none; earlier versions of this tool wrote fewer keys, so only the rollouts' positions are required.

import { z } from 'zod';

const position = z.number().int().positive();

export const rolloutRecordSchema = z.looseObject({
  variation_number: position,
  variation_description: z.string().optional(),
  repetition_number: position,
  modality: z.string().optional(),
  transcript: z.string().optional(),
  /** Ours: set when the rollout failed (then transcript may be partial or absent). */
  error: z.string().optional(),
  turns: z.number().optional(),
});

export type RolloutRecord = z.output<typeof rolloutRecordSchema>;

export const rolloutFileSchema = z.looseObject({
  /** The settings a reader needs to interpret the rollouts (pipeline/rollout/rollout-file.ts). */
  metadata: z.record(z.string(), z.unknown()).optional(),
  rollouts: z.array(rolloutRecordSchema),
  successful_count: z.number().optional(),
  failed_count: z.number().optional(),
  total_count: z.number().optional(),
});

export type RolloutFile = z.output<typeof rolloutFileSchema>;

/** Variation numbers as a set of scenarios is compared: each once, in order. */
export function scenarioSet(variations: Iterable<number>): number[] {
  return [...new Set(variations)].sort((a, b) => a - b);
}

/** The scenarios a rollout.json planned, every planned rollout being listed. */
export function plannedVariationsOf(file: RolloutFile): number[] {
  return scenarioSet(file.rollouts.map((r) => r.variation_number));
}

/** .bloom/error_v{N}r{M}.json: why the last attempt at a rollout failed (for rollout.json on a resumed run). */
export const rolloutErrorSchema = z.looseObject({ error: z.string() });
