// The bundled action (dist/index.js, what `runs.main` points at) as a subprocess, given what the runner gives a
// node action (see test/support/action-step.ts). Models are the offline scripted ones, plus a command target
// that answers with hostile text. CI rebuilds dist/ and fails when it is stale, so this runs what ships.

import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/action/comment.ts';
import {
  bundledActionHarness,
  type Event,
  OWNER,
  REPO,
  runStep as runStepWith,
  type Step,
  WORKFLOW,
  type Workspace,
  workspace as workspaceIn,
} from '../support/action-step.ts';
import { shellQuoted } from '../support/shell.ts';

const REGRESSED_TARGET = 'scripted/target?rate=0.95&spread=0.15&seed=7';

const harness = bundledActionHarness();
const cleanup = harness.cleanup;

async function copyBaseline(from: Workspace, to: Workspace): Promise<void> {
  await cp(join(from.dir, 'baseline'), join(to.dir, 'baseline'), { recursive: true });
}

const workspace = (event: Event, targetId?: string) => workspaceIn(event, cleanup, targetId);
const runStep = (ws: Workspace, event: Event, inputs: Record<string, string>) =>
  runStepWith(ws, event, inputs, harness.server);

const issueOf = (number: number) => ({ owner: OWNER, repo: REPO, issueNumber: number });
const commentWrites = (number: number) =>
  harness.server.requests.filter(
    (r) =>
      (r.method === 'POST' && r.url.includes(`/issues/${number}/comments`)) ||
      (r.method === 'PATCH' && r.url.includes('/issues/comments/')),
  );

describe('dist/index.js as the runner runs it', () => {
  const PR = 31;
  const pr: Event = { name: 'pull_request', number: PR };
  let baselineRun: Workspace;

  beforeAll(() => harness.server.reset());

  it('a push to main records the baseline (update-baseline defaults to true there) and exits 0', async () => {
    baselineRun = await workspace({ name: 'push' });
    const step = await runStep(baselineRun, { name: 'push' }, { baseline: 'baseline/baseline.json' });
    expect(step.stderr).toBe('');
    expect(step.code).toBe(0);
    const baseline = JSON.parse(await readFile(join(baselineRun.dir, 'baseline', 'baseline.json'), 'utf8'));
    expect(JSON.stringify(baseline)).toContain('delusional-sycophancy');
    expect(existsSync(join(baselineRun.dir, 'baseline', 'history.jsonl'))).toBe(true);
    // Outside the artifact service: the files stay on disk, and the log says where.
    expect(step.stdout).toContain('::notice::Results kept at');
    expect(step.outputs['artifact-url']).toBe('');
    // A push has no pull request to comment on.
    expect(harness.server.requests.filter((r) => r.url.includes('/comments'))).toEqual([]);
  }, 60_000);

  it('the first pull request run creates one comment, writes summary and outputs, exits 0', async () => {
    const ws = await workspace(pr);
    await copyBaseline(baselineRun, ws);
    const step = await runStep(ws, pr, { baseline: 'baseline/baseline.json' });
    expect(step.stderr).toBe('');
    expect(step.code).toBe(0);
    expect(step.outputs.status).toBe('pass');
    expect(step.outputs.regressed).toBe('');
    expect(Object.keys(JSON.parse(step.outputs.rates ?? '{}'))).toEqual(['delusional-sycophancy']);
    // Evaluated into a new folder under RUNNER_TEMP, not the checkout.
    const resultsPath = step.outputs['results-path'] ?? '';
    expect(resultsPath.startsWith(join(ws.runnerTemp, 'bloom-results-'))).toBe(true);
    expect(step.outputs['report-path']).toBe(join(resultsPath, 'report', 'report.md'));
    expect(existsSync(join(ws.dir, 'bloom-results'))).toBe(false);
    expect(existsSync(step.outputs['report-path'] ?? '')).toBe(true);
    expect(step.outputs.cost).toMatch(/^\d+\.\d{4}$/);
    expect(step.summary).toContain('pass: no behavior regressed');
    expect(step.summary).toContain('delusional-sycophancy');
    // The token is masked before anything else is logged.
    expect(step.stdout.split('\n')[0]).toBe('::add-mask::ghs_e2e_workflow_token');

    const comments = harness.server.comments(issueOf(PR));
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith(`${commentMarker(WORKFLOW, 'suite')}\n`)).toBe(true);
    expect(comments[0]?.body).toContain('pass: no behavior regressed');
    expect(commentWrites(PR).map((r) => r.method)).toEqual(['POST']);
    expect(harness.server.requests.every((r) => r.token === 'ghs_e2e_workflow_token')).toBe(true);
  }, 60_000);

  it('the second run, with a planted regression, updates the same comment and exits non-zero', async () => {
    const before = harness.server.comments(issueOf(PR));
    const ws = await workspace(pr, REGRESSED_TARGET);
    await copyBaseline(baselineRun, ws);
    const step = await runStep(ws, pr, { baseline: 'baseline/baseline.json' });
    expect(step.code).not.toBe(0);
    expect(step.outputs.status).toBe('regressed');
    expect(step.outputs.regressed).toBe('delusional-sycophancy');
    expect(step.stdout).toMatch(/^::error title=Bloom gate%3A regressed::delusional-sycophancy regressed: /m);
    expect(step.stdout).toMatch(/^::error::.*regressed: delusional-sycophancy/m);
    expect(step.summary).toContain('regressed');

    const after = harness.server.comments(issueOf(PR));
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[0]?.body).toContain('regressed');
    expect(after[0]?.body).not.toContain('pass: no behavior regressed');
    expect(commentWrites(PR).map((r) => r.method)).toEqual(['POST', 'PATCH']);
  }, 60_000);

  it('a bad input fails the step with one annotation line, before any model or GitHub call', async () => {
    const requests = harness.server.requests.length;
    const ws = await workspace(pr);
    const step = await runStep(ws, pr, { 'max-increase': 'a lot' });
    expect(step.code).not.toBe(0);
    const errors = step.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('max-increase');
    expect(step.outputs.status).toBe('error');
    expect(harness.server.requests.length).toBe(requests);
    expect(existsSync(join(ws.dir, 'bloom-results'))).toBe(false);
    expect(await readdir(ws.runnerTemp)).toEqual([]);
  }, 60_000);
});

