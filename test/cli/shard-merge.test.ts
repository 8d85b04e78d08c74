// `bloom run --shard i/n` and `bloom merge`: shards run out of order merge into the folder a one-piece run writes,
// byte for byte under SOURCE_DATE_EPOCH (all but run_info.json and usage.jsonl, the run's own records); every
// refusal is one line, exit 2, with nothing written to --out; a killed shard re-run resumes and merges whole.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { BEHAVIOR, readJson, resultDigests } from '../faults/results.ts';
import { BLOOM_BIN, runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

const env = { SOURCE_DATE_EPOCH: '1767225600', BLOOM_RESULTS_KEY: 'shard-merge-test-key' };

let root: string;
let data: string;
const shard = (i: number) => join(root, `shard${i}`);

async function cli(args: string[], extra: Record<string, string> = {}) {
  return runCli(args, { env: { ...env, ...extra }, cwd: root });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  data = await copyDemo();
  root = join(data, '..');
  expect((await cli(['pin', data])).code).toBe(0);
  expect((await cli(['run', data, '--results', join(root, 'one')])).code).toBe(0);
  // Out of order, as a matrix's jobs finish.
  for (const i of [3, 1, 2]) {
    const r = await cli(['run', data, '--shard', `${i}/3`, '--results', shard(i)]);
    expect(r.stderr).not.toMatch(/^bloom: /m);
    expect(r.code).toBe(0);
  }
}, 60_000);

