// Inspect's attachments: a long string that recurs (each model call's input repeats the conversation so far) is
// stored once in the sample's `attachments` and referenced as `attachment://<id>`, as Inspect itself condenses a
// sample; its viewer and readers resolve the references. Keeps a log linear in the conversation, not quadratic.

import { createHash } from 'node:crypto';
import type { InspectChatMessage, InspectContent } from './types.ts';

/** Strings up to this length stay inline (Inspect's own threshold). */
const INLINE_CHARS = 100;

export interface Attachments {
  /** The message with its long texts referenced; the texts go into the table. */
  condense(message: InspectChatMessage): InspectChatMessage;
  /** id -> text, for the sample's `attachments`. */
  table(): Record<string, string>;
}

export function createAttachments(): Attachments {
  const texts = new Map<string, string>();
  const ref = (text: string): string => {
    if (text.length <= INLINE_CHARS) return text;
    const id = createHash('sha256').update(text).digest('hex').slice(0, 32);
    texts.set(id, text);
    return `attachment://${id}`;
  };
  const content = (value: InspectContent): InspectContent =>
    typeof value === 'string'
      ? ref(value)
      : value.map((block) =>
          block.type === 'text'
            ? { ...block, text: ref(block.text) }
            : { ...block, reasoning: ref(block.reasoning) },
        );
  return {
    condense: (message) => ({ ...message, content: content(message.content) }),
    table: () => Object.fromEntries([...texts.entries()].sort(([a], [b]) => a.localeCompare(b))),
  };
}
