import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { getOctokit as GetOctokit } from '@actions/github';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ArtifactDownloader,
  baselineArtifactName,
  describeBaselineSource,
  fetchBaselineArtifact,
  isTrustedBaselineRun,
  pickBaselineArtifact,
  type WorkflowRunSummary,
  workflowFileFromRef,
} from '../../src/action/baseline-artifact.ts';
import {
  type GitHubServer,
  type SeedWorkflowRun,
  startGitHubServer,
  workflowIdOf,
} from '../support/github-server.ts';

const TOKEN = 'ghs_workflow_token';
const repoRef = { owner: 'acme', repo: 'models' };
const NAME = baselineArtifactName('bloom');
const BASELINE = JSON.stringify({ format_version: 1, marker: 'from-the-artifact' });

let server: GitHubServer;
let getOctokit: typeof GetOctokit;
let realArtifactClient: ArtifactDownloader;
let downloadDir: string;

beforeAll(async () => {
  server = await startGitHubServer();
  // @actions/artifact's download with findBy builds its own Octokit from GITHUB_API_URL, read when
  // @actions/github is first loaded: so set it first, then import both (this file imports them nowhere else).
  process.env.GITHUB_API_URL = server.url;
  process.env.GITHUB_SERVER_URL = 'https://github.com';
  ({ getOctokit } = await import('@actions/github'));
  const { DefaultArtifactClient } = await import('@actions/artifact');
  realArtifactClient = new DefaultArtifactClient();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  downloadDir = mkdtempSync(join(tmpdir(), 'bloom-baseline-artifact-'));
  return () => rmSync(downloadDir, { recursive: true, force: true });
});

/** A client that records its calls and writes what the artifact would hold, like the real one without the zip. */
function fakeArtifactClient(files: Record<string, string> = { 'baseline.json': BASELINE }) {
  const calls: { id: number; options: unknown }[] = [];
  const client: ArtifactDownloader = {
    downloadArtifact: async (id, options) => {
      calls.push({ id, options });
      const path = options?.path ?? '';
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(dirname(join(path, name)), { recursive: true });
        writeFileSync(join(path, name), content);
      }
      return { downloadPath: path };
    },
  };
  return { client, calls };
}

function deps(artifactClient: ArtifactDownloader = realArtifactClient) {
  return { octokit: getOctokit(TOKEN, { baseUrl: server.url }), artifactClient, token: TOKEN };
}

function query(extra: { workflowFile?: string; perPage?: number; maxPages?: number } = {}) {
  return {
    ...repoRef,
    baseBranch: 'main',
    workflowFile: 'bloom.yml',
    artifactName: NAME,
    downloadDir,
    ...extra,
  };
}

function run(extra: Partial<SeedWorkflowRun> = {}): number {
  return server.seedWorkflowRun({ ...repoRef, workflow: 'bloom.yml', branch: 'main', ...extra });
}

const baselineZip = { name: NAME, files: { 'baseline.json': BASELINE } };
const gets = (path: string) => server.requests.filter((r) => r.method === 'GET' && r.url.includes(path));

