// The fault server itself: seeded fault and latency draws, the token bucket, wire formats that round-trip our
// messages, and each fault kind reaching the real SDKs as the failure our retry policy expects.

import { afterEach, describe, expect, it } from 'vitest';
import { anthropic, toAnthropicParams } from '../../src/models/providers/anthropic.ts';
import { openai, toOpenAIParams } from '../../src/models/providers/openai.ts';
import { classifyFailure } from '../../src/models/retry.ts';
import { createScriptedClient } from '../../src/models/scripted/index.ts';
import type { CompletionRequest, ModelClient } from '../../src/models/types.ts';
import { annotationHeaders } from '../../src/models/wire-annotations.ts';
import { fromAnthropicBody } from '../support/fault-server/anthropic-wire.ts';
import { unitDraw } from '../support/fault-server/draws.ts';
import { chooseFault, type FaultKind, latencyMs } from '../support/fault-server/faults.ts';
import {
  type FaultServer,
  type FaultServerOptions,
  startFaultServer,
} from '../support/fault-server/index.ts';
import { fromOpenAIBody } from '../support/fault-server/openai-wire.ts';
import { TokenBucket } from '../support/fault-server/token-bucket.ts';

const conversation: CompletionRequest = {
  purpose: 'target',
  sampleKey: 'v2r1/turn1',
  meta: { behavior: 'delusional-sycophancy', variation: 2, repetition: 1, step: 'reply' },
  maxTokens: 300,
  reasoningEffort: 'none',
  tools: [
    { name: 'lookup', description: 'Looks a thing up', parameters: { type: 'object', properties: {} } },
  ],
  messages: [
    { role: 'system', content: 'You are helpful.' },
    { role: 'user', content: 'Find my file.' },
    {
      role: 'assistant',
      content: 'Looking.',
      toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { q: 'file' } }],
    },
    { role: 'tool', toolCallId: 'call_1', content: 'found: notes.txt' },
    { role: 'user', content: 'Thanks, and now?' },
  ],
};

describe('seeded draws', () => {
  it('gives each kind its share of requests, and the same choice for the same (seed, request, attempt)', () => {
    const rates = { server_error: 0.1, reset: 0.05, malformed: 0.05 };
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const kind = chooseFault(rates, unitDraw(7, `request-${i}`, 0)) ?? 'none';
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    expect((counts.server_error ?? 0) / 20_000).toBeCloseTo(0.1, 1);
    expect((counts.none ?? 0) / 20_000).toBeCloseTo(0.8, 1);
    expect(unitDraw(7, 'a', 1)).toBe(unitDraw(7, 'a', 1));
    expect(unitDraw(7, 'a', 1)).not.toBe(unitDraw(8, 'a', 1));
    expect(unitDraw(7, 'a', 1)).not.toBe(unitDraw(7, 'a', 2));
  });

  it('draws latency from fixed, uniform and capped lognormal distributions', () => {
    const draws = Array.from(
      { length: 5_000 },
      (_, i) => [unitDraw(1, i, 'a'), unitDraw(1, i, 'b')] as const,
    );
    expect(latencyMs({ kind: 'fixed', ms: 50 }, 0.9, 0.1)).toBe(50);
    const uniform = draws.map(([a, b]) => latencyMs({ kind: 'uniform', minMs: 10, maxMs: 30 }, a, b));
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uniform)).toBeLessThan(30);
    const spec = { kind: 'lognormal', medianMs: 40, sigma: 0.5, maxMs: 400 } as const;
    const lognormal = draws.map(([a, b]) => latencyMs(spec, a, b)).sort((x, y) => x - y);
    expect(lognormal[2_500]).toBeGreaterThan(36);
    expect(lognormal[2_500]).toBeLessThan(44);
    expect(lognormal[4_999]).toBeLessThanOrEqual(400);
    expect(lognormal[4_950]).toBeGreaterThan(100);
  });
});

describe('token bucket', () => {
  it('allows a burst, then names the wait until the next token', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    expect(bucket.take()).toEqual({ ok: true });
    expect(bucket.take()).toEqual({ ok: true });
    expect(bucket.take()).toEqual({ ok: false, waitMs: 100 });
    now = 60;
    expect(bucket.take()).toEqual({ ok: false, waitMs: 40 });
    now = 100;
    expect(bucket.take()).toEqual({ ok: true });
  });
});

