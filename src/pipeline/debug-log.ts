// seed.yaml's `debug: true` (Bloom's key): one line on stderr per model call as it ends, with its role, model,
// tokens, time and attempts, and the error of a failed call. Never the text of a prompt or a reply.

import type { UsageRecord } from '../models/ledger.ts';

export function debugLine(call: UsageRecord): string {
  const attempts = `${call.attempts} attempt${call.attempts === 1 ? '' : 's'}`;
  const tokens = `${call.inputTokens} tokens in, ${call.outputTokens} out`;
  const head = `debug: ${call.purpose} call to ${call.modelId}`;
  return call.ok
    ? `${head}: ok, ${tokens}, ${call.ms} ms, ${attempts}`
    : `${head}: failed after ${call.ms} ms, ${attempts}: ${call.error ?? 'unknown error'}`;
}