describe('fetchBaselineArtifact', () => {
  it('downloads, with the real artifact client, the newest usable baseline of the base branch', async () => {
    const good = run({ sha: 'abc1234def5678000000000000000000000000000' });
    server.seedArtifact(good, baselineZip);
    const expired = run();
    server.seedArtifact(expired, { ...baselineZip, expired: true });
    const withoutIt = run();
    server.seedArtifact(withoutIt, { name: 'bloom-results', files: { 'report.md': 'x' } });
    run({ conclusion: 'failure' });
    run({ workflow: 'other.yml' });
    run({ branch: 'feature' });
    // A fork's pull request from its own "main": listed under head_branch main, but never trusted.
    const fork = run({ event: 'pull_request', headRepository: 'mallory/models' });
    server.seedArtifact(fork, { name: NAME, files: { 'baseline.json': '{"forged":true}' } });

    const result = await fetchBaselineArtifact(deps(), query());

    expect(result).toMatchObject({
      found: true,
      runId: good,
      commit: 'abc1234def5678000000000000000000000000000',
      branch: 'main',
      url: `https://github.com/acme/models/actions/runs/${good}`,
    });
    if (!result.found) throw new Error(result.reason);
    expect(readFileSync(result.file, 'utf8')).toBe(BASELINE);
    expect(result.file.startsWith(downloadDir)).toBe(true);
    expect(describeBaselineSource(result)).toBe(`baseline from main @ abc1234, run ${good}`);

    const [list] = gets('/actions/workflows/');
    const params = new URL(list?.url ?? '', server.url).searchParams;
    expect(list?.url).toContain('/repos/acme/models/actions/workflows/bloom.yml/runs');
    expect([params.get('branch'), params.get('status')]).toEqual(['main', 'success']);
    // Newest first: the run without it, then the expired one, then the good one; the fork's never asked.
    expect(gets('/artifacts?').map((r) => r.url.match(/runs\/(\d+)/)?.[1])).toEqual(
      [withoutIt, expired, good].map(String),
    );
    expect(gets(`/actions/artifacts/`).map((r) => r.url)).toEqual([
      `/repos/acme/models/actions/artifacts/${result.artifactId}/zip`,
    ]);
    expect(gets('/_blob/')[0]?.token).toBeNull();
  });

  it('follows the pages of runs until a run has the artifact', async () => {
    const oldest = run();
    server.seedArtifact(oldest, baselineZip);
    for (let i = 0; i < 24; i++) run();
    const { client, calls } = fakeArtifactClient();

    const result = await fetchBaselineArtifact(deps(client), query({ perPage: 10 }));

    expect(result).toMatchObject({ found: true, runId: oldest });
    const pages = gets('/actions/workflows/').map((r) => new URL(r.url, server.url).searchParams.get('page'));
    expect(pages).toEqual(['1', '2', '3']);
    expect(calls).toEqual([
      {
        id: expect.any(Number),
        options: {
          path: expect.stringContaining(downloadDir),
          findBy: { token: TOKEN, workflowRunId: oldest, repositoryOwner: 'acme', repositoryName: 'models' },
        },
      },
    ]);
  });

  it('stops after maxPages and says how many runs it looked at', async () => {
    server.seedArtifact(run(), baselineZip);
    for (let i = 0; i < 6; i++) run();
    const { client, calls } = fakeArtifactClient();

    const result = await fetchBaselineArtifact(deps(client), query({ perPage: 2, maxPages: 3 }));

    expect(result).toEqual({
      found: false,
      failed: false,
      reason: `No unexpired artifact named ${NAME} in the last 6 successful runs of workflow bloom.yml on main.`,
    });
    expect(gets('/actions/workflows/')).toHaveLength(3);
    expect(calls).toHaveLength(0);
  });

  it('returns a reason, without downloading, when no run has the artifact', async () => {
    server.seedArtifact(run(), { ...baselineZip, expired: true });
    run();
    const { client, calls } = fakeArtifactClient();
    const result = await fetchBaselineArtifact(deps(client), query());
    expect(result).toEqual({
      found: false,
      failed: false,
      reason: `No unexpired artifact named ${NAME} in the last 2 successful runs of workflow bloom.yml on main.`,
    });
    expect(calls).toHaveLength(0);
    expect(describeBaselineSource(result)).toMatch(/^no baseline artifact: No unexpired artifact/);
  });

  it('returns a reason when the base branch has no successful run yet', async () => {
    run({ conclusion: 'failure' });
    const result = await fetchBaselineArtifact(deps(fakeArtifactClient().client), query());
    expect(result).toMatchObject({
      found: false,
      failed: false,
      reason: expect.stringContaining('last 0 successful runs'),
    });
  });

  it('turns a 403 (token without actions: read) into a failure with its reason, not a throw', async () => {
    server.seedArtifact(run(), baselineZip);
    server.failActions(403);
    const result = await fetchBaselineArtifact(deps(fakeArtifactClient().client), query());
    expect(result.found).toBe(false);
    if (result.found) return;
    // Whether a baseline exists is unknown: a failure, never "none yet".
    expect(result.failed).toBe(true);
    expect(result.reason).toContain('GitHub answered 403 (Resource not accessible by integration');
    expect(result.reason).toContain('`actions: read`');
  });

  it('turns an unknown workflow (404) into a reason', async () => {
    run();
    const result = await fetchBaselineArtifact(deps(), query({ workflowFile: 'renamed.yml' }));
    expect(result).toMatchObject({
      found: false,
      failed: true,
      reason: expect.stringContaining('workflow renamed.yml'),
    });
    expect(result).toMatchObject({ reason: expect.stringContaining('GitHub answered 404') });
  });

  it('turns a failed download into a reason', async () => {
    const good = run();
    server.seedArtifact(good, baselineZip);
    const failing: ArtifactDownloader = {
      downloadArtifact: async () => {
        throw new Error('Unable to download artifact. Unexpected status: 500');
      },
    };
    const result = await fetchBaselineArtifact(deps(failing), query());
    expect(result).toEqual({
      found: false,
      failed: true,
      reason: `Downloading artifact ${NAME} of run ${good} failed: Unable to download artifact. Unexpected status: 500`,
    });
  });

  it('says so when the artifact holds no baseline.json, and finds one kept in a folder', async () => {
    server.seedArtifact(run(), { name: NAME, files: { 'notes.txt': 'hi' } });
    const missing = await fetchBaselineArtifact(deps(), query());
    expect(missing).toMatchObject({
      found: false,
      failed: true,
      reason: expect.stringContaining('holds no baseline.json'),
    });

    server.reset();
    const nested = run();
    server.seedArtifact(nested, { name: NAME, files: { 'bloom/baseline.json': BASELINE } });
    const found = await fetchBaselineArtifact(deps(), query());
    expect(found).toMatchObject({ found: true, file: expect.stringMatching(/bloom[/\\]baseline\.json$/) });
  });

  it('never returns a file left over from an earlier download of the same run', async () => {
    const good = run();
    server.seedArtifact(good, baselineZip);
    const first = await fetchBaselineArtifact(deps(), query());
    expect(first.found).toBe(true);
    const empty = fakeArtifactClient({});
    const second = await fetchBaselineArtifact(deps(empty.client), query());
    expect(second).toMatchObject({ found: false, reason: expect.stringContaining('holds no baseline.json') });
  });

  it('accepts the workflow by numeric id, and looks at every workflow when none is given', async () => {
    const good = run();
    server.seedArtifact(good, baselineZip);
    const byId = await fetchBaselineArtifact(
      deps(),
      query({ workflowFile: String(workflowIdOf('bloom.yml')) }),
    );
    expect(byId).toMatchObject({ found: true, runId: good });

    server.reset();
    const other = run({ workflow: 'nightly.yml', event: 'schedule' });
    server.seedArtifact(other, baselineZip);
    const anyWorkflow = await fetchBaselineArtifact(deps(), { ...query(), workflowFile: undefined });
    expect(anyWorkflow).toMatchObject({ found: true, runId: other });
    expect(gets('/repos/acme/models/actions/runs?')).toHaveLength(1);
  });
});

