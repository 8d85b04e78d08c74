export {
  buildMetajudgePrompt,
  buildMetajudgeSystemPrompt,
  evenSample,
  type JudgedSuite,
  judgedSuite,
  MAX_META_TRANSCRIPTS,
  qualityKeysOf,
} from './prompts.ts';
export { type MetajudgmentInput, metaKey, parseMetajudgeReply, runMetajudgment } from './run.ts';
