// The shapes of the result files a run reads back (to resume) and the Inspect export reads: only the keys the
// readers rely on, loose elsewhere so Python Bloom's files pass. A file of the wrong shape is a one-line error
// with its key path, never a crash deep inside a reader.

import { z } from 'zod';

export { ideationSchema, understandingSchema } from '../../suite/lock-schema.ts';

/** An ISO 8601 time; without a zone (Python Bloom's naive times) it is read as UTC. */
const isoTime = z.string().refine((text) => {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  return /^\d{4}-\d\d-\d\dT/.test(text) && !Number.isNaN(new Date(zoned).getTime());
}, 'an ISO 8601 time');

const contentBlock = z.union([
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({ type: z.literal('reasoning'), reasoning: z.string() }),
]);

const toolCall = z.looseObject({
  id: z.string(),
  function: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});

const message = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  id: z.string(),
  content: z.union([z.string(), z.array(contentBlock)]),
  model: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
});

const event = z.looseObject({
  id: z.string(),
  timestamp: z.string(),
  view: z.array(z.enum(['evaluator', 'target', 'combined'])),
  edit: z.looseObject({ operation: z.literal('add'), message }),
});

const judgeOutput = z.looseObject({
  response: z.string(),
  summary: z.string(),
  justification: z.string(),
  scores: z.record(z.string(), z.number()),
});

/** A v3.0 transcript, as far as the judge, the viewer and the Inspect export read it. */
export const transcriptSchema = z.looseObject({
  metadata: z.looseObject({
    transcript_id: z.string(),
    created_at: isoTime,
    updated_at: isoTime,
    target_system_prompt: z.string().optional(),
    judge_output: judgeOutput.nullable().optional(),
    variation_number: z.number().int().positive().optional(),
    repetition_number: z.number().int().positive().optional(),
  }),
  events: z.array(event),
});

const position = z.number().int().positive();

/** .bloom/judge_vNrM.json: the judge's result for one transcript (see JudgeResult). */
export const judgeFileSchema = z.discriminatedUnion('ok', [
  z.looseObject({
    ok: z.literal(true),
    record: z.looseObject({
      variation_number: position,
      repetition_number: position,
      behavior_presence: z.number().min(1).max(10),
    }),
    judgeOutput: judgeOutput,
  }),
  z.looseObject({
    ok: z.literal(false),
    unscoreable: z.literal(true),
    reason: z.string(),
    responses: z.array(z.string()),
  }),
]);

/** .bloom/metajudgment.json. */
export const metajudgmentFileSchema = z.looseObject({});

/** rollout.json, as the Inspect export reads it (Python Bloom writes none). */
export const rolloutFileSchema = z.looseObject({
  metadata: z.record(z.string(), z.unknown()),
  rollouts: z.array(
    z.looseObject({
      variation_number: position,
      repetition_number: position,
      error: z.string().optional(),
    }),
  ),
});

/** run_info.json, as the Inspect export reads it: every key optional, each of its type when present. */
export const runInfoSchema = z.looseObject({
  suite_hash: z.string().nullable().optional(),
  config_hash: z.string().optional(),
  target_id: z.string().optional(),
  models: z.record(z.string(), z.string()).optional(),
  started_at: isoTime.optional(),
  duration_ms: z.number().optional(),
  usage: z
    .looseObject({
      byPurpose: z.record(z.string(), z.looseObject({})).optional(),
      byModel: z.record(z.string(), z.looseObject({})).optional(),
    })
    .optional(),
});