describe('helpers', () => {
  it('names the baseline artifact after the artifact-name input', () => {
    expect(baselineArtifactName('bloom')).toBe('bloom-baseline');
    expect(baselineArtifactName('evals/syco phancy')).toBe('evals-syco-phancy-baseline');
    expect(baselineArtifactName('')).toBe('bloom-baseline');
  });

  it('reads the workflow file from GITHUB_WORKFLOW_REF', () => {
    expect(workflowFileFromRef('acme/models/.github/workflows/bloom.yml@refs/pull/7/merge')).toBe(
      'bloom.yml',
    );
    expect(workflowFileFromRef('acme/models/.github/workflows/gate.yaml@refs/heads/main')).toBe('gate.yaml');
    expect(workflowFileFromRef(undefined)).toBeNull();
    expect(workflowFileFromRef('garbage')).toBeNull();
  });

  it('trusts only successful non-pull-request runs of the repository itself on the base branch', () => {
    const base: WorkflowRunSummary = {
      id: 1,
      head_branch: 'main',
      head_sha: 'abc',
      event: 'push',
      conclusion: 'success',
      html_url: '',
      head_repository: { full_name: 'Acme/Models' },
    };
    const target = { ...repoRef, baseBranch: 'main' };
    expect(isTrustedBaselineRun(base, target)).toBe(true);
    expect(isTrustedBaselineRun({ ...base, event: 'schedule' }, target)).toBe(true);
    expect(isTrustedBaselineRun({ ...base, event: 'pull_request' }, target)).toBe(false);
    expect(isTrustedBaselineRun({ ...base, event: 'pull_request_target' }, target)).toBe(false);
    expect(isTrustedBaselineRun({ ...base, head_repository: { full_name: 'mallory/models' } }, target)).toBe(
      false,
    );
    expect(isTrustedBaselineRun({ ...base, head_branch: 'dev' }, target)).toBe(false);
    expect(isTrustedBaselineRun({ ...base, conclusion: 'failure' }, target)).toBe(false);
  });

  it('picks the newest unexpired artifact of the name', () => {
    const artifacts = [
      { id: 1, name: NAME, expired: false, created_at: '2026-01-01T00:00:00Z' },
      { id: 2, name: NAME, expired: false, created_at: '2026-01-03T00:00:00Z' },
      { id: 3, name: NAME, expired: true, created_at: '2026-01-05T00:00:00Z' },
      { id: 4, name: 'bloom-results', expired: false, created_at: '2026-01-06T00:00:00Z' },
    ];
    expect(pickBaselineArtifact(artifacts, NAME)?.id).toBe(2);
    expect(pickBaselineArtifact(artifacts.slice(2, 3), NAME)).toBeNull();
  });
});
