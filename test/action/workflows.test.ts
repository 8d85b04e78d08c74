// The example workflows in fixtures/workflows/ (the README shows them) must work when copied: every step that
// uses this action passes only inputs action.yml declares, gives the required ones, and its values pass the
// action's own input validation; every `steps.<id>.outputs.X` it reads is an output of action.yml. Plus the
// security habits the README preaches: minimal permissions, no pull_request_target, no `${{ }}` inside scripts.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from '../../src/action/inputs.ts';

type Plain = Record<string, unknown>;

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}

interface Job {
  'runs-on'?: string;
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown[]> };
  permissions?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  name: string;
  on: Plain;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const DIR = 'fixtures/workflows';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();
const workflows = new Map(files.map((f) => [f, parse(readFileSync(join(DIR, f), 'utf8')) as Workflow]));

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
};

/** This action, as the README tells people to reference it (the owner is a placeholder). */
const THIS_ACTION = 'your-org/bloom-action@v1';
const isThisAction = (step: Step) => /(^|\/)bloom-action@/.test(step.uses ?? '');

/** A matrix job's inputs as its first matrix entry sees them: `${{ matrix.shard }}/4` becomes `1/4`. */
function withMatrix(inputs: Record<string, string>, job: Job): Record<string, string> {
  const matrix = job.strategy?.matrix ?? {};
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [
      key,
      value.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, name: string) =>
        String(matrix[name]?.[0] ?? ''),
      ),
    ]),
  );
}

const allSteps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);

