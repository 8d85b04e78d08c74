// The one-line verdict: what the report opens with and what the action turns into outputs and annotations.
// Never green when nothing was scored, a behavior failed, the baseline could not be fetched, a baseline behavior
// went missing, the judge moved, or something was left undecided or uncompared: each of those states gets its own
// headline, named as its status is.

import type { StoppedBy } from '../../gate/adaptive.ts';
import { points } from './numbers.ts';
import { behaviorRows } from './rows.ts';
import { ROW_RANK, STATUS_ICON } from './status.ts';
import type { ReportInput, RowStatus, Verdict } from './types.ts';

/** Names beyond this are counted, not listed, so the line stays one line. */
const MAX_NAMES = 5;

function names(list: string[]): string {
  const shown = list.slice(0, MAX_NAMES).join(', ');
  return list.length > MAX_NAMES ? `${shown} and ${list.length - MAX_NAMES} more` : shown;
}

function behaviors(count: number): string {
  return `${count} behavior${count === 1 ? '' : 's'}`;
}

/** `2 pass, 1 improved`: how many rows have each status, in `statuses` order. */
function tally(rows: { status: RowStatus }[], statuses: readonly RowStatus[]): string {
  return statuses
    .map((status) => [rows.filter((r) => r.status === status).length, status] as const)
    .filter(([count]) => count > 0)
    .map(([count, status]) => `${count} ${status}`)
    .join(', ');
}

const STOPPED: Record<StoppedBy, string | null> = {
  decided: null,
  budget: 'more rollouts stopped at the cost budget',
  'rollout-cap': 'more rollouts stopped at the rollout cap',
  'run-failed': 'a run adding rollouts failed',
};

export function verdictOf(input: ReportInput): Verdict {
  const rows = behaviorRows(input);
  const named = (status: RowStatus) => rows.filter((r) => r.status === status).map((r) => r.behavior);
  const regressed = named('regressed');
  const errored = named('error');
  const scored = rows.some((r) => (r.result?.candidate.n ?? 0) > 0);
  const verdict = (status: RowStatus, text: string): Verdict => ({
    status,
    line: `${STATUS_ICON[status]} ${text}`,
    regressed,
    errored,
  });

  if (input.failure || !scored) return verdict('error', 'error: the run failed and nothing was scored');
  // Without the baseline nothing can be compared: that is not "no baseline yet", whatever the rates are.
  if (input.baselineFailure) return verdict('error', `error: no comparison: ${input.baselineFailure}`);
  const worst = rows.reduce<RowStatus>((w, r) => (ROW_RANK[r.status] < ROW_RANK[w] ? r.status : w), 'pass');
  // What else the run found, after the worst state's own names.
  const rest = (statuses: readonly RowStatus[]) => {
    const counts = tally(rows, statuses);
    return counts ? ` (${counts})` : '';
  };
  const below = (status: RowStatus) =>
    (Object.keys(ROW_RANK) as RowStatus[]).filter((s) => ROW_RANK[s] > ROW_RANK[status]);

  switch (worst) {
    case 'regressed': {
      const others = (['judge-drift', 'error'] as const)
        .map((s) => [s, named(s)] as const)
        .filter(([, list]) => list.length > 0)
        .map(([s, list]) => `; ${list.length} ${s}: ${names(list)}`)
        .join('');
      return verdict('regressed', `${behaviors(regressed.length)} regressed: ${names(regressed)}${others}`);
    }
    case 'judge-drift':
      return verdict(
        'judge-drift',
        `judge-drift: the judge's scores moved since the baseline for ${names(named('judge-drift'))}, so their rates were not compared${rest(below('judge-drift'))}`,
      );
    case 'error':
      return verdict(
        'error',
        `error: ${behaviors(errored.length)} did not run: ${names(errored)}${rest(below('error'))}`,
      );
    case 'inconclusive': {
      const stopped = input.stoppedBy ? STOPPED[input.stoppedBy] : null;
      return verdict(
        'inconclusive',
        `inconclusive: not decided yet for ${names(named('inconclusive'))}${stopped ? ` (${stopped})` : ''}${rest(below('inconclusive'))}`,
      );
    }
    case 'not-comparable': {
      const list = named('not-comparable');
      const why = rows.some((r) => r.status === 'not-comparable' && r.result?.baseline)
        ? `the scenarios or settings changed since the baseline for ${names(list)}`
        : `no baseline yet for ${names(list)}`;
      return verdict('not-comparable', `not-comparable: ${why}${rest(below('not-comparable'))}`);
    }
    case 'improved':
      return verdict(
        'improved',
        `improved: ${names(named('improved'))}; no behavior regressed${rest(['pass'])}${missable(input)}`,
      );
    default:
      return verdict('pass', `pass: no behavior regressed${rest(['pass'])}${missable(input)}`);
  }
}

/** What a green verdict could not see: the largest rise any passing behavior could have hidden (80% power). */
function missable(input: ReportInput): string {
  const floor = input.gate?.options.max_increase ?? 0;
  const detectable = behaviorRows(input)
    .filter((r) => r.status === 'pass' && r.result?.comparison)
    .map((r) => Math.max(r.result?.comparison?.detectable ?? 0, floor));
  if (detectable.length === 0) return '';
  return `; it would catch a rise of ${points(Math.max(...detectable))} points at least 80% of the time`;
}
