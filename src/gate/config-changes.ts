// Which rollout or judgment settings differ between two runs, by name, so `not-comparable` can say what to undo
// or why to re-record. Runs record their settings as flat key -> short value (long values as a hash).

import type { ConfigChange } from './types.ts';

export function configChanges(
  baseline: Readonly<Record<string, string>> | undefined,
  candidate: Readonly<Record<string, string>> | undefined,
): ConfigChange[] {
  if (!baseline || !candidate) return [];
  const keys = [...new Set([...Object.keys(baseline), ...Object.keys(candidate)])].sort();
  return keys
    .filter((key) => baseline[key] !== candidate[key])
    .map((key) => ({ key, baseline: baseline[key] ?? null, candidate: candidate[key] ?? null }));
}

export function describeConfigChanges(changes: readonly ConfigChange[], limit = 4): string {
  const shown = changes.slice(0, limit).map((c) => {
    const from = c.baseline ?? 'unset';
    const to = c.candidate ?? 'unset';
    return from.startsWith('sha256:') || to.startsWith('sha256:')
      ? `${c.key} (edited)`
      : `${c.key} ${from} -> ${to}`;
  });
  const more = changes.length > limit ? ` and ${changes.length - limit} more` : '';
  return `${shown.join(', ')}${more}`;
}
