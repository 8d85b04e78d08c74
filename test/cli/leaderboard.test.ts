// The leaderboard end to end, on scripted targets whose rates are known: one pinned suite run against several
// targets (--target given several times), then `bloom report` on the parent folder or on the targets' folders
// given together. Targets at 20% and 60% come out ranked and significantly different; two at the same rate do
// not; folders that cannot be ranked together are one line and exit 2.

import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Leaderboard } from '../../src/gate/leaderboard.ts';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

const LOW = 'scripted/target?rate=0.2&spread=0.15&seed=7';
const HIGH = 'scripted/target?rate=0.6&spread=0.15&seed=7';
// The same rate, drawn independently (spread 0: every scenario at the same rate, so the targets are equal).
const EVEN_A = 'scripted/target?rate=0.4&spread=0&seed=21';
const EVEN_B = 'scripted/target?rate=0.4&spread=0&seed=22';

let work: string;
let suite: string;

async function report(args: string[]) {
  const result = await runCli(['report', ...args, '--json'], { cwd: work });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Leaderboard;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bloom-leaderboard-'));
  suite = await copyDemo();
  const seedPath = join(suite, 'seed.yaml');
  const seed = parseDocument(await readFile(seedPath, 'utf8'));
  // 12 scenarios x 5 repetitions: 60 rollouts per target.
  seed.setIn(['rollout', 'num_reps'], 5);
  seed.setIn(['judgment', 'num_samples'], 1);
  await writeFile(seedPath, seed.toString());
  expect((await runCli(['pin', suite], { cwd: work })).code).toBe(0);
  for (const [results, targets] of [
    ['ranked', [LOW, HIGH]],
    ['even', [EVEN_A, EVEN_B]],
  ] as const) {
    const run = await runCli(
      ['run', suite, '--results', results, ...targets.flatMap((t) => ['--target', t])],
      {
        cwd: work,
      },
    );
    expect(run.code).toBe(0);
  }
}, 120_000);

