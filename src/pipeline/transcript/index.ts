export { createTranscriptBuilder, type TranscriptBuilder, type TranscriptSetup } from './builder.ts';
export { contentReasoning, contentText, fromTranscriptMessage, toTranscriptMessage } from './convert.ts';
export { derivedId, deterministicUuid } from './ids.ts';
export { type TranscriptChatMessage, targetMessages, transcriptToMessages } from './read.ts';
export { parseRedactionTags, type RenderOptions, redact, renderTranscriptForJudge } from './render.ts';
