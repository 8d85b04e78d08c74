// The judge's verdict on one rollout: judgment.json's record when there is one (Python Bloom's files have
// it for every rollout), else the judge_output our transcripts carry.

import type { JudgmentRecord } from '../../formats/judgment.ts';
import type { Transcript } from '../../formats/transcript.ts';
import { UNKNOWN_MESSAGE } from '../../pipeline/judgment/highlights.ts';
import type { Highlight, JudgeView } from './types.ts';

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function messageIdOf(value: unknown): string | null {
  return typeof value === 'string' && value !== UNKNOWN_MESSAGE ? value : null;
}

/**
 * Highlights in either shape: judgment.json's flat {index, description, quoted_text, message_id?}, or a
 * judge_output's {index, description, parts: [{message_id, quoted_text, ...}]} (Python Bloom's, and ours since),
 * each part its own highlight. Anything else is skipped.
 */
function highlights(list: unknown): Highlight[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((h, i): Highlight[] => {
    const index = typeof h?.index === 'number' ? h.index : i + 1;
    const description = typeof h?.description === 'string' ? h.description : '';
    const quotes: unknown[] = Array.isArray(h?.parts) ? h.parts : [h];
    return quotes.flatMap((q) => {
      const part = q as { quoted_text?: unknown; message_id?: unknown } | null;
      if (typeof part?.quoted_text !== 'string') return [];
      return [
        { index, description, quoted_text: part.quoted_text, message_id: messageIdOf(part.message_id) },
      ];
    });
  });
}

export function judgeView(
  record: JudgmentRecord | undefined,
  transcript: Transcript | undefined,
  qualities: string[],
): JudgeView | null {
  const output = transcript?.metadata?.judge_output;
  if (!record && !output) return null;
  const scores: Record<string, number | null> = {};
  for (const key of ['behavior_presence', ...qualities]) {
    scores[key] = record ? numberOrNull(record[key]) : numberOrNull(output?.scores?.[key]);
  }
  return {
    summary: String(record?.summary ?? output?.summary ?? ''),
    justification: String(record?.justification ?? output?.justification ?? ''),
    scores,
    highlights: withMessageIds(
      highlights(record?.highlights ?? output?.highlights),
      highlights(output?.highlights),
    ),
  };
}

/**
 * judgment.json's highlights name no message in Python Bloom's files; the transcript's judge_output does, per quote.
 * A highlight without an id takes the id its quote has there, so clicking it still finds the message.
 */
function withMessageIds(list: Highlight[], fromTranscript: Highlight[]): Highlight[] {
  const idOfQuote = new Map(
    fromTranscript.flatMap((h) => (h.message_id ? [[h.quoted_text, h.message_id] as const] : [])),
  );
  return list.map((h) => (h.message_id ? h : { ...h, message_id: idOfQuote.get(h.quoted_text) ?? null }));
}
