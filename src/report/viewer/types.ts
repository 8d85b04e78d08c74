// The data the viewer page embeds: everything it shows, precomputed from a results folder so the page script
// only sorts, filters and renders. Plain JSON-able data; every string in it is untrusted model text.

import type { Leaderboard } from '../../gate/leaderboard.ts';
import type { BehaviorResult, GateResult } from '../../gate/types.ts';

export type RolloutStatus = 'scored' | 'unscoreable' | 'failed';

/** One rollout in the list: a (variation, repetition) cell, whether or not its transcript file exists. */
export interface RolloutRow {
  /** "v3r1", as in transcript_v3r1.json. */
  key: string;
  variation: number;
  repetition: number;
  status: RolloutStatus;
  /** behavior_presence; null unless scored. */
  presence: number | null;
  /** Quality scores by quality key (judgment.json spelling, '_' for '-'). */
  qualities: Record<string, number | null>;
  /** The variation dimension, or 'base' for a base scenario. */
  dimension: string;
  /** The scenario description without its <dimension> prefix. */
  description: string;
  /** Why it failed or could not be scored, when it did. */
  error: string | null;
  hasTranscript: boolean;
}

export interface Highlight {
  index: number;
  description: string;
  quoted_text: string;
  message_id: string | null;
}

/** The judge's verdict on one rollout. */
export interface JudgeView {
  summary: string;
  justification: string;
  /** behavior_presence first, then each quality. */
  scores: Record<string, number | null>;
  highlights: Highlight[];
}

export interface ToolCallView {
  id: string;
  name: string;
  /** The arguments as indented JSON. */
  arguments: string;
}

/** Who wrote a message in the combined view. */
export type Speaker = 'evaluator' | 'target' | 'tool';

export interface MessageView {
  id: string;
  role: 'system' | 'user' | 'assistant' | 'tool';
  speaker: Speaker;
  text: string;
  reasoning: string[];
  toolCalls: ToolCallView[];
  toolCallId: string | null;
}

export interface TranscriptView {
  targetModel: string;
  auditorModel: string;
  targetSystemPrompt: string;
  /** Target tools by name, with their descriptions. */
  targetTools: { name: string; description: string }[];
  /** The combined view: evaluator and target side by side, in order. */
  messages: MessageView[];
}

/** What opening a rollout shows: the judge's verdict, and the transcript when its file exists. */
export interface RolloutDetail {
  judge: JudgeView | null;
  transcript: TranscriptView | null;
}

export interface SuiteView {
  /** Scored rollouts. */
  n: number;
  elicited: number;
  rate: number;
  /** Wilson 95% interval of the rate. */
  low: number;
  high: number;
  meanPresence: number | null;
  unscoreable: number;
  failedRollouts: number;
  failedJudgments: number;
  /** Mean of each quality over the rollouts that have it. */
  qualityAverages: Record<string, number | null>;
  metaScores: Record<string, number | null>;
  metaJustification: string;
  /** The meta-judge's report (its <report> section, else its whole response). */
  metaReport: string;
  judgeModel: string;
  targetModel: string;
}

export interface HistoryPoint {
  time: string;
  rate: number;
  low: number;
  high: number;
  commit: string | null;
  target: string | null;
  /** Runs of one suite, config and target share a stretch; the chart breaks between stretches. */
  stretch: number;
}

/** One scenario (variation) in both runs, for the baseline comparison. */
export interface ComparisonRow {
  variation: number;
  dimension: string;
  description: string;
  /** Presence by repetition ("1", "2", ...). */
  baseline: Record<string, number>;
  candidate: Record<string, number>;
  baselineMean: number | null;
  candidateMean: number | null;
  /** candidateMean - baselineMean; null when either side has no score. */
  change: number | null;
}

export interface BehaviorView {
  name: string;
  suite: SuiteView;
  /** Quality keys in display order. */
  qualities: string[];
  /** Dimensions present in the rows, 'base' first. */
  dimensions: string[];
  rows: RolloutRow[];
  /** By row key. */
  details: Record<string, RolloutDetail>;
  history: HistoryPoint[];
  /** Largest absolute change first; null without a baseline. */
  comparison: ComparisonRow[] | null;
  /** The gate's decision for this behavior; null when none was made. */
  decision: BehaviorResult | null;
  /** The facts behind the decision, as sentences (../decision-facts.ts); empty without one. */
  facts: string[];
}

/** What every decision on the page was made by. */
export interface GateView {
  options: GateResult['options'];
  baseline: { commit: string | null; created_at: string } | null;
  anchor: { commit: string | null; created_at: string } | null;
  /** Judge or evaluator ids that are moving aliases. */
  warnings: string[];
}

export interface ViewerData {
  title: string;
  /** The baseline file's name, when one was given. */
  baselineName: string | null;
  behaviors: BehaviorView[];
  /** Set when decisions were made against a baseline. */
  gate: GateView | null;
  /** Why a baseline was given but no decision is shown (one line); null otherwise. */
  noDecision: string | null;
  /** Several targets' runs ranked (the page then shows only this); null for one run. */
  leaderboard?: LeaderboardView | null;
}

export interface LeaderboardView {
  board: Leaderboard;
  /** Each target's own viewer.html, relative to this page, by target id. */
  viewers: Record<string, string>;
}
