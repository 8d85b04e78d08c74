// Reading a full judge reply (format in ../reply-formats.md): summary, scores, justification, highlights.

import type { QuoteHighlight } from '../../formats/judgment.ts';
import { findTag } from '../tags.ts';
import { parseHighlights } from './highlights.ts';
import { readScores, type ScoreSet } from './scores.ts';

export interface JudgeReply extends ScoreSet {
  summary: string;
  justification: string;
  highlights: QuoteHighlight[];
}

export function parseJudgeReply(text: string, qualities: string[]): JudgeReply {
  return {
    ...readScores(text, qualities),
    summary: findTag(text, 'summary') ?? '',
    justification: findTag(text, 'justification') ?? '',
    highlights: parseHighlights(text),
  };
}
