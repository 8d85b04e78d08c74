// The gate's data: a baseline file, a history line, and the comparison result that the CLI prints, the
// GitHub Action posts and the markdown report renders. Plain JSON-able data only.

/** A behavior in the candidate results, ready to compare. */
import type { Interval, RateSummary, ScoreTable } from '../formats/baseline.ts';
import type { LookPlan } from '../formats/gate-looks.ts';
import type { JudgeCheck } from '../formats/judge-check.ts';
import type { KnownRunIdentity } from '../formats/run-info.ts';

export interface CandidateBehavior extends KnownRunIdentity {
  behavior: string;
  scores: ScoreTable;
  unscoreable: number;
  failed: number;
  /** The run's rollout and judgment settings by key (absent in older results). */
  config_parts?: Record<string, string>;
  /** Looks of an adaptive run; absent when the run is a single look. */
  looks?: LookPlan;
  /** The current judge's scores for the baseline's stored sample; absent when not checked. */
  judge_check?: JudgeCheck;
  /** The same for the anchor's stored sample. */
  anchor_judge_check?: JudgeCheck;
  /** Evaluator and judge model ids, for the moving-alias warning. */
  models?: { evaluator: string; judge: string };
}

export interface GateOptions {
  /** The floor on the observed increase in rate: a significant increase smaller than this is tolerated
   * (0.02 = two points). Not a bound the interval must clear. */
  maxIncrease: number;
  /** A cap on the candidate's rate itself, checked with or without a baseline. */
  maxRate: number | null;
  /** Family-wise false-alarm rate: one-sided, Holm-corrected across every behavior and baseline compared. */
  alpha: number;
  /** The increase the adaptive design is built to catch: a look that shows the change is confidently below it
   * stops with `pass`; one that cannot tell asks for more rollouts. */
  detect: number;
  /** Judge drift (mean presence points) that counts as drift when it is also significant. */
  driftTolerance: number;
}

export const GATE_STATUSES = [
  'pass',
  'regressed',
  'improved',
  'inconclusive',
  'not-comparable',
  'judge-drift',
] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

/** How the change in rate is shown (the decision uses the stratified test in `test` whatever this says):
 * - paired-cells: same (variation, repetition) cells in both runs; Newcombe paired interval;
 * - stratified: same variations, different repetitions; Mantel-Haenszel difference + Sato interval;
 * - unpaired: no shared variations; Newcombe hybrid score interval. */
export type ComparisonMethod = 'paired-cells' | 'stratified' | 'unpaired';

/** One look of a sequential run: the candidate's rollouts so far and the test statistic on them. */
export interface Look {
  /** Repetitions of every scenario the candidate had at this look. */
  repetitions: number;
  rollouts: number;
  /** The max-T statistic expressed as a single z (its one-sided p as a normal tail). */
  z: number;
  /** Share of the planned information (1 on a single-look run). */
  information: number;
}

/** The stratified test of "the target shows the behavior more often": elicited-or-not and the 1-10 presence
 * score, tested together (max-T), per scenario. */
export interface IncreaseTest {
  /** Scenarios holding rollouts of both runs. */
  strata: number;
  z_rate: number;
  z_presence: number;
  /** Correlation of the two statistics under "no change". */
  correlation: number;
  /** Which of the two was larger, so which signal decided. */
  decided_by: 'rate' | 'presence';
  /** Mean presence change (candidate-weighted, per scenario). */
  presence_change: number;
  /** Standard error of the rate change under "no change". */
  rate_se: number;
  looks: Look[];
}

export interface Comparison {
  /** Which baseline: the rolling one (the last on the default branch) or the pinned anchor. */
  against: 'baseline' | 'anchor';
  method: ComparisonMethod;
  /** Cells (paired-cells), variations (stratified) or rollouts per side (unpaired) behind the estimate. */
  units: number;
  /** Paired cells only: up-moves (candidate only) and down-moves (baseline only). */
  discordant: { up: number; down: number } | null;
  /** candidate rate - baseline rate on the compared units. */
  change: number;
  /** Two-sided (1 - alpha) interval of the change. */
  interval: Interval;
  confidence: number;
  test: IncreaseTest;
  /** One-sided p-values (increase: the repeated p-value over looks), raw and Holm-adjusted. */
  p_increase: number;
  p_decrease: number;
  p_increase_holm: number;
  p_decrease_holm: number;
  /** The smallest increase (rate points) this run would have caught with 80% power. */
  detectable: number;
}

