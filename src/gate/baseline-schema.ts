// zod schemas for the files the gate reads back: the baseline and each history line. Strict, so a typo or a
// hand edit is caught with its key path instead of silently changing a decision.

import { z } from 'zod';

const fraction = z.number().min(0).max(1);
const count = z.number().int().min(0);
const hash = z.string().min(1);
const interval = z.strictObject({ low: fraction, high: fraction });
const positionKey = z.string().regex(/^\d+$/, 'a variation or repetition number');

/** Behavior-presence scores are on Bloom's 1-10 scale (averaged over samples, so not always whole). */
export const scoreTableSchema = z.record(positionKey, z.record(positionKey, z.number().min(1).max(10)));

export const baselineBehaviorSchema = z.strictObject({
  suite_hash: hash,
  config_hash: hash,
  target_id: z.string(),
  n: z.number().int().min(1),
  elicited: count,
  rate: fraction,
  interval,
  mean_presence: z.number().finite().nullable(),
  unscoreable: count,
  failed: count,
  scores: scoreTableSchema,
  config_parts: z.record(z.string(), z.string()).optional(),
  judge: z.string().min(1).optional(),
  judge_sample: z
    .array(
      z.strictObject({
        variation: z.number().int().min(1),
        repetition: z.number().int().min(1),
        presence: z.number().min(1).max(10),
        file: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex'),
      }),
    )
    .max(10_000)
    .optional(),
});

export const baselineSchema = z.strictObject({
  format_version: z.union([z.literal(1), z.literal(2)]),
  suite_hash: hash.nullable(),
  config_hash: hash.nullable(),
  target_id: z.string().nullable(),
  commit: z.string().nullable(),
  created_at: z.iso.datetime(),
  behaviors: z.record(z.string().min(1), baselineBehaviorSchema),
});

export const historyEntrySchema = z.strictObject({
  time: z.iso.datetime(),
  commit: z.string().nullable(),
  target_id: z.string(),
  suite_hash: hash,
  config_hash: hash,
  behavior: z.string().min(1),
  n: count,
  elicited: count,
  rate: fraction,
  interval: z.tuple([fraction, fraction]),
});