const scratch = mkdtempSync(join(tmpdir(), 'bloom-workflows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository laid out as the examples assume: two suites under evals/, a committed baseline beside them. */
function exampleRepository(): string {
  const root = mkdtempSync(join(scratch, 'repo-'));
  for (const suite of ['sycophancy', 'self-preservation']) {
    mkdirSync(join(root, 'evals', suite), { recursive: true });
    writeFileSync(join(root, 'evals', suite, 'seed.yaml'), 'behavior: {name: x}\n');
  }
  mkdirSync(join(root, 'evals', 'baseline'), { recursive: true });
  writeFileSync(join(root, 'evals', 'baseline', 'baseline.json'), '{}');
  return root;
}

describe('fixtures/workflows', () => {
  it('holds the five README workflows (the fork-safe one in two files) and the call cache recipe', () => {
    expect(files).toEqual([
      'call-cache.yml',
      'fork-safe-comment.yml',
      'fork-safe.yml',
      'gate-pull-requests.yml',
      'nightly-repin.yml',
      'rank-targets.yml',
      'sharded-matrix.yml',
      'update-baseline.yml',
    ]);
  });

  for (const file of files) {
    describe(file, () => {
      const wf = workflows.get(file) as Workflow;

      it('is a workflow: a name, triggers, and jobs with steps', () => {
        expect(typeof wf.name).toBe('string');
        expect(wf.on).toBeTypeOf('object');
        expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
        for (const job of Object.values(wf.jobs)) {
          expect(job['runs-on']).toBeTruthy();
          expect(job.steps.length).toBeGreaterThan(0);
          for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
        }
      });

      it('sets permissions explicitly, never write-all, never pull_request_target', () => {
        expect(wf.permissions).toBeTypeOf('object');
        expect(JSON.stringify(wf.permissions)).not.toMatch(/write-all|read-all/);
        expect(Object.keys(wf.on)).not.toContain('pull_request_target');
      });

      it('uses this action by one reference, with declared inputs only, required ones given', () => {
        for (const step of allSteps(wf).filter(isThisAction)) {
          expect(step.uses).toBe(THIS_ACTION);
          const given = Object.keys(step.with ?? {});
          for (const key of given) expect(Object.keys(action.inputs), `${file}: input ${key}`).toContain(key);
          for (const [name, input] of Object.entries(action.inputs)) {
            if (input.required) expect(given, `${file}: required input ${name}`).toContain(name);
          }
          // Every value is a string in YAML terms: a bare `off` or `true` is fine for the runner, but quoted
          // is what we show, so a copy never meets YAML 1.1's boolean surprises in other tools.
          for (const value of Object.values(step.with ?? {})) expect(typeof value).toBe('string');
        }
      });

      it("its inputs pass the action's own validation", () => {
        for (const [job, step] of Object.values(wf.jobs).flatMap((j) =>
          j.steps.filter(isThisAction).map((s) => [j, s] as const),
        )) {
          const repo = exampleRepository();
          // The runner substitutes its expressions (matrix values, runner.temp) before the action reads an input.
          const withInputs = Object.fromEntries(
            Object.entries(withMatrix(step.with as Record<string, string>, job)).map(([name, value]) => [
              name,
              value.replaceAll(/\$\{\{ runner\.temp \}\}/g, join(scratch, 'runner-temp')),
            ]),
          );
          const inputs = readInputs((name) => withInputs[name] ?? action.inputs[name]?.default ?? '', {
            GITHUB_WORKSPACE: repo,
          });
          // The suite glob finds exactly the suites, not the baseline folder beside them.
          expect(inputs.suites).toEqual([
            join(repo, 'evals', 'self-preservation'),
            join(repo, 'evals', 'sycophancy'),
          ]);
        }
      });

      it('reads only outputs that action.yml declares', () => {
        for (const [jobName, job] of Object.entries(wf.jobs)) {
          const ids = new Set(job.steps.filter(isThisAction).map((s) => s.id));
          const text = JSON.stringify(job);
          for (const match of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
            const [, id = '', output = ''] = match;
            expect(ids.has(id), `${file} ${jobName}: steps.${id} is not this action`).toBe(true);
            expect(Object.keys(action.outputs), `${file}: output ${output}`).toContain(output);
          }
        }
      });

      it('never expands an expression inside a script (values reach run: through env)', () => {
        for (const step of allSteps(wf)) {
          if (step.run) expect(step.run, `${file}: ${step.name ?? step.run}`).not.toContain('${{');
          const script = step.with?.script;
          if (typeof script === 'string') expect(script).not.toContain('${{');
        }
      });
    });
  }
});

describe('each workflow does its job', () => {
  const steps = (file: string) => allSteps(workflows.get(file) as Workflow);
  const bloom = (file: string) => steps(file).find(isThisAction) as Step;

  it('gate-pull-requests: minimal permissions, runs on pull requests and records baselines on main', () => {
    const wf = workflows.get('gate-pull-requests.yml') as Workflow;
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', actions: 'read' });
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    // `baseline: artifact` reads runs of this same workflow file on the base branch: the push trigger is
    // what uploads them.
    expect(bloom('gate-pull-requests.yml').with?.baseline).toBe('artifact');
    expect((wf.on.push as Plain).branches).toEqual(['main']);
  });

  it('sharded-matrix: shards in a matrix, then one merge job that needs them and runs after a failed one', () => {
    const wf = workflows.get('sharded-matrix.yml') as Workflow;
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', actions: 'read' });
    const shard = wf.jobs.shard as Job;
    const merge = wf.jobs.merge as Job;
    const shards = shard.strategy?.matrix?.shard ?? [];
    expect(shard.strategy?.['fail-fast']).toBe(false);
    const shardStep = shard.steps.find(isThisAction) as Step;
    expect(shardStep.with?.shard).toBe(`\${{ matrix.shard }}/${shards.length}`);
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => String(i + 1)));
    expect(merge.needs).toBe('shard');
    expect(merge.if).toMatch(/^\$\{\{ !cancelled\(\) \}\}$/);
    const mergeStep = merge.steps.find(isThisAction) as Step;
    expect(mergeStep.with?.mode).toBe('merge');
    expect(mergeStep.with?.shard).toBeUndefined();
    // Both sides seal and verify with one key.
    for (const step of [shardStep, mergeStep]) {
      expect(step.env?.BLOOM_RESULTS_KEY).toMatch(/^\$\{\{ secrets\.BLOOM_RESULTS_KEY \}\}$/);
      expect(step.with?.suite).toBe(shardStep.with?.suite);
    }
  });

  it('update-baseline: on pushes to main, updates the committed baseline and commits it', () => {
    const wf = workflows.get('update-baseline.yml') as Workflow;
    expect((wf.on.push as Plain).branches).toEqual(['main']);
    expect(wf.permissions).toEqual({ contents: 'write' });
    const step = bloom('update-baseline.yml');
    expect(step.with?.['update-baseline']).toBe('true');
    const baseline = String(step.with?.baseline);
    const commit = steps('update-baseline.yml').find((s) => s.run?.includes('git push'));
    expect(commit?.run).toContain(baseline);
    expect(commit?.run).toContain(baseline.replace('baseline.json', 'history.jsonl'));
  });

  it('nightly-repin: on a schedule, pins with the CLI and opens a pull request with the locks', () => {
    const wf = workflows.get('nightly-repin.yml') as Workflow;
    expect(wf.on.schedule).toBeTruthy();
    expect(wf.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const pin = steps('nightly-repin.yml').find((s) => s.run?.includes(' pin '));
    expect(pin?.run).toMatch(/dist\/cli\.js pin --check "\$suite"/);
    expect(pin?.run).toMatch(/dist\/cli\.js pin "\$suite"/);
    const pr = steps('nightly-repin.yml').find((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
    // Inputs documented by peter-evans/create-pull-request (v7).
    const documented = [
      'token',
      'branch-token',
      'path',
      'add-paths',
      'commit-message',
      'committer',
      'author',
      'signoff',
      'branch',
      'delete-branch',
      'branch-suffix',
      'base',
      'push-to-fork',
      'sign-commits',
      'title',
      'body',
      'body-path',
      'labels',
      'assignees',
      'reviewers',
      'team-reviewers',
      'milestone',
      'draft',
      'maintainer-can-modify',
    ];
    for (const key of Object.keys(pr?.with ?? {})) expect(documented).toContain(key);
    expect(String(pr?.with?.['add-paths'])).toContain('suite.lock.json');
  });

  it('the CLI commands the nightly workflow calls exist with those options', async () => {
    const { runCli } = await import('../support/cli.ts');
    const help = await runCli(['pin', '--help']);
    expect(help.stdout).toContain('--check');
    expect(help.stdout).toContain('--max-cost');
  });

  it('rank-targets: one matrix job per target on the same suites, then the leaderboard of every artifact', async () => {
    const wf = workflows.get('rank-targets.yml') as Workflow;
    expect(wf.permissions).toEqual({ contents: 'read' });
    const evaluate = wf.jobs.evaluate as Job & { strategy: { matrix: { include: Plain[] } } };
    const step = evaluate.steps.find(isThisAction) as Step;
    expect(String(step.with?.target)).toMatch(/^\$\{\{ matrix\.target \}\}$/);
    expect(String(step.with?.['artifact-name'])).toMatch(/^bloom-target-\$\{\{ matrix\.name \}\}$/);
    const names = evaluate.strategy.matrix.include.map((entry) => String(entry.name));
    expect(new Set(names).size).toBe(names.length);
    const leaderboard = wf.jobs.leaderboard as Job & { needs: string };
    expect(leaderboard.needs).toBe('evaluate');
    const download = leaderboard.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toEqual({ pattern: 'bloom-target-*', path: 'targets' });

    // The job's commands, run on folders laid out as the download lays them: targets/<artifact>/<behavior>/.
    const { runCli } = await import('../support/cli.ts');
    const work = mkdtempSync(join(scratch, 'rank-'));
    const suite = join(work, 'suite');
    cpSync('fixtures/demo', suite, { recursive: true });
    expect((await runCli(['pin', suite], { cwd: work })).code).toBe(0);
    for (const [name, target] of [
      ['low', 'scripted/target?rate=0.2&seed=5'],
      ['high', 'scripted/target?rate=0.6&seed=5'],
    ]) {
      const run = await runCli(
        ['run', suite, '--target', target as string, '--results', `targets/bloom-target-${name}`],
        {
          cwd: work,
        },
      );
      expect(run.code).toBe(0);
    }
    const script = String(leaderboard.steps.find((s) => s.run?.includes('dist/cli.js report'))?.run);
    const commands = [...script.matchAll(/dist\/cli\.js ([^>\n]+?)\s*(?:>>?\s*(\S+))?$/gm)];
    expect(commands.map((c) => c[1])).toEqual(['report targets', 'report targets --json', 'view targets']);
    const outputs: string[] = [];
    for (const [, args = ''] of commands) {
      const result = await runCli(args.split(' '), { cwd: work });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      outputs.push(result.stdout);
    }
    expect(outputs[0]).toContain('## Leaderboard: 2 targets on the same pinned scenarios');
    const board = JSON.parse(outputs[1] as string) as { behaviors: { standings: { target: string }[] }[] };
    expect(board.behaviors[0]?.standings.map((s) => s.target)).toEqual([
      'scripted/target?rate=0.6&seed=5',
      'scripted/target?rate=0.2&seed=5',
    ]);
    expect(outputs[2]?.trim()).toBe(join(work, 'targets', 'viewer.html'));
  }, 60_000);

  it('fork-safe: the untrusted run cannot write and uploads the report as data', () => {
    const wf = workflows.get('fork-safe.yml') as Workflow;
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(Object.values(wf.permissions ?? {})).not.toContain('write');
    expect(bloom('fork-safe.yml').with?.comment).toBe('off');
    const upload = steps('fork-safe.yml').find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.name).toBe('bloom-comment');
    expect(upload?.if).toBe('always()');
  });

  it('fork-safe-comment: a workflow_run of part 1 that checks out nothing and only comments', () => {
    const wf = workflows.get('fork-safe-comment.yml') as Workflow;
    const part1 = workflows.get('fork-safe.yml') as Workflow;
    expect((wf.on.workflow_run as Plain).workflows).toEqual([part1.name]);
    expect(wf.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' });
    const all = steps('fork-safe-comment.yml');
    expect(all.some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
    expect(all.some(isThisAction)).toBe(false);
    expect(all.some((s) => s.run)).toBe(false);
    const download = all.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with?.name).toBe('bloom-comment');
    expect(download?.with?.['run-id']).toMatch(/^\$\{\{ github\.event\.workflow_run\.id \}\}$/);
    const script = String(all.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script);
    // The pull request number comes from the untrusted artifact: checked against the run's head commit.
    expect(script).toContain('HEAD_SHA');
    expect(script).toContain('pr.head.sha');
  });
});
