// The judge's result as Python Bloom writes it into each transcript (metadata.judge_output), built from the
// judgment record: the one place that shape is made, for a fresh judgment and for a judge file an earlier version
// of this tool wrote (flat highlights, no num_samples), so both give the same transcript.

import type { JudgeOutput, ScoredRecord } from '../../formats/judgment.ts';
import type { Transcript } from '../../formats/transcript.ts';
import { targetMessages } from '../transcript/index.ts';
import { highlightParts } from './highlights.ts';

export function judgeOutputOf(
  record: ScoredRecord,
  response: string,
  scores: Record<string, number>,
  transcript: Transcript,
): JudgeOutput {
  return {
    response,
    summary: record.summary,
    num_samples: record.num_samples,
    scores: Object.fromEntries(Object.entries(scores).map(([key, value]) => [key, Math.round(value)])),
    justification: record.justification,
    highlights: highlightParts(record.highlights, targetMessages(transcript)),
  };
}
