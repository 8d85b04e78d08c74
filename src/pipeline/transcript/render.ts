// The transcript as the judge reads it: the conversation exactly as the target saw it, with any
// content the user asked to hide (redaction tags) removed.

import type { Transcript } from '../../formats/transcript.ts';
import { escapeRegExp } from '../../util/regexp.ts';
import { formatConversation } from '../prompt-helpers.ts';
import { transcriptToMessages } from './read.ts';

export interface RenderOptions {
  /** Tag names whose <TAG>...</TAG> content is hidden; a string may list several, comma-separated. */
  redactionTags?: string | string[] | null;
  /** Show the target's reasoning (default true). */
  includeReasoning?: boolean;
}

export function parseRedactionTags(tags: RenderOptions['redactionTags']): string[] {
  if (!tags) return [];
  const list = Array.isArray(tags) ? tags : tags.split(/[,\s]+/);
  return list.map((tag) => tag.trim().replace(/^<|>$/g, '')).filter((tag) => tag !== '');
}

/** Removes every <TAG ...>...</TAG> (tags included) for each given tag name. */
export function redact(text: string, tags: string[]): string {
  let out = text;
  for (const tag of tags) {
    const name = escapeRegExp(tag);
    out = out.replace(new RegExp(`<${name}(\\s[^>]*)?>[\\s\\S]*?</${name}>`, 'gi'), '');
  }
  return out;
}

export function renderTranscriptForJudge(transcript: Transcript, options: RenderOptions = {}): string {
  const tags = parseRedactionTags(options.redactionTags);
  const includeReasoning = options.includeReasoning ?? true;
  const messages = transcriptToMessages(transcript, 'target').map((message) => {
    const shown = { ...message, content: redact(message.content, tags) };
    if (includeReasoning && message.reasoning) shown.reasoning = redact(message.reasoning, tags);
    else delete shown.reasoning;
    return shown;
  });
  return formatConversation(messages);
}
