import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { demoCopy, envRef } from './demo-copy.ts';

interface Case {
  name: string;
  target: unknown;
  env?: Record<string, string>;
  args?: string[];
  message: string;
}

const cases: Case[] = [
  {
    name: 'a missing env var in a header, named without any value',
    target: {
      http: {
        url: 'http://127.0.0.1:9/agent',
        headers: { Authorization: `Bearer ${envRef('AGENT_TOKEN')}` },
      },
    },
    env: { OTHER: 'x' },
    message:
      `environment: AGENT_TOKEN: expected a value for ${envRef('AGENT_TOKEN')} (used by data/seed.yaml: ` +
      'rollout.target.http.headers.Authorization), found nothing',
  },
  {
    name: 'a missing env var in a command env',
    target: { command: 'node agent.js', env: { API_KEY: envRef('AGENT_API_KEY') } },
    message:
      `environment: AGENT_API_KEY: expected a value for ${envRef('AGENT_API_KEY')} (used by data/seed.yaml: ` +
      'rollout.target.env.API_KEY), found nothing',
  },
  {
    name: 'an object of no known form',
    target: { cmd: 'node agent.js' },
    message:
      'data/seed.yaml: rollout.target: expected a model name, or a mapping with one of the keys model, http, ' +
      'command, found a mapping with keys cmd',
  },
  {
    name: 'a list',
    target: ['demo-target'],
    message:
      'data/seed.yaml: rollout.target: expected a model name, or a mapping with one of the keys model, http, ' +
      'command, found an array of 1',
  },
  {
    name: 'a misspelled key, with a suggestion',
    target: { http: { url: 'http://127.0.0.1:9/agent', metod: 'PUT' } },
    message:
      'data/seed.yaml: rollout.target.http.metod: expected one of the keys url, method, headers, body, reply_path, ' +
      'session, timeout_ms, max_attempts, call_cache, found unknown key "metod" (did you mean "method"?)',
  },
  {
    name: 'a URL that is not http(s)',
    target: { http: { url: 'ftp://example.com/agent' } },
    message:
      'data/seed.yaml: rollout.target.http.url: expected an http:// or https:// url, found "ftp://example.com/agent"',
  },
  {
    name: 'an unknown body placeholder',
    target: { http: { url: 'http://127.0.0.1:9/agent', body: { q: '{{question}}' } } },
    message:
      'data/seed.yaml: rollout.target.http.body: expected placeholders among {{messages}}, {{message}}, ' +
      '{{system}}, {{session_id}}, {{tools}}, found {{question}}',
  },
  {
    name: 'a bad session mode',
    target: { http: { url: 'http://127.0.0.1:9/agent', session: 'sticky' } },
    message:
      'data/seed.yaml: rollout.target.http.session: expected one of "stateless", "session", found "sticky"',
  },
  {
    name: 'a missing system prompt file',
    target: { model: 'demo-target', system_prompt_file: 'prompts/missing.md' },
    message:
      'data/seed.yaml: rollout.target.system_prompt_file: expected a file relative to the data folder, ' +
      'found "prompts/missing.md" (no such file)',
  },
  {
    name: 'an unknown model in the object form',
    target: { model: 'no-such-model', system_prompt_mode: 'prefix' },
    message: 'data/seed.yaml: rollout.target.model: expected a model short name',
  },
  {
    name: 'a missing --target file',
    target: 'demo-target',
    args: ['--target', 'no/such/target.yaml'],
    message: 'no/such/target.yaml: expected a target file (.yaml, .yml or .json), found no such file',
  },
  {
    name: 'a --target URL that does not parse',
    target: 'demo-target',
    args: ['--target', 'http://'],
    message: '--target: http.url: expected an http:// or https:// url, found "http://"',
  },
];

describe('target config errors: exit 2 and one line before any call', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const copy = await demoCopy({ target: c.target });
      const run = await runCli(['run', copy.dir, '--results', copy.results, ...(c.args ?? [])], {
        env: c.env,
      });
      expect(run.code).toBe(2);
      const line = run.stderr.trim().split('\n').at(-1) ?? '';
      expect(line.startsWith(`bloom: ${c.message}`), line).toBe(true);
      expect(run.stdout).toBe('');
    });
  }
});
