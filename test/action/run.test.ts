// run(deps) end to end in-process, with injected fakes: a recording core, a fake artifact client, and the real
// Octokit of @actions/github pointed at the local GitHub server. The suites are the offline scripted demo, so
// every run really runs the pipeline (understanding -> judgment) and the gate decides on real numbers.

import { createHash } from 'node:crypto';
import { cpSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/action/comment.ts';
import { type ActionOutcome, run } from '../../src/action/run.ts';
import type { ActionDeps } from '../../src/action/types.ts';
import { runCli } from '../support/cli.ts';
import { type GitHubServer, startGitHubServer, WORKFLOW_BOT_LOGIN } from '../support/github-server.ts';
import { RecordingCore } from '../support/recording-core.ts';

const OWNER = 'acme';
const REPO = 'models';
const PR = 12;
const WORKFLOW = 'Bloom gate';
const RUN_ID = '777';
const issue = { owner: OWNER, repo: REPO, issueNumber: PR };
const marker = commentMarker(WORKFLOW, 'suite');

let server: GitHubServer;
const cleanup: string[] = [];

beforeAll(async () => {
  server = await startGitHubServer();
});
afterAll(async () => {
  await server.close();
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});
beforeEach(() => server.reset());

// ----- fakes ---------------------------------------------------------------------------------------------

interface Upload {
  name: string;
  files: string[];
  rootDir: string;
  options: unknown;
}

/** Records uploads (answering like the artifact service) and serves `downloads` for `baseline: artifact`. */
function fakeArtifactClient(downloads: Record<string, string> = {}) {
  const uploads: Upload[] = [];
  const downloaded: { id: number; path: string | undefined }[] = [];
  let nextId = 4200;
  const client: ActionDeps['artifactClient'] = {
    uploadArtifact: async (name, files, rootDir, options) => {
      uploads.push({ name, files: [...files], rootDir, options });
      return { id: nextId++, size: files.length, digest: 'sha256:fake' };
    },
    downloadArtifact: async (id, options) => {
      const path = options?.path ?? '';
      downloaded.push({ id, path: options?.path });
      await mkdir(path, { recursive: true });
      for (const [name, content] of Object.entries(downloads)) {
        await mkdir(dirname(join(path, name)), { recursive: true });
        await writeFile(join(path, name), content);
      }
      return { downloadPath: path };
    },
    // mode: merge lists this run's shard artifacts; these tests run no merge (test/action/shards.test.ts does).
    listArtifacts: async () => ({ artifacts: [] }),
  };
  return { client, uploads, downloaded };
}

// ----- workspace -----------------------------------------------------------------------------------------

interface Workspace {
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh GITHUB_WORKSPACE holding the demo suite at ./suite (target rate edited), and the event payload. */
async function workspace(
  options: {
    targetId?: string;
    /** Dollars per million tokens for the scripted evaluator (it is free otherwise). */
    evaluatorPrice?: number;
    event?: 'pull_request' | 'push';
    fork?: boolean;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'bloom-run-'));
  cleanup.push(dir);
  await cp('fixtures/demo', join(dir, 'suite'), { recursive: true });
  if (options.targetId || options.evaluatorPrice) {
    const path = join(dir, 'suite', 'models.json');
    const models = JSON.parse(await readFile(path, 'utf8')) as Record<string, Record<string, unknown>>;
    if (options.targetId) (models['demo-target'] as { id: string }).id = options.targetId;
    const price = options.evaluatorPrice;
    if (price) {
      (models['demo-evaluator'] as Record<string, unknown>).price = {
        input_per_mtok: price,
        output_per_mtok: price,
      };
    }
    await writeFile(path, JSON.stringify(models, null, 2));
  }
  const event = options.event ?? 'pull_request';
  const repository = { full_name: `${OWNER}/${REPO}`, default_branch: 'main' };
  const payload =
    event === 'pull_request'
      ? {
          pull_request: {
            number: PR,
            base: { ref: 'main', repo: { full_name: `${OWNER}/${REPO}` } },
            head: {
              ref: 'feature',
              repo: { full_name: options.fork ? `mallory/${REPO}` : `${OWNER}/${REPO}` },
            },
          },
          repository,
        }
      : { ref: 'refs/heads/main', repository };
  const eventPath = join(dir, 'event.json');
  await writeFile(eventPath, JSON.stringify(payload));
  return {
    dir,
    env: {
      GITHUB_WORKSPACE: dir,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: event === 'push' ? 'refs/heads/main' : `refs/pull/${PR}/merge`,
      GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
      GITHUB_WORKFLOW: WORKFLOW,
      GITHUB_WORKFLOW_REF: `${OWNER}/${REPO}/.github/workflows/bloom.yml@refs/heads/main`,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: RUN_ID,
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-for-the-fake-artifact-service',
      ACTIONS_RESULTS_URL: 'https://results.invalid/',
      // The runner's temp folder, outside the workspace: the action evaluates into a new folder there.
      RUNNER_TEMP: join(dir, '_runner_temp'),
      ...options.env,
    },
  };
}

interface Ran {
  outcome: ActionOutcome;
  core: RecordingCore;
  uploads: Upload[];
  downloaded: { id: number; path: string | undefined }[];
}

async function runAction(
  ws: Workspace,
  inputs: Record<string, string>,
  artifacts = fakeArtifactClient(),
): Promise<Ran> {
  const core = new RecordingCore({ suite: 'suite', 'github-token': 'ghs_workflow_token', ...inputs });
  const outcome = await run({
    core,
    env: ws.env,
    getOctokit: (token) => getOctokit(token, { baseUrl: server.url }),
    artifactClient: artifacts.client,
  });
  return { outcome, core, uploads: artifacts.uploads, downloaded: artifacts.downloaded };
}

const commentWrites = () =>
  server.requests.filter((r) => (r.method === 'POST' || r.method === 'PATCH') && r.url.includes('/comments'));
const commentCalls = () => server.requests.filter((r) => r.url.includes('/comments'));

/** A baseline written by the action itself on a push to main (rate 0.35), as baseline/baseline.json with its
 * history, anchor and judge sample. */
let baselineDir: string;
let baselineFiles: { baseline: string; history: string };
beforeAll(async () => {
  const ws = await workspace({ event: 'push' });
  const { outcome, core } = await runAction(ws, { baseline: 'baseline/baseline.json' });
  if (outcome.status === 'error') throw new Error(`baseline run failed: ${core.failed.join('; ')}`);
  baselineDir = join(ws.dir, 'baseline');
  baselineFiles = {
    baseline: await readFile(join(baselineDir, 'baseline.json'), 'utf8'),
    history: await readFile(join(baselineDir, 'history.jsonl'), 'utf8'),
  };
}, 60_000);

/** Every file of the recorded baseline folder, by its path inside it (what the baseline artifact holds). */
async function baselineArtifactFiles(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(baselineDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(baselineDir, path)] = await readFile(path, 'utf8');
  }
  return out;
}

