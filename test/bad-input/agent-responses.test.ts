// Bad agent responses (an HTTP agent or a command target answering garbage) are input too, but they fail the
// ROLLOUT, not the run: one line in rollout.json naming what was wrong, every other file whole, exit 0 when
// the rest of the suite is fine. Each case garbles exactly one target call of the 6-rollout suite.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { type ModelServer, type Step, startModelServer } from '../support/model-server.ts';
import { shellQuoted } from '../support/shell.ts';
import { allFiles, type DemoCopy, demoCopy, readRollout } from '../targets/demo-copy.ts';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const GOOD = 'I hear how much this matters to you; could we look at what else might explain it?';

/** The first target call gets `bad`; every later one a good reply (OpenAI-style, and at data.reply). */
function garbleFirstCall(bad: Step): void {
  let calls = 0;
  server.setFallback(() =>
    calls++ === 0
      ? bad
      : {
          kind: 'json',
          body: { choices: [{ message: { role: 'assistant', content: GOOD } }], data: { reply: GOOD } },
        },
  );
}

/**
 * A command agent whose first call (across processes) prints `output`; the rest answer in plain text. A shell
 * script, not a node one: the test is about what the agent prints, and a shell starts in a millisecond where node
 * takes tens (about 80 calls in this file).
 */
async function commandAgent(output: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bloom-bad-agent-'));
  const first = join(dir, 'first.out');
  const good = join(dir, 'good.out');
  const script = join(dir, 'agent.sh');
  await writeFile(first, output);
  await writeFile(good, GOOD);
  await writeFile(
    script,
    [
      'cat > /dev/null',
      `if mkdir ${shellQuoted(join(dir, 'first-call'))} 2>/dev/null; then cat ${shellQuoted(first)}; else cat ${shellQuoted(good)}; fi`,
      '',
    ].join('\n'),
  );
  return `sh ${shellQuoted(script)}`;
}

interface AgentCase {
  name: string;
  /** Sets up the agent; returns seed.yaml's rollout.target. */
  target: () => Promise<Record<string, unknown> | string>;
  /** models.json entries beside the demo's. */
  models?: () => Record<string, unknown>;
  error: RegExp;
}

/** An OpenAI chat completion holding `message`, as the SDK reads it. */
function chatCompletion(finishReason: string, message: Record<string, unknown>): Step {
  return {
    kind: 'json',
    body: {
      id: 'x',
      object: 'chat.completion',
      model: 'wire-target',
      choices: [{ index: 0, finish_reason: finishReason, message }],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    },
  };
}

const httpTarget = (extra: Record<string, unknown> = {}) => ({
  http: { url: `${server.url}/v1/chat/completions`, max_attempts: 1, ...extra },
});

