// Provider keys and agent header secrets never reach a file the tool writes or its output. The whole pipeline
// (pin, run, baseline, compare, view, report --format inspect) runs with recognisable fake keys in the
// environment and an HTTP agent that requires a bearer token; then every file and every byte of output is
// searched for each secret, its base64 forms and its random tail. Then the error paths: providers and an agent
// answering 401 with the key echoed back in the body.

import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs fixture without types
import { startEchoAgentServer } from '../../fixtures/agents/echo-agent-server.mjs';
import { type CliResult, runCli } from '../support/cli.ts';
import { type ModelServer, type RecordedRequest, startModelServer } from '../support/model-server.ts';
import { demoCopy, envRef, readRollout } from '../targets/demo-copy.ts';
import { filesUnder, leaks, needlesOf } from './needles.ts';

const tail = () => randomBytes(9).toString('hex');
const SECRETS = {
  ANTHROPIC_API_KEY: `sk-ant-FAKE-KEY-${tail()}`,
  OPENAI_API_KEY: `sk-proj-FAKE-OPENAI-${tail()}`,
  OPENROUTER_API_KEY: `sk-or-v1-FAKE-${tail()}`,
  AGENT_TOKEN: `agent-secret-${tail()}`,
};
const ENV = { ...SECRETS };

async function expectNoSecretIn(root: string, outputs: CliResult[]): Promise<number> {
  const files = await filesUnder(root);
  const texts = [
    ...files,
    ...outputs.flatMap((o, i) => [
      { path: `stdout of command ${i + 1}`, text: o.stdout },
      { path: `stderr of command ${i + 1}`, text: o.stderr },
    ]),
  ];
  expect(leaks(texts, needlesOf(SECRETS, 18))).toEqual([]);
  return files.length;
}

let agent: { url: string; close: () => Promise<void> };
let provider: ModelServer;
beforeAll(async () => {
  agent = await startEchoAgentServer({ token: SECRETS.AGENT_TOKEN });
  provider = await startModelServer();
});
afterAll(async () => {
  await agent.close();
  await provider.close();
});

