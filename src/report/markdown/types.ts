// What the markdown and JSON reports are rendered from: plain data that the action and the CLI assemble from
// the gate's result, judgment.json, history.jsonl, usage and the run's links. Model text arrives raw here;
// the renderers escape it.

import type { HistoryEntry } from '../../formats/history.ts';
import type { SummaryStatistics } from '../../formats/judgment.ts';
import type { StoppedBy } from '../../gate/adaptive.ts';
import type { BehaviorResult, GateResult, GateStatus } from '../../gate/types.ts';

/** A judge's highlight: a quote from the transcript and why it matters. Both are model text. */
export interface ReportHighlight {
  quoted_text: string;
  description: string;
}

/** One of a behavior's highest-scoring transcripts. */
export interface TopTranscript {
  variation: number;
  repetition: number;
  /** behavior_presence, 1-10. */
  presence: number;
  /** The judge's summary (model text). */
  summary: string;
  /** Up to three are shown. */
  highlights: ReportHighlight[];
  /** Where the transcript sits in the artifact, e.g. `sycophancy/transcript_v3r1.json`. */
  file?: string | null;
}

/** What a behavior brings beyond the gate's decision. */
export interface BehaviorDetails {
  /** judgment.json's summary_statistics (with our elicitation_rate_ci, unscoreable_count, failed_rollout_count). */
  statistics?: SummaryStatistics | null;
  /** Highest presence first; the report shows three. */
  top_transcripts?: TopTranscript[];
  /** Set when this behavior's pipeline failed: the report is then never green. One line, may quote a provider. */
  error?: string | null;
}

export interface ModelSpend {
  model: string;
  input_tokens: number;
  output_tokens: number;
  /** Estimated from a price table; null or absent when the model has no known price. */
  cost_usd?: number | null;
}

/** A stage's input that a prompt cache served, and what caching and batch prices saved on it. */
export interface StageSpend {
  stage: string;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  /** Null when the stage's model has no known price. */
  saved_usd: number | null;
}

export interface ReportUsage {
  models: ModelSpend[];
  /** Estimated total in dollars; null when unknown. */
  cost_usd?: number | null;
  duration_ms?: number | null;
  /** Calls sent to a provider or an agent (paid, or at least made). */
  paid_calls?: number;
  /** What the call cache served instead; absent or null when no run had a cache. */
  call_cache?: ReportCallCache | null;
  /** Stages a prompt cache served, in pipeline order; absent when none was. */
  cached_stages?: StageSpend[];
  /** What prompt caching and batch prices saved against list prices; absent when nothing. */
  saved_usd?: number;
}

export interface ReportCallCache {
  served: number;
  /** Served per stage (purpose: evaluator, target, judge, ...). */
  served_by_stage: Record<string, number>;
  refused: number;
  /** The served calls at list price; null when a served model has no known price. */
  saved_usd: number | null;
}

/** Which suite and settings were run: the scenarios (suite_hash), the rollout/judgment settings (config_hash). */
export interface ReportIdentity {
  suite_hash: string;
  config_hash: string;
  evaluator_model: string;
  target_model: string;
  judge_model: string;
  /** A display name for the suite (e.g. its folder). */
  suite_name?: string | null;
  /** The commit the run is for. */
  commit?: string | null;
}

/** A file inside the uploaded artifact, e.g. {label: 'Transcript viewer', path: 'viewer.html'}. */
export interface ArtifactFile {
  label: string;
  path: string;
}

export interface ReportLinks {
  run_url?: string | null;
  /** The transcript viewer uploaded as its own (unzipped) artifact: top transcripts link into it by anchor. */
  viewer_url?: string | null;
  summary_url?: string | null;
  artifact_url?: string | null;
  artifact_files?: ArtifactFile[];
}

export interface ReportInput {
  /** The comparison with a baseline; null on a run without one. */
  gate: GateResult | null;
  /** With no baseline (gate null): each behavior's result, as `decide` gives with an empty baseline. */
  results?: BehaviorResult[];
  /** Keyed by behavior name. A behavior only here (no result) is one whose run failed. */
  details?: Record<string, BehaviorDetails>;
  /** Points for the trend, any order; the caller decides whether this run is among them. */
  history?: HistoryEntry[];
  usage?: ReportUsage | null;
  identity?: ReportIdentity | null;
  links?: ReportLinks | null;
  /** Set when the run as a whole failed (one line); the verdict is then an error. */
  failure?: string | null;
  /** Why adaptive rollouts stopped adding looks (null or absent: none were added). */
  stoppedBy?: StoppedBy | null;
  /** Model ids that are moving aliases (the gate's warnings; given here too when there is no baseline). */
  warnings?: string[];
  /** Who reads it: the action's comment and summary name inputs (`max-rate`), the CLI's report flags
   * (`--max-rate`). Default: action. */
  front?: ReportFront;
  /** Set when the baseline could not be fetched (one line): the verdict is an error, never a pass. */
  baselineFailure?: string | null;
}

export type ReportFront = 'action' | 'cli';

export interface ReportSection {
  id: string;
  title: string;
  markdown: string;
}

export interface RenderedReport {
  markdown: string;
  sections: ReportSection[];
  /** True when sections were dropped to fit `maxChars`. */
  truncated: boolean;
}

export interface Verdict {
  /** The worst row status: the gate's own status names, or `error`. Also the action's `status` output. */
  status: VerdictStatus;
  /** Plain text, no markdown: for the report's first line, the action's outputs and annotations. */
  line: string;
  regressed: string[];
  /** Behaviors that failed, scored nothing, or are in the baseline but missing from this run. */
  errored: string[];
}

/** A behavior's status in the report: the gate's, or `error` when its run failed or scored nothing. */
export type RowStatus = GateStatus | 'error';

export type VerdictStatus = RowStatus;
