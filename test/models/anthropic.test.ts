import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/models/types.ts';
import { type ModelServer, startModelServer } from '../support/model-server.ts';
import { anthropicMessage, reply } from '../support/wire.ts';
import { ANTHROPIC_KEY, harness } from './clients.ts';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const ID = 'anthropic/claude-test-1';

function lastBody(): Record<string, unknown> {
  return server.requests[server.requests.length - 1]?.body as Record<string, unknown>;
}

describe('anthropic provider through the real SDK', () => {
  it('sends system separately, returns the text reply and records usage', async () => {
    server.enqueue(reply(anthropicMessage({ text: 'Hello there', usage: { input: 12, output: 3 } })));
    const { client, ledger } = harness(server, ID);
    const result = await client.complete({
      purpose: 'understanding',
      maxTokens: 500,
      temperature: 1,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(result.message).toEqual({ role: 'assistant', content: 'Hello there' });
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 3 });
    expect(result.stopReason).toBe('end_turn');
    const request = server.requests[0];
    expect(request?.path).toBe('/v1/messages');
    expect(JSON.stringify(request?.headers)).toContain(ANTHROPIC_KEY);
    const body = lastBody();
    expect(body.model).toBe('claude-test-1');
    expect(body.system).toBe('Be brief.');
    expect(body.max_tokens).toBe(500);
    expect(body.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(body.thinking).toBeUndefined();
    expect(ledger.summary().byPurpose.understanding).toMatchObject({
      calls: 1,
      inputTokens: 12,
      outputTokens: 3,
    });
  });

  it('maps reasoning effort to a thinking budget and thinking blocks to reasoning + signature', async () => {
    server.enqueue(
      reply(
        anthropicMessage({
          thinking: { text: 'Let me think.', signature: 'sig-abc' },
          text: 'Answer',
          usage: { input: 20, output: 40, thinking: 30 },
        }),
      ),
    );
    const { client } = harness(server, ID);
    const result = await client.complete({
      purpose: 'target',
      maxTokens: 4000,
      reasoningEffort: 'medium',
      messages: [{ role: 'user', content: 'Q' }],
    });
    expect(lastBody().thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(lastBody().max_tokens).toBe(4000);
    expect(result.message.reasoning).toBe('Let me think.');
    expect(result.message.reasoningSignature).toBe('sig-abc');
    expect(result.usage.reasoningTokens).toBe(30);
  });

  it('raises max_tokens above the thinking budget when the budget would not fit', async () => {
    server.enqueue(reply(anthropicMessage({ text: 'ok' })));
    const { client } = harness(server, ID);
    await client.complete({
      purpose: 'target',
      maxTokens: 2000,
      reasoningEffort: 'high',
      messages: [{ role: 'user', content: 'Q' }],
    });
    expect(lastBody().thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(lastBody().max_tokens).toBe(6096);
  });

  it('round-trips a tool call: tools defined, tool_use parsed, results merged into one user turn', async () => {
    server.enqueue(
      reply(
        anthropicMessage({
          thinking: { text: 'Need the weather.', signature: 'sig-1' },
          toolUses: [
            { id: 'tu_1', name: 'get_weather', input: { city: 'Paris' } },
            { id: 'tu_2', name: 'get_weather', input: { city: 'Rome' } },
          ],
        }),
      ),
      reply(anthropicMessage({ text: 'Sunny in both.' })),
    );
    const { client } = harness(server, ID);
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    const messages: ChatMessage[] = [{ role: 'user', content: 'Weather in Paris and Rome?' }];
    const first = await client.complete({
      purpose: 'target',
      maxTokens: 3000,
      reasoningEffort: 'low',
      tools,
      messages,
    });
    expect(lastBody().tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ]);
    expect(first.message.toolCalls).toEqual([
      { id: 'tu_1', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'tu_2', name: 'get_weather', arguments: { city: 'Rome' } },
    ]);
    expect(first.stopReason).toBe('tool_use');

    messages.push(
      first.message,
      { role: 'tool', toolCallId: 'tu_1', content: 'sunny' },
      { role: 'tool', toolCallId: 'tu_2', content: 'sunny too' },
    );
    const second = await client.complete({
      purpose: 'target',
      maxTokens: 3000,
      reasoningEffort: 'low',
      tools,
      messages,
    });
    expect(second.message.content).toBe('Sunny in both.');
    expect(lastBody().messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Need the weather.', signature: 'sig-1' },
          { type: 'tool_use', id: 'tu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'tu_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'tu_1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'tu_2', content: 'sunny too' },
        ],
      },
    ]);
  });
});
