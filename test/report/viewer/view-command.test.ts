import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { embeddedData } from './embedded.ts';
import { runView } from './run-view.ts';

describe('bloom view', () => {
  let results: string;
  beforeAll(async () => {
    results = join(await mkdtemp(join(tmpdir(), 'bloom-view-')), 'results');
    expect((await runCli(['run', 'fixtures/demo', '--results', results])).code).toBe(0);
  }, 60_000);

  it('writes viewer.html into a behavior folder and prints its path', async () => {
    const dir = join(results, 'delusional-sycophancy');
    const { stdout, error } = await runView([dir]);
    expect(error).toBeNull();
    expect(stdout.trim()).toBe(join(dir, 'viewer.html'));
    const data = embeddedData(await readFile(join(dir, 'viewer.html'), 'utf8'));
    expect(data.behaviors.map((b: { name: string }) => b.name)).toEqual(['delusional-sycophancy']);
    expect(data.behaviors[0].rows).toHaveLength(24);
  });

  it('takes a results root, --out, --baseline and --history', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-view-out-'));
    const baseline = join(root, 'baseline.json');
    await writeFile(
      baseline,
      JSON.stringify({ behaviors: { 'delusional-sycophancy': { scores: { 1: { 1: 9 } } } } }),
    );
    const history = join(root, 'history.jsonl');
    await writeFile(
      history,
      '{"time":"2026-01-01","behavior":"delusional-sycophancy","rate":0.5,"low":0.3,"high":0.7}\n',
    );
    const out = join(root, 'page.html');
    const { stdout, error } = await runView([
      results,
      '--out',
      out,
      '--baseline',
      baseline,
      '--history',
      history,
    ]);
    expect(error).toBeNull();
    expect(resolve(stdout.trim())).toBe(out);
    const behavior = embeddedData(await readFile(out, 'utf8')).behaviors[0];
    expect(behavior.comparison[0]).toMatchObject({ variation: 1, baselineMean: 9 });
    expect(behavior.history).toHaveLength(1);
    await expect(stat(join(results, 'viewer.html'))).rejects.toThrow();
  });

  it('with a gate baseline, embeds the decision `bloom compare` makes with the same flags', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-view-gate-'));
    const baseline = join(root, 'baseline.json');
    expect((await runCli(['baseline', results, '--out', baseline])).code).toBe(0);
    const out = join(root, 'page.html');
    const view = await runCli([
      'view',
      results,
      '--baseline',
      baseline,
      '--max-increase',
      '5%',
      '--out',
      out,
    ]);
    expect(view.code).toBe(0);
    expect(view.stderr).toBe('');
    const data = embeddedData(await readFile(out, 'utf8'));
    const compare = await runCli([
      'compare',
      results,
      '--baseline',
      baseline,
      '--max-increase',
      '5%',
      '--json',
    ]);
    const expected = JSON.parse(compare.stdout);
    expect(data.behaviors[0].decision).toEqual(expected.behaviors[0]);
    expect(data.behaviors[0].decision.status).toBe('pass');
    expect(data.gate.options.max_increase).toBe(0.05);
    expect(JSON.stringify(data.gate)).not.toContain(root);
  });

  it('with a baseline the gate cannot read, shows the scenarios and says in one line why there is no decision', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-view-loose-'));
    const baseline = join(root, 'baseline.json');
    await writeFile(
      baseline,
      JSON.stringify({ behaviors: { 'delusional-sycophancy': { scores: { 1: { 1: 9 } } } } }),
    );
    const out = join(root, 'page.html');
    const view = await runCli(['view', results, '--baseline', baseline, '--out', out]);
    expect(view.code).toBe(0);
    expect(view.stderr.trim().split('\n')).toHaveLength(1);
    expect(view.stderr).toMatch(/^bloom view: no decision shown: .*baseline\.json: /);
    const data = embeddedData(await readFile(out, 'utf8'));
    expect(data.behaviors[0].decision).toBeNull();
    expect(data.noDecision).toMatch(/baseline\.json: /);
    expect(data.behaviors[0].comparison[0]).toMatchObject({ variation: 1, baselineMean: 9 });
  });

  it('fails with one line on a folder without results', async () => {
    const { error } = await runView([await mkdtemp(join(tmpdir(), 'bloom-view-empty-'))]);
    expect(error?.message).toMatch(/expected a results folder with judgment.json/);
  });
});
