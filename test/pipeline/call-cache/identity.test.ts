// What the call cache keys a call on, and which targets it may serve.

import { describe, expect, it } from 'vitest';
import { parseTargetConfig } from '../../../src/formats/target.ts';
import type { CompletionRequest } from '../../../src/models/types.ts';
import {
  modelCacheIdentity,
  targetCacheIdentity,
  targetIsCacheable,
} from '../../../src/pipeline/call-cache/identity.ts';
import { callKey } from '../../../src/pipeline/call-cache/key.ts';
import type { TargetPlan } from '../../../src/targets/resolve.ts';

const where = { file: 'seed.yaml', keyPath: 'rollout.target' };

function plan(raw: unknown): TargetPlan {
  const config = parseTargetConfig(raw, where);
  if (config.kind === 'http') return { kind: 'http', config: config.config, where };
  if (config.kind === 'command') return { kind: 'command', config: config.config, cwd: '/somewhere', where };
  throw new Error('not an agent');
}

const request: CompletionRequest = {
  purpose: 'target',
  sampleKey: 'v1r1/target/1',
  maxTokens: 100,
  messages: [{ role: 'user', content: 'Hello' }],
};

describe('call cache identity', () => {
  it("keys an HTTP agent on its configuration, never on a header's or query's value", () => {
    const http = (headers: Record<string, string>, url = 'https://agents.example.com/chat?key=one') =>
      plan({ http: { url, headers } });
    const a = targetCacheIdentity(http({ Authorization: 'Bearer one' }));
    expect(JSON.stringify(a)).not.toContain('one');
    expect(
      targetCacheIdentity(http({ Authorization: 'Bearer two' }, 'https://agents.example.com/chat?key=two')),
    ).toEqual(a);
    expect(targetCacheIdentity(http({ 'X-Other': 'x' }))).not.toEqual(a);
    const other = plan({ http: { url: 'https://agents.example.com/chat', body: { input: '{{message}}' } } });
    expect(callKey(targetCacheIdentity(other), request)).not.toBe(callKey(a, request));
  });

  it('keys a command on its command line, configured cwd and env templates, not on where it runs', () => {
    const one = plan({ command: 'node agent.mjs', env: { TOKEN: `\${AGENT_TOKEN}` } });
    const moved = { ...one, cwd: '/elsewhere' } as TargetPlan;
    expect(targetCacheIdentity(moved)).toEqual(targetCacheIdentity(one));
    expect(targetCacheIdentity(plan({ command: 'node agent.mjs --v2' }))).not.toEqual(
      targetCacheIdentity(one),
    );
  });

  it('serves agents only when their config opts in; models always', () => {
    expect(targetIsCacheable(plan({ http: { url: 'https://a.example.com/' } }))).toBe(false);
    expect(targetIsCacheable(plan({ http: { url: 'https://a.example.com/', call_cache: true } }))).toBe(true);
    expect(targetIsCacheable(plan({ command: 'node a.mjs' }))).toBe(false);
    expect(targetIsCacheable(plan({ command: 'node a.mjs', call_cache: true }))).toBe(true);
    const model = { name: 'm', id: 'anthropic/claude-sonnet-4', displayName: 'm' };
    expect(targetIsCacheable({ kind: 'model', model })).toBe(true);
  });

  it("keys a model on its id and models.json base_url, and every request's sample, parameters and messages", () => {
    const model = { name: 'm', id: 'openai/gpt-5', displayName: 'm' };
    const local = { ...model, entry: { id: 'openai/gpt-5', base_url: 'http://127.0.0.1:8000/v1' } };
    const key = callKey(modelCacheIdentity(model), request);
    expect(callKey(modelCacheIdentity(local as typeof model), request)).not.toBe(key);
    for (const changed of [
      { ...request, sampleKey: 'v1r2/target/1' },
      { ...request, maxTokens: 101 },
      { ...request, temperature: 0.5 },
      { ...request, purpose: 'judge' as const },
      { ...request, messages: [{ role: 'user' as const, content: 'Hello!' }] },
      { ...request, meta: { variation: 1 } },
    ]) {
      expect(callKey(modelCacheIdentity(model), changed)).not.toBe(key);
    }
    expect(callKey(modelCacheIdentity(model), { ...request, signal: new AbortController().signal })).toBe(
      key,
    );
  });
});
