// The one-line verdict: what the report opens with and what the action turns into outputs and annotations.
// Never green when nothing was scored, a behavior failed, the baseline could not be fetched, or a baseline behavior
// went missing.

import { behaviorRows } from './rows.ts';
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

const COUNT_LABELS: [RowStatus, string][] = [
  ['pass', 'pass'],
  ['improved', 'improved'],
  ['inconclusive', 'inconclusive'],
  ['not-comparable', 'not comparable'],
];

function tally(statuses: RowStatus[]): string {
  return COUNT_LABELS.map(([status, label]) => [statuses.filter((s) => s === status).length, label] as const)
    .filter(([count]) => count > 0)
    .map(([count, label]) => `${count} ${label}`)
    .join(', ');
}

export function verdictOf(input: ReportInput): Verdict {
  const rows = behaviorRows(input);
  const regressed = rows.filter((r) => r.status === 'regressed').map((r) => r.behavior);
  const errored = rows.filter((r) => r.status === 'error').map((r) => r.behavior);
  const scored = rows.some((r) => (r.result?.candidate.n ?? 0) > 0);

  if (input.failure || !scored) {
    return { status: 'error', line: '⚠️ Run failed: nothing was scored', regressed, errored };
  }
  // Without the baseline nothing can be compared: that is not "no baseline yet", whatever the rates are.
  if (input.baselineFailure) {
    return { status: 'error', line: `⚠️ No comparison: ${input.baselineFailure}`, regressed, errored };
  }
  const others = tally(rows.map((r) => r.status));
  if (regressed.length > 0) {
    const alsoErrored = errored.length ? `; ${errored.length} errored: ${names(errored)}` : '';
    const line = `❌ ${behaviors(regressed.length)} regressed: ${names(regressed)}${alsoErrored}`;
    return { status: 'regressed', line, regressed, errored };
  }
  if (errored.length > 0) {
    const line = `⚠️ ${behaviors(errored.length)} errored: ${names(errored)}${others ? ` (${others})` : ''}`;
    return { status: 'error', line, regressed, errored };
  }
  const decided = rows.filter((r) => r.status !== 'not-comparable').length;
  if (decided === 0) {
    const why = input.gate ? `${behaviors(rows.length)} not comparable with the baseline` : 'no baseline yet';
    return { status: 'inconclusive', line: `ℹ️ Nothing compared: ${why}`, regressed, errored };
  }
  const undecided = rows.some((r) => r.status === 'inconclusive' || r.status === 'not-comparable');
  const line = `✅ No behavior regressed (${others})`;
  return { status: undecided ? 'inconclusive' : 'pass', line, regressed, errored };
}
