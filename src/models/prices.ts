// What a model's tokens cost, in dollars per million tokens, for `--max-cost` and the run's `cost` figures.
// These are ESTIMATES: public list prices as of 2025-11 (standard tier, short context). Providers change them;
// override any model with a `price` on its models.json entry (the cache and batch prices are optional):
//   "my-model": { "id": "openai/gpt-5", "price": { "input_per_mtok": 1.25, "output_per_mtok": 10 } }
// Reasoning (thinking) tokens are billed as output: every provider we call already counts them inside the
// output tokens, so they are never added a second time.
// Cache and batch prices, from the providers' pricing pages: Anthropic reads its prompt cache at 0.1x the input
// price and writes its 5-minute cache at 1.25x; OpenAI reads cached input at each model's cached price (0.1x for
// the gpt-5 family, 0.25x for gpt-4.1 and o3/o4-mini, 0.5x for gpt-4o and o1/o3-mini) and charges no write
// surcharge. Both batch APIs bill half the standard price, cache discounts stacking. Other providers: no discount
// is assumed. A models.json price for an id the table does not know keeps its provider's usual ratios.

import type { ModelEntry } from '../formats/models.ts';

export interface Price {
  /** Dollars per million input tokens. */
  inputPerMTok: number;
  /** Dollars per million output tokens, reasoning included. */
  outputPerMTok: number;
  /** Dollars per million input tokens read from the prompt cache. */
  cachedInputPerMTok: number;
  /** Dollars per million input tokens written to the prompt cache. */
  cacheWritePerMTok: number;
  /** Through the provider's batch API: dollars per million input (uncached) and output tokens. */
  batchInputPerMTok: number;
  batchOutputPerMTok: number;
}

/** The cache and batch prices as ratios to the list prices. */
interface Ratios {
  cachedInput: number;
  cacheWrite: number;
  batch: number;
}

const NO_DISCOUNT: Ratios = { cachedInput: 1, cacheWrite: 1, batch: 1 };
const ANTHROPIC: Ratios = { cachedInput: 0.1, cacheWrite: 1.25, batch: 0.5 };

function withRatios(inputPerMTok: number, outputPerMTok: number, ratios: Ratios): Price {
  return {
    inputPerMTok,
    outputPerMTok,
    cachedInputPerMTok: inputPerMTok * ratios.cachedInput,
    cacheWritePerMTok: inputPerMTok * ratios.cacheWrite,
    batchInputPerMTok: inputPerMTok * ratios.batch,
    batchOutputPerMTok: outputPerMTok * ratios.batch,
  };
}

function anthropic(inputPerMTok: number, outputPerMTok: number): Price {
  return withRatios(inputPerMTok, outputPerMTok, ANTHROPIC);
}

/** OpenAI: the cached price as a share of the input price, no write surcharge, batch at half. */
function openai(inputPerMTok: number, outputPerMTok: number, cachedShare: number): Price {
  return withRatios(inputPerMTok, outputPerMTok, { cachedInput: cachedShare, cacheWrite: 1, batch: 0.5 });
}

function price(inputPerMTok: number, outputPerMTok: number): Price {
  return withRatios(inputPerMTok, outputPerMTok, NO_DISCOUNT);
}

/**
 * Matched by id prefix, longest first, so `openai/gpt-4o-mini` never takes `openai/gpt-4o`'s price. A prefix
 * only matches whole versions (see matchesAt): `openai/gpt-5-pro` must not get `openai/gpt-5`'s lower price.
 */
const PRICE_TABLE: Readonly<Record<string, Price>> = {
  'scripted/': price(0, 0),
  // Anthropic
  'anthropic/claude-opus-4-5': anthropic(5, 25),
  'anthropic/claude-opus-4': anthropic(15, 75),
  'anthropic/claude-3-opus': anthropic(15, 75),
  'anthropic/claude-sonnet-4': anthropic(3, 15),
  'anthropic/claude-3-7-sonnet': anthropic(3, 15),
  'anthropic/claude-3-5-sonnet': anthropic(3, 15),
  'anthropic/claude-haiku-4-5': anthropic(1, 5),
  'anthropic/claude-3-5-haiku': anthropic(0.8, 4),
  'anthropic/claude-3-haiku': anthropic(0.25, 1.25),
  // OpenAI
  'openai/gpt-4o': openai(2.5, 10, 0.5),
  'openai/gpt-4o-mini': openai(0.15, 0.6, 0.5),
  'openai/gpt-4.1': openai(2, 8, 0.25),
  'openai/gpt-4.1-mini': openai(0.4, 1.6, 0.25),
  'openai/gpt-4.1-nano': openai(0.1, 0.4, 0.25),
  'openai/gpt-5': openai(1.25, 10, 0.1),
  'openai/gpt-5-mini': openai(0.25, 2, 0.1),
  'openai/gpt-5-nano': openai(0.05, 0.4, 0.1),
  'openai/o1': openai(15, 60, 0.5),
  'openai/o1-mini': openai(1.1, 4.4, 0.5),
  'openai/o3': openai(2, 8, 0.25),
  'openai/o3-mini': openai(1.1, 4.4, 0.5),
  'openai/o4-mini': openai(1.1, 4.4, 0.25),
  // OpenRouter (its prices vary by upstream provider; these are typical)
  'openrouter/deepseek/deepseek-r1': price(0.55, 2.19),
  'openrouter/google/gemini-2.5-pro': price(1.25, 10),
  'openrouter/google/gemini-2.5-flash': price(0.3, 2.5),
  'openrouter/x-ai/grok-4': price(3, 15),
  'openrouter/moonshotai/kimi-k2': price(0.6, 2.5),
};

