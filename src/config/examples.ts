// Example transcripts in either format Bloom accepts, flattened into ChatMessage[].

import {
  conversationExampleSchema,
  type ExampleMessage,
  type TranscriptExample,
  transcriptExampleSchema,
} from '../formats/examples.ts';
import { parseOrThrow } from '../formats/zod-issue.ts';
import type { ChatMessage, ToolCall } from '../models/types.ts';
import { ConfigError } from '../util/errors.ts';

/** Text blocks joined as content; reasoning blocks kept apart as reasoning. */
export function toChatMessage(raw: ExampleMessage): ChatMessage {
  const out: ChatMessage = { role: raw.role, content: '' };
  if (typeof raw.content === 'string') {
    out.content = raw.content;
  } else {
    const texts = raw.content.filter((b) => b.type === 'text' && b.text !== undefined).map((b) => b.text);
    const thoughts = raw.content.filter((b) => b.type === 'reasoning' && b.reasoning).map((b) => b.reasoning);
    out.content = texts.join('\n');
    if (thoughts.length > 0) out.reasoning = thoughts.join('\n');
  }
  if (raw.tool_calls && raw.tool_calls.length > 0) {
    out.toolCalls = raw.tool_calls.map(
      (call): ToolCall => ({ id: call.id, name: call.function, arguments: call.arguments }),
    );
  }
  if (raw.tool_call_id) out.toolCallId = raw.tool_call_id;
  return out;
}

function viewMessages(transcript: TranscriptExample, view: string): ExampleMessage[] {
  const messages: ExampleMessage[] = [];
  for (const event of transcript.events) {
    const views = typeof event.view === 'string' ? [event.view] : event.view;
    if (event.type !== 'transcript_event' || !views.includes(view)) continue;
    if (event.edit?.operation === 'add' && event.edit.message) messages.push(event.edit.message);
  }
  return messages;
}

/**
 * The conversation of an example file's parsed JSON, or a ConfigError naming `file`. For a v3.0 transcript
 * (it has `events`), the target's view (what the evaluated model saw and said) is the demonstration; the
 * combined view is the fallback.
 */
export function parseExample(file: string, input: unknown): ChatMessage[] {
  if (input !== null && typeof input === 'object' && 'events' in input) {
    const transcript = parseOrThrow(file, transcriptExampleSchema, input);
    const target = viewMessages(transcript, 'target');
    const chosen = target.length > 0 ? target : viewMessages(transcript, 'combined');
    if (chosen.length === 0) {
      throw new ConfigError(file, 'events', 'messages in the target or combined view', 'none');
    }
    return chosen.map(toChatMessage);
  }
  return parseOrThrow(file, conversationExampleSchema, input).conversation.map(toChatMessage);
}
