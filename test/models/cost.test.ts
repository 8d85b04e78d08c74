import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BudgetExceeded, CostMeter, estimateInputTokens, requirePrices } from '../../src/models/cost.ts';
import { instrumentClient } from '../../src/models/instrumented.ts';
import { UsageLedger, type UsageRecord } from '../../src/models/ledger.ts';
import { ConcurrencyLimiter } from '../../src/models/limiter.ts';
import type {
  CompletionRequest,
  CompletionResult,
  ModelClient,
  ResolvedModel,
  Usage,
} from '../../src/models/types.ts';
import { ConfigError, RunError } from '../../src/util/errors.ts';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

/** $1 per million input tokens, $10 per million output: 100 output tokens cost $0.001. */
const PRICE = {
  inputPerMTok: 1,
  outputPerMTok: 10,
  cachedInputPerMTok: 0.1,
  cacheWritePerMTok: 1.25,
  batchInputPerMTok: 0.5,
  batchOutputPerMTok: 5,
};
const MODEL = 'test/model';

function request(chars: number, maxTokens: number): CompletionRequest {
  return { messages: [{ role: 'user', content: 'x'.repeat(chars) }], maxTokens, purpose: 'target' };
}

/** A provider that counts calls and answers only when the test says so. */
function fakeProvider() {
  const pending: ((usage: Usage) => void)[] = [];
  let calls = 0;
  const client: ModelClient = {
    id: MODEL,
    complete: () => {
      calls++;
      return new Promise<CompletionResult>((resolve) => {
        pending.push((usage) =>
          resolve({ message: { role: 'assistant', content: 'ok' }, usage, model: MODEL }),
        );
      });
    },
  };
  return {
    client,
    calls: () => calls,
    /** Answers the oldest open call with this usage. */
    answer: (usage: Usage) => pending.shift()?.(usage),
  };
}