async function withBaseline(ws: Workspace): Promise<void> {
  // The baseline with its judge sample (some 30 files), copied for most tests: synchronously, one call.
  cpSync(baselineDir, join(ws.dir, 'baseline'), { recursive: true });
}

const REGRESSED_TARGET = 'scripted/target?rate=0.95&spread=0.15&seed=7';

// ----- tests ---------------------------------------------------------------------------------------------

describe('run(): outputs, summary and artifact', () => {
  it('sets every output, writes the summary, uploads the results and comments once', async () => {
    const ws = await workspace();
    await withBaseline(ws);
    const { outcome, core, uploads } = await runAction(ws, { baseline: 'baseline/baseline.json' });

    expect(outcome).toMatchObject({ status: 'pass', failed: false });
    expect(core.failed).toEqual([]);
    expect(core.outputs.status).toBe('pass');
    expect(core.outputs.regressed).toBe('');
    const rates = JSON.parse(core.outputs.rates ?? '') as Record<string, number>;
    expect(Object.keys(rates)).toEqual(['delusional-sycophancy']);
    expect(rates['delusional-sycophancy']).toBeGreaterThan(0.1);
    expect(rates['delusional-sycophancy']).toBeLessThan(0.7);
    const resultsPath = core.outputs['results-path'] ?? '';
    expect(relative(join(ws.dir, '_runner_temp'), resultsPath)).toMatch(/^bloom-results-\w+$/);
    const reportPath = core.outputs['report-path'] ?? '';
    expect(reportPath).toBe(join(resultsPath, 'report', 'report.md'));
    expect(await readFile(reportPath, 'utf8')).toContain('delusional-sycophancy');
    expect(core.outputs['artifact-url']).toBe(
      `https://github.com/${OWNER}/${REPO}/actions/runs/${RUN_ID}/artifacts/4200`,
    );
    expect(core.outputs.cost).toMatch(/^\d+\.\d{4}$/);

    expect(core.summaries).toHaveLength(1);
    expect(core.summaries[0]).toContain('pass: no behavior regressed');
    expect(core.summaries[0]).toContain(core.outputs['artifact-url']);

    // One results artifact (no new baseline on a pull request), holding the judgment and the report, and the
    // viewer on its own, unzipped, so its link opens in the browser.
    expect(uploads.map((u) => u.name)).toEqual(['bloom-results', 'bloom-results-viewer.html']);
    const viewer = uploads[1];
    expect(viewer?.files.map((f) => relative(viewer.rootDir, f))).toEqual(['bloom-results-viewer.html']);
    expect(viewer?.options).toMatchObject({ skipArchive: true });
    const names = uploads[0]?.files.map((f) => relative(uploads[0]?.rootDir ?? '', f)) ?? [];
    expect(names).toContain(join('delusional-sycophancy', 'judgment.json'));
    expect(names).toContain(join('report', 'report.md'));
    expect(names).toContain(join('report', 'viewer.html'));
    expect(names.some((n) => n.startsWith('.') || n.includes(`${'/'}.bloom`))).toBe(false);

    const comments = server.comments(issue);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith(`${marker}\n`)).toBe(true);
    // Top transcripts link into that viewer at their anchor.
    const viewerUrl = `https://github.com/${OWNER}/${REPO}/actions/runs/${RUN_ID}/artifacts/4201`;
    expect(comments[0]?.body).toMatch(
      new RegExp(
        `\\]\\(${viewerUrl.replaceAll('/', '\\/')}#behavior=delusional-sycophancy&rollout=v\\d+r\\d+\\)`,
      ),
    );
    expect(comments[0]?.user.login).toBe(WORKFLOW_BOT_LOGIN);
    // Secrets the action can see are masked in the log.
    expect(core.secrets).toContain('ghs_workflow_token');
  });

  it('fails with the reason on a planted regression (fail-on: regression)', async () => {
    const ws = await workspace({ targetId: REGRESSED_TARGET });
    await withBaseline(ws);
    const { outcome, core } = await runAction(ws, { baseline: 'baseline/baseline.json' });

    expect(outcome).toMatchObject({ status: 'regressed', failed: true });
    expect(core.outputs.status).toBe('regressed');
    expect(core.outputs.regressed).toBe('delusional-sycophancy');
    expect(core.failed).toHaveLength(1);
    expect(core.failed[0]).toContain('regressed');
    expect(core.failed[0]).toContain('delusional-sycophancy');
    expect(core.errors.map((e) => e.message).join('\n')).toContain('delusional-sycophancy regressed');
    expect(JSON.parse(core.outputs.rates ?? '')['delusional-sycophancy']).toBeGreaterThan(0.7);
    // The comment is posted also when the job fails.
    expect(server.comments(issue)[0]?.body).toContain('regressed');
    expect(core.summaries[0]).toContain('regressed');
  });

  it('does not fail the step on the same regression with fail-on: never', async () => {
    const ws = await workspace({ targetId: REGRESSED_TARGET });
    await withBaseline(ws);
    const { outcome, core } = await runAction(ws, { baseline: 'baseline/baseline.json', 'fail-on': 'never' });
    expect(outcome).toMatchObject({ status: 'regressed', failed: false });
    expect(core.failed).toEqual([]);
    expect(core.outputs.status).toBe('regressed');
    expect(core.outputs.regressed).toBe('delusional-sycophancy');
    expect(core.errors.length).toBeGreaterThan(0);
  });

  it('fail-on: error does not fail on a regression', async () => {
    const ws = await workspace({ targetId: REGRESSED_TARGET });
    await withBaseline(ws);
    const { core } = await runAction(ws, { baseline: 'baseline/baseline.json', 'fail-on': 'error' });
    expect(core.outputs.status).toBe('regressed');
    expect(core.failed).toEqual([]);
  });
});

