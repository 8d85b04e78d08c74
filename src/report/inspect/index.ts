export { buildInspectLog, type InspectLogOptions } from './build-log.ts';
export { readBloomResults } from './read-results.ts';
export type { BloomResults } from './results.ts';
export type { EvalLog, EvalSample } from './types.ts';
export { writeInspectLog } from './write.ts';
