// Bloom's example files (behaviors/examples/<name>.json), in either form Bloom accepts: a conversation, or a
// whole v3.0 transcript whose events hold the messages.

import { z } from 'zod';

const role = z.enum(['system', 'user', 'assistant', 'tool']);
const block = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  reasoning: z.string().optional(),
});
const content = z.union([z.string(), z.array(block)]);

const toolCall = z.looseObject({
  id: z.string(),
  function: z.string(),
  arguments: z.record(z.string(), z.unknown()).default({}),
});

export const exampleMessageSchema = z.looseObject({
  role,
  content,
  tool_calls: z.array(toolCall).nullish(),
  tool_call_id: z.string().nullish(),
});

/** `{"conversation": [{role, content}]}` (Bloom's behaviors/examples format). */
export const conversationExampleSchema = z.looseObject({ conversation: z.array(exampleMessageSchema) });

/** A whole v3.0 transcript (Bloom/Petri): messages come from `add` edits of the transcript events. */
export const transcriptExampleSchema = z.looseObject({
  events: z.array(
    z.looseObject({
      type: z.string(),
      view: z.union([z.string(), z.array(z.string())]).default([]),
      edit: z.looseObject({ operation: z.string(), message: exampleMessageSchema.optional() }).optional(),
    }),
  ),
});

/** One message of an example, as written. */
export type ExampleMessage = z.output<typeof exampleMessageSchema>;

/** An example in the transcript form. */
export type TranscriptExample = z.output<typeof transcriptExampleSchema>;