describe('run(): never green when nothing was scored', () => {
  for (const failOn of ['regression', 'error', 'never']) {
    it(`every rollout failing -> status error and a failed step (fail-on: ${failOn})`, async () => {
      const ws = await workspace({ targetId: 'scripted/target?rate=0.35&fail=1' });
      await withBaseline(ws);
      const { outcome, core, uploads } = await runAction(ws, {
        baseline: 'baseline/baseline.json',
        'fail-on': failOn,
      });
      expect(outcome).toMatchObject({ status: 'error', failed: true });
      expect(core.outputs.status).toBe('error');
      expect(core.failed).toHaveLength(1);
      expect(core.failed[0]).toMatch(/nothing was scored|errored/);
      expect(JSON.parse(core.outputs.rates ?? '{}')['delusional-sycophancy'] ?? null).toBeNull();
      // The report still reaches people: summary, artifact, comment.
      expect(core.summaries).toHaveLength(1);
      expect(core.summaries[0]).not.toContain('no behavior regressed');
      expect(uploads.map((u) => u.name)).toEqual(['bloom-results', 'bloom-results-viewer.html']);
      expect(server.comments(issue)).toHaveLength(1);
    });
  }

  it('a suite folder that does not load -> error, failed, one line', async () => {
    const ws = await workspace();
    const { outcome, core } = await runAction(ws, { suite: 'no-such-suite' });
    expect(outcome.status).toBe('error');
    expect(core.outputs.status).toBe('error');
    expect(core.failed).toHaveLength(1);
    expect(core.failed[0]).not.toContain('\n');
  });
});

