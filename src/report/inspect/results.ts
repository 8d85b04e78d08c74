// The parsed files of one behavior's results folder: the input of the Inspect export. Only judgment.json is
// required; Python Bloom writes no run_info.json or rollout.json, and a study may ship few transcripts.

import type { LedgerSummary, UsageTotals } from '../../models/ledger.ts';
import type { Ideation, JudgmentFile, RolloutFile, Transcript, Understanding } from '../../pipeline/types.ts';

/** The keys of our run_info.json the export reads (all optional: older or foreign runs lack them). */
export interface RunInfo {
  behavior?: string;
  suite_hash?: string;
  config_hash?: string;
  target_id?: string;
  suite_lock?: string | null;
  stages?: string[];
  models?: Record<string, string>;
  started_at?: string;
  duration_ms?: number;
  usage?: { byPurpose?: Record<string, UsageTotals>; byModel?: Record<string, UsageTotals> };
}

export interface BloomResults {
  judgment: JudgmentFile;
  understanding?: Understanding;
  ideation?: Ideation;
  rollout?: RolloutFile;
  runInfo?: RunInfo;
  /** Transcripts by rollout key `v{N}r{M}`. */
  transcripts: Record<string, Transcript>;
  /** Tokens each rollout's calls used (its evaluator, target and judge calls), by rollout key; from usage.jsonl. */
  usageByRollout?: Record<string, LedgerSummary>;
  /** When judgment.json was last written: the fallback run time when nothing else records one. */
  judgmentWrittenAt: string;
}

/** The sample id of a rollout, as in its transcript's file name. */
export function rolloutKey(variation: number, repetition: number): string {
  return `v${variation}r${repetition}`;
}