function metered(maxCostUsd: number | undefined, maxConcurrent = 8) {
  const provider = fakeProvider();
  const cost = new CostMeter({ maxCostUsd, prices: { [MODEL]: PRICE } });
  const ledger = new UsageLedger();
  const records: UsageRecord[] = [];
  ledger.subscribe((entry) => records.push(entry));
  const client = instrumentClient(provider.client, {
    limiter: new ConcurrencyLimiter(maxConcurrent),
    ledger,
    cost,
    retry: { sleep: async () => {} },
  });
  return { ...provider, cost, ledger, records, client };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('estimates', () => {
  it('counts about four characters per token over messages, reasoning, tool calls and tools', () => {
    const tokens = estimateInputTokens({
      messages: [
        { role: 'system', content: 'a'.repeat(10) },
        {
          role: 'assistant',
          content: 'b'.repeat(3),
          reasoning: 'c'.repeat(3),
          toolCalls: [{ id: '1', name: 'f', arguments: {} }],
        },
      ],
      tools: [{ name: 'f', description: '', parameters: {} }],
    });
    const toolCallChars = JSON.stringify([{ id: '1', name: 'f', arguments: {} }]).length;
    const toolChars = JSON.stringify([{ name: 'f', description: '', parameters: {} }]).length;
    expect(tokens).toBe(Math.ceil((16 + toolCallChars + toolChars) / 4));
  });

  it('prices the worst case: estimated input plus all of maxTokens as output', () => {
    const meter = new CostMeter({ prices: { [MODEL]: PRICE } });
    // 4000 chars = 1000 input tokens ($0.001) + 2000 output tokens ($0.02).
    expect(meter.estimateCallCost(MODEL, request(4000, 2000))).toBeCloseTo(0.021, 12);
    expect(meter.estimateCallCost('openai/gpt-4o', request(4_000_000, 0))).toBeCloseTo(2.5, 12);
    expect(meter.estimateCallCost('nobody/knows', request(4000, 2000))).toBeNull();
  });
});

describe('CostMeter', () => {
  it('records actual tokens per model, pricing what it can', () => {
    const meter = new CostMeter({ prices: { [MODEL]: PRICE } });
    meter.record(MODEL, { inputTokens: 1000, outputTokens: 100, reasoningTokens: 50 });
    meter.record(MODEL, { inputTokens: 1000, outputTokens: 100 });
    meter.record('http:POST https://agent.example', { inputTokens: 7, outputTokens: 3 });
    expect(meter.snapshot()).toEqual({
      total_usd: 0.004,
      saved_usd: 0,
      max_usd: null,
      by_model: {
        [MODEL]: {
          input_tokens: 2000,
          output_tokens: 200,
          cache_read_tokens: 0,
          cache_write_tokens: 0,
          usd: 0.004,
        },
        'http:POST https://agent.example': {
          input_tokens: 7,
          output_tokens: 3,
          cache_read_tokens: 0,
          cache_write_tokens: 0,
          usd: null,
        },
      },
      unknown_price_models: ['http:POST https://agent.example'],
    });
  });

  it('refuses a call whose worst case would pass the budget, with one line saying why', () => {
    const meter = new CostMeter({ maxCostUsd: 0.05, prices: { [MODEL]: PRICE } });
    meter.record(MODEL, { inputTokens: 0, outputTokens: 4000 }); // $0.04 spent
    meter.admit(MODEL, request(0, 1000)).release(); // $0.01 more: exactly at the limit, allowed
    const refuse = () => meter.admit(MODEL, request(0, 1001));
    expect(refuse).toThrow(BudgetExceeded);
    expect(refuse).toThrow(
      /^cost limit \$0\.05 reached: spent \$0\.04, next call to test\/model could cost up to \$0\.01$/,
    );
    const error = (() => {
      try {
        refuse();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).exitCode).toBe(3);
  });

  it('counts the worst case of calls in flight until they settle', () => {
    const meter = new CostMeter({ maxCostUsd: 0.025, prices: { [MODEL]: PRICE } });
    const first = meter.admit(MODEL, request(0, 1000)); // $0.01 in flight
    const second = meter.admit(MODEL, request(0, 1000)); // $0.02 in flight
    expect(() => meter.admit(MODEL, request(0, 1000))).toThrow(/\(\+\$0\.02 in flight\)/);
    meter.record(MODEL, { inputTokens: 0, outputTokens: 100 }); // the first used $0.001 of its $0.01
    first.release();
    first.release(); // twice is harmless
    expect(() => meter.admit(MODEL, request(0, 1000))).not.toThrow();
    second.release();
  });

  it('never blocks a model with an unknown price, but counts it', () => {
    const meter = new CostMeter({ maxCostUsd: 0 });
    expect(() => meter.admit('command:./agent.sh', request(400, 1000))).not.toThrow();
  });
});

describe('the guard in a composed client', () => {
  it('refuses before sending: the provider is never called and nothing is retried', async () => {
    const m = metered(0.001);
    const error = await m.client.complete(request(0, 1000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceeded);
    expect(m.calls()).toBe(0);
    expect(m.ledger.summary().totals).toMatchObject({ calls: 1, failedCalls: 1, attempts: 1 });
    const [entry] = m.records;
    expect(entry).toMatchObject({ ok: false, attempts: 1 });
    expect(entry?.error).toMatch(/^cost limit \$0\.001 reached: spent \$0, next call to test\/model/);
  });

  it("holds each concurrent call's worst case, then frees it with the actual spend", async () => {
    const m = metered(0.025);
    const first = m.client.complete(request(0, 1000));
    const second = m.client.complete(request(0, 1000));
    await tick();
    expect(m.calls()).toBe(2);
    await expect(m.client.complete(request(0, 1000))).rejects.toThrow(BudgetExceeded);
    expect(m.calls()).toBe(2);
    m.answer({ inputTokens: 0, outputTokens: 100 });
    m.answer({ inputTokens: 0, outputTokens: 100 });
    await Promise.all([first, second]);
    const third = m.client.complete(request(0, 1000));
    await tick();
    expect(m.calls()).toBe(3);
    m.answer({ inputTokens: 1000, outputTokens: 0 });
    await third;
    expect(m.cost.snapshot().total_usd).toBe(0.003);
  });

  it('does not count calls still queued behind the limiter as in flight', async () => {
    const m = metered(0.015, 1);
    const first = m.client.complete(request(0, 1000));
    const queued = m.client.complete(request(0, 1000));
    await tick();
    expect(m.calls()).toBe(1);
    m.answer({ inputTokens: 0, outputTokens: 100 });
    await first;
    await tick();
    expect(m.calls()).toBe(2);
    m.answer({ inputTokens: 0, outputTokens: 100 });
    await expect(queued).resolves.toMatchObject({ message: { content: 'ok' } });
  });
});

describe('requirePrices', () => {
  const model = (name: string, id: string): ResolvedModel => ({ name, id, displayName: name });

  it('demands a price for every provider model only when a budget is set', () => {
    const models = [model('gpt-4o', 'openai/gpt-4o'), model('local', 'ollama/llama3')];
    expect(() => requirePrices(models, undefined)).not.toThrow();
    expect(() => requirePrices(models.slice(0, 1), 5)).not.toThrow();
    expect(() => requirePrices(models, 5)).toThrow(ConfigError);
    expect(() => requirePrices(models, 5)).toThrow(
      /^models\.json: local\.price: expected a price for "local" \(ollama\/llama3\) when --max-cost is set/,
    );
  });
});

describe('bloom run --max-cost on the scripted demo', () => {
  const priced = () =>
    copyDemo({
      models: (models) => {
        for (const entry of Object.values(models)) {
          Object.assign(entry, { price: { input_per_mtok: 1, output_per_mtok: 4 } });
        }
      },
    });

  it('stops before the budget, still writes its files, and reports the cost in run_info.json', async () => {
    const data = await priced();
    const results = await mkdtemp(join(tmpdir(), 'bloom-cost-'));
    const run = await runCli(['run', data, '--results', results, '--max-cost', '0.25']);
    expect(run.code).toBe(3);
    const dir = join(results, 'delusional-sycophancy');
    const info = JSON.parse(await readFile(join(dir, 'run_info.json'), 'utf8'));
    expect(info.cost.max_usd).toBe(0.25);
    expect(info.cost.total_usd).toBeGreaterThan(0.1);
    expect(info.cost.total_usd).toBeLessThanOrEqual(0.25);
    expect(info.cost.by_model['scripted/evaluator'].input_tokens).toBe(
      info.usage.byModel['scripted/evaluator'].inputTokens,
    );
    const rollout = await readFile(join(dir, 'rollout.json'), 'utf8');
    expect(rollout).toMatch(/cost limit \$0\.25 reached: spent \$0\.\d\d/);
  });

  it('without a budget, records what the whole run cost', async () => {
    const data = await priced();
    const results = await mkdtemp(join(tmpdir(), 'bloom-cost-'));
    expect((await runCli(['run', data, '--results', results])).code).toBe(0);
    const info = JSON.parse(await readFile(join(results, 'delusional-sycophancy', 'run_info.json'), 'utf8'));
    expect(info.cost.max_usd).toBeNull();
    expect(info.cost.total_usd).toBeGreaterThan(0.25);
    expect(info.cost.unknown_price_models).toEqual([]);
  });

  it('refuses to start when a model has no known price, naming the fix', async () => {
    const data = await copyDemo({
      models: (models) => {
        models['demo-target'] = { id: 'openai/some-new-model' };
      },
    });
    const run = await runCli(['rollout', data, '--max-cost', '1'], { env: { OPENAI_API_KEY: 'sk-unused' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /demo-target\.price: expected a price for "demo-target" \(openai\/some-new-model\)/,
    );
  });

  it('rejects a --max-cost that is not an amount', async () => {
    const run = await runCli(['pin', 'fixtures/demo', '--max-cost', 'lots']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected an amount in dollars/);
  });
});
