// The action in a matrix, in-process: three shard jobs (out of order) upload their slices into this workflow run's
// artifacts on the local GitHub server; the merge job lists and downloads them with the real @actions/artifact
// client and the real Octokit, merges, decides once and posts the one comment. The merged folder equals a
// one-piece `bloom run` of the same pinned suite byte for byte. A missing or failed shard fails the merge job,
// naming it, with no comment. (The upload goes into the server's store: the artifact service's upload protocol is
// the one part not served locally.)

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionOutcome } from '../../src/action/run.ts';
import type { ActionDeps } from '../../src/action/types.ts';
import { BEHAVIOR, resultDigests } from '../faults/results.ts';
import { runCli } from '../support/cli.ts';
import { type GitHubServer, startGitHubServer } from '../support/github-server.ts';
import { RecordingCore } from '../support/recording-core.ts';

const OWNER = 'acme';
const REPO = 'models';
const PR = 31;
const issue = { owner: OWNER, repo: REPO, issueNumber: PR };
const TOKEN = 'ghs_matrix_workflow_token';
const SHARED = { SOURCE_DATE_EPOCH: '1767225600', BLOOM_RESULTS_KEY: 'matrix-shared-results-key' };

let server: GitHubServer;
let run: (deps: ActionDeps) => Promise<ActionOutcome>;
let listAndDownload: Pick<ActionDeps['artifactClient'], 'listArtifacts' | 'downloadArtifact'>;
let dir: string;
let runId: number;
/** What each shard job uploaded: artifact name -> file path -> content. */
const uploaded = new Map<string, Record<string, string>>();

function env(workflowRunId: number): NodeJS.ProcessEnv {
  return {
    ...SHARED,
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
    GITHUB_WORKFLOW: 'Bloom matrix',
    GITHUB_RUN_ID: String(workflowRunId),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: server.url,
    ACTIONS_RUNTIME_TOKEN: 'runtime-token-for-the-artifact-service',
    ACTIONS_RESULTS_URL: 'https://results.invalid/',
    RUNNER_TEMP: join(dir, '_runner_temp'),
  };
}

async function step(inputs: Record<string, string>, workflowRunId = runId) {
  const core = new RecordingCore({ suite: 'suite', 'github-token': TOKEN, ...inputs });
  const { getOctokit } = await import('@actions/github');
  const outcome = await run({
    core,
    env: env(workflowRunId),
    getOctokit: (token) => getOctokit(token, { baseUrl: server.url }),
    artifactClient: {
      ...listAndDownload,
      // Into the local server's store for this workflow run, where the merge job's real client finds it.
      uploadArtifact: async (name, files, rootDir) => {
        const contents: Record<string, string> = {};
        for (const file of files) contents[relative(rootDir, file)] = await readFile(file, 'utf8');
        uploaded.set(name, contents);
        return { id: server.seedArtifact(workflowRunId, { name, files: contents }), size: files.length };
      },
    },
  });
  return { outcome, core };
}

const commentWrites = () =>
  server.requests.filter((r) => (r.method === 'POST' || r.method === 'PATCH') && r.url.includes('/comments'));

/** A workflow run holding copies of the named shard artifacts (`edit` may change a file of one). */
function runWith(names: string[], edit?: (name: string, files: Record<string, string>) => void): number {
  const id = server.seedWorkflowRun({ owner: OWNER, repo: REPO, workflow: 'bloom.yml', branch: 'feature' });
  for (const name of names) {
    const files = { ...(uploaded.get(name) as Record<string, string>) };
    edit?.(name, files);
    server.seedArtifact(id, { name, files });
  }
  return id;
}

