import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/models/types.ts';
import { type ModelServer, startModelServer } from '../support/model-server.ts';
import { openaiCompletion, reply } from '../support/wire.ts';
import { harness, OPENAI_KEY } from './clients.ts';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function lastRequest() {
  const request = server.requests[server.requests.length - 1];
  return { ...request, body: request?.body as Record<string, unknown> };
}

describe('openai provider through the real SDK', () => {
  it('sends chat messages with max_completion_tokens and temperature, returns text and usage', async () => {
    server.enqueue(reply(openaiCompletion({ text: 'Hello', usage: { prompt: 9, completion: 2 } })));
    const { client, ledger } = harness(server, 'openai/gpt-test');
    const result = await client.complete({
      purpose: 'judge',
      maxTokens: 700,
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(result.message).toEqual({ role: 'assistant', content: 'Hello' });
    expect(result.usage).toEqual({ inputTokens: 9, outputTokens: 2 });
    expect(result.stopReason).toBe('stop');
    const request = lastRequest();
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers?.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(request.body).toMatchObject({
      model: 'gpt-test',
      max_completion_tokens: 700,
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(request.body.reasoning_effort).toBeUndefined();
    expect(ledger.summary().byModel['openai/gpt-test']).toMatchObject({ calls: 1, inputTokens: 9 });
  });

  it('sends reasoning_effort (and no temperature) and reads reasoning from compatible servers', async () => {
    server.enqueue(
      reply(
        openaiCompletion({
          text: 'A',
          reasoning: 'thinking hard',
          usage: { prompt: 1, completion: 9, reasoning: 7 },
        }),
      ),
      reply(openaiCompletion({ text: 'B', reasoning: 'via reasoning field', reasoningField: 'reasoning' })),
    );
    const { client } = harness(server, 'openai/o-test');
    const first = await client.complete({
      purpose: 'target',
      maxTokens: 100,
      temperature: 1,
      reasoningEffort: 'high',
      messages: [{ role: 'user', content: 'Q' }],
    });
    expect(lastRequest().body.reasoning_effort).toBe('high');
    expect(lastRequest().body.temperature).toBeUndefined();
    expect(first.message.reasoning).toBe('thinking hard');
    expect(first.usage.reasoningTokens).toBe(7);
    const second = await client.complete({
      purpose: 'target',
      maxTokens: 100,
      messages: [{ role: 'user', content: 'Q' }],
    });
    expect(second.message.reasoning).toBe('via reasoning field');
  });

  it('round-trips tool calls: tools sent as functions, tool_calls parsed, tool messages sent back', async () => {
    server.enqueue(
      reply(
        openaiCompletion({
          text: null,
          toolCalls: [
            { id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' },
            { id: 'call_2', name: 'lookup', arguments: 'not json' },
          ],
        }),
      ),
      reply(openaiCompletion({ text: 'done' })),
    );
    const { client } = harness(server, 'openai/gpt-test');
    const tools = [
      { name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: {} } },
    ];
    const messages: ChatMessage[] = [{ role: 'user', content: 'go' }];
    const first = await client.complete({ purpose: 'target', maxTokens: 50, tools, messages });
    expect(lastRequest().body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: {} } },
      },
    ]);
    expect(first.message.content).toBe('');
    expect(first.message.toolCalls).toEqual([
      { id: 'call_1', name: 'lookup', arguments: { q: 'x' } },
      { id: 'call_2', name: 'lookup', arguments: { _unparsed: 'not json' } },
    ]);
    messages.push(first.message, { role: 'tool', toolCallId: 'call_1', content: 'result 1' });
    await client.complete({ purpose: 'target', maxTokens: 50, tools, messages });
    expect(lastRequest().body.messages).toEqual([
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'lookup', arguments: '{"_unparsed":"not json"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'result 1' },
    ]);
  });

  it('routes openrouter/<model> through the same client with the OpenRouter key', async () => {
    server.enqueue(reply(openaiCompletion({ text: 'from router' })));
    const { client } = harness(server, 'openrouter/deepseek/deepseek-r1');
    const result = await client.complete({
      purpose: 'target',
      maxTokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result.message.content).toBe('from router');
    expect(lastRequest().body.model).toBe('deepseek/deepseek-r1');
    expect(lastRequest().headers?.authorization).toBe('Bearer sk-or-test-secret-0123456789');
  });

  it('routes a models.json entry with base_url (keyless local server) to that URL', async () => {
    server.enqueue(reply(openaiCompletion({ text: 'local' })));
    const id = 'hosted_vllm/meta-llama/Llama-3-8B';
    const { client } = harness(server, id, {
      resolved: {
        name: 'my-llama',
        id,
        displayName: 'Llama',
        entry: { id, base_url: `${server.url}/local/v1` },
      },
    });
    const result = await client.complete({
      purpose: 'target',
      maxTokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result.message.content).toBe('local');
    expect(lastRequest().path).toBe('/local/v1/chat/completions');
    expect(lastRequest().body.model).toBe('meta-llama/Llama-3-8B');
    expect(JSON.stringify(lastRequest().headers)).not.toContain(OPENAI_KEY);
  });

  it('uses api_key_env for a base_url entry (Azure / LiteLLM proxy style)', async () => {
    server.enqueue(reply(openaiCompletion({ text: 'proxied' })));
    const id = 'litellm_proxy/team-model';
    const { client } = harness(server, id, {
      env: { PROXY_KEY: 'sk-proxy-secret-0123456789' },
      resolved: {
        name: 'team',
        id,
        displayName: 'Team',
        entry: { id, base_url: `${server.url}/proxy`, api_key_env: 'PROXY_KEY' },
      },
    });
    await client.complete({ purpose: 'judge', maxTokens: 10, messages: [{ role: 'user', content: 'x' }] });
    expect(lastRequest().path).toBe('/proxy/chat/completions');
    expect(lastRequest().body.model).toBe('team-model');
    expect(lastRequest().headers?.authorization).toBe('Bearer sk-proxy-secret-0123456789');
  });
});
