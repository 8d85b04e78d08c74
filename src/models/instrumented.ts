// Wraps one provider client with the run's retry policy, concurrency limiter, usage ledger and cost meter, and
// redacts every secret the run knows from its replies and errors: what a model or agent says is written to files
// and reports, and an agent may echo its environment or headers.

import type { Redactor } from '../util/redact.ts';
import { budgetGate, type CostMeter } from './cost.ts';
import { MAX_REPLY_DEPTH, ModelCallError, nestsDeeperThan, ReplyTooDeepError } from './errors.ts';
import type { UsageLedger } from './ledger.ts';
import type { ConcurrencyLimiter } from './limiter.ts';
import { callWithRetry, type RetryOptions } from './retry.ts';
import type { CompletionRequest, CompletionResult, ModelClient, Usage } from './types.ts';

export interface InstrumentDeps {
  limiter: ConcurrencyLimiter;
  ledger: UsageLedger;
  /** The run's spending and --max-cost guard: checked before each attempt, told its actual tokens after. */
  cost?: CostMeter;
  retry?: RetryOptions;
  /** Per-attempt timeout; overrides retry.timeoutMs. */
  timeoutMs?: number;
  /** Never printed in errors (the API key). */
  secrets?: readonly string[];
  /** Every secret of the run: redacted from replies and errors. */
  redactor?: Redactor;
}

export function instrumentClient(provider: ModelClient, deps: InstrumentDeps): ModelClient {
  const id = provider.id;
  const redact = (text: string): string => deps.redactor?.redact(text) ?? text;
  return {
    id,
    async complete(request) {
      const started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started);
      const budget = deps.cost && budgetGate(deps.cost, id, request, deps.limiter);
      try {
        const { value, attempts } = await callWithRetry(
          {
            ...deps.retry,
            ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
            modelId: id,
            signal: request.signal,
            secrets: deps.secrets,
            redact,
            gate: budget ? budget.gate : deps.limiter,
            describeError: provider.describeError,
          },
          async ({ signal }) => {
            const result = await provider.complete({ ...request, signal });
            budget?.settle(result.usage);
            const calls = result.message.toolCalls ?? [];
            if (calls.some((c) => nestsDeeperThan(c.arguments, MAX_REPLY_DEPTH)))
              throw new ReplyTooDeepError();
            return result;
          },
        );
        deps.ledger.record({
          purpose: request.purpose,
          modelId: id,
          ok: true,
          inputTokens: value.usage.inputTokens,
          outputTokens: value.usage.outputTokens,
          reasoningTokens: value.usage.reasoningTokens ?? 0,
          ms: elapsed(),
          attempts,
          ...sampleOf(request),
          ...cacheCountsOf(value.usage),
          ...(value.usage.batch ? { batch: true } : {}),
        });
        return deps.redactor ? redactResult(value, deps.redactor) : value;
      } catch (error) {
        deps.ledger.record({
          purpose: request.purpose,
          modelId: id,
          ok: false,
          inputTokens: 0,
          outputTokens: 0,
          reasoningTokens: 0,
          ms: elapsed(),
          attempts: error instanceof ModelCallError ? error.attempts : 1,
          error: redact(error instanceof Error ? error.message : String(error)),
          ...sampleOf(request),
        });
        throw error;
      }
    },
  };
}

/** The request's sampleKey, for the usage record (absent keys stay absent). */
function sampleOf(request: CompletionRequest): { sampleKey?: string } {
  return request.sampleKey === undefined ? {} : { sampleKey: request.sampleKey };
}

/** The usage's cache counts, for the usage record (only the nonzero ones: most calls cache nothing). */
export function cacheCountsOf(usage: Usage): { cacheReadTokens?: number; cacheWriteTokens?: number } {
  return {
    ...(usage.cacheReadTokens ? { cacheReadTokens: usage.cacheReadTokens } : {}),
    ...(usage.cacheWriteTokens ? { cacheWriteTokens: usage.cacheWriteTokens } : {}),
  };
}

/** The reply without secrets. The reasoning signature is the provider's opaque data and goes back unchanged. */
export function redactResult(result: CompletionResult, redactor: Redactor): CompletionResult {
  const { message } = result;
  const redacted = { ...message, content: redactor.redact(message.content) };
  if (message.reasoning !== undefined) redacted.reasoning = redactor.redact(message.reasoning);
  if (message.toolCalls) redacted.toolCalls = redactor.redactDeep(message.toolCalls);
  return { ...result, message: redacted };
}
