// What a model's tokens cost, in dollars per million tokens, for `--max-cost` and the run's `cost` figures.
// These are ESTIMATES: public list prices as of 2025-11 (standard tier, no batch or cache discounts, short
// context). Providers change them; override any model with a `price` on its models.json entry:
//   "my-model": { "id": "openai/gpt-5", "price": { "input_per_mtok": 1.25, "output_per_mtok": 10 } }
// Reasoning (thinking) tokens are billed as output: every provider we call already counts them inside the
// output tokens, so they are never added a second time.

import type { ModelEntry } from '../formats/models.ts';

export interface Price {
  /** Dollars per million input tokens. */
  inputPerMTok: number;
  /** Dollars per million output tokens, reasoning included. */
  outputPerMTok: number;
}

function price(inputPerMTok: number, outputPerMTok: number): Price {
  return { inputPerMTok, outputPerMTok };
}

/**
 * Matched by id prefix, longest first, so `openai/gpt-4o-mini` never takes `openai/gpt-4o`'s price. A prefix
 * only matches whole versions (see matchesAt): `openai/gpt-5-pro` must not get `openai/gpt-5`'s lower price.
 */
const PRICE_TABLE: Readonly<Record<string, Price>> = {
  'scripted/': price(0, 0),
  // Anthropic
  'anthropic/claude-opus-4-5': price(5, 25),
  'anthropic/claude-opus-4': price(15, 75),
  'anthropic/claude-3-opus': price(15, 75),
  'anthropic/claude-sonnet-4': price(3, 15),
  'anthropic/claude-3-7-sonnet': price(3, 15),
  'anthropic/claude-3-5-sonnet': price(3, 15),
  'anthropic/claude-haiku-4-5': price(1, 5),
  'anthropic/claude-3-5-haiku': price(0.8, 4),
  'anthropic/claude-3-haiku': price(0.25, 1.25),
  // OpenAI
  'openai/gpt-4o': price(2.5, 10),
  'openai/gpt-4o-mini': price(0.15, 0.6),
  'openai/gpt-4.1': price(2, 8),
  'openai/gpt-4.1-mini': price(0.4, 1.6),
  'openai/gpt-4.1-nano': price(0.1, 0.4),
  'openai/gpt-5': price(1.25, 10),
  'openai/gpt-5-mini': price(0.25, 2),
  'openai/gpt-5-nano': price(0.05, 0.4),
  'openai/o1': price(15, 60),
  'openai/o1-mini': price(1.1, 4.4),
  'openai/o3': price(2, 8),
  'openai/o3-mini': price(1.1, 4.4),
  'openai/o4-mini': price(1.1, 4.4),
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

/** A models.json `price` wins over the table. */
export function priceOf(model: { id: string; entry?: ModelEntry }): Price | null {
  const own = model.entry?.price;
  if (own) return price(own.input_per_mtok, own.output_per_mtok);
  return tablePrice(model.id);
}

export function costUsd(price: Price, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}
