// baseline.json: each behavior's rate and scored cells from one run (on the default branch), with the run's
// identity and the transcripts kept for re-judging. Strict, so a typo or a hand edit is caught with its key path
// instead of silently changing a decision (gate/baseline-file.ts also checks the figures against the scores).

import { z } from 'zod';

const fraction = z.number().min(0).max(1);
const count = z.number().int().min(0);
export const hashSchema = z.string().min(1);
// 1-indexed, written one way only: "06" or "0" would be a second key for a cell, or one no run has.
const positionKey = z.string().regex(/^[1-9]\d{0,8}$/, 'a variation or repetition number');

export const rateIntervalSchema = z.strictObject({ low: fraction, high: fraction });

/** An interval of a rate, a change or a shift: its low and high ends. */
export type Interval = z.output<typeof rateIntervalSchema>;

/** Behavior-presence scores on Bloom's 1-10 scale (averaged over samples, so not always whole) by variation, then
 * repetition: {"3": {"1": 8, "2": 2}}. JSON keys are strings. */
export const scoreTableSchema = z.record(positionKey, z.record(positionKey, z.number().min(1).max(10)));

export type ScoreTable = z.output<typeof scoreTableSchema>;

/** A behavior's rate in one run. */
export const rateSummarySchema = z.strictObject({
  /** Scored judgments (unscoreable and failed ones excluded, never counted as 0). */
  n: count,
  /** Judgments with behavior_presence above 6 (7 or more). */
  elicited: count,
  /** elicited / n, unrounded; 0 when n is 0. */
  rate: fraction,
  /** Wilson 95% interval of the rate. */
  interval: rateIntervalSchema,
  /** Mean behavior_presence over scored judgments; null when n is 0. */
  mean_presence: z.number().finite().nullable(),
  /** Transcripts the judge answered without a usable score. */
  unscoreable: count,
  /** Rollouts that failed plus judge calls that errored. */
  failed: count,
});

export type RateSummary = z.output<typeof rateSummarySchema>;

/** One of the baseline's stored transcripts kept for re-judging: where it is and what it scored then. */
export const judgeSampleEntrySchema = z.strictObject({
  variation: z.number().int().min(1),
  repetition: z.number().int().min(1),
  presence: z.number().min(1).max(10),
  /** The transcript file, relative to the baseline file's folder. */
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex'),
});

export type JudgeSampleEntry = z.output<typeof judgeSampleEntrySchema>;

export const baselineBehaviorSchema = z.strictObject({
  suite_hash: hashSchema,
  config_hash: hashSchema,
  target_id: z.string(),
  ...rateSummarySchema.extend({ n: z.number().int().min(1) }).shape,
  /** What a paired comparison needs: every scored cell's presence. */
  scores: scoreTableSchema,
  /** The run's rollout and judgment settings by key, so a mismatch can be named (absent in older baselines). */
  config_parts: z.record(z.string(), z.string()).optional(),
  /** The judge model that scored it. */
  judge: z.string().min(1).optional(),
  /** Transcripts the next runs re-judge to measure judge drift. */
  judge_sample: z.array(judgeSampleEntrySchema).max(10_000).optional(),
});

export type BaselineBehavior = z.output<typeof baselineBehaviorSchema>;

export const baselineSchema = z.strictObject({
  format_version: z.union([z.literal(1), z.literal(2)]),
  /** Shared by every behavior; null when the behaviors came from runs that differ (then see per behavior). */
  suite_hash: hashSchema.nullable(),
  config_hash: hashSchema.nullable(),
  target_id: z.string().nullable(),
  /** GITHUB_SHA, else `git rev-parse HEAD`, else null. */
  commit: z.string().nullable(),
  /** ISO 8601. */
  created_at: z.iso.datetime(),
  behaviors: z.record(z.string().min(1), baselineBehaviorSchema),
});

export type Baseline = z.output<typeof baselineSchema>;
