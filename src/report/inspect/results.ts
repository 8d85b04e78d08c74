// The parsed files of one behavior's results folder: the input of the Inspect export. Only judgment.json is
// required; Python Bloom writes no run_info.json or rollout.json, and a study may ship few transcripts.

import type { BehaviorFolder } from '../../formats/results-folder.ts';
import type { LedgerSummary } from '../../formats/run-info.ts';

export interface BloomResults extends BehaviorFolder {
  /** Tokens each rollout's calls used (its evaluator, target and judge calls), by rollout key; from usage.jsonl. */
  usageByRollout?: Record<string, LedgerSummary>;
  /** When judgment.json was last written: the fallback run time when nothing else records one. */
  judgmentWrittenAt: string;
}
