// transcript_v{N}r{M}.json: Bloom's v3.0 transcript (fixtures/schemas/transcript-schema.json), as this tool writes
// it and as Python Bloom and earlier versions of this tool wrote it. Keys every writer agrees on are typed
// exactly; keys some writers leave out are optional; loose objects keep whatever else a writer added.

import { z } from 'zod';
import { judgeOutputSchema } from './judgment.ts';
import { stampFields } from './stamps.ts';

/** An ISO 8601 time; without a zone (Python Bloom's naive times) it is read as UTC. */
export const isoTime = z.string().refine((text) => {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  return /^\d{4}-\d\d-\d\dT/.test(text) && !Number.isNaN(new Date(zoned).getTime());
}, 'an ISO 8601 time');

const contentBlockSchema = z.union([
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({ type: z.literal('reasoning'), reasoning: z.string() }),
]);

export type ContentBlock = z.output<typeof contentBlockSchema>;

const transcriptToolCallSchema = z.looseObject({
  id: z.string(),
  function: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});

export type TranscriptToolCall = z.output<typeof transcriptToolCallSchema>;

const transcriptMessageSchema = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  id: z.string(),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
  source: z.enum(['input', 'generate']).nullish(),
  model: z.string().optional(),
  tool_calls: z.array(transcriptToolCallSchema).optional(),
  tool_call_id: z.string().optional(),
});

export type TranscriptMessage = z.output<typeof transcriptMessageSchema>;

const viewSchema = z.enum(['evaluator', 'target', 'combined']);

export type View = z.output<typeof viewSchema>;

const transcriptEventSchema = z.looseObject({
  type: z.literal('transcript_event').optional(),
  id: z.string(),
  timestamp: z.string(),
  view: z.array(viewSchema),
  edit: z.looseObject({ operation: z.literal('add'), message: transcriptMessageSchema }),
});

export type TranscriptEvent = z.output<typeof transcriptEventSchema>;

export const transcriptSchema = z.looseObject({
  metadata: z.looseObject({
    transcript_id: z.string(),
    auditor_model: z.string().optional(),
    target_model: z.string().optional(),
    created_at: isoTime,
    updated_at: isoTime,
    // 'v3.0' in ours and Python Bloom's; not checked, so a later minor version still reads.
    version: z.string().optional(),
    description: z.string().optional(),
    target_system_prompt: z.string().optional(),
    target_tools: z.array(z.unknown()).optional(),
    judge_output: judgeOutputSchema.nullable().optional(),
    /** Ours: where this rollout sits in the suite. */
    variation_number: z.number().int().positive().optional(),
    repetition_number: z.number().int().positive().optional(),
    /** Ours: the run that produced it and this machine's seal; a run resumes only transcripts of its own. */
    ...stampFields,
  }),
  events: z.array(transcriptEventSchema),
});

export type Transcript = z.output<typeof transcriptSchema>;
