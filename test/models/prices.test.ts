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
    expect(tablePrice('anthropic/claude-opus-4-5-20251101')).toEqual({ inputPerMTok: 5, outputPerMTok: 25 });
    expect(tablePrice('anthropic/claude-opus-4-1-20250805')).toEqual({ inputPerMTok: 15, outputPerMTok: 75 });
    expect(tablePrice('anthropic/claude-haiku-4-5-20251001')).toEqual({ inputPerMTok: 1, outputPerMTok: 5 });
    expect(tablePrice('openai/gpt-4o-mini')).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(tablePrice('openai/gpt-4o-2024-08-06')).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 });
    expect(tablePrice('openai/o3-mini')).toEqual({ inputPerMTok: 1.1, outputPerMTok: 4.4 });
  });

  it('does not lend a cheaper sibling its price (unknown instead)', () => {
    expect(tablePrice('openai/gpt-5-pro')).toBeNull();
    expect(tablePrice('openai/o3-pro')).toBeNull();
    expect(tablePrice('anthropic/claude-x')).toBeNull();
    expect(tablePrice('openrouter/qwen/qwen3')).toBeNull();
  });

  it('makes every scripted model free', () => {
    expect(tablePrice('scripted/target?rate=0.3&seed=7')).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
  });
});

describe('priceOf', () => {
  it('takes a models.json price over the table, including for unknown ids', () => {
    const price = { input_per_mtok: 0.5, output_per_mtok: 1.5 };
    expect(priceOf({ id: 'openai/gpt-4o', entry: { id: 'openai/gpt-4o', price } })).toEqual({
      inputPerMTok: 0.5,
      outputPerMTok: 1.5,
    });
    expect(priceOf({ id: 'ollama/llama3', entry: { id: 'ollama/llama3', price } })?.outputPerMTok).toBe(1.5);
    expect(priceOf({ id: 'ollama/llama3', entry: { id: 'ollama/llama3' } })).toBeNull();
    expect(priceOf({ id: 'openai/gpt-4.1' })).toEqual({ inputPerMTok: 2, outputPerMTok: 8 });
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
  it('charges input and output per million tokens', () => {
    expect(costUsd({ inputPerMTok: 3, outputPerMTok: 15 }, 1_000_000, 0)).toBe(3);
    expect(costUsd({ inputPerMTok: 3, outputPerMTok: 15 }, 2_000, 1_000)).toBeCloseTo(0.021, 10);
  });
});
