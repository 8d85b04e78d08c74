// One row per behavior, whichever way it reached the report: a gate decision, a result without a baseline,
// a failure recorded only in details, or a baseline behavior missing from this run.

import type { BehaviorResult } from '../../gate/types.ts';
import type { BehaviorDetails, ReportInput, RowStatus } from './types.ts';

export interface BehaviorRow {
  behavior: string;
  status: RowStatus;
  /** One sentence. */
  reason: string;
  result: BehaviorResult | null;
  details: BehaviorDetails;
}

export function behaviorResults(input: ReportInput): BehaviorResult[] {
  return input.gate ? input.gate.behaviors : (input.results ?? []);
}

function rowStatus(result: BehaviorResult, details: BehaviorDetails): RowStatus {
  // A regression is the stronger signal; otherwise a failed or empty behavior must never read as fine.
  if (result.status === 'regressed') return 'regressed';
  if (details.error || result.candidate.n === 0) return 'error';
  return result.status;
}

function errorReason(result: BehaviorResult | null, details: BehaviorDetails): string {
  if (details.error) return `The run failed: ${details.error}`;
  if (result && result.candidate.n === 0) return 'Nothing was scored.';
  return 'No result.';
}

export function behaviorRows(input: ReportInput): BehaviorRow[] {
  const allDetails = input.details ?? {};
  const detailsOf = (name: string): BehaviorDetails => allDetails[name] ?? {};
  const rows: BehaviorRow[] = behaviorResults(input).map((result) => {
    const details = detailsOf(result.behavior);
    const status = rowStatus(result, details);
    const reason = status === 'error' ? errorReason(result, details) : result.reason;
    return { behavior: result.behavior, status, reason, result, details };
  });
  const seen = new Set(rows.map((r) => r.behavior));
  for (const [behavior, details] of Object.entries(allDetails)) {
    if (seen.has(behavior)) continue;
    seen.add(behavior);
    rows.push({ behavior, status: 'error', reason: errorReason(null, details), result: null, details });
  }
  for (const behavior of input.gate?.missing ?? []) {
    if (seen.has(behavior)) continue;
    seen.add(behavior);
    const reason = 'In the baseline but not in this run.';
    rows.push({ behavior, status: 'error', reason, result: null, details: {} });
  }
  return rows;
}
