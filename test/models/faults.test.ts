// Every failure path of the retry policy, driven through each real SDK against the local server.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelCallError } from '../../src/models/errors.ts';
import type { CompletionRequest } from '../../src/models/types.ts';
import { type ModelServer, type Step, startModelServer } from '../support/model-server.ts';
import { skippingClock } from '../support/skipping-clock.ts';
import { anthropicError, anthropicMessage, openaiCompletion, openaiError, reply } from '../support/wire.ts';
import { ANTHROPIC_KEY, harness, OPENAI_KEY } from './clients.ts';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const request: CompletionRequest = {
  purpose: 'target',
  maxTokens: 50,
  messages: [{ role: 'user', content: 'hi' }],
};

const providers = [
  {
    name: 'anthropic',
    id: 'anthropic/claude-test',
    key: ANTHROPIC_KEY,
    ok: (text: string) => reply(anthropicMessage({ text })),
    okBody: anthropicMessage({ text: 'whole' }),
    error: (status: number, message: string, headers?: Record<string, string>) =>
      anthropicError(status, status === 429 ? 'rate_limit_error' : 'api_error', message, headers),
  },
  {
    name: 'openai',
    id: 'openai/gpt-test',
    key: OPENAI_KEY,
    ok: (text: string) => reply(openaiCompletion({ text })),
    okBody: openaiCompletion({ text: 'whole' }),
    error: (status: number, message: string, headers?: Record<string, string>) =>
      openaiError(status, message, headers),
  },
];

describe.each(providers)('$name: retry policy through the real SDK', (provider) => {
  it('fails at once on 401 with model, status and provider message, never the key', async () => {
    server.enqueue(provider.error(401, `invalid api key ${provider.key} given`));
    const { client, ledger, sleeps } = harness(server, provider.id);
    const error = await client.complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    const message = (error as Error).message;
    expect(message).toContain(provider.id);
    expect(message).toContain('HTTP 401');
    expect(message).toContain('invalid api key');
    expect(message).not.toContain(provider.key);
    expect(message).not.toContain('\n');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(ledger.summary().totals).toMatchObject({ calls: 1, failedCalls: 1, attempts: 1 });
  });

  it('fails at once on 400, 403 and 404', async () => {
    for (const status of [400, 403, 404]) {
      server.requests.length = 0;
      server.enqueue(provider.error(status, 'nope'));
      const { client } = harness(server, provider.id);
      await expect(client.complete(request)).rejects.toThrow(`HTTP ${status}`);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('waits the retry-after seconds on 429, then succeeds, and slows the limiter', async () => {
    server.enqueue(provider.error(429, 'slow down', { 'retry-after': '2' }), provider.ok('after wait'));
    const clock = skippingClock();
    const { client, sleeps, limiter, ledger } = harness(server, provider.id, { maxConcurrent: 8, clock });
    const started = clock.now();
    const result = await client.complete(request);
    expect(result.message.content).toBe('after wait');
    expect(sleeps).toEqual([2000]);
    // The limiter held the next start until the provider's time: the clock went at least that far, mostly by
    // skipping (real time spent meanwhile, long on a loaded machine, counts toward the wait and is not skipped).
    expect(clock.now() - started).toBeGreaterThanOrEqual(2000);
    expect(clock.skipped()).toBeGreaterThan(1000);
    expect(limiter.stats()).toMatchObject({ slowdowns: 1, active: 0 });
    expect(limiter.stats().intervalMs).toBeGreaterThan(0);
    expect(ledger.summary().totals).toMatchObject({ calls: 1, failedCalls: 0, attempts: 2 });
  });

  it('honors retry-after-ms', async () => {
    server.enqueue(provider.error(429, 'slow down', { 'retry-after-ms': '150' }), provider.ok('ok'));
    const { client, sleeps } = harness(server, provider.id);
    await client.complete(request);
    expect(sleeps).toEqual([150]);
  });

  it('retries a 500 with jittered backoff, then succeeds', async () => {
    server.enqueue(provider.error(500, 'boom'), provider.error(503, 'still boom'), provider.ok('recovered'));
    const { client, sleeps } = harness(server, provider.id, {
      retry: { baseDelayMs: 1000, random: () => 0.5 },
    });
    const result = await client.complete(request);
    expect(result.message.content).toBe('recovered');
    expect(sleeps).toEqual([500, 1000]);
  });

  const transient: [string, Step][] = [
    ['a connection reset', { kind: 'reset' }],
    ['a malformed JSON body', { kind: 'raw', text: '{"id": "msg_1", "content": [' }],
    ['a truncated body', { kind: 'truncate', body: provider.okBody }],
    ['a 2xx body of the wrong shape', { kind: 'json', body: { unexpected: true } }],
  ];
  it.each(transient)('retries after %s, then succeeds', async (_label, fault) => {
    server.enqueue(fault, provider.ok('second time'));
    const { client, sleeps } = harness(server, provider.id);
    const result = await client.complete(request);
    expect(result.message.content).toBe('second time');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('times out a stalled request and retries it', async () => {
    server.enqueue({ kind: 'stall' }, provider.ok('not stalled'));
    const { client, ledger } = harness(server, provider.id, { timeoutMs: 300 });
    const started = Date.now();
    const result = await client.complete(request);
    expect(result.message.content).toBe('not stalled');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(ledger.summary().totals.attempts).toBe(2);
  });

  it('gives up after maxAttempts with a message saying so', async () => {
    server.enqueue(provider.error(503, 'down'), provider.error(503, 'down'), provider.error(503, 'down'));
    const { client, sleeps } = harness(server, provider.id, { retry: { maxAttempts: 3 } });
    const error = (await client.complete(request).catch((e: unknown) => e)) as ModelCallError;
    expect(error.message).toMatch(/HTTP 503.*gave up after 3 attempts/);
    expect(error.attempts).toBe(3);
    expect(error.status).toBe(503);
    expect(sleeps).toHaveLength(2);
  });
});