const cases: AgentCase[] = [
  {
    name: 'HTTP agent answering 200 with an HTML page instead of JSON',
    target: async () => {
      garbleFirstCall({ kind: 'raw', text: '<html><body>Bad gateway\n<b>oops</b></body></html>' });
      return httpTarget();
    },
    error: /^target call failed \(turn 1\): .*HTTP 200 body is not JSON: <html><body>Bad gateway/,
  },
  {
    name: 'HTTP agent answering JSON without the reply_path',
    target: async () => {
      garbleFirstCall({ kind: 'json', body: { output: { text: 'no choices here' } } });
      return httpTarget({ reply_path: 'data.reply' });
    },
    error: /HTTP 200: reply_path "data\.reply" not found/,
  },
  {
    name: 'HTTP agent whose reply_path holds an object, not text',
    target: async () => {
      garbleFirstCall({ kind: 'json', body: { choices: [{ message: { content: { nested: true } } }] } });
      return httpTarget();
    },
    error: /reply_path "choices\.0\.message\.content"/,
  },
  {
    name: 'HTTP agent answering 500 with a multi-line stack trace',
    target: async () => {
      garbleFirstCall({
        kind: 'raw',
        status: 500,
        text: `Traceback (most recent call last):\n  File "agent.py", line 3\n${'x'.repeat(5000)}`,
      });
      return httpTarget();
    },
    error: /HTTP 500: Traceback \(most recent call last\):/,
  },
  {
    name: 'HTTP agent answering 2 MB, over the 1 MiB reply cap',
    target: async () => {
      garbleFirstCall({ kind: 'json', body: { choices: [{ message: { content: 'A'.repeat(2_000_000) } }] } });
      return httpTarget();
    },
    error:
      /^target call failed \(turn 1\): http:POST .*: the reply is larger than 1048576 bytes \(the reply size cap, --max-reply-bytes\)$/,
  },
  {
    name: 'HTTP agent redirecting to the cloud metadata address',
    target: async () => {
      garbleFirstCall({
        kind: 'raw',
        status: 302,
        headers: { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' },
        text: 'Found',
      });
      return httpTarget();
    },
    error: /HTTP 302: a redirect, not followed \(give the final URL as http\.url\)$/,
  },
  {
    name: 'command agent printing 2 MB, over the 1 MiB reply cap',
    target: async () => ({ command: await commandAgent('B'.repeat(2_000_000)) }),
    error:
      /wrote more than 1048576 bytes on stdout \(the reply size cap, --max-reply-bytes\); stderr: \(empty\)$/,
  },
  {
    name: 'command agent printing broken JSON',
    target: async () => ({ command: await commandAgent('{"content": "half a reply') }),
    error: /bad output: stdout starts with "\{" but is not valid JSON/,
  },
  {
    name: 'command agent printing nothing',
    target: async () => ({ command: await commandAgent('') }),
    error: /bad output: nothing on stdout/,
  },
  {
    name: 'HTTP agent whose reply is null (a broken target, not a safe one)',
    target: async () => {
      garbleFirstCall({
        kind: 'json',
        body: { choices: [{ message: { role: 'assistant', content: null } }] },
      });
      return httpTarget();
    },
    error:
      /^target call failed \(turn 1\): .*reply_path "choices\.0\.message\.content" not a string \(null\)/,
  },
  {
    name: 'HTTP agent whose reply is an empty string',
    target: async () => {
      garbleFirstCall({ kind: 'json', body: { choices: [{ message: { role: 'assistant', content: '' } }] } });
      return httpTarget();
    },
    error: /^target call failed \(turn 1\): the target replied with no content$/,
  },
  {
    name: 'a model (OpenAI wire, through the SDK) answering content null',
    target: async () => {
      garbleFirstCall(chatCompletion('stop', { role: 'assistant', content: null }));
      return 'wire-target';
    },
    models: () => ({ 'wire-target': { id: 'wire-target', org: 'test', base_url: `${server.url}/v1` } }),
    error: /^target call failed \(turn 1\): the target replied with no content$/,
  },
  {
    name: 'command agent printing a reply whose content is empty',
    target: async () => ({ command: await commandAgent('{"content": "   "}') }),
    error: /^target call failed \(turn 1\): .*no content/,
  },
  {
    name: 'command agent printing tool_calls that are not a list',
    target: async () => ({ command: await commandAgent('{"content": "ok", "tool_calls": "search"}') }),
    error: /bad output: "tool_calls" is not a list/,
  },
  {
    // Each reader of a transcript walks tool arguments (redaction, JSON writing, the Inspect log): 4,000 levels
    // crashed the run (exit 70), 1,500 made the Inspect log exceed V8's string limit.
    name: 'command agent printing tool-call arguments nested 10,000 levels deep',
    target: async () => ({ command: await commandAgent(deepToolCall(10_000)) }),
    error: /^target call failed \(turn 1\): .*the reply's tool-call arguments nest deeper than 64 levels$/,
  },
  {
    name: 'a model (OpenAI wire, through the SDK) calling a tool with arguments 5,000 levels deep',
    target: async () => {
      const args = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const call = { id: 'c1', type: 'function', function: { name: 'search', arguments: `{"q": ${args}}` } };
      garbleFirstCall(
        chatCompletion('tool_calls', { role: 'assistant', content: 'checking', tool_calls: [call] }),
      );
      return 'wire-target';
    },
    models: () => ({ 'wire-target': { id: 'wire-target', org: 'test', base_url: `${server.url}/v1` } }),
    error: /^target call failed \(turn 1\): .*the reply's tool-call arguments nest deeper than 64 levels$/,
  },
];

/** A reply whose one tool call's arguments nest `depth` lists deep. */
function deepToolCall(depth: number): string {
  const args = `{"q": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
  return `{"content": "checking", "tool_calls": [{"name": "search", "arguments": ${args}}]}`;
}

async function expectWholeFiles(copy: DemoCopy): Promise<void> {
  const files = await allFiles(copy.results);
  expect(files.length).toBeGreaterThan(6);
  for (const file of files) {
    if (file.path.endsWith('.json')) expect(() => JSON.parse(file.text), file.path).not.toThrow();
  }
}

describe('bad agent responses fail one rollout, not the run', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const copy = await demoCopy({ target: await c.target() }, { models: c.models?.() });
    const run = await runCli(['run', copy.dir, '--results', copy.results]);
    expect(run.stderr).not.toMatch(/^bloom: /m);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rollouts: 5\/6 written, 1 failed/);

    const rollout = await readRollout(copy);
    expect(rollout.failed_count).toBe(1);
    expect(rollout.successful_count).toBe(5);
    const errors = rollout.rollouts.flatMap((r) => (r.error ? [r.error] : []));
    expect(errors).toHaveLength(1);
    const [error] = errors as [string];
    if (process.env.BLOOM_SHOW_ERRORS) console.log(`${c.name}: ${error}`);
    expect(error).toMatch(c.error);
    expect(error).not.toMatch(/[\r\n]/);
    expect(error.length).toBeLessThan(1000);
    await expectWholeFiles(copy);
    const judgment = JSON.parse(await readFile(join(copy.behaviorDir, 'judgment.json'), 'utf8'));
    expect(judgment.judgments).toHaveLength(5);
    expect(judgment.summary_statistics.failed_rollout_count).toBe(1);
  });
});
