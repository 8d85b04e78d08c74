// The run's spending, and the `--max-cost` guard. One CostMeter is shared by every client of a run. Before an
// attempt goes on the wire its worst case (estimated input + the full maxTokens as output) is admitted against
// the budget together with the worst cases of the attempts already in flight; after it returns, its actual
// tokens are recorded. A call that could take the total over the budget is refused before it is sent.
//
// Unknown prices: the tokens are counted and the cost is null (listed in `unknown_price_models`). With a budget,
// setup refuses to start when a provider model has no price (see requirePrices); HTTP and command targets are
// the team's own agents, not billed per token by a provider, so they never block and are only counted.

import type { UsageTotals } from '../formats/run-info.ts';
import { ConfigError, RunError } from '../util/errors.ts';
import type { Slot } from './limiter.ts';
import { costUsd, listUsd, type Price, priceOf, type TokenCount, tablePrice } from './prices.ts';
import type { CompletionRequest, ResolvedModel, Usage } from './types.ts';

/** A call refused by the budget. Not retryable: it is raised before the call, outside the retry loop. */
export class BudgetExceeded extends RunError {
  readonly modelId: string;

  constructor(maxUsd: number, spentUsd: number, inFlightUsd: number, modelId: string, callUsd: number) {
    const inFlight = inFlightUsd > 0 ? ` (+${formatUsd(inFlightUsd)} in flight)` : '';
    super(
      `cost limit ${formatUsd(maxUsd)} reached: spent ${formatUsd(spentUsd)}${inFlight}, ` +
        `next call to ${modelId} could cost up to ${formatUsd(callUsd)}`,
    );
    this.name = 'BudgetExceeded';
    this.modelId = modelId;
  }
}

export interface ModelCost {
  input_tokens: number;
  output_tokens: number;
  /** Of input_tokens: read from and written to a prompt cache. */
  cache_read_tokens: number;
  cache_write_tokens: number;
  /** Null when the model's price is unknown. */
  usd: number | null;
}

export interface CostSnapshot {
  /** Dollars spent on models with a known price. */
  total_usd: number;
  /** What prompt caching and batch prices saved against the list price of the same tokens. */
  saved_usd: number;
  /** The --max-cost budget, or null when none was set. */
  max_usd: number | null;
  by_model: Record<string, ModelCost>;
  /** Models whose tokens were counted but not priced. */
  unknown_price_models: string[];
  /** Per stage, when the run knows which model played each (stageCosts). */
  by_stage?: Record<string, StageCost>;
}

/** One stage's input and what it cost at the price of the model that plays it. */
export interface StageCost {
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  /** Null when the stage's model has no known price. */
  usd: number | null;
  saved_usd: number | null;
}

export interface CostMeterOptions {
  maxCostUsd?: number;
  /** Prices by provider id (models.json overrides included); other ids fall back to the price table. */
  prices?: Record<string, Price | null>;
}

/** One admitted attempt: its worst case counts as in flight until released (releasing twice is harmless). */
export interface Admission {
  release(): void;
}

/** Rough token count: about four characters per token for English text and JSON. */
export function estimateInputTokens(request: Pick<CompletionRequest, 'messages' | 'tools'>): number {
  let chars = 0;
  for (const message of request.messages) {
    chars += message.content.length + (message.reasoning?.length ?? 0);
    if (message.toolCalls) chars += JSON.stringify(message.toolCalls).length;
  }
  if (request.tools) chars += JSON.stringify(request.tools).length;
  return Math.ceil(chars / 4);
}

export class CostMeter {
  readonly maxCostUsd: number | undefined;
  private readonly prices: Record<string, Price | null>;
  private readonly byModel = new Map<string, TokenCount>();
  private spentUsd = 0;
  private inFlightUsd = 0;
  private inFlightCalls = 0;

  constructor(options: CostMeterOptions = {}) {
    this.maxCostUsd = options.maxCostUsd;
    this.prices = { ...options.prices };
  }

