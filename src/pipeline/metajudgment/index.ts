export {
  buildMetajudgePrompt,
  buildMetajudgeSystemPrompt,
  evenSample,
  type JudgedSuite,
  judgedSuite,
  MAX_META_TRANSCRIPTS,
  qualityKeysOf,
} from './prompts.ts';
export {
  type MetajudgmentInput,
  type MetajudgmentResult,
  metaKey,
  parseMetajudgeReply,
  runMetajudgment,
} from './run.ts';
