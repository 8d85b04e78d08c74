// Highlights: the judge's exact quotes, each tied to the target message it came from, so a viewer can
// jump to it. A quote found in no target message keeps no message_id rather than a wrong one. Positions are offsets
// into the message's visible text (reasoning left out).

import type { JudgeHighlight, QuoteHighlight } from '../../formats/judgment.ts';
import { escapeRegExp } from '../../util/regexp.ts';
import { findTag } from '../tags.ts';

export interface TargetMessageText {
  id: string;
  text: string;
}

// Attributes quoted with " or ' (judges write both).
const HIGHLIGHT = /<highlight\b([^>]*)>([\s\S]*?)<\/highlight>/gi;
const ATTR = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of raw.matchAll(ATTR)) attrs[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? '';
  return attrs;
}

/** Every <highlight> inside <highlights> (or anywhere, when the wrapper is missing). */
export function parseHighlights(text: string): QuoteHighlight[] {
  const scope = findTag(text, 'highlights') ?? text;
  const highlights: QuoteHighlight[] = [];
  for (const m of scope.matchAll(HIGHLIGHT)) {
    const attrs = attributes(m[1] ?? '');
    const quote = (m[2] ?? '').trim();
    if (!quote) continue;
    const index = Number.parseInt(attrs.index ?? '', 10);
    highlights.push({
      index: Number.isFinite(index) ? index : highlights.length + 1,
      description: (attrs.description ?? '').trim(),
      quoted_text: quote,
    });
  }
  return highlights;
}

/** Where a quote sits: the message and the [start, end) range of its visible text, as Python Bloom's `position`. */
export interface QuoteLocation {
  id: string;
  position: [number, number];
}

/** The first message containing the quote: exactly, else ignoring differences in whitespace. */
export function locateQuote(quote: string, messages: TargetMessageText[]): QuoteLocation | undefined {
  const words = quote.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  for (const m of messages) {
    const start = m.text.indexOf(quote);
    if (start >= 0) return { id: m.id, position: [start, start + quote.length] };
  }
  const loose = new RegExp(words.map(escapeRegExp).join('\\s+'));
  for (const m of messages) {
    const match = loose.exec(m.text);
    if (match) return { id: m.id, position: [match.index, match.index + match[0].length] };
  }
  return undefined;
}

/** The id of the first message containing the quote (see locateQuote). */
export function findQuoteMessage(quote: string, messages: TargetMessageText[]): string | undefined {
  return locateQuote(quote, messages)?.id;
}

export function attachMessageIds(
  highlights: QuoteHighlight[],
  messages: TargetMessageText[],
): QuoteHighlight[] {
  return highlights.map((h) => {
    const id = findQuoteMessage(h.quoted_text, messages);
    return id === undefined ? { ...h } : { ...h, message_id: id };
  });
}

/**
 * judgment.json's flat highlights in the shape Python Bloom writes into a transcript's judge_output: each a list of
 * `parts`, every part a quote with its message and position. A quote found nowhere gets Bloom's "unknown" id.
 */
export function highlightParts(
  highlights: QuoteHighlight[],
  messages: TargetMessageText[],
): JudgeHighlight[] {
  return highlights.map((h) => {
    const at = locateQuote(h.quoted_text, messages);
    return {
      index: h.index,
      description: h.description,
      parts: [
        {
          message_id: at?.id ?? UNKNOWN_MESSAGE,
          quoted_text: h.quoted_text,
          position: at?.position ?? null,
          tool_call_id: null,
          tool_arg: null,
        },
      ],
    };
  });
}

/** Python Bloom's message_id for a quote it could not place. */
export const UNKNOWN_MESSAGE = 'unknown';
