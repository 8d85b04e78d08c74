// A sample's events, for the Transcript tab of Inspect's viewer: one model event per model reply in the transcript
// (the target's turns and the evaluator's), each with the messages that model had seen, then one score event per
// score the judge gave. Times are offsets from the transcript's start.

import type { ToolSpec } from '../../formats/ideation.ts';
import type { Transcript, TranscriptEvent } from '../../formats/transcript.ts';
import type { Attachments } from './attachments.ts';
import { modelOutput, toInspectMessage } from './messages.ts';
import { inspectTime, secondsBetween } from './time.ts';
import { toolInfo } from './tool-info.ts';
import type { InspectChatMessage, InspectEvent, InspectScore, ModelEvent } from './types.ts';

type Speaker = 'target' | 'evaluator';

/** Which model wrote this message: an assistant message that was generated, in its model's own view. */
function writer(event: TranscriptEvent): Speaker | undefined {
  const message = event.edit.message;
  if (message.role !== 'assistant' || message.source === 'input') return undefined;
  if (event.view.includes('target')) return 'target';
  return event.view.includes('evaluator') ? 'evaluator' : undefined;
}

export interface SampleEventsInput {
  transcript: Transcript;
  /** The sample's scores, each becoming a score event. */
  scores: Record<string, InspectScore> | undefined;
  /** What the scores measure: the behavior. */
  target: string;
  attachments: Attachments;
}

export function sampleEvents(input: SampleEventsInput): InspectEvent[] {
  const { transcript, attachments } = input;
  const start = transcript.metadata.created_at;
  const at = (timestamp: string) => ({
    timestamp: inspectTime(timestamp),
    working_start: secondsBetween(start, timestamp),
  });
  // A Python Bloom file or a hand-edited one may carry anything here: only objects can be tools.
  const declared: unknown[] = Array.isArray(transcript.metadata.target_tools)
    ? transcript.metadata.target_tools
    : [];
  const tools = declared
    .filter((tool): tool is ToolSpec => typeof tool === 'object' && tool !== null)
    .map(toolInfo);
  const seen: Record<Speaker, InspectChatMessage[]> = { target: [], evaluator: [] };
  const functionByCallId = new Map<string, string>();
  const events: InspectEvent[] = [];

  for (const event of transcript.events) {
    const message = event.edit.message;
    for (const call of message.tool_calls ?? []) functionByCallId.set(call.id, call.function);
    const condensed = attachments.condense(toInspectMessage(message, functionByCallId));
    const speaker = writer(event);
    if (speaker) {
      const model =
        message.model ??
        (speaker === 'target' ? transcript.metadata.target_model : transcript.metadata.auditor_model) ??
        '';
      const call: ModelEvent = {
        ...at(event.timestamp),
        event: 'model',
        model,
        role: speaker,
        input: [...seen[speaker]],
        tools: speaker === 'target' ? tools : [],
        tool_choice: speaker === 'target' && tools.length > 0 ? 'auto' : 'none',
        config: {},
        output: modelOutput(condensed, model),
      };
      events.push(call);
    }
    for (const view of ['target', 'evaluator'] as const)
      if (event.view.includes(view)) seen[view].push(condensed);
  }

  for (const [scorer, score] of Object.entries(input.scores ?? {})) {
    events.push({
      ...at(transcript.metadata.updated_at),
      event: 'score',
      score,
      target: input.target,
      intermediate: false,
      scorer,
    });
  }
  return events;
}
