import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageLedger, type UsageRecord } from '../../src/models/ledger.ts';
import { openUsageLog, replayUsageLog } from '../../src/pipeline/usage-log.ts';

const call: UsageRecord = {
  purpose: 'target',
  modelId: 'scripted/t',
  ok: true,
  inputTokens: 3,
  outputTokens: 4,
  reasoningTokens: 0,
  ms: 1,
  attempts: 1,
};

describe('usage.jsonl', () => {
  it('appends one line per call across runs, and ends a line a kill cut short', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'bloom-usage-')), 'usage.jsonl');
    const first = await openUsageLog(path, () => new Date(0));
    first.write(call);
    await first.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"purpose":"tar`); // a torn last line
    const second = await openUsageLog(path, () => new Date(0));
    second.write({ ...call, inputTokens: 10 });
    await second.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      time: '1970-01-01T00:00:00.000Z',
      inputTokens: 3,
    });
    expect(() => JSON.parse(lines[1] as string)).toThrow();
    expect(JSON.parse(lines[2] as string)).toMatchObject({ inputTokens: 10 });
  });

  it('replays every whole line into a ledger, skipping a torn line and lines it did not write', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'bloom-usage-')), 'usage.jsonl');
    const log = await openUsageLog(path, () => new Date(0));
    log.write(call);
    log.write({
      ...call,
      purpose: 'judge',
      modelId: 'scripted/j',
      ok: false,
      inputTokens: 0,
      outputTokens: 0,
    });
    await log.close();
    const junk = [
      '{"purpose":"tar',
      '[1,2]',
      '{"purpose":"target","modelId":"m","ok":true,"inputTokens":-5}',
      '',
    ];
    await writeFile(path, `${await readFile(path, 'utf8')}${junk.join('\n')}\n`);
    const ledger = new UsageLedger();
    expect(await replayUsageLog(path, ledger)).toBe(2);
    const summary = ledger.summary();
    expect(summary.totals).toMatchObject({ calls: 2, failedCalls: 1, inputTokens: 3, outputTokens: 4 });
    expect(Object.keys(summary.byModel).sort()).toEqual(['scripted/j', 'scripted/t']);
    expect(await replayUsageLog(join(path, '..', 'missing.jsonl'), new UsageLedger())).toBe(0);
  });
});
