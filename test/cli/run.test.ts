import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from '../pipeline/transcript/schema.ts';
import { runCli } from '../support/cli.ts';

async function readJson<T = Record<string, unknown>>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

describe('bloom run on the offline demo', () => {
  let results: string;
  let behaviorDir: string;
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    results = await mkdtemp(join(tmpdir(), 'bloom-demo-'));
    first = await runCli(['run', 'fixtures/demo', '--results', results]);
    const [behavior] = await readdir(results);
    behaviorDir = join(results, behavior as string);
  });

  it("runs every stage with no key and writes Bloom's results folder", async () => {
    expect(first.stderr).not.toMatch(/bloom: /);
    expect(first.code).toBe(0);
    const files = await readdir(behaviorDir);
    for (const f of ['understanding.json', 'ideation.json', 'rollout.json', 'judgment.json'])
      expect(files).toContain(f);
    const ideation = await readJson<{ variations: unknown[] }>(join(behaviorDir, 'ideation.json'));
    const judgment = await readJson<{ judgments: unknown[]; summary_statistics: Record<string, unknown> }>(
      join(behaviorDir, 'judgment.json'),
    );
    const transcripts = files.filter((f) => /^transcript_v\d+r\d+\.json$/.test(f));
    const rollout = await readJson<{ total_count: number; successful_count: number }>(
      join(behaviorDir, 'rollout.json'),
    );
    expect(transcripts.length).toBe(rollout.total_count);
    expect(rollout.successful_count).toBe(transcripts.length);
    expect(transcripts.length).toBeGreaterThanOrEqual(ideation.variations.length);
    expect(judgment.judgments.length + Number(judgment.summary_statistics.unscoreable_count ?? 0)).toBe(
      transcripts.length,
    );
    expect(judgment).toHaveProperty('metajudgment_scores');
  });

  it('ends with the rate, its Wilson interval, the calls made and the next command', async () => {
    const judgment = await readJson<{ summary_statistics: Record<string, unknown> }>(
      join(behaviorDir, 'judgment.json'),
    );
    const {
      elicited_count: k,
      total_judgments: n,
      elicitation_rate_ci: ci,
    } = judgment.summary_statistics as {
      elicited_count: number;
      total_judgments: number;
      elicitation_rate_ci: [number, number];
    };
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const info = await readJson<{ this_run: { usage: { totals: { calls: number } } } }>(
      join(behaviorDir, 'run_info.json'),
    );
    expect(first.stdout.trim().split('\n').slice(-3)).toEqual([
      `  elicitation rate: ${pct(k / n)} (95% CI ${pct(ci[0])}-${pct(ci[1])}), ${k} of ${n} scored 7 or more`,
      expect.stringMatching(
        new RegExp(
          `^  model calls: ${info.this_run.usage.totals.calls} \\([\\d.]+k tokens in, [\\d.]+k out\\), \\$0$`,
        ),
      ),
      `Next: bloom view ${behaviorDir}   (every transcript and score, in a browser)`,
    ]);
    expect(first.stdout).not.toContain('resumed');
  });

  it('writes transcripts valid against the v3.0 schema, each with the judge output', async () => {
    const files = (await readdir(behaviorDir)).filter((f) => f.startsWith('transcript_'));
    for (const f of files) {
      const t = await readJson(join(behaviorDir, f));
      expect(schemaErrors(t), f).toBe('');
      expect((t.metadata as Record<string, unknown>).judge_output).toBeTruthy();
    }
  });

  it('agrees with bloom report --json', async () => {
    const report = await runCli(['report', behaviorDir, '--json']);
    expect(report.code).toBe(0);
    const [summary] = JSON.parse(report.stdout);
    expect(summary.agrees).toBe(true);
    const judgment = await readJson<{ summary_statistics: Record<string, unknown> }>(
      join(behaviorDir, 'judgment.json'),
    );
    expect(summary.recomputed.elicitation_rate).toBe(judgment.summary_statistics.elicitation_rate);
  });

  it('bloom report --format inspect writes an Inspect log named as Inspect lists them', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bloom-inspect-'));
    const r = await runCli(['report', results, '--format', 'inspect', '--out', out]);
    expect(r.code).toBe(0);
    const [name] = await readdir(out);
    expect(name).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}[+-]\d{2}-\d{2}_delusional-sycophancy_[\w]+\.json$/,
    );
    const log = await readJson<Record<string, unknown>>(join(out, name as string));
    expect(Object.keys(log).at(-1)).toBe('samples');
    expect(r.stdout.trim()).toBe(join(out, name as string));
  });

  it('logs every model call in usage.jsonl, matching the totals in run_info.json', async () => {
    const lines = (await readFile(join(behaviorDir, 'usage.jsonl'), 'utf8')).trim().split('\n');
    const info = await readJson<{ usage: { totals: { calls: number; inputTokens: number } } }>(
      join(behaviorDir, 'run_info.json'),
    );
    const calls = lines.map((l) => JSON.parse(l) as { purpose: string; inputTokens: number });
    expect(calls).toHaveLength(info.usage.totals.calls);
    expect(calls.reduce((sum, c) => sum + c.inputTokens, 0)).toBe(info.usage.totals.inputTokens);
    expect(new Set(calls.map((c) => c.purpose))).toEqual(
      new Set(['understanding', 'ideation', 'evaluator', 'target', 'judge', 'metajudge']),
    );
  });

  it('resumes: a second run makes no model call and rewrites no transcript', async () => {
    const before = await Promise.all(
      (await readdir(behaviorDir))
        .filter((f) => f.startsWith('transcript_'))
        .map(async (f) => [f, (await stat(join(behaviorDir, f))).mtimeMs] as const),
    );
    type Info = {
      usage: { totals: { calls: number; inputTokens: number } };
      cost: { by_model: Record<string, { input_tokens: number }> };
      this_run: { usage: { totals: { calls: number } } };
      outcome: { reused: { rollouts: number; judgments: number } };
    };
    const first = await readJson<Info>(join(behaviorDir, 'run_info.json'));
    const again = await runCli(['run', 'fixtures/demo', '--results', results]);
    expect(again.code).toBe(0);
    const info = await readJson<Info>(join(behaviorDir, 'run_info.json'));
    expect(info.this_run.usage.totals.calls).toBe(0);
    // The folder's usage and cost keep what the first run spent on the files it reused.
    expect(info.usage).toEqual(first.usage);
    expect(info.cost.by_model).toEqual(first.cost.by_model);
    expect(info.outcome.reused).toEqual({ rollouts: 24, judgments: 24 });
    expect(again.stdout).toContain('resumed: 24 of 24 rollouts and 24 judgments were on disk');
    expect(again.stdout).toContain(
      `model calls: none this time; with the earlier runs on this folder ${first.usage.totals.calls} (`,
    );
    for (const [f, mtime] of before) expect((await stat(join(behaviorDir, f))).mtimeMs).toBe(mtime);
  });
});

