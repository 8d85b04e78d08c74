// Per-rollout usage from usage.jsonl: only whole, well-formed calls that name a rollout count.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRolloutUsage } from '../../../src/report/inspect/read-usage.ts';

function call(
  sampleKey: string | undefined,
  purpose: string,
  modelId: string,
  input: number,
  output: number,
) {
  return JSON.stringify({
    time: '2026-01-01T00:00:00.000Z',
    purpose,
    modelId,
    ok: true,
    inputTokens: input,
    outputTokens: output,
    reasoningTokens: 0,
    ms: 5,
    attempts: 1,
    ...(sampleKey ? { sampleKey } : {}),
  });
}

describe('readRolloutUsage', () => {
  it('sums each rollout by model and purpose, skipping lines that are not a whole call of a rollout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-usage-'));
    const path = join(dir, 'usage.jsonl');
    const lines = [
      call('understanding', 'understanding', 'a/e', 1000, 100),
      call('v1r1/evaluator/kickoff/1', 'evaluator', 'a/e', 10, 2),
      call('v1r1/target/1', 'target', 'o/t', 20, 4),
      call('v1r1/target/2/r2', 'target', 'o/t', 30, 6),
      call('v1r1/judge/1', 'judge', 'a/j', 40, 8),
      call('v12r3/target/1', 'target', 'o/t', 1, 1),
      call(undefined, 'target', 'o/t', 999, 999),
      call('v1r1/target/3', 'target', 'o/t', -5, 1),
      call('v1r1/target/3', 'target', 'o/t', Number.NaN, 1).replace('null', '"lots"'),
      '{"purpose": "target", "sampleKey": "v1r1/target/4", "inputTokens": 5',
      'not json',
      '',
    ];
    await writeFile(path, `${lines.join('\n')}\n`);
    const usage = await readRolloutUsage(path);
    expect(Object.keys(usage).sort()).toEqual(['v12r3', 'v1r1']);
    const v1r1 = usage.v1r1;
    expect(v1r1?.totals).toMatchObject({ calls: 4, inputTokens: 100, outputTokens: 20 });
    expect(v1r1?.byModel['o/t']).toMatchObject({ calls: 2, inputTokens: 50, outputTokens: 10 });
    expect(v1r1?.byPurpose.judge).toMatchObject({ calls: 1, inputTokens: 40 });
    expect(usage.v12r3?.totals.calls).toBe(1);
  });

  it('is empty for a results folder without usage.jsonl (Python Bloom writes none)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-usage-'));
    expect(await readRolloutUsage(join(dir, 'usage.jsonl'))).toEqual({});
  });

  it('refuses, in one line naming it, a usage.jsonl that cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-usage-'));
    await mkdir(join(dir, 'usage.jsonl'));
    await expect(readRolloutUsage(join(dir, 'usage.jsonl'))).rejects.toThrow(
      /usage\.jsonl: expected a readable file of JSON lines, or none, found EISDIR$/,
    );
  });
});

describe('cached tokens per rollout', () => {
  it('keeps the cache counts of a call, drops ones that are not counts, and shows them as Inspect does', async () => {
    const { usageByKey } = await import('../../../src/report/inspect/usage.ts');
    const dir = await mkdtemp(join(tmpdir(), 'bloom-usage-'));
    const path = join(dir, 'usage.jsonl');
    const cached = (extra: Record<string, unknown>) =>
      JSON.stringify({ ...JSON.parse(call('v1r1/judge/1', 'judge', 'a/j', 1000, 10)), ...extra });
    await writeFile(
      path,
      `${[cached({ cacheReadTokens: 800, cacheWriteTokens: 100, batch: true }), cached({ cacheReadTokens: 'lots' })].join('\n')}\n`,
    );
    const usage = await readRolloutUsage(path);
    expect(usage.v1r1?.byModel['a/j']).toMatchObject({
      inputTokens: 2000,
      cacheReadTokens: 800,
      cacheWriteTokens: 100,
    });
    // Inspect's convention: input_tokens without the cached parts, which are given apart; the total has them all.
    expect(usageByKey(usage.v1r1?.byModel)['a/j']).toEqual({
      input_tokens: 1100,
      output_tokens: 20,
      total_tokens: 2020,
      input_tokens_cache_read: 800,
      input_tokens_cache_write: 100,
    });
  });
});
