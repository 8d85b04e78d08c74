// A results folder is bound to the run that made it: `bloom run` resumes only files of the same suite, config and
// target that this machine sealed; the rest is set aside (kept, never counted) and the run is evaluated afresh on
// its own target. One run at a time per folder.

import { spawn } from 'node:child_process';
import { cp, link, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOOM_BIN, runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

const BEHAVIOR = 'delusional-sycophancy';
const HIGH_TARGET = 'scripted/target?rate=0.95&spread=0.15&seed=7';

type Json = Record<string, unknown>;

async function readJson(path: string): Promise<Json> {
  return JSON.parse(await readFile(path, 'utf8')) as Json;
}

const tempDir = (label: string) => mkdtemp(join(tmpdir(), `bloom-folder-${label}-`));

/** Transcript and message ids derive from a run's nonce: fixed by SOURCE_DATE_EPOCH, so two runs' judgments compare. */
const SOURCE_DATE = { SOURCE_DATE_EPOCH: '1767225600' };

async function run(data: string, results: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(['run', data, '--results', results, ...extra], { env: { ...SOURCE_DATE, ...env } });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

/** judgment.json's scores and statistics: what a run reports. */
async function judged(results: string): Promise<{ judgments: unknown; statistics: unknown }> {
  const judgment = await readJson(join(results, BEHAVIOR, 'judgment.json'));
  return { judgments: judgment.judgments, statistics: judgment.summary_statistics };
}

/** The calls the last invocation made (run_info.json's `usage` is the folder's, earlier invocations included). */
async function calls(results: string): Promise<number> {
  const info = await readJson(join(results, BEHAVIOR, 'run_info.json'));
  const thisRun = info.this_run as { usage: { byPurpose: Record<string, { calls: number }> } };
  const byPurpose = thisRun.usage.byPurpose;
  return Object.values(byPurpose).reduce((sum, u) => sum + u.calls, 0);
}

async function setAsideFiles(results: string): Promise<string[]> {
  const dir = join(results, BEHAVIOR, '.bloom', 'set-aside');
  const runs = await readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(runs.map((r) => readdir(join(dir, r))));
  return files.flat().sort();
}

describe('bloom run resumes only its own results', () => {
  it('resumes everything of the same run: no call, nothing set aside', async () => {
    const results = await tempDir('same');
    await run('fixtures/demo', results);
    const again = await run('fixtures/demo', results);
    expect(again.stderr).not.toContain('set aside');
    expect(await calls(results)).toBe(0);
    expect(await setAsideFiles(results)).toEqual([]);
  });

  it("--target on a folder of the demo's run sets that run aside and measures the new target", async () => {
    const results = await tempDir('target');
    await run('fixtures/demo', results);
    const before = await judged(results);
    const r = await run('fixtures/demo', results, ['--target', HIGH_TARGET]);
    expect(r.stderr).toMatch(
      /^bloom: set aside 53 files of another run \(target_id differs\) into .*set-aside/m,
    );

    const clean = await tempDir('target-clean');
    await run('fixtures/demo', clean, ['--target', HIGH_TARGET]);
    expect(await judged(results)).toEqual(await judged(clean));
    expect(await judged(results)).not.toEqual(before);
    const judgment = await readJson(join(results, BEHAVIOR, 'judgment.json'));
    expect((judgment.run_identity as Json).target_id).toBe(HIGH_TARGET);
    // Kept, not deleted: every transcript and judge file of the first run, and its records.
    const aside = await setAsideFiles(results);
    expect(aside.filter((f) => f.startsWith('transcript_'))).toHaveLength(24);
    expect(aside.filter((f) => f.startsWith('judge_'))).toHaveLength(24);
    expect(aside).toEqual(expect.arrayContaining(['judgment.json', 'run_info.json', 'usage.jsonl']));
  });

  it("counts the folder's usage over its own run only: another run's usage.jsonl is set aside whole", async () => {
    const results = await tempDir('usage');
    await run('fixtures/demo', results);
    const linesOf = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').length;
    const log = join(results, BEHAVIOR, 'usage.jsonl');
    const firstCalls = await linesOf(log);
    // A resume of the same run: the folder's usage is the first invocation's, this one made no call.
    await run('fixtures/demo', results);
    const resumed = await readJson(join(results, BEHAVIOR, 'run_info.json'));
    expect((resumed.usage as { totals: { calls: number } }).totals.calls).toBe(firstCalls);
    expect(await calls(results)).toBe(0);

    await run('fixtures/demo', results, ['--target', HIGH_TARGET]);
    const info = await readJson(join(results, BEHAVIOR, 'run_info.json'));
    const own = (info.this_run as { usage: { totals: { calls: number } } }).usage;
    expect(own.totals.calls).toBeGreaterThan(0);
    expect(info.usage).toEqual(own);
    // The log holds this run's calls (moved back out of the log set aside while open); the set-aside one the other's.
    expect(await linesOf(log)).toBe(own.totals.calls);
    const [aside] = await readdir(join(results, BEHAVIOR, '.bloom', 'set-aside'));
    expect(await linesOf(join(results, BEHAVIOR, '.bloom', 'set-aside', aside ?? '', 'usage.jsonl'))).toBe(
      firstCalls,
    );
  });

  it('two suites with one behavior name never mix: the second reports its own rate', async () => {
    const first = await copyDemo();
    const second = await copyDemo({
      models: (models) => {
        (models['demo-target'] as { id: string }).id = HIGH_TARGET;
      },
    });
    const shared = await tempDir('shared');
    await run(first, shared);
    const r = await run(second, shared);
    expect(r.stderr).toContain('set aside');
    const own = await tempDir('own');
    await run(second, own);
    expect(await judged(shared)).toEqual(await judged(own));
  });

  it('sets aside files sealed on another machine (or forged), whatever identity they claim', async () => {
    const results = await tempDir('copied');
    // Made under another key: as if committed to the repository or copied from another machine.
    await run('fixtures/demo', results, [], { BLOOM_RESULTS_KEY: 'another machine' });
    const r = await run('fixtures/demo', results);
    expect(r.stderr).toMatch(
      /set aside 2 files of another run \(not sealed by bloom on this machine: copied, edited or forged\)/,
    );
    expect(r.stderr).toMatch(/set aside 51 files of another run \(not sealed by bloom on this machine/);
    // Everything was made again, so every call was spent again.
    expect(await calls(results)).toBeGreaterThan(48);
  });

  it('leaves alone files of the user whose names only look like its own (Judgment.json, constructor)', async () => {
    const results = await tempDir('case');
    await run('fixtures/demo', results);
    const dir = join(results, BEHAVIOR);
    const theirs = ['GATE_LOOKS.json', 'Judgment.json', 'Transcript_V1R1.json', 'constructor', 'notes.txt'];
    for (const name of theirs) await writeFile(join(dir, name), 'not JSON');
    const r = await run('fixtures/demo', results);
    // Here (a case-sensitive file system) the run never opens them: nothing is refused, set aside or counted.
    expect(r.stderr).not.toContain('set aside');
    expect(await calls(results)).toBe(0);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(theirs));
  });

  it('checks another spelling of its files where opening its name opens it (a case-insensitive file system)', async () => {
    const results = await tempDir('folded');
    await run('fixtures/demo', results);
    const dir = join(results, BEHAVIOR);
    // What macOS and Windows do by default, made here with a second name for one file: opening gate_looks.json
    // opens the entry listed as GATE_LOOKS.json (and gate_lookſ.json, the long s, folds to it too).
    const looks = JSON.stringify({ format_version: 1, max_repetitions: 1, repetitions: [1] });
    await writeFile(join(dir, 'GATE_LOOKS.json'), looks);
    await link(join(dir, 'GATE_LOOKS.json'), join(dir, 'gate_looks.json'));
    await link(join(dir, 'GATE_LOOKS.json'), join(dir, 'gate_look\u017f.json'));
    const r = await run('fixtures/demo', results);
    expect(r.stderr).toMatch(/set aside 5 files of another run/);
    expect(await setAsideFiles(results)).toEqual(
      ['GATE_LOOKS.json', 'gate_looks.json', 'gate_look\u017f.json', 'run_info.json', 'usage.jsonl'].sort(),
    );
  });

  it('resumes the stage files `bloom pin --results` wrote, with nothing set aside', async () => {
    const data = await copyDemo();
    const results = await tempDir('pinned');
    expect((await runCli(['pin', data, '--results', results])).code).toBe(0);
    const r = await run(data, results);
    expect(r.stderr).not.toContain('set aside');
    const info = await readJson(join(results, BEHAVIOR, 'run_info.json'));
    expect(Object.keys((info.usage as { byPurpose: Json }).byPurpose).sort()).toEqual([
      'evaluator',
      'judge',
      'metajudge',
      'target',
    ]);
  });

  it('sets aside a judge result whose transcript is gone', async () => {
    const results = await tempDir('orphan');
    await run('fixtures/demo', results);
    await rm(join(results, BEHAVIOR, 'transcript_v3r1.json'));
    const r = await run('fixtures/demo', results);
    expect(r.stderr).toMatch(/set aside 3 files of another run \(a judge result without its transcript\)/);
    expect(await setAsideFiles(results)).toEqual(['judge_v3r1.json', 'run_info.json', 'usage.jsonl']);
  });

  it('a second run in the same folder at the same time is refused in one line, exit 2', async () => {
    const data = await copyDemo({
      models: (models) => {
        for (const m of Object.values(models)) m.id += `${m.id.includes('?') ? '&' : '?'}latency=20`;
      },
    });
    const results = await tempDir('busy');
    const first = spawn(process.execPath, [BLOOM_BIN, 'run', data, '--results', results], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => first.once('exit', done));
    const lock = join(results, BEHAVIOR, '.bloom', 'run.lock');
    for (let i = 0; i < 500 && !(await readFile(lock).catch(() => null)); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const second = await runCli(['run', data, '--results', results]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(
        `^bloom: .*run\\.lock: expected no other run in this results folder, found run ${first.pid} on `,
      ),
    );
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(await exited).toBe(0);
  }, 30_000);
});

describe('a results folder copied on this machine', () => {
  it('is resumed as it is (the seal names the file, not where it lies)', async () => {
    const results = await tempDir('origin');
    await run('fixtures/demo', results);
    const copy = await tempDir('copy');
    await cp(results, copy, { recursive: true });
    const r = await run('fixtures/demo', copy);
    expect(r.stderr).not.toContain('set aside');
    expect(await calls(copy)).toBe(0);
  });
});
