// Token usage from run_info.json's ledger in Inspect's ModelUsage shape: per model (stats.model_usage) and per
// role, which is what Bloom's stages are (stats.role_usage).

import type { UsageTotals } from '../../formats/run-info.ts';
import type { ModelUsage } from './types.ts';

/** As Inspect counts a cached call (its Anthropic provider): input_tokens without the cache reads and writes,
 * which are given apart; total_tokens all of them. */
function modelUsage(totals: UsageTotals): ModelUsage {
  const read = totals.cacheReadTokens ?? 0;
  const write = totals.cacheWriteTokens ?? 0;
  const usage: ModelUsage = {
    input_tokens: totals.inputTokens - read - write,
    output_tokens: totals.outputTokens,
    total_tokens: totals.inputTokens + totals.outputTokens,
  };
  if (totals.reasoningTokens > 0) usage.reasoning_tokens = totals.reasoningTokens;
  if (read > 0) usage.input_tokens_cache_read = read;
  if (write > 0) usage.input_tokens_cache_write = write;
  return usage;
}

export function usageByKey(ledger: Record<string, UsageTotals> | undefined): Record<string, ModelUsage> {
  return Object.fromEntries(Object.entries(ledger ?? {}).map(([key, totals]) => [key, modelUsage(totals)]));
}
