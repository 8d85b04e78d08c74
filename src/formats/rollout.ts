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

/** The scenarios (variation numbers) a rollout.json planned, every planned rollout being listed, in order. */
export function plannedVariationsOf(file: RolloutFile): number[] {
  return [...new Set(file.rollouts.map((r) => r.variation_number))].sort((a, b) => a - b);
}

/** .bloom/error_v{N}r{M}.json: why the last attempt at a rollout failed (for rollout.json on a resumed run). */
export const rolloutErrorSchema = z.looseObject({ error: z.string() });
