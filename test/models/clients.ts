// Builds fully composed clients (provider + retry + limiter + ledger) against a local model server.

import { CostMeter } from '../../src/models/cost.ts';
import { UsageLedger } from '../../src/models/ledger.ts';
import { ConcurrencyLimiter, type LimiterOptions } from '../../src/models/limiter.ts';
import { createModelClient } from '../../src/models/registry.ts';
import type { RetryOptions } from '../../src/models/retry.ts';
import type { ModelClient, ResolvedModel } from '../../src/models/types.ts';
import type { ModelServer } from '../support/model-server.ts';

export const ANTHROPIC_KEY = 'sk-ant-test-secret-0123456789';
export const OPENAI_KEY = 'sk-test-openai-secret-0123456789';
export const GEMINI_KEY = 'gm-test-gemini-secret-0123456789';

export interface Harness {
  client: ModelClient;
  ledger: UsageLedger;
  /** The run's cost meter, at the price table's prices. */
  cost: CostMeter;
  limiter: ConcurrencyLimiter;
  /** Every retry wait the policy asked for, in ms. */
  sleeps: number[];
}

export function harness(
  server: ModelServer,
  id: string,
  options: {
    retry?: RetryOptions;
    timeoutMs?: number;
    maxConcurrent?: number;
    resolved?: ResolvedModel;
    env?: Record<string, string>;
    maxReplyBytes?: number;
    /** The limiter's clock and timers (a skipping clock, for tests that would wait on a retry-after). */
    clock?: LimiterOptions;
  } = {},
): Harness {
  const sleeps: number[] = [];
  const ledger = new UsageLedger();
  const cost = new CostMeter();
  const limiter = new ConcurrencyLimiter(options.maxConcurrent ?? 4, options.clock);
  const env = {
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: server.url,
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: `${server.url}/v1`,
    OPENROUTER_API_KEY: 'sk-or-test-secret-0123456789',
    OPENROUTER_BASE_URL: `${server.url}/v1`,
    GEMINI_API_KEY: GEMINI_KEY,
    GEMINI_BASE_URL: `${server.url}/v1beta/openai/`,
    ...options.env,
  };
  const client = createModelClient(options.resolved ?? { name: id, id, displayName: id }, {
    env,
    limiter,
    ledger,
    cost,
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...options.retry,
    },
    timeoutMs: options.timeoutMs,
    maxReplyBytes: options.maxReplyBytes,
  });
  return { client, ledger, cost, limiter, sleeps };
}
