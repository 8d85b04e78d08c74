// The bundled action (dist/index.js, what `runs.main` points at) as a subprocess, given what the runner gives a
// node action: INPUT_* variables, the event payload file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, RUNNER_TEMP,
// and GITHUB_API_URL pointing at the local GitHub server. Shared by the end-to-end, bad-input, hostile and secrets
// tests.

import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runNodeScript } from './cli.ts';
import { compileCacheEnv } from './compile-cache.ts';
import { type GitHubServer, startGitHubServer } from './github-server.ts';

export const DIST = resolve('dist/index.js');
export const OWNER = 'acme';
export const REPO = 'models';
export const WORKFLOW = 'Bloom gate';
export const WORKFLOW_TOKEN = 'ghs_e2e_workflow_token';

/** What a test file of the bundled action shares: the local GitHub server, and the folders to remove at the end. */
export interface ActionHarness {
  server: GitHubServer;
  cleanup: string[];
}

/** Starts the GitHub server before the file's tests (after checking the bundle exists) and cleans up after. */
export function bundledActionHarness(): ActionHarness {
  const harness = { cleanup: [] as string[] } as ActionHarness;
  beforeAll(async () => {
    if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run build` first');
    harness.server = await startGitHubServer();
  });
  afterAll(async () => {
    await harness.server?.close();
    await Promise.all(harness.cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return harness;
}

export interface Workspace {
  dir: string;
  outputFile: string;
  summaryFile: string;
  eventFile: string;
  /** RUNNER_TEMP: outside the checkout, where the action makes its results folder. */
  runnerTemp: string;
}

export type Event = { name: 'push' } | { name: 'pull_request'; number: number };

/** A checkout holding the demo suite at ./suite (the target's model id replaced when given). */
export async function workspace(event: Event, cleanup: string[], targetId?: string): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'bloom-e2e-'));
  cleanup.push(dir);
  await cp('fixtures/demo', join(dir, 'suite'), { recursive: true });
  if (targetId) await setTargetModel(join(dir, 'suite'), targetId);
  const runner = join(dir, '_runner');
  await mkdir(join(runner, 'temp'), { recursive: true });
  const ws = {
    dir,
    outputFile: join(runner, 'output'),
    summaryFile: join(runner, 'summary.md'),
    eventFile: join(runner, 'event.json'),
    runnerTemp: join(runner, 'temp'),
  };
  // The runner creates both files empty before the step; @actions/core refuses missing ones.
  await writeFile(ws.outputFile, '');
  await writeFile(ws.summaryFile, '');
  const repository = { full_name: `${OWNER}/${REPO}`, default_branch: 'main' };
  const full = `${OWNER}/${REPO}`;
  const payload =
    event.name === 'push'
      ? { ref: 'refs/heads/main', repository }
      : {
          action: 'synchronize',
          number: event.number,
          pull_request: {
            number: event.number,
            base: { ref: 'main', repo: { full_name: full } },
            head: { ref: 'feature', repo: { full_name: full } },
          },
          repository,
        };
  await writeFile(ws.eventFile, JSON.stringify(payload));
  return ws;
}

/** Points the demo suite's target at another model id (models.json "demo-target"). */
export async function setTargetModel(suiteDir: string, targetId: string): Promise<void> {
  const path = join(suiteDir, 'models.json');
  const models = JSON.parse(await readFile(path, 'utf8')) as Record<string, { id: string }>;
  (models['demo-target'] as { id: string }).id = targetId;
  await writeFile(path, JSON.stringify(models, null, 2));
}

export interface Step {
  /** -1 when a signal ended the step. */
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** GITHUB_OUTPUT's `name<<delimiter\nvalue\ndelimiter` records. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name = '', end] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== end; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/**
 * Runs the bundle the way the runner does: `node dist/index.js`, inputs as INPUT_<NAME> (dashes kept). `extraEnv`
 * adds to (or replaces) the runner's variables, e.g. secrets planted in the step's environment.
 */
export async function runStep(
  ws: Workspace,
  event: Event,
  inputs: Record<string, string>,
  server: Pick<GitHubServer, 'url'>,
  extraEnv: Record<string, string> = {},
): Promise<Step> {
  const env: NodeJS.ProcessEnv = {
    // Nothing of this process's environment leaks in (no real ACTIONS_* or keys when the tests run in CI),
    // except where node is, for a `cmd:node ...` target.
    PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
    ...compileCacheEnv(),
    HOME: ws.dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: ws.eventFile,
    GITHUB_REF: event.name === 'push' ? 'refs/heads/main' : `refs/pull/${event.number}/merge`,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_WORKFLOW: WORKFLOW,
    GITHUB_WORKFLOW_REF: `${OWNER}/${REPO}/.github/workflows/bloom.yml@refs/heads/main`,
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: server.url,
    GITHUB_OUTPUT: ws.outputFile,
    GITHUB_STEP_SUMMARY: ws.summaryFile,
    RUNNER_TEMP: ws.runnerTemp,
    ...extraEnv,
  };
  const all = { suite: 'suite', 'github-token': WORKFLOW_TOKEN, ...inputs };
  for (const [name, value] of Object.entries(all))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const { code, stdout, stderr } = await runNodeScript(DIST, [], { cwd: ws.dir, env });
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(ws.outputFile, 'utf8')),
    summary: await readFile(ws.summaryFile, 'utf8'),
  };
}
