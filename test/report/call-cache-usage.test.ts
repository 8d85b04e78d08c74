// What the report says a run cost and what the call cache saved, summed over the behaviors' run_info.json.

import { describe, expect, it } from 'vitest';
import type { CallCacheStats } from '../../src/formats/call-cache.ts';
import { runSection } from '../../src/report/markdown/section-run.ts';
import { reportUsage } from '../../src/report/report-input.ts';

/** About two thirds of the served calls were the evaluator's, the rest the judge's. */
const stats = (served: number, refused: number, saved: number | null): CallCacheStats => ({
  served,
  stored: 0,
  refused,
  bypassed: 0,
  saved_usd: saved,
  saved_input_tokens: 0,
  saved_output_tokens: 0,
  by_purpose: {
    evaluator: { served: served - Math.floor(served / 3), stored: 0, refused },
    judge: { served: Math.floor(served / 3), stored: 0, refused: 0 },
  },
});

const totals = (calls: number) => ({
  calls,
  failedCalls: 0,
  inputTokens: 1000 * calls,
  outputTokens: 100 * calls,
  reasoningTokens: 0,
  ms: 0,
  attempts: calls,
});

const info = (calls: number, usd: number, cache: CallCacheStats | null) => ({
  usage: { totals: totals(calls), byModel: { 'anthropic/claude-sonnet-4': totals(calls) } },
  cost: { total_usd: usd, by_model: { 'anthropic/claude-sonnet-4': { usd } } },
  call_cache: cache,
});

describe('the report on cost and the call cache', () => {
  it('sums calls made, calls served, entries refused and dollars saved over the behaviors', () => {
    const usage = reportUsage([info(48, 0.5, stats(300, 0, 4.1)), info(2, 0.02, stats(120, 2, 1.25))]);
    expect(usage.paid_calls).toBe(50);
    expect(usage.call_cache).toEqual({
      served: 420,
      served_by_stage: { evaluator: 280, judge: 140 },
      refused: 2,
      saved_usd: 5.35,
    });
    const markdown = runSection(null, usage)?.markdown ?? '';
    expect(markdown).toContain(
      'Estimated cost $0.52 · 50 calls made · 420 calls served from the call cache (evaluator 280, judge 140; ' +
        'saved about $5.35), 2 cache entries refused (not trusted, called afresh)',
    );
  });

  it('leaves the savings unstated when a served model had no price, and says nothing of a cache no run had', () => {
    const unpriced = reportUsage([info(0, 0, stats(10, 0, null)), info(5, 0.1, stats(3, 0, 0.2))]);
    expect(unpriced.call_cache?.saved_usd).toBeNull();
    expect(runSection(null, unpriced)?.markdown).toContain(
      '5 calls made · 13 calls served from the call cache (evaluator 9, judge 4) · duration',
    );
    const none = reportUsage([info(5, 0.1, null)]);
    expect(none.call_cache).toBeNull();
    expect(runSection(null, none)?.markdown).not.toMatch(/call cache|calls made/);
  });
});