describe('bloom report: the leaderboard', () => {
  it('ranks a 60% target above a 20% one, significantly, with the evidence', async () => {
    const board = await report(['ranked']);
    const [table] = board.behaviors;
    expect(table?.standings.map((s) => s.target)).toEqual([HIGH, LOW]);
    expect(table?.standings[0]?.summary.n).toBe(60);
    const [pair] = table?.pairs ?? [];
    expect(pair).toMatchObject({ first: HIGH, second: LOW, higher: HIGH, method: 'paired-cells' });
    expect(pair?.sharedScenarios).toBe(12);
    expect(pair?.pAdjusted).toBeLessThan(0.05);
    expect(pair?.low).toBeGreaterThan(0);
    expect(pair?.difference).toBeGreaterThan(0.2);
  });

  it('finds no significant difference between two targets at the same rate', async () => {
    const board = await report(['even']);
    const [pair] = board.behaviors[0]?.pairs ?? [];
    expect(pair?.higher).toBeNull();
    expect(pair?.pAdjusted).toBeGreaterThanOrEqual(0.05);
    expect(pair?.low).toBeLessThan(0);
    expect(pair?.high).toBeGreaterThan(0);
  });

  it("reads the same leaderboard from the targets' folders given together, and across runs (Holm over all pairs)", async () => {
    const parent = await report(['ranked']);
    const slugs = [
      'scripted-target-rate-0.2-spread-0.15-seed-7',
      'scripted-target-rate-0.6-spread-0.15-seed-7',
    ];
    const together = await report(slugs.map((s) => join('ranked', s)));
    expect(together).toEqual(parent);
    const four = await report(['ranked', 'even']);
    expect(four.comparisons).toBe(6);
    expect(four.behaviors[0]?.standings.map((s) => s.target)[0]).toBe(HIGH);
    const markdown = await runCli(['report', 'ranked'], { cwd: work });
    expect(markdown.stdout).toContain('## Leaderboard: 2 targets on the same pinned scenarios');
    expect(markdown.stdout).toMatch(
      /\| 1 \| scripted\/target\?rate=0\.6&amp;spread=0\.15&amp;seed=7 \| \d+\.\d%\s\(/,
    );
    expect(markdown.stdout).toContain('more than scripted/target?rate=0.2');
  });

  it('keeps a hostile target id inert in the markdown: the table keeps its columns, no tag, no mention', async () => {
    const id = '<b>x</b> | @octocat\n::error::pwned';
    const slug = 'scripted-target-rate-0.2-spread-0.15-seed-7';
    await cp(join(work, 'ranked', slug), join(work, 'hostile', 'a'), { recursive: true });
    await cp(
      join(work, 'ranked', 'scripted-target-rate-0.6-spread-0.15-seed-7'),
      join(work, 'hostile', 'b'),
      {
        recursive: true,
      },
    );
    for (const file of ['run_info.json', 'judgment.json']) {
      const path = join(work, 'hostile', 'a', 'delusional-sycophancy', file);
      const data = JSON.parse(await readFile(path, 'utf8'));
      if (file === 'run_info.json') data.target_id = id;
      else data.run_identity.target_id = id;
      await writeFile(path, JSON.stringify(data));
    }
    const result = await runCli(['report', 'hostile'], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('<b>');
    expect(result.stdout).not.toMatch(/^::/m);
    expect(result.stdout).not.toMatch(/(^|[^\w`])@octocat/);
    const rows = result.stdout.split('\n').filter((l) => /^\| [12] \|/.test(l));
    expect(rows).toHaveLength(2);
    // Seven separators for six columns: the id's own `|` is escaped.
    for (const row of rows) expect(row.match(/(?<!\\)\|/g)).toHaveLength(7);
  });

  it('refuses, in one line, folders of another suite, one target twice, and a folder mixing both layouts', async () => {
    const other = await copyDemo();
    const seedPath = join(other, 'seed.yaml');
    const seed = parseDocument(await readFile(seedPath, 'utf8'));
    seed.setIn(['ideation', 'num_scenarios'], 3);
    await writeFile(seedPath, seed.toString());
    expect((await runCli(['pin', other], { cwd: work })).code).toBe(0);
    expect((await runCli(['run', other, '--results', 'other', '--target', EVEN_A], { cwd: work })).code).toBe(
      0,
    );
    const mixedSuites = await runCli(['report', 'ranked', 'other'], { cwd: work });
    expect(mixedSuites.code).toBe(2);
    expect(mixedSuites.stderr).toMatch(
      /^bloom: other\/delusional-sycophancy\/run_info\.json: suite_hash: expected \w{12} as in .*\(targets are ranked on the same pinned suite\), found \w{12}\n$/,
    );

    const baseline = await runCli(['baseline', 'ranked', '--out', 'b.json'], { cwd: work });
    expect(baseline.code).toBe(2);
    expect(baseline.stderr.trim()).toBe(
      "bloom: ranked: expected one target's results folder: this one holds one per target (give one of them, or " +
        'rank them all with `bloom report`), found 2 target folders',
    );
    const comment = await runCli(['report', 'ranked', '--comment'], { cwd: work });
    expect(comment.code).toBe(2);
    expect(comment.stderr.trim()).toBe(
      "bloom: --comment: expected one target's results folder (the leaderboard is text or JSON), found 2 results folders",
    );
    const view = await runCli(['view', 'ranked', '--baseline', 'none.json'], { cwd: work });
    expect(view.code).toBe(2);
    expect(view.stderr).toMatch(/^bloom: --baseline: expected one target's results folder/);

    const twice = await runCli(
      ['report', 'even', join('even', 'scripted-target-rate-0.4-spread-0-seed-21')],
      { cwd: work },
    );
    expect(twice.code).toBe(0);
    await cp(join(work, 'even', 'scripted-target-rate-0.4-spread-0-seed-21'), join(work, 'copy'), {
      recursive: true,
    });
    const duplicate = await runCli(['report', 'even', 'copy'], { cwd: work });
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toMatch(
      /^bloom: copy\/delusional-sycophancy\/run_info\.json: target_id: expected a target no other folder has/,
    );

    await cp(join(work, 'other', 'delusional-sycophancy'), join(work, 'ranked', 'delusional-sycophancy'), {
      recursive: true,
    });
    const mixed = await runCli(['report', 'ranked'], { cwd: work });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr.trim()).toBe(
      'bloom: ranked: expected either behavior folders (one target) or one results folder per target, not both, ' +
        'found "delusional-sycophancy" and "scripted-target-rate-0.2-spread-0.15-seed-7"',
    );
  });
});
