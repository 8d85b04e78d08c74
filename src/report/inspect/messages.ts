// A transcript as Inspect's ChatMessages: the target's view only (what the model under test saw and said),
// reasoning as ContentReasoning, tool calls in Inspect's ToolCall shape.

import type { Transcript, TranscriptMessage } from '../../formats/transcript.ts';
import { contentText } from '../../pipeline/transcript/index.ts';
import type {
  ContentReasoning,
  ContentText,
  InspectChatMessage,
  InspectContent,
  ModelOutput,
} from './types.ts';

function inspectContent(content: TranscriptMessage['content']): InspectContent {
  if (typeof content === 'string') return content;
  return content.map((block): ContentText | ContentReasoning =>
    block.type === 'reasoning'
      ? { type: 'reasoning', reasoning: block.reasoning, redacted: false }
      : { type: 'text', text: block.text },
  );
}

/** One transcript message as Inspect's ChatMessage; a tool result names its call's function when it is known. */
export function toInspectMessage(
  message: TranscriptMessage,
  functionByCallId: Map<string, string>,
): InspectChatMessage {
  // Keys in Inspect's order (id, content, source, role, ...); Inspect leaves `source` off system messages.
  const out: InspectChatMessage = {
    id: message.id,
    content: inspectContent(message.content),
    ...(message.source && message.role !== 'system' ? { source: message.source } : {}),
    role: message.role,
  };
  if (message.role === 'assistant' && message.model) out.model = message.model;
  if (message.tool_calls && message.tool_calls.length > 0) {
    out.tool_calls = message.tool_calls.map((call) => ({
      id: call.id,
      function: call.function,
      arguments: call.arguments,
      type: 'function',
    }));
  }
  if (message.role === 'tool' && message.tool_call_id) {
    out.tool_call_id = message.tool_call_id;
    const fn = functionByCallId.get(message.tool_call_id);
    if (fn) out.function = fn;
  }
  return out;
}

/** The target's view of the conversation, in order. */
export function targetChatMessages(transcript: Transcript): InspectChatMessage[] {
  const functionByCallId = new Map<string, string>();
  const messages: InspectChatMessage[] = [];
  for (const event of transcript.events) {
    if (!event.view.includes('target')) continue;
    const message = event.edit.message;
    for (const call of message.tool_calls ?? []) functionByCallId.set(call.id, call.function);
    messages.push(toInspectMessage(message, functionByCallId));
  }
  return messages;
}

/** The visible text of a message (reasoning left out). */
export function messageText(message: InspectChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  return contentText(
    message.content.map((block) =>
      block.type === 'text'
        ? { type: 'text', text: block.text }
        : { type: 'reasoning', reasoning: block.reasoning },
    ),
  );
}

/** The sample's input: the first user message the target saw. */
export function firstUserText(messages: InspectChatMessage[]): string | undefined {
  const first = messages.find((message) => message.role === 'user');
  return first && messageText(first);
}

/** One reply as a one-choice ModelOutput. */
export function modelOutput(message: InspectChatMessage, model: string): ModelOutput {
  const stop_reason = message.tool_calls?.length ? 'tool_calls' : 'stop';
  return { model, choices: [{ message, stop_reason }], completion: messageText(message) };
}

/** The sample's output: the target's last reply. */
export function finalOutput(messages: InspectChatMessage[], model: string): ModelOutput {
  const last = messages.findLast((message) => message.role === 'assistant');
  return last ? modelOutput(last, model) : { model, choices: [], completion: '' };
}
