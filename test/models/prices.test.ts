import { describe, expect, it } from 'vitest';
import { modelEntrySchema } from '../../src/formats/models.ts';
import { BUILTIN_MODELS } from '../../src/models/builtin-models.ts';
import { costUsd, priceOf, tablePrice } from '../../src/models/prices.ts';

describe('tablePrice', () => {
  it('prices every built-in short name', () => {
    for (const [name, entry] of Object.entries(BUILTIN_MODELS)) {
      expect(tablePrice(entry.id), name).not.toBeNull();
    }
  });

  it('matches dated ids by prefix, the longest prefix first', () => {
    expect(tablePrice('anthropic/claude-opus-4-5-20251101')).toMatchObject({
      inputPerMTok: 5,
      outputPerMTok: 25,
    });
    expect(tablePrice('anthropic/claude-opus-4-1-20250805')).toMatchObject({
      inputPerMTok: 15,
      outputPerMTok: 75,
    });
    expect(tablePrice('anthropic/claude-haiku-4-5-20251001')).toMatchObject({
      inputPerMTok: 1,
      outputPerMTok: 5,
    });
    expect(tablePrice('openai/gpt-4o-mini')).toMatchObject({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(tablePrice('openai/gpt-4o-2024-08-06')).toMatchObject({ inputPerMTok: 2.5, outputPerMTok: 10 });
    expect(tablePrice('openai/o3-mini')).toMatchObject({ inputPerMTok: 1.1, outputPerMTok: 4.4 });
  });

  it('does not lend a cheaper sibling its price (unknown instead)', () => {
    expect(tablePrice('openai/gpt-5-pro')).toBeNull();
    expect(tablePrice('openai/o3-pro')).toBeNull();
    expect(tablePrice('anthropic/claude-x')).toBeNull();
    expect(tablePrice('openrouter/qwen/qwen3')).toBeNull();
  });

  it('makes every scripted model free', () => {
    expect(tablePrice('scripted/target?rate=0.3&seed=7')).toMatchObject({
      inputPerMTok: 0,
      outputPerMTok: 0,
    });
  });
});

describe('priceOf', () => {
  it('takes a models.json price over the table, including for unknown ids', () => {
    const price = { input_per_mtok: 0.5, output_per_mtok: 1.5 };
    expect(priceOf({ id: 'openai/gpt-4o', entry: { id: 'openai/gpt-4o', price } })).toMatchObject({
      inputPerMTok: 0.5,
      outputPerMTok: 1.5,
    });
    expect(priceOf({ id: 'ollama/llama3', entry: { id: 'ollama/llama3', price } })?.outputPerMTok).toBe(1.5);
    expect(priceOf({ id: 'ollama/llama3', entry: { id: 'ollama/llama3' } })).toBeNull();
    expect(priceOf({ id: 'openai/gpt-4.1' })).toMatchObject({ inputPerMTok: 2, outputPerMTok: 8 });
  });

  it('is validated in models.json: two non-negative numbers, nothing else', () => {
    const ok = { id: 'x/y', price: { input_per_mtok: 0, output_per_mtok: 2 } };
    expect(modelEntrySchema.safeParse(ok).success).toBe(true);
    for (const price of [
      { input_per_mtok: -1, output_per_mtok: 2 },
      { input_per_mtok: 1 },
      { in: 1, out: 2 },
    ]) {
      expect(modelEntrySchema.safeParse({ id: 'x/y', price }).success, JSON.stringify(price)).toBe(false);
    }
  });
});

describe('costUsd', () => {
  const sonnet = tablePrice('anthropic/claude-sonnet-4-20250514');
  if (!sonnet) throw new Error('no table price for sonnet 4');

  it('charges input and output per million tokens', () => {
    expect(costUsd(sonnet, { inputTokens: 1_000_000, outputTokens: 0 })).toBe(3);
    expect(costUsd(sonnet, { inputTokens: 2_000, outputTokens: 1_000 })).toBeCloseTo(0.021, 10);
  });

  it("prices Anthropic's cache reads at 0.1x and 5-minute writes at 1.25x the input price", () => {
    expect(sonnet).toMatchObject({ cachedInputPerMTok: expect.closeTo(0.3, 10), cacheWritePerMTok: 3.75 });
    // 1M input: 600K read, 300K written, 100K fresh = 0.18 + 1.125 + 0.3.
    const tokens = {
      inputTokens: 1_000_000,
      outputTokens: 0,
      cacheReadTokens: 600_000,
      cacheWriteTokens: 300_000,
    };
    expect(costUsd(sonnet, tokens)).toBeCloseTo(1.605, 10);
  });

  it("prices OpenAI's cached input at each family's cached price, with no write surcharge", () => {
    const gpt5 = tablePrice('openai/gpt-5');
    const gpt4o = tablePrice('openai/gpt-4o-2024-08-06');
    expect(gpt5).toMatchObject({ cachedInputPerMTok: 0.125, cacheWritePerMTok: 1.25 });
    expect(gpt4o).toMatchObject({ cachedInputPerMTok: 1.25 });
    if (!gpt5) return;
    expect(
      costUsd(gpt5, { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 1_000_000 }),
    ).toBeCloseTo(0.125, 10);
  });

  it('prices the batched share at half, cache discounts stacking', () => {
    const batch = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 500_000 };
    // Standard: 0.5M fresh x 3 + 0.5M read x 0.3 + 0.1M out x 15 = 1.5 + 0.15 + 1.5 = 3.15; batched: half.
    expect(costUsd(sonnet, batch)).toBeCloseTo(3.15, 10);
    expect(costUsd(sonnet, { ...batch, batch })).toBeCloseTo(1.575, 10);
    // Half of the calls batched.
    const all = { inputTokens: 2_000_000, outputTokens: 200_000, cacheReadTokens: 1_000_000, batch };
    expect(costUsd(sonnet, all)).toBeCloseTo(3.15 + 1.575, 10);
  });

  it('takes cached and batch prices from models.json, keeping the table ratios for the ones not given', () => {
    const entry = {
      id: 'anthropic/claude-sonnet-4-5',
      price: { input_per_mtok: 2, output_per_mtok: 10, cached_input_per_mtok: 0.1 },
    };
    expect(priceOf({ id: entry.id, entry })).toEqual({
      inputPerMTok: 2,
      outputPerMTok: 10,
      cachedInputPerMTok: 0.1,
      cacheWritePerMTok: 2.5,
      batchInputPerMTok: 1,
      batchOutputPerMTok: 5,
    });
    const local = {
      id: 'ollama/llama3',
      price: { input_per_mtok: 1, output_per_mtok: 1, batch_input_per_mtok: 0.2 },
    };
    expect(priceOf({ id: local.id, entry: local })).toMatchObject({
      cachedInputPerMTok: 1,
      batchInputPerMTok: 0.2,
      batchOutputPerMTok: 1,
    });
    expect(
      modelEntrySchema.safeParse({ ...local, price: { ...local.price, cache_write_per_mtok: -1 } }).success,
    ).toBe(false);
  });
});
