// One name per state, everywhere: the table, the headline, report.json and the action's `status` output all use
// the gate's own status names (plus `error` for a behavior whose run failed). Each has one icon, chosen to read in
// GitHub's light and dark themes alike: solid coloured glyphs, never the white ❔ or the black ➖.

import type { RowStatus } from './types.ts';

export const STATUS_ICON: Record<RowStatus, string> = {
  regressed: '❌',
  'judge-drift': '🟠',
  error: '⚠️',
  inconclusive: '🟡',
  'not-comparable': '🔵',
  improved: '✅',
  pass: '✅',
};

/** `❌ regressed`: the icon, then the status's own name. */
export function statusLabel(status: RowStatus): string {
  return `${STATUS_ICON[status]} ${status}`;
}

/** Worst first: the order of the headline, the rows' evidence and the action's `status` output. */
export const ROW_SEVERITY: Record<RowStatus, number> = {
  regressed: 0,
  'judge-drift': 1,
  error: 2,
  inconclusive: 3,
  'not-comparable': 4,
  improved: 5,
  pass: 6,
};