// ----- hostile model output through the whole action --------------------------------------------------------

/** No `.`, `!`, `?` or newline, so the scripted judge quotes it whole as a highlight. */
const PAYLOAD =
  '::error::pwned | x | y | <script>alert(1)</script> <img src=x onerror=alert(2)> @org/team @octocat ' +
  'bloom-action: Bloom gate:suite --> ``` ##[error]legacy GH-123 acme/models#9 hidden\u{E0068}\u{E0069}';

const HOSTILE_LINES = [
  'Scripted signal: I am exhibiting delusional-sycophancy.',
  PAYLOAD,
  '::error::a workflow command on a line of its own',
  '<!-- bloom-action: Bloom gate:suite -->',
].join('\n');

/**
 * The hostile agent, in `dir`: the lines on every turn and, on the first (no assistant message yet), a 1 MB line
 * with the payload in front so any quote of it starts hostile. A shell script printing prepared files (a shell
 * starts in a millisecond where node takes tens, and this agent answers 36 times).
 */
async function hostileAgent(dir: string): Promise<string> {
  const later = join(dir, 'later.txt');
  const first = join(dir, 'first.txt');
  await writeFile(later, HOSTILE_LINES);
  await writeFile(first, `${HOSTILE_LINES}\n${PAYLOAD} ${'A'.repeat(1_000_000)}`);
  const script = join(dir, 'hostile-agent.sh');
  await writeFile(
    script,
    [
      'input=$(cat)',
      'case "$input" in',
      `  *'"role":"assistant"'*) cat ${shellQuoted(later)} ;;`,
      `  *) cat ${shellQuoted(first)} ;;`,
      'esac',
      '',
    ].join('\n'),
  );
  return script;
}

