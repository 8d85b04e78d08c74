// Every result file a run writes carries the identity of that run (runIdentity(): suite, config, target), so a
// later run resumes only what the same suite, judge, config and target produced. Stamps compare as canonical JSON:
// whatever keys runIdentity returns, equal identities give equal text.

import { RUN_IDENTITY_KEY } from '../../formats/stamps.ts';
import { canonicalJson } from '../../suite/canonical.ts';

/** The text two stamps are compared by. */
export function stampText(identity: unknown): string | null {
  return identity !== null && typeof identity === 'object' && !Array.isArray(identity)
    ? canonicalJson(identity)
    : null;
}

/** `value` with `identity` stamped under RUN_IDENTITY_KEY (replacing any stamp it had). */
export function stamped<T extends object>(value: T, identity: object): T {
  return { ...value, [RUN_IDENTITY_KEY]: identity };
}

/** The value without the given stamp keys (the run's identity by default): what hashes and comparisons see. */
export function unstamped<T extends object>(value: T, ...keys: string[]): T {
  const drop = new Set(keys.length > 0 ? keys : [RUN_IDENTITY_KEY]);
  return Object.fromEntries(Object.entries(value).filter(([key]) => !drop.has(key))) as T;
}

/** The keys on which a found stamp differs from the expected identity: "target_id", or why there is none. */
export function whyDifferent(expected: Record<string, unknown>, found: string | null): string {
  if (found === null) return 'no run identity';
  const other = JSON.parse(found) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(other)])].filter(
    (key) => canonicalJson(expected[key] ?? null) !== canonicalJson(other[key] ?? null),
  );
  return keys.length > 0 ? `${keys.join(', ')} differ${keys.length === 1 ? 's' : ''}` : 'another run';
}
