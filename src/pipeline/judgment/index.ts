export { averageSamples, toSample } from './average.ts';
export {
  attachMessageIds,
  findQuoteMessage,
  highlightParts,
  locateQuote,
  parseHighlights,
  UNKNOWN_MESSAGE,
} from './highlights.ts';
export { type JudgeInput, type JudgeResult, judgeTranscript } from './judge.ts';
export { judgeOutputOf } from './judge-output.ts';
export { type JudgeReply, parseJudgeReply } from './parse.ts';
export { readScore, readScores, scoreTag } from './scores.ts';
