// One entry of the call cache (pipeline/call-cache/): the answer a model or agent gave to one exact request, kept
// in `<cache>/<key[0..2]>/<key>.json` so a later run sending the same request for the same rollout is served it
// instead of paying again. The key is the hash of the request (pipeline/call-cache/key.ts); the seal is this
// machine's (or BLOOM_RESULTS_KEY's) HMAC of the file's name and content, so a forged entry is never served.

import { z } from 'zod';
import { rejudgedItemSchema } from './judge-check.ts';
import { RUN_SEAL_KEY } from './stamps.ts';

export const CALL_CACHE_FORMAT_VERSION = 1;

/** A cache key: a SHA-256 in hex. */
export const callCacheKey = z.string().regex(/^[0-9a-f]{64}$/);

const toolCallSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});

/** The reply as the model interface returns it (models/types.ts ChatMessage of role assistant). */
const cachedMessageSchema = z.strictObject({
  role: z.literal('assistant'),
  content: z.string(),
  reasoning: z.string().optional(),
  reasoningSignature: z.string().optional(),
  toolCalls: z.array(toolCallSchema).optional(),
});

const cachedUsageSchema = z.strictObject({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative().optional(),
});

export const callCacheEntrySchema = z.strictObject({
  format_version: z.literal(CALL_CACHE_FORMAT_VERSION),
  /** The key the entry answers; must equal its file's name. */
  key: callCacheKey,
  /** The client that answered: a provider model id or an agent's identity. */
  client: z.string(),
  /** The call's stage (purpose) and sample key ("v3r2/target/1"), for people reading the folder. */
  purpose: z.string(),
  sample_key: z.string().optional(),
  result: z.strictObject({
    message: cachedMessageSchema,
    usage: cachedUsageSchema,
    model: z.string(),
    stopReason: z.string().optional(),
  }),
  [RUN_SEAL_KEY]: z.string().optional(),
});

export type CallCacheEntry = z.output<typeof callCacheEntrySchema>;

/**
 * A judge check kept beside the exact scores it spoke for, in `<cache>/<key[0..2]>/<key>.json` like an entry: the key
 * hashes the judge, the baseline's sample and every judgment record the decision reads (gate/rejudge.ts), so it is
 * found again only by a run whose scores are the same, word for word.
 */
export const judgeCheckRecordSchema = z.strictObject({
  format_version: z.literal(CALL_CACHE_FORMAT_VERSION),
  kind: z.literal('judge-check'),
  key: callCacheKey,
  /** The judge that re-scored (its cache identity's client). */
  client: z.string(),
  /** The check's id: one check kept under several keys (an adaptive run's looks) is counted once when served. */
  check_id: z.string(),
  items: z.array(rejudgedItemSchema).max(10_000),
  /** What making the check took, so a run served it can say what it saved. */
  calls: z.number().int().nonnegative(),
  usage: cachedUsageSchema,
  [RUN_SEAL_KEY]: z.string().optional(),
});

export type JudgeCheckRecord = z.output<typeof judgeCheckRecordSchema>;

/** What a run's call cache did, per stage (purpose): in run_info.json and the report. */
export const callCacheStatsSchema = z.strictObject({
  /** Calls answered from the cache: no request was sent. */
  served: z.number().int().nonnegative(),
  /** Calls sent and their answers stored. */
  stored: z.number().int().nonnegative(),
  /** Entries found for the key but refused (unsealed, forged, torn, of another key): called afresh. */
  refused: z.number().int().nonnegative(),
  /** Calls of clients the cache does not serve (agents without `call_cache: true`, the judge check's calls). */
  bypassed: z.number().int().nonnegative(),
  /** What the served calls would have cost at list price; null when a served model has no known price. */
  saved_usd: z.number().nonnegative().nullable(),
  saved_input_tokens: z.number().int().nonnegative(),
  saved_output_tokens: z.number().int().nonnegative(),
  by_purpose: z.record(
    z.string(),
    z.strictObject({
      served: z.number().int().nonnegative(),
      stored: z.number().int().nonnegative(),
      refused: z.number().int().nonnegative(),
    }),
  ),
});

export type CallCacheStats = z.output<typeof callCacheStatsSchema>;