beforeAll(async () => {
  server = await startGitHubServer();
  // @actions/artifact's reads with findBy build their own Octokit from GITHUB_API_URL, read when @actions/github is
  // first loaded: set it first, then import (this file imports neither, nor the action, statically).
  process.env.GITHUB_API_URL = server.url;
  process.env.GITHUB_SERVER_URL = 'https://github.com';
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  listAndDownload = {
    listArtifacts: (options) => client.listArtifacts(options),
    downloadArtifact: (id, options) => client.downloadArtifact(id, options),
  };
  ({ run } = await import('../../src/action/run.ts'));
  dir = await mkdtemp(join(tmpdir(), 'bloom-matrix-'));
  await cp('fixtures/demo', join(dir, 'suite'), { recursive: true });
  const pinned = await runCli(['pin', 'suite'], { cwd: dir, env: SHARED });
  expect(pinned.code).toBe(0);
  await writeFile(
    join(dir, 'event.json'),
    JSON.stringify({
      pull_request: {
        number: PR,
        base: { ref: 'main', repo: { full_name: `${OWNER}/${REPO}` } },
        head: { ref: 'feature', repo: { full_name: `${OWNER}/${REPO}` } },
      },
      repository: { full_name: `${OWNER}/${REPO}`, default_branch: 'main' },
    }),
  );
  runId = server.seedWorkflowRun({ owner: OWNER, repo: REPO, workflow: 'bloom.yml', branch: 'feature' });
}, 60_000);

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the action in a matrix', () => {
  it('each shard job runs its slice and uploads it, posting and deciding nothing', async () => {
    for (const i of [2, 3, 1]) {
      const { outcome, core } = await step({ shard: `${i}/3` });
      expect(core.failed).toEqual([]);
      expect(outcome.failed).toBe(false);
      expect(core.outputs.status).toBe('shard');
      expect(core.summaries.join('')).toContain(`Bloom shard ${i}/3`);
      const files = uploaded.get(`bloom-results-shard-${i}-of-3`) ?? {};
      // The merge needs each cell's judge result, under .bloom/.
      expect(Object.keys(files).filter((f) => f.includes('.bloom/judge_'))).toHaveLength(8);
      expect(Object.keys(files)).toContain(`${BEHAVIOR}/run_info.json`);
      expect(JSON.parse(files[`${BEHAVIOR}/run_info.json`] ?? '{}').shard).toEqual({ index: i, count: 3 });
    }
    expect(commentWrites()).toHaveLength(0);
  });

  it('the merge job joins them into the one-piece run, decides once and posts one comment', async () => {
    const { outcome, core } = await step({ mode: 'merge' });
    expect(core.failed).toEqual([]);
    expect(outcome.failed).toBe(false);
    expect(commentWrites()).toHaveLength(1);
    expect(server.comments(issue)).toHaveLength(1);
    expect(core.summaries.join('')).toContain(BEHAVIOR);
    expect(JSON.parse(core.outputs.rates ?? '{}')[BEHAVIOR]).toBeCloseTo(10 / 24, 5);

    const one = join(dir, 'one-piece');
    expect((await runCli(['run', 'suite', '--results', one], { cwd: dir, env: SHARED })).code).toBe(0);
    expect(await resultDigests(core.outputs['results-path'] as string)).toEqual(await resultDigests(one));
  });

  it('a missing shard fails the merge job, naming it, before any merge or comment', async () => {
    const before = commentWrites().length;
    const partial = runWith(['bloom-results-shard-1-of-3', 'bloom-results-shard-3-of-3']);
    const { outcome, core } = await step({ mode: 'merge' }, partial);
    expect(outcome.failed).toBe(true);
    expect(core.failed).toHaveLength(1);
    expect(core.failed[0]).toMatch(/shard 2\/3 missing: no artifact bloom-results-shard-2-of-3/);
    expect(commentWrites()).toHaveLength(before);
  });

  it('a shard whose job failed fails the merge job, naming it: never a partial green', async () => {
    const failedShard = runWith(
      ['bloom-results-shard-1-of-3', 'bloom-results-shard-2-of-3', 'bloom-results-shard-3-of-3'],
      (name, files) => {
        if (!name.endsWith('2-of-3')) return;
        const path = `${BEHAVIOR}/run_info.json`;
        files[path] = JSON.stringify({ ...JSON.parse(files[path] ?? '{}'), outcome: null });
      },
    );
    // fail-on never cannot make a partial merge green.
    const { outcome, core } = await step({ mode: 'merge', 'fail-on': 'never' }, failedShard);
    expect(outcome.failed).toBe(true);
    expect(outcome.status).toBe('error');
    expect(core.infos.join('\n')).toMatch(
      /bloom-results-shard-2-of-3\/delusional-sycophancy\/run_info\.json: outcome/,
    );
  });

  it('no shard artifact at all fails the merge job in one line', async () => {
    const { outcome, core } = await step({ mode: 'merge' }, runWith([]));
    expect(outcome.failed).toBe(true);
    expect(core.failed[0]).toMatch(
      /no shard artifact \(bloom-results-shard-<i>-of-<n>\) in this workflow run/,
    );
  });
});
