import { describe, expect, it } from 'vitest';
import { UsageLedger, type UsageRecord } from '../../src/models/ledger.ts';

function call(overrides: Partial<UsageRecord>): UsageRecord {
  return {
    purpose: 'target',
    modelId: 'a/m',
    ok: true,
    inputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    ms: 0,
    attempts: 1,
    ...overrides,
  };
}

describe('UsageLedger', () => {
  it('totals calls per purpose, per model and overall', () => {
    const ledger = new UsageLedger();
    ledger.record(call({ purpose: 'judge', modelId: 'a/j', inputTokens: 100, outputTokens: 10, ms: 5 }));
    ledger.record(
      call({
        purpose: 'judge',
        modelId: 'a/j',
        inputTokens: 50,
        outputTokens: 5,
        reasoningTokens: 3,
        cacheReadTokens: 40,
        cacheWriteTokens: 6,
        batch: true,
      }),
    );
    ledger.record(call({ purpose: 'target', modelId: 'b/t', inputTokens: 7, attempts: 3, ms: 9 }));
    ledger.record(
      call({ purpose: 'target', modelId: 'a/j', ok: false, attempts: 6, error: 'a/j: HTTP 500' }),
    );
    const snapshot = ledger.summary();
    expect(snapshot.totals).toEqual({
      calls: 4,
      failedCalls: 1,
      inputTokens: 157,
      outputTokens: 15,
      reasoningTokens: 3,
      ms: 14,
      attempts: 11,
      cacheReadTokens: 40,
      cacheWriteTokens: 6,
      batch: { calls: 1, inputTokens: 50, outputTokens: 5, cacheReadTokens: 40, cacheWriteTokens: 6 },
    });
    expect(snapshot.byPurpose.target).not.toHaveProperty('batch');
    expect(snapshot.byPurpose.judge).toMatchObject({ calls: 2, inputTokens: 150, outputTokens: 15 });
    expect(snapshot.byPurpose.target).toMatchObject({ calls: 2, failedCalls: 1, attempts: 9 });
    expect(snapshot.byModel['a/j']).toMatchObject({ calls: 3, inputTokens: 150 });
    expect(snapshot.byModel['b/t']).toMatchObject({ calls: 1, inputTokens: 7 });
  });

  it('returns plain JSON that later records do not change', () => {
    const ledger = new UsageLedger();
    ledger.record(call({ inputTokens: 1 }));
    const before = ledger.summary();
    ledger.record(call({ inputTokens: 2 }));
    expect(before.totals.inputTokens).toBe(1);
    expect(before.byPurpose.target?.inputTokens).toBe(1);
    expect(ledger.summary().totals.inputTokens).toBe(3);
    expect(JSON.parse(JSON.stringify(before))).toEqual(before);
  });

  it('tells subscribers about each call as it is recorded', () => {
    const ledger = new UsageLedger();
    const seen: number[] = [];
    ledger.subscribe((entry) => seen.push(entry.inputTokens + entry.outputTokens));
    ledger.record(call({ inputTokens: 3, outputTokens: 4 }));
    ledger.record(call({ inputTokens: 10 }));
    expect(seen).toEqual([7, 10]);
  });
});
