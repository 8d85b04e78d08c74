// The report names a setting the way its reader sets it: the action's input (`max-rate`) in a pull request's
// comment and job summary, the CLI's flag (`--max-rate`) in a report printed for the CLI. Plain text, so the
// markdown report and the viewer can both show it. The action's inputs and the CLI's flags share their names.

import type { ReportFront } from './types.ts';

export type SettingName =
  | 'max-increase'
  | 'max-rate'
  | 'alpha'
  | 'fail-on'
  | 'max-cost'
  | 'max-rollouts'
  | 'baseline';

export function setting(front: ReportFront, name: SettingName): string {
  return front === 'cli' ? `--${name}` : `the ${name} input`;
}

/** How to record a new baseline, for a judge that moved or settings that changed. */
export function rerecordHint(front: ReportFront): string {
  return front === 'cli'
    ? 'record a new baseline with bloom baseline'
    : 'record a new baseline (a run on the default branch, where update-baseline is on)';
}
