// The usage ledger: totals of a run's model calls per purpose (stage) and per model, kept as running sums. Each
// call's own record goes to its subscribers (usage.jsonl, the progress line), not into memory: a large run makes
// tens of thousands of calls.

import type { BatchTotals, LedgerSummary, UsageTotals } from '../formats/run-info.ts';
import type { Purpose } from './types.ts';

export interface UsageRecord {
  purpose: Purpose;
  modelId: string;
  ok: boolean;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Wall time of the whole call, retries and waits included. */
  ms: number;
  attempts: number;
  /** One-line error for failed calls. */
  error?: string;
  /** The request's sampleKey ("v3r2/target/1"): which rollout the call served, for per-sample usage. */
  sampleKey?: string;
  /** Of inputTokens: read from and written to the provider's prompt cache (absent when none). */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** Answered through the provider's batch API, at its batch price. */
  batch?: boolean;
  /** Of a batch an earlier invocation submitted (found again after a kill): answered then, collected now. */
  earlierBatch?: boolean;
}

export class UsageLedger {
  private readonly totals = emptyTotals();
  private readonly byPurpose: Record<string, UsageTotals> = {};
  private readonly byModel: Record<string, UsageTotals> = {};
  private readonly listeners: ((entry: UsageRecord) => void)[] = [];
  private readonly modelOfPurpose = new Map<string, string>();

  record(entry: UsageRecord): void {
    this.modelOfPurpose.set(entry.purpose, entry.modelId);
    addTo(this.totals, entry);
    addTo(totalsFor(this.byPurpose, entry.purpose), entry);
    addTo(totalsFor(this.byModel, entry.modelId), entry);
    for (const listener of this.listeners) listener(entry);
  }

  /** Called after every recorded call (the progress line shows tokens as they are spent). */
  subscribe(listener: (entry: UsageRecord) => void): void {
    this.listeners.push(listener);
  }

  /** The model a stage's calls went to (the last one, should a stage have had several): what prices its tokens. */
  modelOf(purpose: string): string | undefined {
    return this.modelOfPurpose.get(purpose);
  }

  /** Plain JSON, safe to write to disk; later records do not change an earlier summary. */
  summary(): LedgerSummary {
    return structuredClone({ totals: this.totals, byPurpose: this.byPurpose, byModel: this.byModel });
  }
}

export function emptyTotals(): UsageTotals {
  return {
    calls: 0,
    failedCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    ms: 0,
    attempts: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  };
}

function totalsFor(groups: Record<string, UsageTotals>, key: string): UsageTotals {
  const existing = groups[key];
  if (existing) return existing;
  const created = emptyTotals();
  groups[key] = created;
  return created;
}

function addTo(totals: UsageTotals, entry: UsageRecord): void {
  totals.calls++;
  if (!entry.ok) totals.failedCalls++;
  totals.inputTokens += entry.inputTokens;
  totals.outputTokens += entry.outputTokens;
  totals.reasoningTokens += entry.reasoningTokens;
  totals.ms += entry.ms;
  totals.attempts += entry.attempts;
  totals.cacheReadTokens = (totals.cacheReadTokens ?? 0) + (entry.cacheReadTokens ?? 0);
  totals.cacheWriteTokens = (totals.cacheWriteTokens ?? 0) + (entry.cacheWriteTokens ?? 0);
  if (entry.batch) {
    totals.batch ??= { calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    addBatch(totals.batch, entry);
  }
}

function addBatch(batch: BatchTotals, entry: UsageRecord): void {
  batch.calls++;
  batch.inputTokens += entry.inputTokens;
  batch.outputTokens += entry.outputTokens;
  batch.cacheReadTokens += entry.cacheReadTokens ?? 0;
  batch.cacheWriteTokens += entry.cacheWriteTokens ?? 0;
}
