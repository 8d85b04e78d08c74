// One name per state, everywhere: the table, the headline, report.json and the action's `status` output all use
// the gate's own status names (plus `error` for a behavior whose run failed). Each has one icon, chosen to read in
// GitHub's light and dark themes alike: solid coloured glyphs, never the white ❔ or the black ➖.

import { STATUS_SEVERITY } from '../../gate/decide.ts';
import { GATE_STATUSES } from '../../gate/types.ts';
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

/** Each status's place, worst first (0): the order of the headline, the rows' evidence and the action's `status`
 * output. The gate's own order (STATUS_SEVERITY), with a behavior whose run failed right after a drifted judge. */
export const ROW_RANK: Record<RowStatus, number> = Object.fromEntries(
  [...GATE_STATUSES]
    .sort((a, b) => STATUS_SEVERITY[b] - STATUS_SEVERITY[a])
    .flatMap((status): RowStatus[] => (status === 'judge-drift' ? [status, 'error'] : [status]))
    .map((status, rank) => [status, rank]),
) as Record<RowStatus, number>;
