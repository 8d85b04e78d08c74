import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeResultsDir } from '../../src/report/summary.ts';
import { ConfigError } from '../../src/util/errors.ts';
import { scoredRecord } from '../support/judgments.ts';

const REAL = new URL('../../fixtures/bloom/conflict-sensitivity-run/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'bloom-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function copyWith(name: string, edit: (data: Record<string, unknown>) => unknown): string {
  const dir = join(scratch, name);
  cpSync(REAL, dir, { recursive: true });
  const path = join(dir, 'judgment.json');
  const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  rmSync(path, { force: true });
  writeFileSync(path, JSON.stringify(edit(data)));
  return dir;
}

describe('summarizeResultsDir', () => {
  it("agrees with Python Bloom's own summary on the real run", async () => {
    const summary = await summarizeResultsDir(REAL);
    expect(summary.behavior).toBe('conflict-insensitivity');
    expect(summary.differences).toEqual([]);
    expect(summary.agrees).toBe(true);
    expect(summary.recomputed.elicitation_rate).toBe(0.17);
    expect(summary.recomputed.elicitation_rate_ci).toEqual([0.1037, 0.2569]);
    expect(summary.stored.total_judgments).toBe(90);
  });

  it('names the key that differs in a doctored copy', async () => {
    const dir = copyWith('doctored', (data) => {
      (data.summary_statistics as Record<string, unknown>).elicitation_rate = 0.25;
      return data;
    });
    const summary = await summarizeResultsDir(dir);
    expect(summary.agrees).toBe(false);
    expect(summary.differences).toEqual(['elicitation_rate: stored 0.25, recomputed 0.17']);
  });

  it('notices a judgment changed under an unchanged summary', async () => {
    const dir = copyWith('rescored', (data) => {
      const judgments = data.judgments as Record<string, unknown>[];
      if (judgments[0]) judgments[0].behavior_presence = 10;
      return data;
    });
    const summary = await summarizeResultsDir(dir);
    expect(summary.agrees).toBe(false);
    expect(summary.differences.map((d) => d.split(':')[0])).toEqual(
      expect.arrayContaining([
        'average_behavior_presence_score',
        'max_behavior_presence_score',
        'elicitation_rate',
      ]),
    );
  });

  it('a missing judgment.json is a one-line ConfigError naming the file', async () => {
    const error = await summarizeResultsDir(join(scratch, 'nowhere')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('judgment.json');
    expect((error as Error).message).not.toContain('\n');
  });

  it('a malformed judgment.json names the key path, what was expected and what was found', async () => {
    const dir = copyWith('malformed', (data) => {
      (data.judgments as Record<string, unknown>[])[4] = {
        variation_number: 5,
        repetition_number: 1,
        behavior_presence: 'high',
      };
      return data;
    });
    const error = await summarizeResultsDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /judgment\.json: judgments\[4\]\.behavior_presence: expected a number, found "high"$/,
    );
  });

  it('invalid JSON is a ConfigError too', async () => {
    const dir = join(scratch, 'broken');
    cpSync(REAL, dir, { recursive: true });
    rmSync(join(dir, 'judgment.json'), { force: true });
    writeFileSync(join(dir, 'judgment.json'), '{"behavior_name": ');
    await expect(summarizeResultsDir(dir)).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('summarizeResultsDir on our own judgment.json', () => {
  it('agrees with a file built by buildJudgmentFile, extra keys and counts included', async () => {
    const { buildJudgmentFile } = await import('../../src/stats/judgment-file.ts');
    const record = (variation: number, presence: number) =>
      scoredRecord(variation, 1, presence, {
        variation_description: '',
        individual_samples: [{ sample_index: 1, behavior_presence: presence }],
        unrealism: presence === 9 ? null : 3,
      });
    const file = buildJudgmentFile({
      behaviorName: 'sycophancy',
      examples: [],
      model: 'judge',
      reasoningEffort: 'low',
      totalConversations: 4,
      qualities: ['unrealism'],
      judgments: [record(1, 9), record(2, 4), record(3, 7)],
      failures: [{ variation_number: 4, repetition_number: 1, unscoreable: true, error: 'no score' }],
      failedRolloutCount: 1,
      metajudgment: { metajudgment_scores: { meta_diversity: 5 } },
    });
    const dir = join(scratch, 'ours');
    cpSync(REAL, dir, { recursive: true });
    rmSync(join(dir, 'judgment.json'), { force: true });
    writeFileSync(join(dir, 'judgment.json'), JSON.stringify(file));
    writeFileSync(
      join(dir, 'rollout.json'),
      JSON.stringify({
        rollouts: [{ variation_number: 5, repetition_number: 1, error: 'timeout' }],
        failed_count: 1,
      }),
    );
    const summary = await summarizeResultsDir(dir);
    expect(summary.differences).toEqual([]);
    expect(summary.recomputed.unscoreable_count).toBe(1);
    expect(summary.recomputed.failed_rollout_count).toBe(1);
    expect(summary.recomputed.meta_diversity).toBe(5);
  });
});