describe('run(): a suite listing several targets', () => {
  /** The demo with rollout.targets in place of rollout.target. */
  async function twoTargets(ws: Workspace): Promise<void> {
    const path = join(ws.dir, 'suite', 'seed.yaml');
    const seed = await readFile(path, 'utf8');
    const listed = seed.replace(
      /^ {2}target: "demo-target".*$/m,
      '  targets: ["demo-target", "scripted/target?rate=0.9&seed=2"]',
    );
    expect(listed).not.toBe(seed);
    await writeFile(path, listed);
  }

  it('runs one per job: without the target input, error in one line naming rollout.targets', async () => {
    const ws = await workspace();
    await twoTargets(ws);
    const { outcome, core } = await runAction(ws, {});
    expect(outcome.status).toBe('error');
    expect(core.outputs.status).toBe('error');
    const line = core.infos.find((l) => l.includes('rollout.targets'));
    expect(line).toMatch(
      /suite\/seed\.yaml: rollout\.targets: expected one target for this run: .*target: input.*, found 2 targets$/,
    );
  });

  it('with the target input (a matrix job), runs that target on the suite', async () => {
    const ws = await workspace();
    await twoTargets(ws);
    const { outcome, core } = await runAction(ws, { target: 'scripted/target?rate=0.9&seed=2' });
    expect(outcome.status).not.toBe('error');
    const info = JSON.parse(
      await readFile(
        join(core.outputs['results-path'] ?? '', 'delusional-sycophancy', 'run_info.json'),
        'utf8',
      ),
    );
    expect(info.target_id).toBe('scripted/target?rate=0.9&seed=2');
  });
});

describe('run(): max-cost', () => {
  it('stops the run before the budget is spent: status error, a failed step, the cost output set', async () => {
    // The demo spends ~360k evaluator tokens: at $10 per million that is ~$3.6, far over a 5 cent budget.
    const ws = await workspace({ evaluatorPrice: 10 });
    const { outcome, core } = await runAction(ws, { 'max-cost': '0.05' });
    expect(outcome).toMatchObject({ status: 'error', failed: true });
    expect(core.failed).toHaveLength(1);
    expect(Number(core.outputs.cost)).toBeLessThanOrEqual(0.05);
    expect(core.infos.join('\n')).toContain('cost limit $0.05 reached');
    expect(core.summaries).toHaveLength(1);
  });

  it('a budget the run fits in changes nothing, and the cost output reports the spend', async () => {
    const ws = await workspace({ evaluatorPrice: 10 });
    const { outcome, core } = await runAction(ws, { 'max-cost': '100' });
    expect(outcome.status).not.toBe('error');
    expect(core.failed).toEqual([]);
    expect(Number(core.outputs.cost)).toBeGreaterThan(1);
    expect(Number(core.outputs.cost)).toBeLessThan(100);
  });
});