  priceOf(modelId: string): Price | null {
    return Object.hasOwn(this.prices, modelId) ? (this.prices[modelId] ?? null) : tablePrice(modelId);
  }

  /** The worst case of one call in dollars (all of maxTokens spent), or null when the price is unknown. */
  estimateCallCost(modelId: string, request: CompletionRequest): number | null {
    const price = this.priceOf(modelId);
    // At the list price: whether the prompt cache will serve a prefix is known only after the call.
    return price
      ? costUsd(price, { inputTokens: estimateInputTokens(request), outputTokens: request.maxTokens })
      : null;
  }

  /** Holds the call's worst case as in flight, or throws BudgetExceeded without holding anything. */
  admit(modelId: string, request: CompletionRequest): Admission {
    const worstCase = this.estimateCallCost(modelId, request) ?? 0;
    const max = this.maxCostUsd;
    if (max !== undefined && this.spentUsd + this.inFlightUsd + worstCase > max) {
      throw new BudgetExceeded(max, this.spentUsd, this.inFlightUsd, modelId, worstCase);
    }
    this.inFlightUsd += worstCase;
    this.inFlightCalls++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlightCalls--;
        // Reset when idle: float subtraction must never leave a phantom amount in flight.
        this.inFlightUsd = this.inFlightCalls === 0 ? 0 : Math.max(0, this.inFlightUsd - worstCase);
      },
    };
  }

  /** The actual tokens of a completed attempt; `batch`: answered through the provider's batch API. */
  record(modelId: string, usage: Usage, batch = false): void {
    const tokens = tokensOf(usage);
    const totals = this.byModel.get(modelId) ?? { inputTokens: 0, outputTokens: 0 };
    addTokens(totals, tokens);
    if (batch) {
      totals.batch ??= { inputTokens: 0, outputTokens: 0 };
      addTokens(totals.batch, tokens);
    }
    this.byModel.set(modelId, totals);
    const price = this.priceOf(modelId);
    if (price) this.spentUsd += costUsd(price, batch ? { ...tokens, batch: tokens } : tokens);
  }

  /** Plain JSON for run_info.json; dollars rounded to a millionth. */
  snapshot(): CostSnapshot {
    const { byModel, unknown, savedUsd } = pricedTokens(this.byModel, (id) => this.priceOf(id));
    return {
      total_usd: roundUsd(this.spentUsd),
      saved_usd: roundUsd(savedUsd),
      max_usd: this.maxCostUsd ?? null,
      by_model: byModel,
      unknown_price_models: unknown,
    };
  }

  /** Per stage (purpose), each priced at the model that plays it: where caching and batching saved. */
  stageCosts(
    byPurpose: Record<string, UsageTotals>,
    modelOf: (purpose: string) => string | undefined,
  ): Record<string, StageCost> {
    const stages: Record<string, StageCost> = {};
    for (const [purpose, totals] of Object.entries(byPurpose)) {
      const modelId = modelOf(purpose);
      const price = modelId === undefined ? null : this.priceOf(modelId);
      const usd = price ? costUsd(price, totals) : null;
      stages[purpose] = {
        input_tokens: totals.inputTokens,
        cache_read_tokens: totals.cacheReadTokens ?? 0,
        cache_write_tokens: totals.cacheWriteTokens ?? 0,
        usd: usd === null ? null : roundUsd(usd),
        saved_usd: price && usd !== null ? roundUsd(listUsd(price, totals) - usd) : null,
      };
    }
    return stages;
  }

  /**
   * The cost of tokens counted elsewhere (a results folder's every call, earlier invocations' included), priced
   * as this meter prices them; max_usd is this meter's budget.
   */
  snapshotOf(tokens: Iterable<[string, TokenCount]>): CostSnapshot {
    const { byModel, unknown, usd, savedUsd } = pricedTokens(tokens, (id) => this.priceOf(id));
    return {
      total_usd: roundUsd(usd),
      saved_usd: roundUsd(savedUsd),
      max_usd: this.maxCostUsd ?? null,
      by_model: byModel,
      unknown_price_models: unknown,
    };
  }
}

