// Why rollouts failed or went unscored, counted by cause for the one line a failed run ends with, e.g.
// "target HTTP 400 x 20, evaluator timeout x 2": the full messages stay in rollout.json and judgment.json.

/** One rollout that produced no score: its rollout failed, or its judgment did. */
export type Unscored =
  | { stage: 'rollout'; error: string }
  | { stage: 'judgment'; error: string; unscoreable: boolean };

/** The part of the message that says what went wrong: an HTTP status, a timeout, a broken connection. */
function kindOf(message: string): string {
  const status = /\bHTTP (\d{3})\b/.exec(message);
  if (status) return `HTTP ${status[1]}`;
  if (/timed out|timeout/i.test(message)) return 'timeout';
  if (/connection failed/i.test(message)) return 'connection failed';
  if (/malformed response/i.test(message)) return 'malformed response';
  if (/cost limit .* reached/i.test(message)) return 'cost limit';
  if (/bad output/i.test(message)) return 'bad output';
  if (/exited with code|was killed by/i.test(message)) return 'command failed';
  return 'other error';
}

/** "target HTTP 400", "evaluator timeout", "judge HTTP 500", "unscoreable judge reply", "not run". */
export function causeOf(unscored: Unscored): string {
  if (unscored.stage === 'judgment') {
    return unscored.unscoreable ? 'unscoreable judge reply' : `judge ${kindOf(unscored.error)}`;
  }
  if (unscored.error === 'not run') return 'not run';
  const who = /^(target|evaluator) call failed/.exec(unscored.error)?.[1] ?? 'rollout';
  return `${who} ${kindOf(unscored.error)}`;
}

/** The most frequent causes first (ties in order of appearance), "and N more" past `limit`. */
export function topCauses(unscored: readonly Unscored[], limit = 3): string {
  const counts = new Map<string, number>();
  for (const u of unscored) {
    const cause = causeOf(u);
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = ranked.slice(0, limit).map(([cause, n]) => `${cause} x ${n}`);
  const rest = ranked.slice(limit).reduce((sum, [, n]) => sum + n, 0);
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}