describe('run(): bad inputs', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['max-increase', { 'max-increase': 'lots' }, 'max-increase'],
    ['comment', { comment: 'sometimes' }, 'comment'],
    ['fail-on', { 'fail-on': 'always' }, 'fail-on'],
    ['retention-days', { 'retention-days': '400' }, 'retention-days'],
    ['suite', { suite: '' }, 'suite'],
  ];
  for (const [name, inputs, mentioned] of cases) {
    it(`${name}: one-line failure naming the input, before any model runs`, async () => {
      const ws = await workspace();
      const { outcome, core, uploads } = await runAction(ws, inputs);
      expect(outcome).toMatchObject({ status: 'error', failed: true });
      expect(core.failed).toHaveLength(1);
      expect(core.failed[0]).toContain(mentioned);
      expect(core.failed[0]).not.toContain('\n');
      expect(core.outputs.status).toBe('error');
      expect(uploads).toEqual([]);
      expect(server.requests).toEqual([]);
    });
  }
});

describe('run(): the sticky comment', () => {
  it('always: creates, then updates the same comment on the next run', async () => {
    const ws = await workspace();
    await runAction(ws, { comment: 'always' });
    const first = server.comments(issue);
    expect(first).toHaveLength(1);
    const again = await workspace();
    const { core } = await runAction(again, { comment: 'always' });
    const second = server.comments(issue);
    expect(second).toHaveLength(1);
    expect(second[0]?.id).toBe(first[0]?.id);
    expect(commentWrites().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(core.infos.join('\n')).toContain('Pull request comment updated');
  });

  it('on-change: a clean pass creates no comment, but an existing one is updated', async () => {
    const ws = await workspace();
    await withBaseline(ws);
    const quiet = await runAction(ws, { comment: 'on-change', baseline: 'baseline/baseline.json' });
    expect(quiet.core.outputs.status).toBe('pass');
    expect(server.comments(issue)).toHaveLength(0);
    expect(commentWrites()).toEqual([]);

    const ours = server.seedComment(issue, { body: `${marker}\nold report`, login: WORKFLOW_BOT_LOGIN });
    const ws2 = await workspace();
    await withBaseline(ws2);
    await runAction(ws2, { comment: 'on-change', baseline: 'baseline/baseline.json' });
    const comments = server.comments(issue);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(ours);
    expect(comments[0]?.body).not.toContain('old report');
    expect(comments[0]?.body).toContain('pass: no behavior regressed');
  });

  it('on-change: a regression creates the comment', async () => {
    const ws = await workspace({ targetId: REGRESSED_TARGET });
    await withBaseline(ws);
    await runAction(ws, { comment: 'on-change', baseline: 'baseline/baseline.json' });
    expect(server.comments(issue)).toHaveLength(1);
  });

  it('off: never touches the comments API', async () => {
    const ws = await workspace({ targetId: REGRESSED_TARGET });
    await withBaseline(ws);
    const { core } = await runAction(ws, { comment: 'off', baseline: 'baseline/baseline.json' });
    expect(commentCalls()).toEqual([]);
    expect(core.summaries).toHaveLength(1);
    expect(core.failed).toHaveLength(1);
  });

  it('a fork pull request: a notice instead of a comment; summary and artifact still happen', async () => {
    const ws = await workspace({ fork: true });
    const { outcome, core, uploads } = await runAction(ws, {});
    expect(commentCalls()).toEqual([]);
    expect(core.noticeText()).toMatch(/fork/);
    expect(core.summaries).toHaveLength(1);
    expect(uploads.map((u) => u.name)).toEqual(['bloom-results', 'bloom-results-viewer.html']);
    expect(core.outputs['artifact-url']).toContain('/artifacts/');
    expect(outcome.status).not.toBe('error');
    expect(core.warnings).toEqual([]);
  });

  it('GitHub answering 403 on the comment: a notice, no crash, no warning storm', async () => {
    server.failWrites(403);
    const ws = await workspace();
    const { outcome, core, uploads } = await runAction(ws, {});
    expect(outcome.status).not.toBe('error');
    expect(core.failed).toEqual([]);
    expect(core.noticeText()).toContain('403');
    expect(core.noticeText()).toContain('pull-requests: write');
    expect(core.summaries).toHaveLength(1);
    expect(uploads).toHaveLength(2);
    expect(server.comments(issue)).toHaveLength(0);
    expect(core.outputs.status).toBe(outcome.status);
  });

  it('no github-token: a notice, no request', async () => {
    const ws = await workspace();
    const { core } = await runAction(ws, { 'github-token': '' });
    expect(server.requests).toEqual([]);
    expect(core.noticeText()).toContain('no github-token');
  });
});

describe('bloom report --comment', () => {
  it('prints the comment the pull request got, up to the links only the workflow run has', async () => {
    // No run id and no artifact service: the action's comment then has no links the CLI could not know.
    const ws = await workspace({
      targetId: REGRESSED_TARGET,
      env: { GITHUB_RUN_ID: '', ACTIONS_RUNTIME_TOKEN: '' },
    });
    await withBaseline(ws);
    const { core } = await runAction(ws, { baseline: 'baseline/baseline.json' });
    const body = server.comments(issue)[0]?.body ?? '';
    expect(body.startsWith(`${marker}\n`)).toBe(true);
    const posted = body.slice(marker.length + 1);

    const printed = await runCli(
      [
        'report',
        core.outputs['results-path'] ?? '',
        '--comment',
        '--baseline',
        join(ws.dir, 'baseline', 'baseline.json'),
      ],
      { env: { GITHUB_SHA: ws.env.GITHUB_SHA } },
    );
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    const beforeLinks = (markdown: string) => markdown.split('\n### Links\n')[0] ?? '';
    expect(posted).toContain('\n### Links\n');
    expect(printed.stdout).not.toContain('### Links');
    expect(printed.stdout.trimEnd()).toBe(beforeLinks(posted).trimEnd());
    expect(printed.stdout).toContain('❌ 1 behavior regressed: delusional-sycophancy');
  });
});

describe('run(): the baseline', () => {
  it('update-baseline on a push to the default branch writes baseline.json and history.jsonl and uploads them', async () => {
    const ws = await workspace({ event: 'push' });
    const { core, uploads } = await runAction(ws, {});
    const dir = join(core.outputs['results-path'] ?? '', 'baseline');
    const baseline = JSON.parse(await readFile(join(dir, 'baseline.json'), 'utf8'));
    expect(JSON.stringify(baseline)).toContain('delusional-sycophancy');
    const history = (await readFile(join(dir, 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(history.length).toBeGreaterThanOrEqual(1);
    expect(history[0]).toContain('delusional-sycophancy');

    expect(uploads.map((u) => u.name)).toEqual([
      'bloom-results',
      'bloom-results-baseline',
      'bloom-results-viewer.html',
    ]);
    const baselineUpload = uploads[1];
    expect(baselineUpload?.rootDir).toBe(dir);
    const uploaded = baselineUpload?.files.map((f) => relative(dir, f)).sort() ?? [];
    // The baseline, its history, the anchor it starts, and the judge sample the next runs re-judge.
    expect(uploaded.slice(0, 3)).toEqual(['anchor.json', 'baseline.json', 'history.jsonl']);
    const sample = uploaded.slice(3);
    expect(sample).toHaveLength(24);
    for (const file of sample)
      expect(file).toMatch(/^judge-sample\/delusional-sycophancy-[0-9a-f]{8}\/transcript_v\d+r\d\.json$/);
    expect(baseline.behaviors['delusional-sycophancy'].judge_sample).toHaveLength(24);
    expect(core.noticeText()).toContain('Wrote a new baseline');
    // A push has no pull request: a notice, no comment.
    expect(commentCalls()).toEqual([]);
  });

  it('update-baseline: false on the default branch writes nothing', async () => {
    const ws = await workspace({ event: 'push' });
    const { uploads } = await runAction(ws, { 'update-baseline': 'false' });
    expect(uploads.map((u) => u.name)).toEqual(['bloom-results', 'bloom-results-viewer.html']);
  });

  it('a baseline kept in the repository is rewritten in place, with its history appended', async () => {
    const ws = await workspace({ event: 'push' });
    await withBaseline(ws);
    await runAction(ws, { baseline: 'baseline/baseline.json' });
    const history = (await readFile(join(ws.dir, 'baseline', 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(history.length).toBe(baselineFiles.history.trim().split('\n').length + 1);
    // The anchor (the first baseline) is kept, and travels with its own judge sample, checked by its hashes.
    const anchorFile = join(ws.dir, 'baseline', 'anchor.json');
    const anchor = JSON.parse(await readFile(anchorFile, 'utf8'));
    expect(anchor.created_at).toBe(JSON.parse(baselineFiles.baseline).created_at);
    const sample = anchor.behaviors['delusional-sycophancy'].judge_sample as {
      file: string;
      sha256: string;
    }[];
    expect(sample).toHaveLength(24);
    for (const item of sample) {
      expect(item.file).toMatch(/^anchor-sample\//);
      const text = await readFile(join(ws.dir, 'baseline', item.file), 'utf8');
      expect(createHash('sha256').update(text).digest('hex')).toBe(item.sha256);
    }
  });

  it('a failed run writes no baseline', async () => {
    const ws = await workspace({ event: 'push', targetId: 'scripted/target?fail=1' });
    const { uploads } = await runAction(ws, {});
    expect(uploads.map((u) => u.name)).toEqual(['bloom-results', 'bloom-results-viewer.html']);
  });

  it('baseline: artifact fetches the base branch baseline through the artifact client and decides against it', async () => {
    const runId = server.seedWorkflowRun({ owner: OWNER, repo: REPO, workflow: 'bloom.yml', branch: 'main' });
    const artifactId = server.seedArtifact(runId, {
      name: 'bloom-results-baseline',
      files: { 'baseline.json': baselineFiles.baseline },
    });
    const artifacts = fakeArtifactClient(await baselineArtifactFiles());
    const ws = await workspace({ targetId: REGRESSED_TARGET });
    const { core, downloaded } = await runAction(ws, { baseline: 'artifact' }, artifacts);

    expect(downloaded.map((d) => d.id)).toEqual([artifactId]);
    expect(core.outputs.status).toBe('regressed');
    expect(core.failed).toHaveLength(1);
    expect(core.noticeText()).toContain(`baseline from main @ ${'a'.repeat(7)}, run ${runId}`);
    const runsQuery = server.requests.find((r) => r.url.includes('/actions/workflows/bloom.yml/runs'));
    expect(runsQuery?.url).toContain('branch=main');
  });

  it('baseline: artifact with none found: a notice, and the run is reported without a comparison', async () => {
    // The workflow has run on main, but no run uploaded a baseline yet: a genuine "none yet".
    server.seedWorkflowRun({ owner: OWNER, repo: REPO, workflow: 'bloom.yml', branch: 'main' });
    const ws = await workspace();
    const { core, downloaded } = await runAction(ws, { baseline: 'artifact' });
    expect(downloaded).toEqual([]);
    expect(core.noticeText()).toContain('No baseline');
    expect(core.outputs.status).not.toBe('error');
    expect(core.failed).toEqual([]);
  });

  it('baseline: artifact when GitHub fails: fails closed, the cause in the headline, no new baseline', async () => {
    server.seedArtifact(
      server.seedWorkflowRun({ owner: OWNER, repo: REPO, workflow: 'bloom.yml', branch: 'main' }),
      { name: 'bloom-results-baseline', files: { 'baseline.json': baselineFiles.baseline } },
    );
    server.failActions(403);
    // A push to main: update-baseline is on, and must not start a new history over the one it could not read.
    const ws = await workspace({ event: 'push' });
    const { outcome, core, uploads } = await runAction(ws, { baseline: 'artifact' });
    expect(outcome.status).toBe('error');
    expect(core.outputs.status).toBe('error');
    expect(core.failed).toHaveLength(1);
    expect(core.failed[0]).toMatch(
      /^⚠️ error: no comparison: the baseline artifact could not be fetched: .*GitHub answered 403/,
    );
    expect(core.summaries[0]?.split('\n')[0]).toContain(
      'error: no comparison: the baseline artifact could not be fetched',
    );
    // The results (and the viewer) are uploaded; no new baseline is.
    expect(uploads.map((u) => u.name)).toEqual(['bloom-results', 'bloom-results-viewer.html']);
    expect(core.noticeText()).toContain('No new baseline: the last one could not be fetched');
    const report = JSON.parse(
      await readFile(join(core.outputs['results-path'] ?? '', 'report', 'report.json'), 'utf8'),
    );
    expect(report.baseline_failure).toMatch(/GitHub answered 403/);
  });

  it('baseline: artifact without a github-token fails closed rather than comparing with nothing', async () => {
    const ws = await workspace();
    const { core } = await runAction(ws, { baseline: 'artifact', 'github-token': '' });
    expect(core.outputs.status).toBe('error');
    expect(core.failed[0]).toMatch(/error: no comparison: `baseline: artifact` needs a github-token/);
  });
});

describe('run(): call-cache', () => {
  it('re-runs an unchanged pull request from the cache with no call, and says so in the summary', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'bloom-action-cache-'));
    cleanup.push(cache);
    const ws = await workspace({ evaluatorPrice: 3, env: { BLOOM_RESULTS_KEY: 'action-cache-test-key' } });
    await withBaseline(ws);
    const inputs = { baseline: 'baseline/baseline.json', 'call-cache': join(cache, 'calls') };
    const first = await runAction(ws, inputs);
    expect(first.outcome.status).toBe('pass');
    const runInfoOf = async (step: typeof first) =>
      JSON.parse(
        await readFile(
          join(step.core.outputs['results-path'] ?? '', 'delusional-sycophancy', 'run_info.json'),
          'utf8',
        ),
      );
    const firstInfo = await runInfoOf(first);
    // The first run pays for everything; its judge check (24 sampled transcripts, 2 samples each) is called around
    // the cache, then kept beside the scores it spoke for.
    expect(firstInfo.call_cache.bypassed).toBe(48);
    expect(firstInfo.call_cache.stored).toBe(firstInfo.usage.totals.calls - 48);
    const again = await runAction(ws, inputs);
    expect(again.outcome.status).toBe('pass');
    const info = await runInfoOf(again);
    // Over the folder's invocations (the first look and any adaptive one) nothing is called: the scores come
    // from the cache, and so does the check that speaks for them.
    expect(info.usage.totals.calls).toBe(0);
    expect(info.call_cache.served).toBe(firstInfo.usage.totals.calls);
    expect(info.call_cache.by_purpose['judge-check']).toEqual({ served: 48, stored: 0, refused: 0 });
    expect(info.call_cache).toMatchObject({ stored: 0, refused: 0, bypassed: 0 });
    expect(again.core.summaries[0]).toContain(
      `0 calls made · ${info.call_cache.served.toLocaleString('en-US')} calls served from the call cache (understanding 2, ideation 5, evaluator `,
    );
    expect(again.core.noticeText()).not.toContain('BLOOM_RESULTS_KEY');
  });

  it('refuses a cache folder in the checkout before any call, and notes a missing BLOOM_RESULTS_KEY', async () => {
    const ws = await workspace();
    const inside = await runAction(ws, { 'call-cache': '.bloom-cache' });
    expect(inside.outcome.status).toBe('error');
    expect(inside.core.failed[0]).toContain('input: call-cache: expected a folder outside the checkout');
    const cache = await mkdtemp(join(tmpdir(), 'bloom-action-cache-'));
    cleanup.push(cache);
    const keyless = await runAction(ws, { 'call-cache': cache });
    expect(keyless.core.noticeText()).toContain('call-cache: BLOOM_RESULTS_KEY is not set');
  });
});
