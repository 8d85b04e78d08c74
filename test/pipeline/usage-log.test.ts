import { mkdir, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
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

  it("takes this invocation's lines back out of a log set aside while open, and keeps writing at its path", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-usage-'));
    const path = join(dir, 'usage.jsonl');
    const other = `${JSON.stringify({ ...call, modelId: 'scripted/other-run' })}\n`;
    await writeFile(path, other);
    const log = await openUsageLog(path, () => new Date(0));
    log.write({ ...call, purpose: 'ideation' });
    // found.ts sets the log aside with the other run's files while it is open.
    await mkdir(join(dir, 'aside'));
    await rename(path, join(dir, 'aside', 'usage.jsonl'));
    await log.reclaim();
    log.write({ ...call, purpose: 'judge' });
    await log.close();
    expect(await readFile(join(dir, 'aside', 'usage.jsonl'), 'utf8')).toBe(other);
    const ours = (await readFile(path, 'utf8')).trim().split('\n');
    expect(ours.map((line) => JSON.parse(line).purpose)).toEqual(['ideation', 'judge']);
  });

  it('reclaims nothing from a log still at its path: later lines follow the earlier ones', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'bloom-usage-')), 'usage.jsonl');
    await writeFile(path, `${JSON.stringify(call)}\n`);
    const log = await openUsageLog(path, () => new Date(0));
    log.write({ ...call, purpose: 'ideation' });
    await log.reclaim();
    log.write({ ...call, purpose: 'judge' });
    await log.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).purpose)).toEqual(['target', 'ideation', 'judge']);
  });
});
