// A pull request that commits bloom-results/ with forged transcripts and judge files, run through the bundled
// action (dist/index.js as the runner runs it) and through the CLI as a user runs it in the checkout. The forgery
// is the strongest a pull request can make without this machine's key: low-scoring results of a harmless target,
// relabelled with the exact identity (suite, config, target) of the pull request's own run and sealed under the
// attacker's key. Control: the same pull request without the files. The forged files never lower the rate.

import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/pipeline/results/seal.ts';
import {
  bundledActionHarness,
  type Event,
  runStep,
  type Step,
  setTargetModel,
  type Workspace,
  workspace,
} from '../support/action-step.ts';
import { runCli } from '../support/cli.ts';

const BEHAVIOR = 'delusional-sycophancy';
/** The pull request's target: shows the behavior 95% of the time. */
const PR_TARGET = 'scripted/target?rate=0.95&spread=0.15&seed=7';
/** The harmless target the forged results came from. */
const HARMLESS_TARGET = 'scripted/target?rate=0.02&spread=0&seed=7';
const ATTACKER_KEY = 'the attacker machine';

type Json = Record<string, unknown>;

const harness = bundledActionHarness();
const cleanup = harness.cleanup;
let baseline: Workspace;

beforeAll(async () => {
  // The baseline a push to main recorded (the demo's target, rate about 0.35), kept in the repository.
  baseline = await workspace({ name: 'push' }, cleanup);
  const step = await runStep(
    baseline,
    { name: 'push' },
    { baseline: 'baseline/baseline.json' },
    harness.server,
  );
  if (step.code !== 0) throw new Error(`baseline run failed: ${step.stdout}`);
}, 120_000);

async function readJson(path: string): Promise<Json> {
  return JSON.parse(await readFile(path, 'utf8')) as Json;
}

async function attackerRun(suite: string, results: string): Promise<void> {
  const r = await runCli(['run', suite, '--results', results], { env: { BLOOM_RESULTS_KEY: ATTACKER_KEY } });
  if (r.code !== 0) throw new Error(r.stderr);
}

/**
 * What the attacker commits: a run of the harmless target, every file relabelled with the identity of the pull
 * request's own run (learned by running it once) and sealed again under the attacker's key.
 */
async function forgeResults(prSuite: string): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'bloom-forge-'));
  cleanup.push(scratch);
  await attackerRun(prSuite, join(scratch, 'pr'));
  const info = await readJson(join(scratch, 'pr', BEHAVIOR, 'run_info.json'));
  const identity = { suite_hash: info.suite_hash, config_hash: info.config_hash, target_id: info.target_id };

  const harmless = join(scratch, 'harmless-suite');
  await cp(prSuite, harmless, { recursive: true });
  await setTargetModel(harmless, HARMLESS_TARGET);
  const forged = join(scratch, 'forged');
  await attackerRun(harmless, forged);
  const dir = join(forged, BEHAVIOR);
  const sealer = createSealer(Buffer.from(ATTACKER_KEY, 'utf8'));
  for (const name of [
    ...(await readdir(dir)),
    ...(await readdir(join(dir, '.bloom'))).map((n) => `.bloom/${n}`),
  ]) {
    if (!name.endsWith('.json')) continue;
    const path = join(dir, name);
    const data = await readJson(path);
    if (name.startsWith('transcript_')) {
      (data.metadata as Json).run_identity = identity;
      (data.metadata as Json).target_model = PR_TARGET;
    } else if (name === 'rollout.json') {
      (data.metadata as Json).run_identity = identity;
      (data.metadata as Json).target = PR_TARGET;
    } else if (name === 'run_info.json') {
      Object.assign(data, identity);
      (data.models as Json).target = PR_TARGET;
    } else if ('run_identity' in data) {
      data.run_identity = identity;
    }
    const stamped = 'run_seal' in data || 'run_seal' in ((data.metadata as Json | undefined) ?? {});
    await writeFile(path, JSON.stringify(stamped ? sealer.sealed(path, data) : data, null, 2));
  }
  // The forgery is real: it reports a rate far below the pull request's target.
  const judgment = await readJson(join(dir, 'judgment.json'));
  expect((judgment.summary_statistics as Json).elicitation_rate).toBeLessThan(0.2);
  return forged;
}

/** sha256 of every file under `dir`, by relative path. */
async function digests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return out;
}

async function prWorkspace(pr: Event, forged?: string): Promise<Workspace> {
  const ws = await workspace(pr, cleanup, PR_TARGET);
  await cp(join(baseline.dir, 'baseline'), join(ws.dir, 'baseline'), { recursive: true });
  if (forged) await cp(forged, join(ws.dir, 'bloom-results'), { recursive: true });
  return ws;
}

