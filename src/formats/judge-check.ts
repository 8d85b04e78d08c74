// judge_check.json, beside a behavior's results: the current judge's scores for the baseline's stored sample,
// which the gate compares with the scores stored then (judge drift).

import { z } from 'zod';
import { RUN_IDENTITY_KEY, RUN_SEAL_KEY, runIdentityStamp } from './stamps.ts';

export const JUDGE_CHECK_FILE = 'judge_check.json';
/** The same check against the anchor's stored sample: a judge that moved since the anchor makes it unusable. */
export const ANCHOR_JUDGE_CHECK_FILE = 'judge_check_anchor.json';

const presence = z.number().min(1).max(10);

/** A baseline transcript scored again by the current judge. */
export const rejudgedItemSchema = z.strictObject({
  variation: z.number().int().min(1),
  repetition: z.number().int().min(1),
  /** The presence the baseline's run stored (an own item: the run's). */
  stored: presence,
  /** The presence the current judge gave the same transcript. */
  rejudged: presence,
  /** One of the run's own transcripts (stored: the score the run read), not the baseline's: see judge-drift.ts. */
  own: z.literal(true).optional(),
});

export type RejudgedItem = z.output<typeof rejudgedItemSchema>;

export const judgeCheckSchema = z.strictObject({
  format_version: z.literal(1),
  /** The run that re-judged, and this machine's seal: a check is reused only by the run that made it. */
  [RUN_IDENTITY_KEY]: runIdentityStamp.optional(),
  [RUN_SEAL_KEY]: z.string().optional(),
  judge: z.string().min(1),
  /** Which baseline's sample was re-judged. */
  baseline: z.strictObject({ commit: z.string().nullable(), created_at: z.string() }),
  items: z.array(rejudgedItemSchema).max(10_000),
  /** The scores the check speaks for (gate/rejudge.ts scoresDigest), and whether it was served from the call cache
   * rather than made by calling the judge in this run: a served check is kept only while the scores are the same. */
  scores_digest: z.string().optional(),
  from_call_cache: z.boolean().optional(),
  /** The command run (all its looks) that wrote it, and the check's own id (the same wherever it is served). */
  made_in: z.string().optional(),
  check_id: z.string().optional(),
  /** Of the items, how many are this run's own scores re-scored (scores this invocation did not make). */
  own_scores: z.number().int().nonnegative().optional(),
  /** The judge calls the check took and their tokens (served: what the run that made it paid). */
  made_with: z
    .strictObject({
      calls: z.number().int().nonnegative(),
      usage: z.strictObject({
        inputTokens: z.number().int().nonnegative(),
        outputTokens: z.number().int().nonnegative(),
      }),
    })
    .optional(),
});

export type JudgeCheckFile = z.output<typeof judgeCheckSchema>;

/** What the gate compares: the judge and its re-scored items, and which baseline's sample they are. */
export type JudgeCheck = Pick<JudgeCheckFile, 'judge' | 'items'> & Partial<Pick<JudgeCheckFile, 'baseline'>>;