describe('bloom run --shard', () => {
  it('runs only its cells, names the shard in its files, and runs no meta-judgment', async () => {
    const dir = join(shard(2), BEHAVIOR);
    const info = await readJson(join(dir, 'run_info.json'));
    expect(info.shard).toEqual({ index: 2, count: 3 });
    const one = await readJson(join(root, 'one', BEHAVIOR, 'run_info.json'));
    for (const key of ['suite_hash', 'config_hash', 'target_id']) expect(info[key]).toBe(one[key]);
    const rollout = await readJson(join(dir, 'rollout.json'));
    expect((rollout.metadata as Record<string, unknown>).shard).toEqual({ index: 2, count: 3 });
    expect(rollout.total_count).toBe(8);
    const judgment = await readJson(join(dir, 'judgment.json'));
    expect(judgment.shard).toEqual({ index: 2, count: 3 });
    expect(judgment.metajudgment_scores).toBeUndefined();
    expect(await readdir(join(dir, '.bloom'))).not.toContain('metajudgment.json');
    const transcripts = (await readdir(dir)).filter((f) => f.startsWith('transcript_'));
    expect(transcripts.sort()).toEqual(
      ['v1r2', 'v3r1', 'v4r2', 'v6r1', 'v7r2', 'v9r1', 'v10r2', 'v12r1']
        .map((k) => `transcript_${k}.json`)
        .sort(),
    );
  });

  it('is never a baseline or a decision: the gate refuses a shard in one line', async () => {
    const out = join(root, 'shard-baseline.json');
    const r = await cli(['baseline', shard(1), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /run_info\.json: shard: expected a whole run \(join the shards with `bloom merge` first\), found shard 1\/3/,
    );
    expect(await exists(out)).toBe(false);
  });

  it('refuses a suite with no lock in one line (exit 2), before any call', async () => {
    const unpinned = await copyDemo();
    const results = join(unpinned, '..', 'results');
    const r = await runCli(['run', unpinned, '--shard', '1/2', '--results', results], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/suite\.lock\.json: expected a pinned suite to shard/);
    expect(await exists(results)).toBe(false);
  });

  it('refuses a shard that is not i/n and a shard with --baseline', async () => {
    for (const args of [
      ['--shard', '4/3'],
      ['--shard', '1/3', '--baseline', 'b.json'],
    ]) {
      const r = await cli(['run', data, ...args, '--results', join(root, 'never')]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('bloom merge', () => {
  it('joins shards given out of order into the one-piece run, byte for byte', async () => {
    const out = join(root, 'merged');
    // Folders as a user types them, relative to the directory bloom runs in (not the test runner's).
    const r = await cli([
      'merge',
      'shard2',
      'shard3',
      join('shard1', BEHAVIOR),
      '--out',
      'merged',
      '--data',
      data,
    ]);
    expect(r.stderr).not.toMatch(/^bloom: /m);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('merged: 24 rollouts and 24 judgments of 24 from 3 shards');
    const merged = await resultDigests(out);
    expect(Object.keys(merged)).toContain('.bloom/metajudgment.json');
    expect(Object.keys(merged).filter((f) => f.startsWith('transcript_'))).toHaveLength(24);
    expect(merged).toEqual(await resultDigests(join(root, 'one')));
    const info = await readJson(join(out, BEHAVIOR, 'run_info.json'));
    expect(info.merged_from).toEqual(
      [1, 2, 3].map((index) => ({ shard: { index, count: 3 }, folder: join(`shard${index}`, BEHAVIOR) })),
    );
    // The merge's one call is the meta-judgment; the folder's usage is the shards' and that call.
    const thisRun = (info.this_run as { usage: { byPurpose: Record<string, { calls: number }> } }).usage;
    expect(Object.keys(thisRun.byPurpose)).toEqual(['metajudge']);
    const one = await readJson(join(root, 'one', BEHAVIOR, 'run_info.json'));
    const calls = (i: Record<string, unknown>) => (i.usage as { totals: { calls: number } }).totals.calls;
    expect(calls(info)).toBe(calls(one));
  });

  it('joins the shards of several suites in one invocation (--data once per suite)', async () => {
    const second = await copyDemo();
    const behaviors = JSON.parse(await readFile(join(second, 'behaviors.json'), 'utf8'));
    behaviors['second-behavior'] = behaviors[BEHAVIOR];
    await writeFile(join(second, 'behaviors.json'), JSON.stringify(behaviors, null, 2));
    const seed = parseDocument(await readFile(join(second, 'seed.yaml'), 'utf8'));
    seed.setIn(['behavior', 'name'], 'second-behavior');
    await writeFile(join(second, 'seed.yaml'), seed.toString());
    expect((await cli(['pin', second])).code).toBe(0);
    const both = (i: number) => join(root, `both-${i}`);
    for (const i of [2, 1]) {
      expect((await cli(['run', data, second, '--shard', `${i}/2`, '--results', both(i)])).code).toBe(0);
    }
    const out = join(root, 'both-merged');
    const r = await cli(['merge', both(1), both(2), '--out', out, '--data', data, '--data', second]);
    expect(r.stderr).not.toMatch(/^bloom: /m);
    expect(r.code).toBe(0);
    for (const behavior of [BEHAVIOR, 'second-behavior']) {
      const judgment = await readJson(join(out, behavior, 'judgment.json'));
      expect(judgment.judgments as unknown[]).toHaveLength(24);
      expect(judgment.shard).toBeUndefined();
    }
    const first = await readJson(join(out, BEHAVIOR, 'judgment.json'));
    expect(first.judgments).toEqual((await readJson(join(root, 'one', BEHAVIOR, 'judgment.json'))).judgments);
  });

  it('shards and merges a suite run against several targets (--target twice), each as its one-piece run', async () => {
    const targets = ['scripted/target?rate=0.2&seed=1', 'scripted/target?rate=0.6&seed=2'];
    const flags = targets.flatMap((t) => ['--target', t]);
    const piece = (i: number) => join(root, `targets-${i}`);
    for (const i of [2, 1]) {
      expect((await cli(['run', data, ...flags, '--shard', `${i}/2`, '--results', piece(i)])).code).toBe(0);
    }
    const out = join(root, 'targets-merged');
    const merged = await cli(['merge', piece(1), piece(2), '--out', out, '--data', data, ...flags]);
    expect(merged.stderr).not.toMatch(/^bloom: /m);
    expect(merged.code).toBe(0);
    const one = join(root, 'targets-one');
    expect((await cli(['run', data, ...flags, '--results', one])).code).toBe(0);
    const slugs = await readdir(out);
    expect(slugs).toHaveLength(2);
    for (const slug of slugs) {
      expect(await resultDigests(join(out, slug))).toEqual(await resultDigests(join(one, slug)));
    }
  });

  describe('refuses in one line, exit 2, writing nothing to --out', () => {
    const refusals: [string, () => Promise<string[]>, RegExp][] = [
      [
        'a missing shard',
        async () => [shard(1), shard(3)],
        /<dirs>: expected all 3 shards, found shard 2\/3 missing/,
      ],
      [
        'a second copy of a shard',
        async () => [shard(1), shard(2), shard(3), await copyOf(shard(2), 'again')],
        /shard: expected each shard once, found shard 2\/3 again/,
      ],
      [
        'a folder that is not a shard',
        async () => [join(root, 'one'), shard(2), shard(3)],
        /shard: expected a shard of a suite/,
      ],
      [
        'a piece of another suite',
        async () => [
          await edited(shard(1), 'other-suite', { suite_hash: 'f'.repeat(64) }),
          shard(2),
          shard(3),
        ],
        /suite_hash: expected the suite being merged .*, found another suite/,
      ],
      [
        'a piece of another config (another judge sample count)',
        async () => [await otherConfigShard(), shard(2), shard(3)],
        /config_hash: expected the merge's config .*judgment\.num_samples/,
      ],
      [
        'a shard set whose n disagrees',
        async () => [shard(1), shard(2), shard(3), await halfShard()],
        /shard\.count: expected 3 .*, found 2/,
      ],
      [
        'a cell of another shard (overlap)',
        async () => {
          const copy = await copyOf(shard(1), 'overlap');
          await cp(
            join(shard(2), BEHAVIOR, 'transcript_v1r2.json'),
            join(copy, BEHAVIOR, 'transcript_v1r2.json'),
          );
          return [copy, shard(2), shard(3)];
        },
        /transcript_v1r2\.json: expected only the cells of shard 1\/3, found v1r2, a cell of shard 2\/3/,
      ],
      [
        'a missing cell',
        async () => {
          const copy = await copyOf(shard(1), 'lost');
          await rm(join(copy, BEHAVIOR, 'transcript_v4r1.json'));
          return [copy, shard(2), shard(3)];
        },
        /expected every cell of shard 1\/3, found v4r1 missing/,
      ],
      [
        'an edited transcript (its seal no longer verifies)',
        async () => {
          const copy = await copyOf(shard(1), 'edited');
          const path = join(copy, BEHAVIOR, 'transcript_v1r1.json');
          const t = JSON.parse(await readFile(path, 'utf8'));
          t.metadata.description = 'forged';
          await writeFile(path, JSON.stringify(t, null, 2));
          return [copy, shard(2), shard(3)];
        },
        /transcript_v1r1\.json: metadata\.run_seal: expected a file bloom sealed under this machine's results key/,
      ],
    ];
    for (const [name, pieces, message] of refusals) {
      it(name, async () => {
        const out = join(root, `refused-${name.replace(/\W+/g, '-')}`);
        const r = await cli(['merge', ...(await pieces()), '--out', out, '--data', data]);
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(message);
        expect(await exists(out)).toBe(false);
      });
    }

    it("shards sealed under another runner's key (BLOOM_RESULTS_KEY not shared)", async () => {
      const out = join(root, 'refused-key');
      const r = await cli(['merge', shard(1), shard(2), shard(3), '--out', out, '--data', data], {
        BLOOM_RESULTS_KEY: 'another-runner',
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/run_seal: expected a file bloom sealed under this machine's results key/);
      expect(await exists(out)).toBe(false);
    });

    it('a merged folder that already holds files', async () => {
      const r = await cli([
        'merge',
        shard(1),
        shard(2),
        shard(3),
        '--out',
        join(root, 'one'),
        '--data',
        data,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/expected a new or empty folder to merge into/);
    });
  });

  it('merges a shard that was killed and re-run: no cell lost or duplicated', async () => {
    // Slow models (the latency is part of their ids, so this suite is its own, pinned and run in one piece too).
    const slow = await copyDemo({
      models: (models) => {
        for (const m of Object.values(models)) m.id += `${m.id.includes('?') ? '&' : '?'}latency=15`;
      },
    });
    const at = (name: string) => join(slow, '..', name);
    expect((await cli(['pin', slow])).code).toBe(0);
    expect((await cli(['run', slow, '--results', at('one')])).code).toBe(0);
    for (const i of [1, 3])
      expect((await cli(['run', slow, '--shard', `${i}/3`, '--results', at(`s${i}`)])).code).toBe(0);
    const dir = join(at('s2'), BEHAVIOR);
    // One call at a time (max_concurrent is no part of a run's identity), so the shard's rollouts finish one by one
    // and the kill lands between them.
    const seedPath = join(slow, 'seed.yaml');
    const seedText = await readFile(seedPath, 'utf8');
    await writeFile(seedPath, seedText.replace(/^max_concurrent: \d+/m, 'max_concurrent: 1'));
    const child = spawn(process.execPath, [BLOOM_BIN, 'run', slow, '--shard', '2/3', '--results', at('s2')], {
      stdio: 'ignore',
      env: { ...process.env, ...env },
    });
    const transcripts = async () =>
      (await readdir(dir).catch(() => [] as string[])).filter((f) => f.startsWith('transcript_'));
    const until = Date.now() + 15_000;
    while ((await transcripts()).length < 2) {
      if (Date.now() > until) throw new Error('the shard wrote no transcript in time');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const survivors = (await transcripts()).length;
    expect(survivors).toBeLessThan(8);
    const merge = (out: string) =>
      cli(['merge', at('s1'), at('s2'), at('s3'), '--out', at(out), '--data', slow]);
    await writeFile(seedPath, seedText);
    const early = await merge('early');
    expect(early.code).toBe(2);
    expect(await exists(at('early'))).toBe(false);

    const resumed = await cli(['run', slow, '--shard', '2/3', '--results', at('s2')]);
    expect(resumed.code).toBe(0);
    const info = await readJson(join(dir, 'run_info.json'));
    expect((info.outcome as { reused: { rollouts: number } }).reused.rollouts).toBeGreaterThanOrEqual(
      survivors,
    );
    expect((await merge('merged')).code).toBe(0);
    expect(await resultDigests(at('merged'))).toEqual(await resultDigests(at('one')));
  }, 60_000);
});

async function copyOf(dir: string, name: string): Promise<string> {
  const copy = join(root, `copy-${name}-${Math.random().toString(36).slice(2)}`);
  await cp(dir, copy, { recursive: true });
  return copy;
}

async function edited(dir: string, name: string, changes: Record<string, unknown>): Promise<string> {
  const copy = await copyOf(dir, name);
  const path = join(copy, BEHAVIOR, 'run_info.json');
  await writeFile(path, JSON.stringify({ ...(await readJson(path)), ...changes }, null, 2));
  return copy;
}

/** Shard 1/3 of the same pinned suite run with one judge sample instead of two: another config. */
async function otherConfigShard(): Promise<string> {
  const other = join(await mkdtemp(join(tmpdir(), 'bloom-other-config-')), 'demo');
  await cp(data, other, { recursive: true });
  const seed = parseDocument(await readFile(join(other, 'seed.yaml'), 'utf8'));
  seed.setIn(['judgment', 'num_samples'], 1);
  await writeFile(join(other, 'seed.yaml'), seed.toString());
  const results = join(other, '..', 'results');
  expect((await cli(['run', other, '--shard', '1/3', '--results', results])).code).toBe(0);
  return results;
}

/** Shard 1/2 of the suite: a set of another n. */
async function halfShard(): Promise<string> {
  const results = join(root, 'half');
  if (!(await exists(results)))
    expect((await cli(['run', data, '--shard', '1/2', '--results', results])).code).toBe(0);
  return results;
}
