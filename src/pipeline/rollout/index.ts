export { parseSystemPrompt, parseToolResponses, parseUserMessage } from './parse.ts';
export { CONTINUE_MESSAGE } from './prompts.ts';
export { rolloutFile, rolloutMetadata } from './rollout-file.ts';
export { MAX_TOOL_ROUNDS, type RolloutInput, type RolloutOutcome, runRollout } from './run-rollout.ts';
