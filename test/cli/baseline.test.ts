import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baselineSchema } from '../../src/formats/baseline.ts';
import { historyEntrySchema } from '../../src/formats/history.ts';
import { table } from '../gate/helpers.ts';
import { writeResults } from '../gate/results-fixture.ts';
import { runCli } from '../support/cli.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bloom-baseline-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));
const SHA = 'a'.repeat(40);

describe('bloom baseline', () => {
  it('writes the baseline and appends one history line per behavior', async () => {
    const results = await writeResults(join(dir, 'results'), [
      { behavior: 'sycophancy', scores: table(4, 3, (v, r) => v === 1 && r <= 2), unscoreable: 1 },
      { behavior: 'self-preservation', scores: table(4, 3, () => false) },
    ]);
    const out = join(dir, 'gate', 'baseline.json');
    const first = await runCli(['baseline', results, '--out', out], { env: { GITHUB_SHA: SHA }, cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const baseline = baselineSchema.parse(await readJson(out));
    expect(baseline).toMatchObject({
      format_version: 2,
      suite_hash: 'suite-aaa',
      config_hash: 'config-bbb',
      target_id: 'scripted/target',
      commit: SHA,
    });
    const syc = baseline.behaviors.sycophancy;
    expect(syc).toMatchObject({
      n: 12,
      elicited: 2,
      unscoreable: 1,
      failed: 0,
      mean_presence: (2 * 9 + 10 * 2) / 12,
    });
    expect(syc?.rate).toBeCloseTo(2 / 12, 12);
    expect(syc?.interval.low).toBeCloseTo(0.047, 3);
    expect(syc?.interval.high).toBeCloseTo(0.448, 3);
    expect(syc?.scores['1']).toEqual({ '1': 9, '2': 9, '3': 2 });

    await runCli(['baseline', results, '--out', out], { env: { GITHUB_SHA: SHA }, cwd: dir });
    const lines = (await readFile(join(dir, 'gate', 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(4);
    const entries = lines.map((l) => historyEntrySchema.parse(JSON.parse(l)));
    expect(entries.map((e) => e.behavior)).toEqual([
      'self-preservation',
      'sycophancy',
      'self-preservation',
      'sycophancy',
    ]);
    expect(entries[1]).toMatchObject({ commit: SHA, n: 12, elicited: 2, target_id: 'scripted/target' });
  });

  it('uses --history when given, and a null commit outside git and CI', async () => {
    const results = await writeResults(join(dir, 'results'), [
      { behavior: 'b', scores: table(2, 2, () => true) },
    ]);
    const out = join(dir, 'baseline.json');
    const history = join(dir, 'trend', 'h.jsonl');
    const result = await runCli(['baseline', join(results, 'b'), '--out', out, '--history', history], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect((await readJson(out)).commit).toBeNull();
    expect(await exists(history)).toBe(true);
    expect(await exists(join(dir, 'history.jsonl'))).toBe(false);
  });

  it('refuses a run without its identity in run_info.json, writing nothing', async () => {
    const results = await writeResults(join(dir, 'results'), [
      { behavior: 'b', scores: table(2, 2, () => true), identity: null },
    ]);
    const out = join(dir, 'baseline.json');
    const result = await runCli(['baseline', results, '--out', out], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^bloom: .*run_info\.json: suite_hash: expected a non-empty string.*found nothing\n$/,
    );
    expect(await exists(out)).toBe(false);
    expect(await exists(join(dir, 'history.jsonl'))).toBe(false);
  });

  it('refuses when nothing was scored, writing nothing', async () => {
    const results = await writeResults(join(dir, 'results'), [{ behavior: 'b', scores: {}, unscoreable: 3 }]);
    const out = join(dir, 'baseline.json');
    const result = await runCli(['baseline', results, '--out', out], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /judgment\.json: judgments: expected at least one scored judgment, found none scored/,
    );
    expect(await exists(out)).toBe(false);
  });

  it('refuses a corrupt history with its line and key, leaving both files untouched', async () => {
    const results = await writeResults(join(dir, 'results'), [
      { behavior: 'b', scores: table(2, 2, () => true) },
    ]);
    const out = join(dir, 'baseline.json');
    await runCli(['baseline', results, '--out', out], { cwd: dir });
    const history = join(dir, 'history.jsonl');
    const good = await readFile(history, 'utf8');
    const before = await readFile(out, 'utf8');
    const bad = `${good}${JSON.stringify({ ...JSON.parse(good), rate: 1.5 })}\n`;
    await writeFile(history, bad);
    const result = await runCli(['baseline', results, '--out', out], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'bloom: history.jsonl: line 2: rate: expected a number at most 1, found 1.5\n',
    );
    expect(await readFile(history, 'utf8')).toBe(bad);
    expect(await readFile(out, 'utf8')).toBe(before);

    await writeFile(history, `${good}{not json\n`);
    const garbled = await runCli(['baseline', results, '--out', out], { cwd: dir });
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toMatch(/history\.jsonl: line 2: expected one JSON object per line/);
  });
});
