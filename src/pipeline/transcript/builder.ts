// Builds a v3.0 transcript event by event. Every id derives from the run nonce, the rollout and the content so far
// (see ids.ts), and every timestamp comes from the injected clock, so a run under SOURCE_DATE_EPOCH that gets the
// same answers writes identical files, and any other two runs share no id.

import type { ToolSpec } from '../../formats/ideation.ts';
import type { Transcript, TranscriptEvent, View } from '../../formats/transcript.ts';
import type { ChatMessage } from '../../models/types.ts';
import { type MessageOrigin, toTranscriptMessage } from './convert.ts';
import { derivedId } from './ids.ts';

export interface TranscriptSetup {
  /** Names the rollout within its run, e.g. "sycophancy/v3r2". */
  key: string;
  /** The run's nonce: random, or fixed by SOURCE_DATE_EPOCH (config/source-date.ts). */
  runNonce: string;
  auditorModel: string;
  targetModel: string;
  description: string;
  targetTools: ToolSpec[];
  variationNumber: number;
  repetitionNumber: number;
  now: () => Date;
}

export interface TranscriptBuilder {
  /** Appends one message to the given views; returns the message's id. */
  add(view: View[], message: ChatMessage, origin: MessageOrigin): string;
  setTargetSystemPrompt(text: string): void;
  /** A snapshot of the transcript so far (safe to keep while building continues). */
  build(): Transcript;
}

export function createTranscriptBuilder(setup: TranscriptSetup): TranscriptBuilder {
  const createdAt = setup.now().toISOString();
  let updatedAt = createdAt;
  let targetSystemPrompt = '';
  const events: TranscriptEvent[] = [];
  const rolloutId = derivedId(setup.runNonce, setup.key, setup.auditorModel, setup.targetModel);
  // The id of the last message: each message id hashes it with the new message, a chain over the whole history.
  let head = rolloutId;

  return {
    add(view, message, origin) {
      const timestamp = setup.now().toISOString();
      updatedAt = timestamp;
      const content = toTranscriptMessage(message, '', origin);
      const messageId = derivedId(head, JSON.stringify([view, content]));
      head = messageId;
      events.push({
        type: 'transcript_event',
        id: derivedId(messageId, 'event'),
        timestamp,
        view: [...view],
        edit: { operation: 'add', message: { ...content, id: messageId } },
      });
      return messageId;
    },
    setTargetSystemPrompt(text) {
      targetSystemPrompt = text;
    },
    build() {
      const transcript: Transcript = {
        metadata: {
          transcript_id: derivedId(head, 'transcript'),
          auditor_model: setup.auditorModel,
          target_model: setup.targetModel,
          created_at: createdAt,
          updated_at: updatedAt,
          version: 'v3.0',
          description: setup.description,
          target_system_prompt: targetSystemPrompt,
          target_tools: setup.targetTools,
          variation_number: setup.variationNumber,
          repetition_number: setup.repetitionNumber,
        },
        events,
      };
      return structuredClone(transcript);
    },
  };
}