export interface RateCap {
  max_rate: number;
  /** above: the Wilson lower bound exceeds the cap; within: the upper bound does not; unclear: straddles. */
  verdict: 'above' | 'within' | 'unclear';
}

export interface MoreRollouts {
  /** Further repetitions of every scenario that would likely decide. */
  per_scenario: number;
  /** Rollouts in total after adding them (per run). */
  total: number;
  scenarios: number;
}

/** The judge re-scored some of the baseline's stored transcripts; how far its scores moved. */
export interface JudgeDrift {
  judge: string;
  /** Transcripts re-judged (scored both times). */
  n: number;
  /** Mean of (new - stored) presence, and its (1 - alpha) interval. */
  shift: number;
  interval: Interval;
  /** Two-sided p-value for "no shift", raw and Holm-adjusted across behaviors. */
  p: number;
  p_holm: number;
  /** Transcripts that crossed the elicitation threshold each way. */
  crossed: { up: number; down: number };
  /** Every behavior judged by the same judge, tested together (a moved judge moves them all); null with one. */
  pooled: { behaviors: number; n: number; shift: number; interval: Interval; p_holm: number } | null;
  drifted: boolean;
  /** Which test found the drift: this behavior's transcripts, or all the judge's; null when none did. */
  found_by: 'behavior' | 'judge' | null;
  /** Set when the shift is that of the judge that made the run's served or kept scores (this many re-scored). */
  own_scores?: number;
}

/** A config key that differs from the baseline's, with both values where they are short and not secret. */
export interface ConfigChange {
  key: string;
  baseline: string | null;
  candidate: string | null;
}

export interface BehaviorResult {
  behavior: string;
  status: GateStatus;
  /** One sentence. */
  reason: string;
  candidate: RateSummary & KnownRunIdentity;
  /** null when the baseline has no such behavior. */
  baseline: (RateSummary & KnownRunIdentity) | null;
  /** Hash fields that differ from the baseline (empty when comparable or no baseline). */
  mismatched: ('suite_hash' | 'config_hash')[];
  /** Which config keys changed, when both runs recorded them. */
  config_changes: ConfigChange[];
  /** Against the rolling baseline; null when not compared. */
  comparison: Comparison | null;
  /** Against the anchor baseline; null when there is none, it is the same run, or it is not comparable. */
  anchor: Comparison | null;
  /** Why an anchor that exists was not compared (the judge moved since it was recorded); null otherwise. */
  anchor_skipped: string | null;
  judge_drift: JudgeDrift | null;
  /** The run's judge check re-scored too few of the baseline's sample to say whether the judge moved (inconclusive
   * for that, and more rollouts would not change it); null otherwise. */
  judge_unchecked: { rescored: number; sample: number } | null;
  cap: RateCap | null;
  /** Set when inconclusive and more rollouts could decide. */
  more_rollouts: MoreRollouts | null;
}

export interface GateResult {
  format_version: 2;
  /** The worst status: regressed > judge-drift > inconclusive > not-comparable > improved > pass. */
  status: GateStatus;
  /** 1 when any behavior's status is one of `fail_on`, else 0. */
  exit_code: 0 | 1;
  options: {
    max_increase: number;
    max_rate: number | null;
    alpha: number;
    detect: number;
    drift_tolerance: number;
    fail_on: GateStatus[];
  };
  /** null when there was no baseline yet (only a cap was checked). */
  baseline: { file: string; commit: string | null; created_at: string; target_id: string | null } | null;
  anchor: { file: string; commit: string | null; created_at: string } | null;
  results_dir: string;
  behaviors: BehaviorResult[];
  /** Baseline behaviors missing from the results. */
  missing: string[];
  /** Judge or evaluator ids that name a moving alias rather than a dated snapshot. */
  warnings: string[];
}
