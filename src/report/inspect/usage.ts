// Token usage from run_info.json's ledger in Inspect's ModelUsage shape: per model (stats.model_usage) and per
// role, which is what Bloom's stages are (stats.role_usage).

import type { UsageTotals } from '../../formats/run-info.ts';
import type { ModelUsage } from './types.ts';

function modelUsage(totals: UsageTotals): ModelUsage {
  const usage: ModelUsage = {
    input_tokens: totals.inputTokens,
    output_tokens: totals.outputTokens,
    total_tokens: totals.inputTokens + totals.outputTokens,
  };
  if (totals.reasoningTokens > 0) usage.reasoning_tokens = totals.reasoningTokens;
  return usage;
}

export function usageByKey(ledger: Record<string, UsageTotals> | undefined): Record<string, ModelUsage> {
  return Object.fromEntries(Object.entries(ledger ?? {}).map(([key, totals]) => [key, modelUsage(totals)]));
}