describe('which suites bloom run takes', () => {
  it('a seed.yaml path or a glob, as the action takes them; a glob that matches nothing is one line', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-select-'));
    const bySeed = await runCli(['run', 'fixtures/pinned-demo/seed.yaml', '--results', join(root, 'a')]);
    expect(bySeed.code).toBe(0);
    expect(await readdir(join(root, 'a'))).toEqual(['delusional-sycophancy']);
    const byGlob = await runCli(['run', 'fixtures/pinned-*/seed.yaml', '--results', join(root, 'b')]);
    expect(byGlob.code).toBe(0);
    expect(byGlob.stdout).toContain('delusional-sycophancy');
    const none = await runCli(['run', 'fixtures/nothing-*', '--results', join(root, 'c')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'bloom: bloom run: <data-dirs>: expected a folder matching the glob fixtures/nothing-*, found no match\n',
    );
  });
});

describe('bloom errors', () => {
  it('too many failed rollouts is exit 3, one line naming the causes with counts', async () => {
    const results = await mkdtemp(join(tmpdir(), 'bloom-failing-'));
    // Each target call fails with HTTP 400 one time in ten: about a quarter of the 3-turn rollouts fail.
    const target = 'scripted/target?fail=0.1&seed=2';
    const r = await runCli(['run', 'fixtures/demo', '--results', results, '--target', target]);
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n');
    const last = lines.at(-1) ?? '';
    expect(last).toMatch(
      /^bloom: (\d+) of 24 rollouts failed or could not be scored \(more than 20%\): target HTTP 400 x (\d+); results were written to /,
    );
    const [, bad, http400] = /^bloom: (\d+) .* x (\d+);/.exec(last) ?? [];
    expect(http400).toBe(bad);
    const rollout = await readJson<{ rollouts: { error?: string }[] }>(
      join(results, 'delusional-sycophancy', 'rollout.json'),
    );
    expect(rollout.rollouts.filter((x) => x.error?.includes('HTTP 400'))).toHaveLength(Number(bad));
  });

  it('a missing data folder is one line and exit 2', async () => {
    const r = await runCli(['run', 'fixtures/does-not-exist']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/does-not-exist/);
  });

  it('--help works on every command', async () => {
    for (const cmd of [
      'init',
      'run',
      'understanding',
      'ideation',
      'rollout',
      'judgment',
      'report',
      'pin',
      'baseline',
      'compare',
      'view',
    ]) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: bloom/);
    }
  });
});
