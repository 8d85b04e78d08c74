// One pinned suite, several targets: seed.yaml's rollout.targets or --target given several times run the same
// scenarios against each, each target's results a whole Bloom results folder of its own (<results>/<slug>/
// <behavior>/); a bad list is one line and exit 2 before anything runs.

import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { isSafeName, slugOf } from '../../src/formats/safe-name.ts';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

const BEHAVIOR = 'delusional-sycophancy';
const LOW = 'scripted/target?rate=0.2&seed=3';
const HIGH = 'scripted/target?rate=0.6&seed=3';

let suite: string;
let work: string;

async function readJson<T = Record<string, unknown>>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

async function editSeed(dir: string, edit: (seed: ReturnType<typeof parseDocument>) => void) {
  const path = join(dir, 'seed.yaml');
  const seed = parseDocument(await readFile(path, 'utf8'));
  edit(seed);
  await writeFile(path, seed.toString());
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bloom-targets-'));
  suite = await copyDemo();
  expect((await runCli(['pin', suite], { cwd: work })).code).toBe(0);
}, 60_000);

describe('several targets, one pinned suite', () => {
  it('--target given twice runs the same scenarios against each, into a results folder per target', async () => {
    const run = await runCli(['run', suite, '--target', LOW, '--target', HIGH, '--results', 'two'], {
      cwd: work,
    });
    expect(run.stderr).not.toMatch(/bloom: /);
    expect(run.code).toBe(0);
    expect((await readdir(join(work, 'two'))).sort()).toEqual([
      'scripted-target-rate-0.2-seed-3',
      'scripted-target-rate-0.6-seed-3',
    ]);
    const infos = await Promise.all(
      ['scripted-target-rate-0.2-seed-3', 'scripted-target-rate-0.6-seed-3'].map((slug) =>
        readJson<Record<string, string>>(join(work, 'two', slug, BEHAVIOR, 'run_info.json')),
      ),
    );
    expect(infos.map((i) => i.target_id)).toEqual([LOW, HIGH]);
    // The same lock and settings: only the target differs.
    expect(infos[0]?.suite_hash).toBe(infos[1]?.suite_hash);
    expect(infos[0]?.config_hash).toBe(infos[1]?.config_hash);
    const ideations = await Promise.all(
      infos.map((_, i) =>
        readJson<{ variations: { description: string }[] }>(
          join(
            work,
            'two',
            i ? 'scripted-target-rate-0.6-seed-3' : 'scripted-target-rate-0.2-seed-3',
            BEHAVIOR,
            'ideation.json',
          ),
        ),
      ),
    );
    expect(ideations[0]?.variations.length).toBe(ideations[1]?.variations.length);
    expect(run.stdout).toContain('Next: bloom report two');
  }, 60_000);

  it("rollout.targets in seed.yaml runs each entry; one --target replaces the list and keeps Bloom's layout", async () => {
    const dir = await copyDemo();
    await editSeed(dir, (seed) => {
      seed.deleteIn(['rollout', 'target']);
      seed.setIn(['rollout', 'targets'], [LOW, { model: HIGH }]);
    });
    expect((await runCli(['pin', dir], { cwd: work })).code).toBe(0);
    const listed = await runCli(['run', dir, '--results', 'listed'], { cwd: work });
    expect(listed.code).toBe(0);
    expect((await readdir(join(work, 'listed'))).sort()).toEqual([
      'scripted-target-rate-0.2-seed-3',
      'scripted-target-rate-0.6-seed-3',
    ]);
    const one = await runCli(['run', dir, '--target', LOW, '--results', 'one'], { cwd: work });
    expect(one.code).toBe(0);
    expect(await readdir(join(work, 'one'))).toEqual([BEHAVIOR]);
  }, 60_000);

  it('refuses, in one line and exit 2, the same target twice, two targets sharing a folder, and both keys', async () => {
    const twice = await runCli(['run', suite, '--target', LOW, '--target', LOW, '--results', 'x'], {
      cwd: work,
    });
    expect(twice.code).toBe(2);
    expect(twice.stderr.trim()).toBe(
      `bloom: --target: expected targets that differ (each gets a results folder named after its id), found "${LOW}" twice`,
    );
    const clash = await runCli(
      [
        'run',
        suite,
        '--target',
        'scripted/target?rate=0.2',
        '--target',
        'scripted/target&rate=0.2',
        '--results',
        'x',
      ],
      { cwd: work },
    );
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/both in folder "scripted-target-rate-0\.2"/);
    expect(clash.stderr.trim().split('\n')).toHaveLength(1);

    const both = await copyDemo();
    await editSeed(both, (seed) => seed.setIn(['rollout', 'targets'], [LOW, HIGH]));
    const refused = await runCli(['run', both, '--results', 'x'], { cwd: work });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'bloom: demo/seed.yaml: rollout.targets: expected either rollout.target (one) or rollout.targets (a list), not both, found both',
    );
    const empty = await copyDemo();
    await editSeed(empty, (seed) => {
      seed.deleteIn(['rollout', 'target']);
      seed.setIn(['rollout', 'targets'], [LOW, { model: '' }]);
    });
    const bad = await runCli(['run', empty, '--results', 'x'], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^bloom: demo\/seed\.yaml: rollout\.targets\[1\]\.model: /);
    expect(await readdir(work)).not.toContain('x');
  }, 60_000);

  it('a target whose run fails does not stop the others, and the command fails with it (never a pass)', async () => {
    const crashing = `cmd:node ${resolve('fixtures/agents/crashing-agent.mjs')}`;
    const run = await runCli(['run', suite, '--target', crashing, '--target', LOW, '--results', 'failing'], {
      cwd: work,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^bloom: command:node .*crashing-agent\.mjs: .*rollouts failed/m);
    const folders = await readdir(join(work, 'failing'));
    expect(folders).toContain('scripted-target-rate-0.2-seed-3');
    const judgment = await readJson<{ judgments: unknown[] }>(
      join(work, 'failing', 'scripted-target-rate-0.2-seed-3', BEHAVIOR, 'judgment.json'),
    );
    expect(judgment.judgments.length).toBeGreaterThan(0);
  }, 60_000);

  it('slugs are safe folder names; a long id is cut and told apart by a hash', () => {
    expect(slugOf('scripted/target?rate=0.2&seed=3')).toBe('scripted-target-rate-0.2-seed-3');
    expect(slugOf('http:POST https://agents.example.com/v1/chat')).toBe(
      'http-POST-https-agents.example.com-v1-chat',
    );
    expect(slugOf('../..')).toMatch(/^target-[0-9a-f]{12}$/);
    const long = `command:${'x'.repeat(200)}`;
    const cut = slugOf(long);
    expect(cut).toHaveLength(80);
    expect(cut).not.toBe(slugOf(`${long}y`));
    for (const id of ['a/b', 'ü ö', '.hidden', 'CON', 'x'.repeat(300)])
      expect(isSafeName(slugOf(id))).toBe(true);
  });

  it('several targets need a pinned suite: unpinned, each would run scenarios of its own', async () => {
    const unpinned = await copyDemo();
    const run = await runCli(['run', unpinned, '--target', LOW, '--target', HIGH, '--results', 'unpinned'], {
      cwd: work,
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `bloom: ${join(unpinned, 'suite.lock.json')}: expected a pinned suite, so every target runs the same ` +
        `scenarios (run: bloom pin ${unpinned}), found no such file, and 2 targets`,
    );
    expect(await readdir(work)).not.toContain('unpinned');
  });

  it("a gated run with several targets is refused before anything runs: a baseline is one target's", async () => {
    const gated = await runCli(
      ['run', suite, '--target', LOW, '--target', HIGH, '--baseline', 'none.json', '--results', 'gated'],
      { cwd: work },
    );
    expect(gated.code).toBe(2);
    expect(gated.stderr).toMatch(/^bloom: --baseline: expected one target per gated run/);
    expect(await readdir(work)).not.toContain('gated');
  });
});