function tokensOf(usage: Usage): Omit<TokenCount, 'batch'> {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheReadTokens: usage.cacheReadTokens ?? 0,
    cacheWriteTokens: usage.cacheWriteTokens ?? 0,
  };
}

function addTokens(totals: Omit<TokenCount, 'batch'>, tokens: Omit<TokenCount, 'batch'>): void {
  totals.inputTokens += tokens.inputTokens;
  totals.outputTokens += tokens.outputTokens;
  totals.cacheReadTokens = (totals.cacheReadTokens ?? 0) + (tokens.cacheReadTokens ?? 0);
  totals.cacheWriteTokens = (totals.cacheWriteTokens ?? 0) + (tokens.cacheWriteTokens ?? 0);
}

function pricedTokens(
  tokens: Iterable<[string, TokenCount]>,
  priceOf: (modelId: string) => Price | null,
): { byModel: Record<string, ModelCost>; unknown: string[]; usd: number; savedUsd: number } {
  const byModel: Record<string, ModelCost> = {};
  const unknown: string[] = [];
  let usd = 0;
  let savedUsd = 0;
  for (const [id, count] of tokens) {
    const price = priceOf(id);
    if (!price) unknown.push(id);
    const modelUsd = price ? costUsd(price, count) : 0;
    usd += modelUsd;
    if (price) savedUsd += listUsd(price, count) - modelUsd;
    byModel[id] = {
      input_tokens: count.inputTokens,
      output_tokens: count.outputTokens,
      cache_read_tokens: count.cacheReadTokens ?? 0,
      cache_write_tokens: count.cacheWriteTokens ?? 0,
      usd: price ? roundUsd(modelUsd) : null,
    };
  }
  return { byModel, unknown, usd, savedUsd };
}

/**
 * With a budget, every provider model the run will call needs a price: a budget that cannot count a model's
 * spending would promise a limit it cannot keep. Throws one ConfigError naming the models and the fix.
 */
export function requirePrices(models: readonly ResolvedModel[], maxCostUsd: number | undefined): void {
  if (maxCostUsd === undefined) return;
  const unpriced = [...new Map(models.filter((m) => !priceOf(m)).map((m) => [m.name, m])).values()];
  const first = unpriced[0];
  if (!first) return;
  const names = unpriced.map((m) => `${JSON.stringify(m.name)} (${m.id})`).join(', ');
  throw new ConfigError(
    'models.json',
    `${first.name}.price`,
    `a price for ${names} when --max-cost is set: add "price": {"input_per_mtok": <usd>, ` +
      `"output_per_mtok": <usd>} to its models.json entry (named as in seed.yaml)`,
    'no known price',
  );
}

/**
 * The limiter's gate for one call, with the budget checked each time an attempt gets its slot (so calls
 * queued behind the limiter are not yet "in flight"). `settle` records actual usage and frees the worst case
 * in one step, so no other call is admitted while the attempt is counted in neither.
 */
export function budgetGate(
  meter: CostMeter,
  modelId: string,
  request: CompletionRequest,
  limiter: { acquire(signal?: AbortSignal): Promise<Slot> },
): { gate: { acquire(signal?: AbortSignal): Promise<Slot> }; settle(usage: Usage): void } {
  let held: Admission | undefined;
  return {
    gate: {
      async acquire(signal) {
        const slot = await limiter.acquire(signal);
        try {
          held = meter.admit(modelId, request);
        } catch (error) {
          slot.release('error');
          throw error;
        }
        return {
          release: (outcome, retryAfterMs) => {
            held?.release();
            slot.release(outcome, retryAfterMs);
          },
        };
      },
    },
    settle(usage) {
      meter.record(modelId, usage, usage.batch);
      held?.release();
    },
  };
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${Number(usd.toFixed(6))}`;
  return `$${usd.toFixed(2)}`;
}

function roundUsd(usd: number): number {
  return Math.round(usd * 1_000_000) / 1_000_000;
}