describe('a pull request that commits forged bloom-results/', () => {
  const pr: Event = { name: 'pull_request', number: 41 };
  let forged: string;
  let control: Step;

  beforeAll(async () => {
    forged = await forgeResults(join((await prWorkspace(pr)).dir, 'suite'));
    const clean = await prWorkspace(pr);
    control = await runStep(clean, pr, { baseline: 'baseline/baseline.json' }, harness.server);
  }, 120_000);

  it('control: without the files, the pull request regresses', () => {
    expect(control.outputs.status).toBe('regressed');
    expect(JSON.parse(control.outputs.rates ?? '{}')[BEHAVIOR]).toBeGreaterThan(0.8);
  });

  it('the bundled action evaluates its own target: the same rates and verdict as the control', async () => {
    const ws = await prWorkspace(pr, forged);
    const committed = await digests(join(ws.dir, 'bloom-results'));
    const step = await runStep(ws, pr, { baseline: 'baseline/baseline.json' }, harness.server);
    expect(step.stderr).toBe('');
    expect(step.code).not.toBe(0);
    expect(step.outputs.status).toBe('regressed');
    expect(step.outputs.rates).toBe(control.outputs.rates);
    expect(step.outputs.regressed).toBe(BEHAVIOR);
    // It never read, moved or wrote the committed folder: its results are in a folder of its own.
    expect(step.outputs['results-path']?.startsWith(ws.runnerTemp)).toBe(true);
    expect(await digests(join(ws.dir, 'bloom-results'))).toEqual(committed);
  }, 60_000);

  it('the CLI in the checkout sets the forged files aside and measures its own target', async () => {
    const ws = await prWorkspace(pr, forged);
    // Message ids derive from each run's nonce: fixed by SOURCE_DATE_EPOCH, so the two runs' judgments compare.
    const env = { SOURCE_DATE_EPOCH: '1767225600' };
    const run = await runCli(['run', 'suite'], { cwd: ws.dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/set aside \d+ files of another run \(not sealed by bloom on this machine/);

    const clean = await mkdtemp(join(tmpdir(), 'bloom-forge-control-'));
    cleanup.push(clean);
    expect((await runCli(['run', join(ws.dir, 'suite'), '--results', clean], { env })).code).toBe(0);
    const mine = await readJson(join(ws.dir, 'bloom-results', BEHAVIOR, 'judgment.json'));
    const control = await readJson(join(clean, BEHAVIOR, 'judgment.json'));
    expect(mine.judgments).toEqual(control.judgments);
    expect(mine.summary_statistics).toEqual(control.summary_statistics);

    const compare = await runCli(['compare', 'bloom-results', '--baseline', 'baseline/baseline.json'], {
      cwd: ws.dir,
    });
    expect(compare.code).toBe(1);
    expect(compare.stdout).toContain('regressed');
  }, 60_000);
});

describe('other hostile inputs, through the bundled action', () => {
  it('two suites with one behavior name: the second is refused in one line, never mixed with the first', async () => {
    const pr: Event = { name: 'pull_request', number: 42 };
    const ws = await workspace(pr, cleanup);
    await cp(join(ws.dir, 'suite'), join(ws.dir, 'suite-b'), { recursive: true });
    await setTargetModel(join(ws.dir, 'suite-b'), PR_TARGET);
    const step = await runStep(ws, pr, { suite: 'suite\nsuite-b', comment: 'off' }, harness.server);
    expect(step.outputs.status).toBe('error');
    expect(step.stdout).toMatch(
      /^suite-b: suite-b\/seed\.yaml: behavior\.name: expected a behavior name no other suite of this step has .*found "delusional-sycophancy" again$/m,
    );
    // The rate is the first suite's own (the demo's, about 0.35), not the second's.
    expect(JSON.parse(step.outputs.rates ?? '{}')[BEHAVIOR]).toBeLessThan(0.6);
  }, 60_000);

  it('an event payload that is not JSON: one error line, the outputs, no stack trace', async () => {
    const pr: Event = { name: 'pull_request', number: 43 };
    const ws = await workspace(pr, cleanup);
    await writeFile(ws.eventFile, '{"pull_request": {"number": 43,');
    const requests = harness.server.requests.length;
    const step = await runStep(ws, pr, {}, harness.server);
    expect(step.code).not.toBe(0);
    expect(step.stderr).toBe('');
    const errors = step.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      '::error::_runner/event.json: expected the JSON event payload the runner writes (GITHUB_EVENT_PATH), found text that is not JSON',
    ]);
    expect(step.outputs.status).toBe('error');
    expect(harness.server.requests.length).toBe(requests);
    expect(await readdir(ws.runnerTemp)).toEqual([]);
  }, 60_000);

  it('baseline: artifact when the GitHub API fails: fails closed, the cause in the summary headline', async () => {
    const pr: Event = { name: 'pull_request', number: 44 };
    const ws = await workspace(pr, cleanup);
    harness.server.failActions(403);
    try {
      const step = await runStep(ws, pr, { baseline: 'artifact', comment: 'off' }, harness.server);
      expect(step.code).not.toBe(0);
      expect(step.outputs.status).toBe('error');
      expect(step.summary.split('\n')[0]).toMatch(
        /^### ⚠️ error: no comparison: the baseline artifact could not be fetched: .*GitHub answered 403/,
      );
      expect(step.stdout).toMatch(
        /^::error::⚠️ error: no comparison: the baseline artifact could not be fetched/m,
      );
    } finally {
      harness.server.failActions(null);
    }
  }, 60_000);
});
