// A transcript file reduced to what the viewer shows: the combined view's messages with their text,
// reasoning and tool calls apart, plus the target's system prompt and tools. Read loosely: a malformed
// message is shown as best it can be, never dropped silently.

import type { Transcript, TranscriptEvent, TranscriptMessage } from '../../formats/transcript.ts';
import type { MessageView, Speaker, ToolCallView, TranscriptView } from './types.ts';

function asText(value: unknown): string {
  return typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? ''
      : JSON.stringify(value);
}

function speakerOf(event: TranscriptEvent, message: TranscriptMessage): Speaker {
  if (message.role === 'tool') return 'tool';
  return Array.isArray(event.view) && event.view.includes('target') ? 'target' : 'evaluator';
}

function contentParts(content: unknown): { text: string; reasoning: string[] } {
  if (!Array.isArray(content)) return { text: asText(content), reasoning: [] };
  const text: string[] = [];
  const reasoning: string[] = [];
  for (const block of content) {
    if (block?.type === 'reasoning') reasoning.push(asText(block.reasoning));
    else if (block?.type === 'text') text.push(asText(block.text));
    else text.push(asText(block));
  }
  return { text: text.join('\n\n'), reasoning };
}

function toolCalls(message: TranscriptMessage): ToolCallView[] {
  return (Array.isArray(message.tool_calls) ? message.tool_calls : []).map((call) => ({
    id: asText(call?.id),
    name: asText(call?.function),
    arguments: JSON.stringify(call?.arguments ?? {}, null, 2),
  }));
}

function toMessage(event: TranscriptEvent): MessageView | null {
  const message = event.edit?.message;
  if (!message || typeof message !== 'object') return null;
  return {
    id: asText(message.id),
    role: message.role,
    speaker: speakerOf(event, message),
    ...contentParts(message.content),
    toolCalls: toolCalls(message),
    toolCallId: typeof message.tool_call_id === 'string' ? message.tool_call_id : null,
  };
}

/** Events in the combined view; files without view tags keep all their events. */
function combinedEvents(events: TranscriptEvent[]): TranscriptEvent[] {
  const tagged = events.some((e) => Array.isArray(e?.view));
  return tagged ? events.filter((e) => Array.isArray(e?.view) && e.view.includes('combined')) : events;
}

export function toTranscriptView(transcript: Transcript): TranscriptView {
  const meta = transcript.metadata ?? ({} as Transcript['metadata']);
  const events = Array.isArray(transcript.events) ? transcript.events : [];
  return {
    targetModel: asText(meta.target_model),
    auditorModel: asText(meta.auditor_model),
    targetSystemPrompt: asText(meta.target_system_prompt),
    targetTools: (Array.isArray(meta.target_tools) ? meta.target_tools : []).map((tool) => {
      const fields: { name?: unknown; description?: unknown } =
        tool !== null && typeof tool === 'object' ? tool : {};
      return { name: asText(fields.name), description: asText(fields.description) };
    }),
    messages: combinedEvents(events)
      .map(toMessage)
      .filter((m): m is MessageView => m !== null),
  };
}
