// run_info.json: what one invocation of a run recorded beside Bloom's files: the run's identity (which suite,
// which rollout and judgment settings, which target), its models, timing, outcome, usage and cost. Python Bloom
// writes none, and earlier versions of this tool fewer keys: every key is optional, of its type when present.

import { z } from 'zod';
import { callCacheStatsSchema } from './call-cache.ts';
import { shardSchema } from './stamps.ts';
import { isoTime } from './transcript.ts';

/** Which run a file came from; every result file is stamped with it (formats/stamps.ts). */
export const runIdentitySchema = z.strictObject({
  /** The lock's suite_hash, or the hash of an unpinned run's scenarios; null before ideation ran. */
  suite_hash: z.string().nullable(),
  /** Everything that shapes rollout and judgment except the target and the sample size. */
  config_hash: z.string(),
  target_id: z.string(),
});

export type RunIdentity = z.output<typeof runIdentitySchema>;

/** A finished run's identity, every key known: what baselines record and the gate compares. */
export type KnownRunIdentity = { [K in keyof RunIdentity]: NonNullable<RunIdentity[K]> };

/** The calls that went through a provider's batch API, counted apart so they are priced at its batch price. */
export const batchTotalsSchema = z.looseObject({
  calls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
});

export type BatchTotals = z.output<typeof batchTotalsSchema>;

/** A run's model calls summed: per stage (purpose) and per model in `usage`. */
export const usageTotalsSchema = z.looseObject({
  calls: z.number(),
  failedCalls: z.number(),
  /** Every input token, the cached ones included. */
  inputTokens: z.number(),
  outputTokens: z.number(),
  reasoningTokens: z.number(),
  ms: z.number(),
  attempts: z.number(),
  /** Of inputTokens: read from a prompt cache, and written to one (absent in files written before caching). */
  cacheReadTokens: z.number().optional(),
  cacheWriteTokens: z.number().optional(),
  /** Of the above: the batched calls' share (absent when none was batched). */
  batch: batchTotalsSchema.optional(),
});

export type UsageTotals = z.output<typeof usageTotalsSchema>;

export const usageSummarySchema = z.looseObject({
  totals: usageTotalsSchema.optional(),
  byPurpose: z.record(z.string(), usageTotalsSchema).optional(),
  byModel: z.record(z.string(), usageTotalsSchema).optional(),
});

/** Totals per stage (purpose) and per model, as the usage ledger (models/ledger.ts) sums them. */
export type LedgerSummary = Required<z.output<typeof usageSummarySchema>>;

const modelCostSchema = z.looseObject({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  /** Of input_tokens: read from and written to a prompt cache. */
  cache_read_tokens: z.number().optional(),
  cache_write_tokens: z.number().optional(),
  /** Null when the model's price is unknown. */
  usd: z.number().nullable().optional(),
});

/** One stage's input and cost (models/cost.ts StageCost). */
const stageCostSchema = z.looseObject({
  input_tokens: z.number().optional(),
  cache_read_tokens: z.number().optional(),
  cache_write_tokens: z.number().optional(),
  usd: z.number().nullable().optional(),
  saved_usd: z.number().nullable().optional(),
});

/** What the cost meter counted (models/cost.ts CostSnapshot), as far as readers rely on it. */
export const costSchema = z.looseObject({
  /** Dollars spent on models with a known price. */
  total_usd: z.number().nullable().optional(),
  /** What prompt caching and batch prices saved against the list price of the same tokens (write surcharge net). */
  saved_usd: z.number().optional(),
  /** The --max-cost budget, or null when none was set. */
  max_usd: z.number().nullable().optional(),
  by_model: z.record(z.string(), modelCostSchema).optional(),
  /** Per stage (understanding, ideation, evaluator, target, judge, metajudge), at its model's price. */
  by_stage: z.record(z.string(), stageCostSchema).optional(),
  /** Models whose tokens were counted but not priced. */
  unknown_price_models: z.array(z.string()).optional(),
});

export const runInfoSchema = z.looseObject(
  {
    behavior: z.string().optional(),
    ...runIdentitySchema.partial().shape,
    /** The rollout and judgment settings by key, so a baseline that differs can say which one changed. */
    config_parts: z.record(z.string(), z.string()).optional(),
    /** The lock the run used, relative to where it ran; null for an unpinned run. */
    suite_lock: z.string().nullable().optional(),
    stages: z.array(z.string()).optional(),
    /** A shard's folder: which slice of the suite's cells it holds (no meta-judgment, no decision). */
    shard: shardSchema.optional(),
    /** A merged folder: the shards it was joined from, as folders relative to where the merge ran. */
    merged_from: z.array(z.strictObject({ shard: shardSchema, folder: z.string() })).optional(),
    /** Model ids by role: understanding, ideation, evaluator, target, judge. */
    models: z.record(z.string(), z.string()).optional(),
    started_at: isoTime.optional(),
    duration_ms: z.number().optional(),
    /** The run's counts (pipeline/run.ts RunOutcome); null when it stopped before any. */
    outcome: z.unknown().optional(),
    /** The folder's calls, this invocation's and the earlier ones' it resumed. */
    usage: usageSummarySchema.optional(),
    cost: costSchema.nullable().optional(),
    /** This invocation alone. */
    this_run: z
      .looseObject({
        usage: usageSummarySchema.optional(),
        cost: costSchema.optional(),
        call_cache: callCacheStatsSchema.nullable().optional(),
      })
      .optional(),
    /** The call cache over the folder's invocations, like `usage`: served, stored, refused; null without one. */
    call_cache: callCacheStatsSchema.nullable().optional(),
  },
  { error: 'a JSON object' },
);

export type RunInfo = z.output<typeof runInfoSchema>;
