// judgment.json (Bloom's judgment stage: one record per judged rollout, the summary statistics, the meta-judgment),
// and the two files of .bloom/ it is assembled from: each rollout's judge result and the suite's meta-judgment.
// Records keep Bloom's keys; quality keys use '_' for '-'. Python Bloom's files are read with the same schema.

import { z } from 'zod';
import { stampFields } from './stamps.ts';

/** One scoring of a transcript (judgment.num_samples of them per record). */
export const judgeSampleSchema = z.looseObject({
  sample_index: z.number(),
  behavior_presence: z.number(),
});

export type JudgeSample = z.output<typeof judgeSampleSchema>;

/** A highlight as judgment.json lists it: one quote. */
export const highlightSchema = z.looseObject({
  index: z.number(),
  description: z.string(),
  quoted_text: z.string(),
  /** Ours: the id of the transcript message the quote was found in, when found. */
  message_id: z.string().optional(),
});

export type QuoteHighlight = z.output<typeof highlightSchema>;

/** One quote of a judge_output highlight, as Python Bloom writes it (tool fields for quotes from a tool call). */
const highlightPartSchema = z.looseObject({
  /** The quoted message's id; "unknown" when the quote was found in none. */
  message_id: z.string(),
  quoted_text: z.string(),
  /** [start, end) in the message's visible text; null when not found. */
  position: z.tuple([z.number(), z.number()]).nullable(),
  tool_call_id: z.string().nullable(),
  tool_arg: z.string().nullable(),
});

export type HighlightPart = z.output<typeof highlightPartSchema>;

/** A highlight in a transcript's judge_output: one description, its quotes as `parts`. */
export const judgeHighlightSchema = z.looseObject({
  index: z.number(),
  description: z.string(),
  parts: z.array(highlightPartSchema),
});

export type JudgeHighlight = z.output<typeof judgeHighlightSchema>;

/**
 * A transcript's metadata.judge_output, in Python Bloom's shape and key order (Bloom's viewer reads
 * `highlights[].parts`). Files of earlier versions of this tool have flat highlights (judgment.json's) and no
 * num_samples: readers accept both (report/viewer/judge.ts).
 */
export const judgeOutputSchema = z.looseObject({
  response: z.string(),
  summary: z.string(),
  num_samples: z.number().optional(),
  /** Integers, as the transcript schema wants. */
  scores: z.record(z.string(), z.number()),
  justification: z.string(),
  highlights: z.array(z.union([judgeHighlightSchema, highlightSchema])).optional(),
});

export type JudgeOutput = z.output<typeof judgeOutputSchema>;

/** One entry of `judgments`. Keys beyond Bloom's (each quality's score) are kept as they come. */
export const judgmentRecordSchema = z.looseObject(
  {
    variation_number: z.number(),
    variation_description: z.string().optional(),
    repetition_number: z.number(),
    /** 1-10; null in Python Bloom's files when the judge gave no score. */
    behavior_presence: z.number().nullable(),
    justification: z.string().optional(),
    summary: z.string().optional(),
    full_judgment_response: z.string().optional(),
    num_samples: z.number().optional(),
    individual_samples: z.array(judgeSampleSchema).optional(),
    highlights: z.array(highlightSchema).optional(),
  },
  { error: 'an object' },
);

export type JudgmentRecord = z.output<typeof judgmentRecordSchema>;

/** One transcript the judge could not score, or whose judging failed (failed_judgments entry). */
export const failedJudgmentSchema = z.looseObject({
  variation_number: z.number(),
  repetition_number: z.number(),
  /** True when the judge answered but gave no usable score; false for a provider error. */
  unscoreable: z.boolean(),
  /** Why (Bloom's key name for the reason). */
  error: z.string(),
});

export type FailedJudgment = z.output<typeof failedJudgmentSchema>;

/** Bloom's summary statistics (and ours beside them: stats/summary.ts's EXTRA_STATISTIC_KEYS, averages, meta_*).
 * `bloom report` names a key a file lacks, so none is required here. */
export const summaryStatisticsSchema = z.looseObject(
  {
    average_behavior_presence_score: z.number().optional(),
    min_behavior_presence_score: z.number().optional(),
    max_behavior_presence_score: z.number().optional(),
    elicitation_rate: z.number().optional(),
    total_judgments: z.number().optional(),
  },
  { error: 'an object' },
);

export type SummaryStatistics = z.output<typeof summaryStatisticsSchema>;

/** The meta-judgment's keys in judgment.json: meta_<quality> -> score, its justification and the whole reply. */
export const metajudgmentSchema = z.looseObject({
  /** meta_<quality> (with '_' for '-') -> score; a quality the reply did not score is left out. */
  metajudgment_scores: z.record(z.string(), z.number().nullable(), { error: 'an object' }).nullish(),
  metajudgment_justification: z.string().optional(),
  metajudgment_response: z.string().optional(),
});

/** The meta-judgment: none of its keys when the seed lists no meta qualities. */
export type Metajudgment = z.output<typeof metajudgmentSchema>;

/** judgment.json: Python Bloom's or ours. Keys in Bloom's order, which is also the order problems are reported in. */
export const judgmentFileSchema = z.looseObject(
  {
    behavior_name: z.string(),
    examples: z.array(z.string()).optional(),
    model: z.string().optional(),
    reasoning_effort: z.string().optional(),
    total_conversations: z.number().optional(),
    summary_statistics: summaryStatisticsSchema,
    judgments: z.array(judgmentRecordSchema, { error: 'an array' }),
    failed_judgments: z.array(z.unknown(), { error: 'an array' }).optional(),
    successful_count: z.number().optional(),
    failed_count: z.number().optional(),
    ...metajudgmentSchema.shape,
    ...stampFields,
  },
  { error: 'a JSON object' },
);

export type JudgmentFile = z.output<typeof judgmentFileSchema>;

/** judgment.json without its judgments: what stays the same whichever way the records are given. */
export const judgmentFileHeadSchema = judgmentFileSchema.omit({ judgments: true });

export type JudgmentFileHead = z.output<typeof judgmentFileHeadSchema>;

const position = z.number().int().positive();

/** A record this tool's judge wrote: every key of Bloom's, scored 1-10. */
export const scoredRecordSchema = judgmentRecordSchema.extend({
  variation_number: position,
  variation_description: z.string(),
  repetition_number: position,
  behavior_presence: z.number().min(1).max(10),
  justification: z.string(),
  summary: z.string(),
  full_judgment_response: z.string(),
  num_samples: z.number(),
  individual_samples: z.array(judgeSampleSchema),
  highlights: z.array(highlightSchema),
});

export type ScoredRecord = z.output<typeof scoredRecordSchema>;

/** .bloom/judge_v{N}r{M}.json (only this tool writes them): the judge's result for one transcript, a score or why
 * there is none. */
export const judgeFileSchema = z.discriminatedUnion('ok', [
  z.looseObject({
    ok: z.literal(true),
    record: scoredRecordSchema,
    /** What goes into the transcript's judge_output. */
    judgeOutput: judgeOutputSchema,
    ...stampFields,
  }),
  z.looseObject({
    ok: z.literal(false),
    unscoreable: z.literal(true),
    reason: z.string(),
    responses: z.array(z.string()),
    ...stampFields,
  }),
]);

export type JudgeFile = z.output<typeof judgeFileSchema>;

/** .bloom/metajudgment.json: the meta-judgment, with how many scored rollouts it judged. */
export const metajudgmentFileSchema = z.looseObject({
  ...metajudgmentSchema.shape,
  scored_count: z.number().optional(),
  ...stampFields,
});