describe('wire formats', () => {
  const { messages, tools, maxTokens } = conversation;
  it('reads an Anthropic Messages body back into the same messages', () => {
    const wire = fromAnthropicBody(toAnthropicParams('scripted-target', conversation) as never);
    expect(wire).toMatchObject({ model: 'scripted-target', messages, maxTokens, reasoningEffort: 'none' });
    expect(wire.tools?.[0]?.name).toBe(tools?.[0]?.name);
    const thinking = fromAnthropicBody(
      toAnthropicParams('m', { ...conversation, reasoningEffort: 'low' }) as never,
    );
    expect(thinking.reasoningEffort).toBe('low');
  });

  it('reads an OpenAI chat-completions body back into the same messages', () => {
    const wire = fromOpenAIBody(
      toOpenAIParams('scripted-target', { ...conversation, temperature: 1 }) as never,
    );
    expect(wire).toEqual({
      model: 'scripted-target',
      messages,
      maxTokens,
      reasoningEffort: 'none',
      temperature: 1,
      tools,
    });
  });
});

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clients = {
  anthropic: (s: FaultServer): ModelClient =>
    anthropic.createClient({
      id: 'a',
      model: 'scripted-target',
      apiKey: 'k',
      baseURL: s.url,
      timeoutMs: 10_000,
      wireAnnotations: true,
    }),
  openai: (s: FaultServer): ModelClient =>
    openai.createClient({
      id: 'o',
      model: 'scripted-target',
      apiKey: 'k',
      baseURL: s.openaiURL,
      timeoutMs: 10_000,
      wireAnnotations: true,
    }),
};

const EXPECTED: Record<Exclude<FaultKind, 'stall'>, string[]> = {
  server_error: ['server'],
  rate_limit: ['rate_limit'],
  reset: ['connection'],
  truncate: ['connection', 'malformed'],
  malformed: ['malformed'],
};

describe.each(Object.keys(clients) as (keyof typeof clients)[])('%s through the real SDK', (format) => {
  const start = async (options: FaultServerOptions) => {
    server = await startFaultServer(options);
    return { server, client: clients[format](server) };
  };
  const scripted = () => createScriptedClient('scripted/target').complete(conversation);

  it('answers with the scripted reply for the decoded request', async () => {
    const { client } = await start({});
    const result = await client.complete(conversation);
    expect(result.message).toEqual((await scripted()).message);
    expect(result.usage).toEqual((await scripted()).usage);
  });

  it.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])(
    '%s: fails as the retry policy expects, then the retry gets the unfaulted reply',
    async (kind) => {
      const { server: s, client } = await start({ faults: { [kind]: 1 }, maxFaultsPerRequest: 1 });
      const error = await client.complete(conversation).then(
        () => undefined,
        (e: unknown) => e,
      );
      // As the retry policy reads it: with the provider's own reading of its SDK's errors.
      const failure = classifyFailure(error, Date.now(), client.describeError);
      expect(EXPECTED[kind]).toContain(failure.kind);
      expect(failure.retryable).toBe(true);
      if (kind === 'rate_limit') expect(failure.retryAfterMs).toBe(20);
      expect((await client.complete(conversation)).message).toEqual((await scripted()).message);
      expect(s.stats()).toMatchObject({ requests: 2, ok: 1, faults: { [kind]: 1 } });
    },
  );

  it('stall: holds the request until the client gives up', async () => {
    const { server: s, client } = await start({ faults: { stall: 1 }, maxFaultsPerRequest: 1 });
    const error = await client
      .complete({ ...conversation, signal: AbortSignal.timeout(200) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(s.stats().ok).toBe(0);
    expect((await client.complete(conversation)).message).toEqual((await scripted()).message);
  });
});

describe('rate limit and counters', () => {
  const post = (s: FaultServer, sampleKey: string) =>
    fetch(`${s.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...annotationHeaders({ ...conversation, sampleKey }) },
      body: JSON.stringify(toAnthropicParams('scripted-target', conversation)),
    });

  it('answers over-budget requests 429 with retry-after from the token bucket', async () => {
    server = await startFaultServer({ ratePerSecond: 1, burst: 2 });
    const statuses = [];
    for (const key of ['a', 'b', 'c']) statuses.push(await post(server, key));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    const wait = Number(statuses[2]?.headers.get('retry-after-ms'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1000);
    expect(Number(statuses[2]?.headers.get('retry-after'))).toBeCloseTo(wait / 1000, 3);
    expect(server.stats()).toMatchObject({ requests: 3, ok: 2, throttled: 1 });
  });

  it('counts requests in flight at once', async () => {
    server = await startFaultServer({ latency: { kind: 'fixed', ms: 300 } });
    const s = server;
    await Promise.all(['a', 'b', 'c', 'd'].map((key) => post(s, key)));
    expect(server.stats()).toMatchObject({ requests: 4, ok: 4, peakConcurrency: 4, inFlight: 0 });
    expect(server.stats().byPurpose).toEqual({ target: 4 });
  });
});
