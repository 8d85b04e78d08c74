// Gemini, the provider added as one file (src/models/providers/gemini.ts) and one registry line: through the real
// openai SDK against a local server answering as Google's OpenAI-compatible endpoint does, errors included.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelCallError } from '../../src/models/errors.ts';
import { checkApiKeys, MissingApiKeyError } from '../../src/models/registry.ts';
import type { CompletionRequest } from '../../src/models/types.ts';
import { type ModelServer, type Step, startModelServer } from '../support/model-server.ts';
import { skippingClock } from '../support/skipping-clock.ts';
import { openaiCompletion, reply } from '../support/wire.ts';
import { GEMINI_KEY, harness } from './clients.ts';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

function lastRequest() {
  const request = server.requests[server.requests.length - 1];
  return { ...request, body: request?.body as Record<string, unknown> };
}

/** An error as Google's OpenAI-compatible endpoint sends it: a JSON list of Google's error objects. */
function googleError(status: number, code: string, message: string, details: unknown[] = []): Step {
  return { kind: 'json', status, body: [{ error: { code: status, message, status: code, details } }] };
}

const ask = (request: Partial<CompletionRequest> = {}): CompletionRequest => ({
  purpose: 'judge',
  maxTokens: 700,
  messages: [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'Hi' },
  ],
  ...request,
});

describe('gemini provider through the real openai SDK', () => {
  it("sends Google's dialect: max_tokens, the temperature, and Bloom's thinking budget as thinking_config", async () => {
    server.enqueue(
      reply(openaiCompletion({ text: 'Hello', usage: { prompt: 9, completion: 2 } })),
      reply(openaiCompletion({ text: 'Thought', usage: { prompt: 9, completion: 40, reasoning: 30 } })),
    );
    const { client, ledger } = harness(server, 'gemini/gemini-2.5-flash');
    const plain = await client.complete(ask({ temperature: 0.3 }));
    expect(plain.message).toEqual({ role: 'assistant', content: 'Hello' });
    const first = lastRequest();
    expect(first.path).toBe('/v1beta/openai/chat/completions');
    expect(first.headers?.authorization).toBe(`Bearer ${GEMINI_KEY}`);
    expect(first.body).toMatchObject({ model: 'gemini-2.5-flash', max_tokens: 700, temperature: 0.3 });
    for (const key of ['max_completion_tokens', 'reasoning_effort', 'extra_body']) {
      expect(first.body[key], key).toBeUndefined();
    }

    const thought = await client.complete(ask({ temperature: 1, reasoningEffort: 'medium' }));
    expect(thought.usage.reasoningTokens).toBe(30);
    const second = lastRequest();
    // Gemini samples while it thinks: the temperature stays, unlike OpenAI's reasoning models.
    expect(second.body).toMatchObject({
      temperature: 1,
      extra_body: { google: { thinking_config: { thinking_budget: 2048 } } },
    });
    expect(second.body.reasoning_effort).toBeUndefined();
    expect(ledger.summary().byModel['gemini/gemini-2.5-flash']).toMatchObject({ calls: 2, inputTokens: 18 });
  });

  it("reads Google's list of errors: the status and message in one line, not retried when permanent", async () => {
    server.enqueue(
      googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "reasoning"'),
    );
    const { client } = harness(server, 'gemini/gemini-2.5-pro');
    const error = await client.complete(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).message).toBe(
      'gemini/gemini-2.5-pro: HTTP 400 (INVALID_ARGUMENT): Invalid JSON payload received. Unknown name "reasoning"',
    );
    expect((error as ModelCallError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('waits the retryDelay a 429 names in its RetryInfo detail, then succeeds', async () => {
    const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' };
    server.enqueue(
      googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [retryInfo]),
      reply(openaiCompletion({ text: 'after the wait' })),
    );
    const clock = skippingClock();
    const { client, sleeps } = harness(server, 'gemini/gemini-2.5-flash', { clock });
    const result = await client.complete(ask());
    expect(result.message.content).toBe('after the wait');
    expect(sleeps).toEqual([7000]);
    expect(clock.skipped()).toBeGreaterThan(6900);
    expect(server.requests).toHaveLength(2);
  });

  it('serves a models.json entry with a base_url and a gemini/ id in its own dialect (a proxy)', async () => {
    server.enqueue(reply(openaiCompletion({ text: 'proxied' })));
    const id = 'gemini/gemini-2.5-flash';
    const { client } = harness(server, id, {
      env: { PROXY_KEY: 'pk-proxy-secret-0123456789' },
      resolved: {
        name: 'flash',
        id,
        displayName: 'Flash',
        entry: { id, base_url: `${server.url}/proxy`, api_key_env: 'PROXY_KEY' },
      },
    });
    await client.complete(ask({ reasoningEffort: 'low' }));
    expect(lastRequest().path).toBe('/proxy/chat/completions');
    expect(lastRequest().headers?.authorization).toBe('Bearer pk-proxy-secret-0123456789');
    expect(lastRequest().body).toMatchObject({
      model: 'gemini-2.5-flash',
      max_tokens: 700,
      extra_body: { google: { thinking_config: { thinking_budget: 1024 } } },
    });
  });

  it('needs GEMINI_API_KEY before any call', () => {
    const model = { name: 'gemini/gemini-2.5-pro', id: 'gemini/gemini-2.5-pro', displayName: 'Gemini' };
    expect(() => checkApiKeys([model], {})).toThrow(MissingApiKeyError);
    expect(() => checkApiKeys([model], {})).toThrow(/GEMINI_API_KEY for gemini\/gemini-2\.5-pro/);
    expect(() => checkApiKeys([model], { GEMINI_API_KEY: 'k' })).not.toThrow();
  });
});
