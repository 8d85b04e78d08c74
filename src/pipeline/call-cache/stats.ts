// What one run's call cache did, summed per stage (purpose) as the usage ledger sums paid calls. Savings are the
// served entries' recorded tokens at list price (the prices the run's cost meter uses).

import type { CallCacheStats } from '../../formats/call-cache.ts';
import { costUsd, type Price } from '../../models/prices.ts';
import type { Purpose, Usage } from '../../models/types.ts';

type Outcome = 'served' | 'stored' | 'refused';

export class CallCacheCounter {
  private readonly stats: CallCacheStats = emptyCallCacheStats();
  private unpriced = false;

  /** `purpose`: a stage, or 'judge-check' for the calls of a judge check kept beside its scores. */
  count(purpose: Purpose | 'judge-check', outcome: Outcome, calls = 1): void {
    this.stats[outcome] += calls;
    const group = this.stats.by_purpose[purpose] ?? { served: 0, stored: 0, refused: 0 };
    group[outcome] += calls;
    this.stats.by_purpose[purpose] = group;
  }

  /** `calls` calls answered from the cache (one, or a whole judge check's): what they would have cost. */
  served(purpose: Purpose | 'judge-check', usage: Usage, price: Price | null, calls = 1): void {
    this.count(purpose, 'served', calls);
    this.stats.saved_input_tokens += usage.inputTokens;
    this.stats.saved_output_tokens += usage.outputTokens;
    if (!price) this.unpriced = this.unpriced || usage.inputTokens + usage.outputTokens > 0;
    else
      this.stats.saved_usd =
        (this.stats.saved_usd ?? 0) +
        costUsd(price, { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens });
  }

  bypassed(): void {
    this.stats.bypassed++;
  }

  /** Plain JSON; later counts do not change an earlier snapshot. */
  snapshot(): CallCacheStats {
    const copy = structuredClone(this.stats);
    copy.saved_usd = this.unpriced ? null : Math.round((copy.saved_usd ?? 0) * 1_000_000) / 1_000_000;
    return copy;
  }
}

export function emptyCallCacheStats(): CallCacheStats {
  return {
    served: 0,
    stored: 0,
    refused: 0,
    bypassed: 0,
    saved_usd: 0,
    saved_input_tokens: 0,
    saved_output_tokens: 0,
    by_purpose: {},
  };
}

/** Two invocations' counts as one (a resumed or adaptive run's folder); unknown savings stay unknown. */
export function addCallCacheStats(a: CallCacheStats, b: CallCacheStats): CallCacheStats {
  const sum = emptyCallCacheStats();
  for (const key of [
    'served',
    'stored',
    'refused',
    'bypassed',
    'saved_input_tokens',
    'saved_output_tokens',
  ] as const) {
    sum[key] = a[key] + b[key];
  }
  sum.saved_usd = a.saved_usd === null || b.saved_usd === null ? null : a.saved_usd + b.saved_usd;
  for (const stats of [a, b]) {
    for (const [purpose, counts] of Object.entries(stats.by_purpose)) {
      const group = sum.by_purpose[purpose] ?? { served: 0, stored: 0, refused: 0 };
      group.served += counts.served;
      group.stored += counts.stored;
      group.refused += counts.refused;
      sum.by_purpose[purpose] = group;
    }
  }
  return sum;
}
