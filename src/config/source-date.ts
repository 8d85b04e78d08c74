// SOURCE_DATE_EPOCH, the reproducible-builds convention: when set, the one time written into a run's results
// (transcript and event timestamps, the judge's updated_at), so two runs of the same suite can be compared byte
// for byte. run_info.json and usage.jsonl still record when the run really started and how long it took.

import { ConfigError, describeValue } from '../util/errors.ts';

const WHOLE_SECONDS = /^\d{1,12}$/;

/** A clock stopped at SOURCE_DATE_EPOCH, or undefined when it is not set. */
export function sourceDateClock(env: NodeJS.ProcessEnv): (() => Date) | undefined {
  const text = env.SOURCE_DATE_EPOCH;
  if (text === undefined || text === '') return undefined;
  if (!WHOLE_SECONDS.test(text)) {
    throw new ConfigError(
      'environment',
      'SOURCE_DATE_EPOCH',
      'whole seconds since 1970-01-01 UTC, such as 1767225600',
      describeValue(text),
    );
  }
  const at = Number(text) * 1000;
  return () => new Date(at);
}