describe('secrets never leave the process', () => {
  it('the full pipeline with an authenticated HTTP agent writes and prints no key', async () => {
    const copy = await demoCopy({
      target: { http: { url: agent.url, headers: { Authorization: `Bearer ${envRef('AGENT_TOKEN')}` } } },
    });
    const root = join(copy.dir, '..');
    const base = join(root, 'base');
    await mkdir(base);
    const steps: string[][] = [
      ['pin', copy.dir, '--results', copy.results],
      ['pin', copy.dir, '--check'],
      ['run', copy.dir, '--results', copy.results],
      ['baseline', copy.results, '--out', join(base, 'baseline.json')],
      ['run', copy.dir, '--results', join(root, 'again')],
      ['compare', join(root, 'again'), '--baseline', join(base, 'baseline.json')],
      ['compare', join(root, 'again'), '--baseline', join(base, 'baseline.json'), '--json'],
      [
        'view',
        copy.results,
        '--baseline',
        join(base, 'baseline.json'),
        '--history',
        join(base, 'history.jsonl'),
      ],
      ['report', copy.results, '--format', 'inspect', '--out', join(root, 'inspect')],
      ['report', copy.results, '--format', 'inspect'],
      ['report', copy.results, '--json'],
      ['report', copy.results],
    ];
    const outputs: CliResult[] = [];
    for (const args of steps) {
      const result = await runCli(args, { env: ENV });
      expect(result.code, `bloom ${args[0]}: ${result.stderr}`).toBe(0);
      outputs.push(result);
    }
    // The agent really was called with the token (it answers 401 without it), so the secret was in play.
    const rollout = await readRollout(copy);
    expect(rollout.failed_count).toBe(0);
    expect(rollout.successful_count).toBe(6);
    const names = (await readdir(copy.behaviorDir)).sort();
    expect(names).toEqual(expect.arrayContaining(['judgment.json', 'rollout.json']));
    expect(await readdir(copy.results)).toContain('viewer.html');
    expect((await readdir(join(root, 'inspect'))).some((f) => f.endsWith('.json'))).toBe(true);
    expect(await readdir(copy.dir)).toContain('suite.lock.json');
    const searched = await expectNoSecretIn(root, outputs);
    expect(searched).toBeGreaterThan(30);
  });

  /** A provider that refuses every call with 401 and echoes the key it was sent. */
  function echoKeyOn401(request: RecordedRequest) {
    const sent = String(request.headers['x-api-key'] ?? request.headers.authorization ?? '');
    return {
      kind: 'json' as const,
      status: 401,
      body: {
        type: 'error',
        error: { type: 'authentication_error', message: `Incorrect API key provided: ${sent}. Key: ${sent}` },
      },
    };
  }

  it.each([
    ['Anthropic', { id: 'anthropic/claude-fake', base_url: '' }, {}],
    ['OpenAI', { id: 'openai/gpt-fake', base_url: '/v1', api_key_env: 'OPENAI_API_KEY' }, {}],
    ['OpenRouter', { id: 'openrouter/vendor/model-fake' }, { OPENROUTER_BASE_URL: '/v1' }],
  ] as const)(
    '%s: a 401 that echoes the key gives one line, exit 3, and no key anywhere',
    async (_name, entry, baseEnv) => {
      provider.reset();
      provider.setFallback(echoKeyOn401);
      const models: Record<string, unknown> = {
        'demo-target': {
          ...entry,
          ...('base_url' in entry ? { base_url: `${provider.url}${entry.base_url}` } : {}),
        },
      };
      const env: Record<string, string> = { ...ENV };
      for (const [k, v] of Object.entries(baseEnv)) env[k] = `${provider.url}${v}`;
      const copy = await demoCopy({}, { models });
      const run = await runCli(['run', copy.dir, '--results', copy.results], { env });
      expect(provider.requests.length).toBeGreaterThan(0);
      // The key was sent, and echoed back: the server saw it, the tool must not repeat it.
      const sent = JSON.stringify(provider.requests[0]?.headers);
      expect(sent).toMatch(/FAKE/);
      expect(run.code).toBe(3);
      if (process.env.BLOOM_SHOW_ERRORS)
        console.log(
          run.stderr
            .split('\n')
            .filter((l) => l.startsWith('bloom'))
            .join('\n'),
        );
      const errorLines = run.stderr.split('\n').filter((line) => line.startsWith('bloom: '));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toMatch(/^bloom: no rollout was scored .*; first failure: .*401.*\[redacted\]/);
      const rollout = await readRollout(copy);
      expect(rollout.failed_count).toBe(6);
      for (const r of rollout.rollouts) expect(r.error).toMatch(/401/);
      await expectNoSecretIn(join(copy.dir, '..'), [run]);
    },
  );

  it('an HTTP agent 401 that echoes the bearer token fails its rollouts without writing the token', async () => {
    provider.reset();
    provider.setFallback((request) => ({
      kind: 'raw',
      status: 401,
      text: `unauthorized: got header "${String(request.headers.authorization)}"`,
    }));
    const copy = await demoCopy({
      target: {
        http: {
          url: `${provider.url}/v1/chat/completions`,
          headers: { Authorization: `Bearer ${envRef('AGENT_TOKEN')}` },
        },
      },
    });
    const run = await runCli(['run', copy.dir, '--results', copy.results], { env: ENV });
    expect(String(provider.requests[0]?.headers.authorization)).toBe(`Bearer ${SECRETS.AGENT_TOKEN}`);
    expect(run.code).toBe(3);
    const rollout = await readRollout(copy);
    expect(rollout.failed_count).toBe(6);
    for (const r of rollout.rollouts)
      expect(r.error).toMatch(/HTTP 401: unauthorized: got header "\[redacted\]"/);
    await expectNoSecretIn(join(copy.dir, '..'), [run]);
  });
});
