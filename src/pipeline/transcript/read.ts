// Reading a transcript back: one view as chat messages, and the target's replies with their ids
// (the judgment stage ties highlight quotes to these ids).

import type { Transcript, TranscriptMessage, View } from '../../formats/transcript.ts';
import type { ChatMessage } from '../../models/types.ts';
import { contentText, fromTranscriptMessage } from './convert.ts';

export type TranscriptChatMessage = ChatMessage & { id: string };

function viewMessages(transcript: Transcript, view: View): TranscriptMessage[] {
  return transcript.events.filter((event) => event.view.includes(view)).map((event) => event.edit.message);
}

/** The messages of one view, in order, as ChatMessage records carrying their transcript ids. */
export function transcriptToMessages(transcript: Transcript, view: View): TranscriptChatMessage[] {
  return viewMessages(transcript, view).map((message) => ({
    ...fromTranscriptMessage(message),
    id: message.id,
  }));
}

/** The target's replies: every assistant message of the target's view, with its visible text. */
export function targetMessages(transcript: Transcript): { id: string; text: string }[] {
  return viewMessages(transcript, 'target')
    .filter((message) => message.role === 'assistant')
    .map((message) => ({ id: message.id, text: contentText(message.content) }));
}