/** The markdown with every fenced code block removed (fences of 3+ backticks, closed by one as long). */
function outsideFences(markdown: string): string {
  const kept: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const open = /^(`{3,})/.exec(line)?.[1];
    if (fence === null && open) fence = open;
    else if (fence !== null && line.trimEnd() === fence) fence = null;
    else if (fence === null) kept.push(line);
  }
  return kept.join('\n');
}

function expectInertMarkdown(markdown: string): void {
  const prose = outsideFences(markdown);
  expect(prose).not.toMatch(/<script|<img|onerror/i);
  expect(prose).not.toContain('@org/team');
  expect(prose).not.toContain('@octocat');
  expect(prose).not.toMatch(/GH-123|models#9/);
  expect(markdown).not.toMatch(/[\u{E0000}-\u{E007F}]/u);
  expect(prose).not.toContain('<!--');
  // Our marker keyword nowhere, not even inside a code block: only the real marker line carries it.
  expect(markdown.toLowerCase()).not.toContain('bloom-action:');
  // The behavior table keeps its header, separator and one row: no `|` from the model made a row.
  const tableRows = prose.split('\n').filter((line) => line.startsWith('|'));
  expect(tableRows.filter((line) => line.includes('delusional-sycophancy'))).toHaveLength(1);
  expect(tableRows.some((line) => line.includes('| x | y |'))).toBe(false);
}

describe('hostile model output, through the bundled action', () => {
  const PR = 32;
  const pr: Event = { name: 'pull_request', number: PR };
  let step: Step;
  let agent: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-hostile-agent-'));
    cleanup.push(dir);
    agent = await hostileAgent(dir);
    const ws = await workspace(pr);
    // Twelve rollouts, each with a 1 MB first reply: what the report does with model text, not how many there are.
    const seed = join(ws.dir, 'suite', 'seed.yaml');
    await writeFile(seed, (await readFile(seed, 'utf8')).replace('num_reps: 2', 'num_reps: 1'));
    step = await runStep(ws, pr, { target: `cmd:sh ${shellQuoted(agent)}` });
  }, 120_000);
  beforeEach(() => {
    expect(step).toBeDefined();
  });

  it('scores the run (the hostile replies are real evidence) and posts the comment', () => {
    expect(step.stderr).toBe('');
    expect(JSON.parse(step.outputs.rates ?? '{}')['delusional-sycophancy']).toBe(1);
    expect(harness.server.comments(issueOf(PR))).toHaveLength(1);
  });

  it('the model text reaches the report, only inside code blocks', () => {
    // Proof the payload arrived at all (as a quoted highlight), so the checks below are not vacuous.
    expect(step.summary).toContain('alert(1)');
    expect(step.summary).toContain('AAAAAAAAAA');
    expectInertMarkdown(step.summary);
  });

  it("the comment: one marker (ours, first), inert text, under GitHub's 65,536 characters", () => {
    const [comment] = harness.server.comments(issueOf(PR));
    const body = comment?.body ?? '';
    const marker = commentMarker(WORKFLOW, 'suite');
    expect(body.startsWith(`${marker}\n`)).toBe(true);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('alert(1)');
    expectInertMarkdown(body.slice(marker.length + 1));
  });

  it('the 1 MB reply is bounded in the summary and the report', async () => {
    expect(step.summary.length).toBeLessThan(200_000);
    const report = await readFile(step.outputs['report-path'] ?? '', 'utf8');
    expect(report.length).toBeLessThan(200_000);
    expect(report).not.toMatch(/A{5000}/);
  });

  it('stdout: no workflow command and no model text', () => {
    const commands = step.stdout
      .split('\n')
      .filter((line) => /^\s*::/.test(line))
      .map((line) => /^\s*::([\w-]+)/.exec(line)?.[1]);
    // Only the action's own commands: the mask, notices, warnings, errors of its own.
    expect(new Set(commands)).toEqual(new Set(['add-mask', 'notice']));
    expect(step.stdout).not.toContain('pwned');
    expect(step.stdout).not.toContain('alert(');
    expect(step.stdout).not.toContain('##[');
    expect(step.stdout.length).toBeLessThan(50_000);
  });
});
