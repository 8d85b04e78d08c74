// Prompt caching at the provider boundary: where Anthropic's cache_control breakpoints go (limits and minimum
// sizes), and the cached tokens both SDKs read back into usage, the ledger and the cost.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cacheBreakpoints,
  cacheMinimumTokens,
  MAX_CACHE_BREAKPOINTS,
  toAnthropicParams,
} from '../../src/models/providers/anthropic.ts';
import type { ChatMessage, CompletionRequest } from '../../src/models/types.ts';
import { type ModelServer, startModelServer } from '../support/model-server.ts';
import { anthropicMessage, openaiCompletion, reply } from '../support/wire.ts';
import { harness } from './clients.ts';

/** About `tokens` tokens of text (four characters each). */
const text = (tokens: number) => 'word '.repeat(Math.ceil((tokens * 4) / 5));

function conversation(turns: number, tokensEach: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: text(tokensEach) }];
  for (let i = 0; i < turns; i++) {
    messages.push(
      { role: 'user', content: text(tokensEach) },
      { role: 'assistant', content: text(tokensEach) },
    );
  }
  messages.push({ role: 'user', content: text(tokensEach) });
  return messages;
}

function request(messages: ChatMessage[], cachePrefixEnds: number[]): CompletionRequest {
  return { messages, cachePrefixEnds, maxTokens: 100, purpose: 'evaluator' };
}

const SONNET = 'claude-sonnet-4-20250514';

describe('cache breakpoints', () => {
  it("knows each model family's minimum cacheable prefix", () => {
    expect(cacheMinimumTokens(SONNET)).toBe(1024);
    expect(cacheMinimumTokens('claude-opus-4-1-20250805')).toBe(1024);
    expect(cacheMinimumTokens('claude-opus-4-5-20251101')).toBe(4096);
    expect(cacheMinimumTokens('claude-haiku-4-5')).toBe(4096);
    expect(cacheMinimumTokens('claude-3-5-haiku-20241022')).toBe(2048);
    expect(cacheMinimumTokens('claude-sonnet-4-6')).toBe(2048);
  });

  it('marks the system prompt and the last message, as text blocks with cache_control', () => {
    const messages = conversation(2, 1200);
    const params = toAnthropicParams(SONNET, request(messages, [0, messages.length - 1]));
    expect(params.system).toEqual([
      { type: 'text', text: messages[0]?.content, cache_control: { type: 'ephemeral' } },
    ]);
    const last = params.messages[params.messages.length - 1];
    expect(last?.content).toEqual([
      { type: 'text', text: messages[messages.length - 1]?.content, cache_control: { type: 'ephemeral' } },
    ]);
    // Unmarked turns keep the plain-string form.
    expect(typeof params.messages[0]?.content).toBe('string');
  });

  it('leaves out prefixes clearly below the minimum, per model', () => {
    const messages = conversation(1, 300); // system 300, prefix at the last message about 1200 tokens
    expect(cacheBreakpoints(SONNET, request(messages, [0, 3]))).toEqual([3]);
    expect(cacheBreakpoints('claude-opus-4-5', request(messages, [0, 3]))).toEqual([]);
    const params = toAnthropicParams('claude-opus-4-5', request(messages, [0, 3]));
    expect(JSON.stringify(params)).not.toContain('cache_control');
  });

  it(`keeps at most ${MAX_CACHE_BREAKPOINTS}, the latest, and never an empty text block`, () => {
    const messages = conversation(4, 1100);
    const all = messages.map((_, i) => i);
    const chosen = cacheBreakpoints(SONNET, request(messages, all));
    expect(chosen).toEqual(all.slice(-MAX_CACHE_BREAKPOINTS));
    const params = toAnthropicParams(SONNET, request(messages, all));
    expect(JSON.stringify(params).match(/cache_control/g)).toHaveLength(MAX_CACHE_BREAKPOINTS);
    const empty: ChatMessage[] = [...conversation(1, 1100), { role: 'assistant', content: '' }];
    expect(cacheBreakpoints(SONNET, request(empty, [empty.length - 1]))).toEqual([]);
  });

  it('marks nothing without cachePrefixEnds', () => {
    const params = toAnthropicParams(SONNET, {
      messages: conversation(2, 2000),
      maxTokens: 10,
      purpose: 'judge',
    });
    expect(JSON.stringify(params)).not.toContain('cache_control');
  });
});

describe('cached tokens read from the providers', () => {
  let server: ModelServer;
  beforeAll(async () => {
    server = await startModelServer();
  });
  afterAll(() => server.close());

  it('Anthropic: cache reads and writes join input_tokens in the total and are priced at 0.1x and 1.25x', async () => {
    server.enqueue(
      reply(
        anthropicMessage({ text: 'ok', usage: { input: 100, output: 10, cacheRead: 800, cacheWrite: 100 } }),
      ),
    );
    const { client, ledger, cost } = harness(server, 'anthropic/claude-sonnet-4-20250514');
    const result = await client.complete({
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: 10,
      purpose: 'judge',
    });
    expect(result.usage).toEqual({
      inputTokens: 1000,
      outputTokens: 10,
      cacheReadTokens: 800,
      cacheWriteTokens: 100,
    });
    expect(ledger.summary().byPurpose.judge).toMatchObject({
      inputTokens: 1000,
      cacheReadTokens: 800,
      cacheWriteTokens: 100,
    });
    // 100 x $3 + 800 x $0.30 + 100 x $3.75 + 10 x $15, per million.
    expect(cost.snapshot().total_usd).toBeCloseTo((300 + 240 + 375 + 150) / 1e6, 9);
    expect(cost.snapshot().saved_usd).toBeCloseTo((3000 + 150 - 1065) / 1e6, 9);
  });

  it("OpenAI: prompt_tokens_details.cached_tokens, priced at the model's cached price", async () => {
    server.enqueue(
      reply(openaiCompletion({ text: 'ok', usage: { prompt: 2000, completion: 10, cached: 1536 } })),
    );
    const { client, ledger, cost } = harness(server, 'openai/gpt-5');
    const result = await client.complete({
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: 10,
      purpose: 'target',
    });
    expect(result.usage).toEqual({ inputTokens: 2000, outputTokens: 10, cacheReadTokens: 1536 });
    expect(ledger.summary().byModel['openai/gpt-5']).toMatchObject({
      cacheReadTokens: 1536,
      cacheWriteTokens: 0,
    });
    // 464 x $1.25 + 1536 x $0.125 + 10 x $10, per million.
    expect(cost.snapshot().total_usd).toBeCloseTo((580 + 192 + 100) / 1e6, 9);
  });
});
