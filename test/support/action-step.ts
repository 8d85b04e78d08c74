// The bundled action (dist/index.js, what `runs.main` points at) run as the runner runs a node action: INPUT_*
// variables, the event payload file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and GITHUB_API_URL pointing at
// a local server that answers like GitHub's REST API. Shared by the action's end-to-end and secrets tests.

import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { runNodeScript } from './cli.ts';

export const DIST = resolve('dist/index.js');
export const OWNER = 'acme';
export const REPO = 'models';
export const WORKFLOW = 'Bloom gate';

export interface Workspace {
  dir: string;
  outputFile: string;
  summaryFile: string;
  eventFile: string;
}

export type Event = { name: 'push' } | { name: 'pull_request'; number: number };

/** A fresh workspace with fixtures/demo as `suite/` (its target's id replaced when given); `cleanup` gets its path. */
export async function workspace(event: Event, cleanup: string[], targetId?: string): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'bloom-e2e-'));
  cleanup.push(dir);
  await cp('fixtures/demo', join(dir, 'suite'), { recursive: true });
  if (targetId) {
    const path = join(dir, 'suite', 'models.json');
    const models = JSON.parse(await readFile(path, 'utf8')) as Record<string, { id: string }>;
    (models['demo-target'] as { id: string }).id = targetId;
    await writeFile(path, JSON.stringify(models, null, 2));
  }
  const runner = join(dir, '_runner');
  await mkdir(runner);
  const ws = {
    dir,
    outputFile: join(runner, 'output'),
    summaryFile: join(runner, 'summary.md'),
    eventFile: join(runner, 'event.json'),
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

export interface Step {
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

/** Runs the bundle the way the runner does: `node dist/index.js`, inputs as INPUT_<NAME> (dashes kept). */
export async function runStep(
  ws: Workspace,
  event: Event,
  inputs: Record<string, string>,
  apiUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<Step> {
  const env: NodeJS.ProcessEnv = {
    // Nothing of this process's environment leaks in (no real ACTIONS_* or keys when the tests run in CI),
    // except where node is, for a `cmd:node ...` target.
    PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
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
    GITHUB_API_URL: apiUrl,
    GITHUB_OUTPUT: ws.outputFile,
    GITHUB_STEP_SUMMARY: ws.summaryFile,
    ...extraEnv,
  };
  const all = { suite: 'suite', 'github-token': 'ghs_e2e_workflow_token', ...inputs };
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
