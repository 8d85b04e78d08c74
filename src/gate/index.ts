// The gate: baselines, history and the regression decision.

export {
  buildBaseline,
  historyEntries,
  readBaseline,
  readHistory,
  writeBaselineAndHistory,
} from './baseline-file.ts';
export { chooseMethod, estimateChange } from './change.ts';
export { compareWithBaseline } from './compare.ts';
export { decide, worstStatus } from './decide.ts';
export { rateSummary } from './rate.ts';
export { readResults } from './results.ts';
export type * from './types.ts';
