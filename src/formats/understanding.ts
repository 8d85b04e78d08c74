// understanding.json: what the evaluator understood of the behavior and of each example (Bloom's first stage).

import { z } from 'zod';

const transcriptAnalysisSchema = z.looseObject({
  example_name: z.string(),
  transcript_summary: z.string(),
  attribution: z.string(),
  reasoning: z.string(),
});

export type TranscriptAnalysis = z.output<typeof transcriptAnalysisSchema>;

export const understandingSchema = z.looseObject({
  behavior_name: z.string(),
  examples: z.array(z.string()),
  model: z.string(),
  temperature: z.number(),
  evaluator_reasoning_effort: z.string(),
  understanding: z.string(),
  scientific_motivation: z.string(),
  understanding_reasoning: z.string(),
  transcript_analyses: z.array(transcriptAnalysisSchema),
});

export type Understanding = z.output<typeof understandingSchema>;