const PREFIXES_LONGEST_FIRST = Object.keys(PRICE_TABLE).sort((a, b) => b.length - a.length);

/** After the prefix: nothing, a dated or minor version (`-20250514`, `-1-20250805`) or `-latest`. */
const VERSION_SUFFIX = /^(-\d[\w.-]*|-latest)?$/;

function matchesAt(id: string, prefix: string): boolean {
  if (!id.startsWith(prefix)) return false;
  return prefix.endsWith('/') || VERSION_SUFFIX.test(id.slice(prefix.length));
}

/** The table's price for a provider id, or null when no prefix matches (price unknown). */
export function tablePrice(id: string): Price | null {
  const prefix = PREFIXES_LONGEST_FIRST.find((p) => matchesAt(id, p));
  return prefix ? (PRICE_TABLE[prefix] ?? null) : null;
}

/** A models.json `price` wins over the table; its absent cache and batch prices keep the table's ratios. */
export function priceOf(model: { id: string; entry?: ModelEntry }): Price | null {
  const own = model.entry?.price;
  if (!own) return tablePrice(model.id);
  const ratios = ratiosOf(tablePrice(model.id) ?? providerDefault(model.id));
  const base = withRatios(own.input_per_mtok, own.output_per_mtok, ratios);
  return {
    ...base,
    cachedInputPerMTok: own.cached_input_per_mtok ?? base.cachedInputPerMTok,
    cacheWritePerMTok: own.cache_write_per_mtok ?? base.cacheWritePerMTok,
    batchInputPerMTok: own.batch_input_per_mtok ?? base.batchInputPerMTok,
    batchOutputPerMTok: own.batch_output_per_mtok ?? base.batchOutputPerMTok,
  };
}

/** For an id the table does not know: its provider's usual ratios (OpenAI: gpt-4o's cached share, 0.5x). */
function providerDefault(id: string): Price | null {
  if (id.startsWith('anthropic/')) return anthropic(1, 1);
  if (id.startsWith('openai/')) return openai(1, 1, 0.5);
  return null;
}

function ratiosOf(price: Price | null): Ratios {
  if (!price || price.inputPerMTok === 0) return NO_DISCOUNT;
  return {
    cachedInput: price.cachedInputPerMTok / price.inputPerMTok,
    cacheWrite: price.cacheWritePerMTok / price.inputPerMTok,
    batch: price.batchInputPerMTok / price.inputPerMTok,
  };
}

/** Tokens to price: input counts every input token, the cached ones and the batched calls' included. */
export interface TokenCount {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** The share of the above that went through the batch API. */
  batch?: Omit<TokenCount, 'batch'>;
}

/** Dollars for the tokens: cache reads and writes at their prices, the batched share at the batch prices. */
export function costUsd(price: Price, tokens: TokenCount): number {
  const all = standardUsd(price, tokens);
  const { batch } = tokens;
  if (!batch) return all;
  const inputShare = price.inputPerMTok > 0 ? price.batchInputPerMTok / price.inputPerMTok : 1;
  const outputShare = price.outputPerMTok > 0 ? price.batchOutputPerMTok / price.outputPerMTok : 1;
  const batchInputUsd = standardUsd(price, { ...batch, outputTokens: 0 });
  const batchOutputUsd = (batch.outputTokens * price.outputPerMTok) / 1_000_000;
  return all - batchInputUsd * (1 - inputShare) - batchOutputUsd * (1 - outputShare);
}

/** The same tokens at the list price: every input token at the input price, nothing batched. */
export function listUsd(price: Price, tokens: TokenCount): number {
  return (tokens.inputTokens * price.inputPerMTok + tokens.outputTokens * price.outputPerMTok) / 1_000_000;
}

function standardUsd(price: Price, tokens: Omit<TokenCount, 'batch'>): number {
  const read = tokens.cacheReadTokens ?? 0;
  const write = tokens.cacheWriteTokens ?? 0;
  const fresh = Math.max(0, tokens.inputTokens - read - write);
  return (
    (fresh * price.inputPerMTok +
      read * price.cachedInputPerMTok +
      write * price.cacheWritePerMTok +
      tokens.outputTokens * price.outputPerMTok) /
    1_000_000
  );
}
