import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { CliResult } from '../support/cli.ts';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

/** `bloom pin ...` in-process, through the real CLI entry. */
function runPin(args: string[], cwd = process.cwd()): Promise<CliResult> {
  return runCli(['pin', ...args], { cwd });
}

// biome-ignore lint/suspicious/noExplicitAny: tests reach into parsed files freely.
type Json = Record<string, any>;

async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  await writeFile(path, edit(await readFile(path, 'utf8')));
}

async function editSeed(dir: string, edit: (seed: Json) => void): Promise<void> {
  await editFile(join(dir, 'seed.yaml'), (text) => {
    const seed = parse(text);
    edit(seed);
    return stringify(seed);
  });
}

async function readJson<T = Json>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

describe('bloom pin', () => {
  let dir: string;
  let first: CliResult;
  let lockText: string;

  beforeAll(async () => {
    dir = await copyDemo();
    first = await runPin([dir]);
    lockText = await readFile(join(dir, 'suite.lock.json'), 'utf8');
  });

  it('writes a lock with the understanding, every variation, the evaluator models and input hashes', () => {
    expect(first.stderr).not.toMatch(/bloom: /);
    expect(first.code).toBe(0);
    const lock = JSON.parse(lockText);
    expect(Object.keys(lock)).toEqual([
      'format_version',
      'behavior',
      'suite_hash',
      'evaluator_models',
      'inputs',
      'understanding',
      'ideation',
    ]);
    expect(lock.format_version).toBe(1);
    expect(lock.behavior).toBe('delusional-sycophancy');
    expect(lock.evaluator_models).toEqual({
      understanding: 'scripted/evaluator',
      ideation: 'scripted/evaluator',
    });
    expect(lock.ideation.variations).toHaveLength(12);
    expect(lock.understanding.transcript_analyses).toHaveLength(1);
    expect(lock.inputs).toHaveProperty(['behaviors.json "delusional-sycophancy" description']);
    expect(lock.inputs).toHaveProperty(['seed.yaml ideation.num_scenarios']);
    expect(lock.inputs).toHaveProperty(['behaviors.json "authority-claim" description']);
    expect(lock.inputs).toHaveProperty(['example delusional-sycophancy-signals']);
    expect(lock.inputs).toHaveProperty(['configurable_prompts make_scenarios_additional']);
    // Target-agnostic: nothing of the target shapes the lock.
    expect(lock.inputs).not.toHaveProperty(['target display name']);
    expect(lock.inputs).not.toHaveProperty(['seed.yaml rollout.target']);
    expect(lockText).not.toContain('Scripted target');
    expect(first.stdout).toMatch(/pinned 12 variations/);
  });

  it('a second pin is byte-identical', async () => {
    expect((await runPin([dir])).code).toBe(0);
    expect(await readFile(join(dir, 'suite.lock.json'), 'utf8')).toBe(lockText);
  });

  it('--check on a fresh lock exits 0 without any key or model', async () => {
    const r = await runPin([dir, '--check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fresh/);
  });

  it('--results also writes understanding.json and ideation.json equal to the lock', async () => {
    const copy = await copyDemo();
    const results = join(copy, '..', 'results');
    expect((await runPin([copy, '--results', results])).code).toBe(0);
    const lock = await readJson(join(copy, 'suite.lock.json'));
    const behaviorDir = join(results, 'delusional-sycophancy');
    expect(await readJson(join(behaviorDir, 'ideation.json'))).toEqual(lock.ideation);
    expect(await readJson(join(behaviorDir, 'understanding.json'))).toEqual(lock.understanding);
    const info = await readJson(join(behaviorDir, 'run_info.json'));
    expect(info.usage.byPurpose.ideation.calls).toBeGreaterThan(0);
  });
});

describe('bloom pin --check on a stale or missing lock', () => {
  it('exits 2 when there is no lock', async () => {
    const dir = await copyDemo();
    const r = await runPin([dir, '--check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/suite\.lock\.json: expected a pinned suite .*no such file/);
  });

  it('names an edited behavior description, in one line, exit 2', async () => {
    const dir = await copyDemo();
    await runPin([dir]);
    await editFile(join(dir, 'behaviors.json'), (text) => {
      const behaviors = JSON.parse(text);
      behaviors['delusional-sycophancy'] += ' Also counts when the model invents a diagnosis.';
      return JSON.stringify(behaviors, null, 2);
    });
    const r = await runPin([dir, '--check']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      'suite.lock.json: inputs: expected to match the data folder, found changed: behaviors.json "delusional-sycophancy" description',
    );
    expect(r.stderr).not.toMatch(/authority-claim|num_scenarios/);
  });

  it('names ideation.num_scenarios and a dimension description together', async () => {
    const dir = await copyDemo();
    await runPin([dir]);
    await editSeed(dir, (seed) => {
      seed.ideation.num_scenarios = 5;
    });
    await editFile(join(dir, 'behaviors.json'), (text) =>
      text.replace('claimed expertise', 'claimed expertise or fame'),
    );
    const r = await runPin([dir, '--check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /found changed: .*seed\.yaml ideation\.num_scenarios.*behaviors\.json "authority-claim" description/,
    );
  });

  it('ignores what only shapes rollout and judgment (target, judge, num_reps)', async () => {
    const dir = await copyDemo();
    await runPin([dir]);
    await editSeed(dir, (seed) => {
      seed.rollout.num_reps = 3;
      seed.judgment.num_samples = 1;
      seed.max_concurrent = 2;
    });
    expect((await runPin([dir, '--check'])).code).toBe(0);
  });

  it('names an edited example transcript and a configurable prompt', async () => {
    const dir = await copyDemo();
    await runPin([dir]);
    const example = join(dir, 'behaviors', 'examples', 'delusional-sycophancy-signals.json');
    const parsed = await readJson(example);
    parsed.conversation[0].content += ' (edited)';
    await writeFile(example, JSON.stringify(parsed));
    await editFile(join(dir, 'configurable_prompts', 'default.json'), (text) => {
      const prompts = JSON.parse(text);
      prompts.make_scenarios_additional = 'Prefer workplace settings.';
      return JSON.stringify(prompts);
    });
    const r = await runPin([dir, '--check']);
    expect(r.stderr).toMatch(
      /changed: example delusional-sycophancy-signals, configurable_prompts make_scenarios_additional \(/,
    );
  });
});

describe('bloom run with a pinned suite', () => {
  let dir: string;
  let lock: Json;
  const runs: { results: string; result: CliResult }[] = [];

  beforeAll(async () => {
    dir = await copyDemo();
    await runPin([dir]);
    lock = await readJson(join(dir, 'suite.lock.json'));
    for (const name of ['a', 'b']) {
      const results = join(dir, '..', `results-${name}`);
      runs.push({ results, result: await runCli(['run', dir, '--results', results]) });
    }
  });

  it('makes zero understanding and ideation calls and writes their files from the lock', async () => {
    for (const { results, result } of runs) {
      expect(result.stderr).not.toMatch(/bloom: /);
      expect(result.code).toBe(0);
      const behaviorDir = join(results, 'delusional-sycophancy');
      const info = await readJson(join(behaviorDir, 'run_info.json'));
      expect(info.usage.byPurpose.understanding).toBeUndefined();
      expect(info.usage.byPurpose.ideation).toBeUndefined();
      expect(info.usage.byPurpose.target.calls).toBeGreaterThan(0);
      expect(await readJson(join(behaviorDir, 'understanding.json'))).toEqual(lock.understanding);
      expect(await readJson(join(behaviorDir, 'judgment.json'))).toHaveProperty('summary_statistics');
    }
  });

  it('gives identical scenarios on two runs', async () => {
    const [a, b] = await Promise.all(
      runs.map(({ results }) => readFile(join(results, 'delusional-sycophancy', 'ideation.json'), 'utf8')),
    );
    expect(a).toBe(b);
    expect(JSON.parse(a as string)).toEqual(lock.ideation);
  });

  it('writes the run identity at the top level of run_info.json', async () => {
    const infos = await Promise.all(
      runs.map(({ results }) => readJson(join(results, 'delusional-sycophancy', 'run_info.json'))),
    );
    for (const info of infos) {
      expect(info.suite_hash).toBe(lock.suite_hash);
      expect(info.config_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(info.target_id).toBe('scripted/target?rate=0.35&spread=0.15&seed=7');
    }
    expect(infos[0]?.config_hash).toBe(infos[1]?.config_hash);
  });

  it('refuses a stale lock before any call: exit 2, naming the changed input', async () => {
    const copy = await copyDemo();
    await runPin([copy]);
    await editSeed(copy, (seed) => {
      seed.ideation.num_scenarios = 2;
    });
    const r = await runCli(['run', copy, '--results', join(copy, '..', 'results')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /suite\.lock\.json: inputs: .*found changed: seed\.yaml ideation\.num_scenarios/,
    );
  });

  it('sets aside the files of another suite in its results folder, and runs the pinned one', async () => {
    const copy = await copyDemo();
    const results = join(copy, '..', 'results');
    expect((await runCli(['run', copy, '--results', results])).code).toBe(0);
    await runPin([copy]);
    const lock = await readJson(join(copy, 'suite.lock.json'));
    const ideationPath = join(results, 'delusional-sycophancy', 'ideation.json');
    await editFile(ideationPath, (text) => text.replace('"total_evals": 12', '"total_evals": 11'));
    const r = await runCli(['rollout', copy, '--results', results]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/set aside 1 file of another run \(not the pinned suite\)/);
    // Its transcripts were made from the unpinned scenarios: set aside too, not resumed.
    expect(r.stderr).toMatch(/set aside 53 files of another run \(suite_hash differs\)/);
    expect(await readJson(ideationPath)).toEqual(lock.ideation);
  });

  it('without a lock, suite_hash is the hash of ideation.json', async () => {
    const copy = await copyDemo();
    const results = join(copy, '..', 'results');
    expect((await runCli(['run', copy, '--results', results])).code).toBe(0);
    const info = await readJson(join(results, 'delusional-sycophancy', 'run_info.json'));
    const { hashOf } = await import('../../src/suite/canonical.ts');
    // ideation.json also records the hash of the inputs it was made from and its seal: not part of the scenarios.
    const { suite_inputs_hash, run_seal, ...ideation } = await readJson(
      join(results, 'delusional-sycophancy', 'ideation.json'),
    );
    expect(suite_inputs_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(run_seal).toMatch(/^[0-9a-f]{64}$/);
    expect(info.suite_hash).toBe(hashOf(ideation));
    expect(info.suite_lock).toBeNull();
  });
});

describe('a malformed lock', () => {
  it('is one line naming the key path, exit 2, for run and --check', async () => {
    const dir = await copyDemo();
    await runPin([dir]);
    await editFile(join(dir, 'suite.lock.json'), (text) => {
      const lock = JSON.parse(text);
      lock.ideation.variations[2].tools = 'none';
      return JSON.stringify(lock, null, 2);
    });
    for (const r of [
      await runPin([dir, '--check']),
      await runCli(['run', dir, '--results', join(dir, '..', 'r')]),
    ]) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /suite\.lock\.json: ideation\.variations\[2\]\.tools: expected a list, found "none"/,
      );
    }
  });
});

describe('the shipped pinned demo', () => {
  it('fixtures/pinned-demo has a fresh lock', async () => {
    const r = await runPin(['fixtures/pinned-demo', '--check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs from its lock with no understanding or ideation call', async () => {
    const results = join(await copyDemo(), '..', 'results');
    const r = await runCli(['run', 'fixtures/pinned-demo', '--results', results]);
    expect(r.code).toBe(0);
    const info = await readJson(join(results, 'delusional-sycophancy', 'run_info.json'));
    expect(Object.keys(info.usage.byPurpose).sort()).toEqual(['evaluator', 'judge', 'metajudge', 'target']);
    expect(info.suite_lock).toBe('fixtures/pinned-demo/suite.lock.json');
  });
});
