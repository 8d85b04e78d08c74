// Converting between the pipeline's ChatMessage and the v3.0 transcript's message shape.

import type { ContentBlock, TranscriptMessage } from '../../formats/transcript.ts';
import type { ChatMessage } from '../../models/types.ts';

export interface MessageOrigin {
  source: 'input' | 'generate';
  /** The model that generated it (generate messages only). */
  model?: string;
}

/** Reasoning is kept as a leading reasoning block, as Bloom writes it; plain text stays a string. */
export function toTranscriptMessage(
  message: ChatMessage,
  id: string,
  origin: MessageOrigin,
): TranscriptMessage {
  const content: string | ContentBlock[] = message.reasoning
    ? [
        { type: 'reasoning', reasoning: message.reasoning },
        { type: 'text', text: message.content },
      ]
    : message.content;
  const out: TranscriptMessage = { role: message.role, id, content, source: origin.source };
  if (origin.model) out.model = origin.model;
  if (message.toolCalls && message.toolCalls.length > 0) {
    out.tool_calls = message.toolCalls.map((call) => ({
      id: call.id,
      function: call.name,
      arguments: call.arguments,
    }));
  }
  if (message.role === 'tool' && message.toolCallId) out.tool_call_id = message.toolCallId;
  return out;
}

/** The visible text of a transcript message (reasoning blocks excluded). */
export function contentText(content: TranscriptMessage['content']): string {
  if (typeof content === 'string') return content;
  return content
    .filter((block): block is { type: 'text'; text: string } => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
}

/** The reasoning of a transcript message, if any. */
export function contentReasoning(content: TranscriptMessage['content']): string | undefined {
  if (typeof content === 'string') return undefined;
  const parts = content
    .filter((block): block is { type: 'reasoning'; reasoning: string } => block.type === 'reasoning')
    .map((block) => block.reasoning);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

export function fromTranscriptMessage(message: TranscriptMessage): ChatMessage {
  const out: ChatMessage = { role: message.role, content: contentText(message.content) };
  const reasoning = contentReasoning(message.content);
  if (reasoning) out.reasoning = reasoning;
  if (message.tool_calls && message.tool_calls.length > 0) {
    out.toolCalls = message.tool_calls.map((call) => ({
      id: call.id,
      name: call.function,
      arguments: call.arguments,
    }));
  }
  if (message.tool_call_id) out.toolCallId = message.tool_call_id;
  return out;
}
