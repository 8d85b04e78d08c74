// SOURCE_DATE_EPOCH, the reproducible-builds convention: when set, the one time written into a run's results
// (transcript and event timestamps, the judge's updated_at), and the nonce the run's ids derive from, so two runs of
// the same suite can be compared byte for byte. run_info.json and usage.jsonl still record when the run really
// started and how long it took.

import { randomUUID } from 'node:crypto';
import { ConfigError, describeValue } from '../util/errors.ts';

const WHOLE_SECONDS = /^\d{1,12}$/;

/** SOURCE_DATE_EPOCH in seconds, or undefined when it is not set. */
function sourceDateEpoch(env: NodeJS.ProcessEnv): number | undefined {
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
  return Number(text);
}

/** A clock stopped at SOURCE_DATE_EPOCH, or undefined when it is not set. */
export function sourceDateClock(env: NodeJS.ProcessEnv): (() => Date) | undefined {
  const seconds = sourceDateEpoch(env);
  if (seconds === undefined) return undefined;
  const at = seconds * 1000;
  return () => new Date(at);
}

/**
 * The nonce a run's transcript ids derive from: random, so two runs never share an id (as Python Bloom's uuid4 ids
 * never do), unless SOURCE_DATE_EPOCH asks for reproducible output; then it is fixed by that time, and the ids still
 * differ wherever the models or anything said differ (pipeline/transcript/ids.ts).
 */
export function runNonce(env: NodeJS.ProcessEnv): string {
  const seconds = sourceDateEpoch(env);
  return seconds === undefined ? randomUUID() : `SOURCE_DATE_EPOCH=${seconds}`;
}
