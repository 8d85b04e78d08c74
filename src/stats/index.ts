export { buildJudgmentFile, failedJudgment, type JudgmentFileInput } from './judgment-file.ts';
export { pythonRound, pythonRoundInt } from './round.ts';
export { ELICITATION_THRESHOLD, EXTRA_STATISTIC_KEYS, qualityKey, summaryStatistics } from './summary.ts';
export { wilson } from './wilson.ts';
