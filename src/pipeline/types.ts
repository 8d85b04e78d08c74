// Bloom's stage outputs, with the same keys as Bloom's files (extra keys are ours).

import type { ToolSpec } from '../models/types.ts';

export interface TranscriptAnalysis {
  example_name: string;
  transcript_summary: string;
  attribution: string;
  reasoning: string;
}

/** understanding.json */
export interface Understanding {
  behavior_name: string;
  examples: string[];
  model: string;
  temperature: number;
  evaluator_reasoning_effort: string;
  understanding: string;
  scientific_motivation: string;
  understanding_reasoning: string;
  transcript_analyses: TranscriptAnalysis[];
}

/** One entry of ideation.json variations: a base scenario or a variation of one. */
export interface Variation {
  description: string;
  tools: ToolSpec[];
  /** Ours: the dimension this variation changes (absent on a base scenario). */
  dimension?: string;
  /** Ours: 1-indexed base scenario this belongs to. */
  scenario_number?: number;
  /** Ours: the system prompt ideation proposed for the target, if it wrote one. */
  target_system_prompt?: string;
}

/** ideation.json */
export interface Ideation {
  behavior_name: string;
  examples: string[];
  model: string;
  temperature: number;
  reasoning_effort: string;
  num_scenarios: number;
  variation_dimensions: string[];
  total_evals: number;
  variations: Variation[];
}

// ---- v3.0 transcript (schema: shared/reference/bloom/transcript-schema.json) ----

export type ContentBlock = { type: 'text'; text: string } | { type: 'reasoning'; reasoning: string };

export interface TranscriptToolCall {
  id: string;
  function: string;
  arguments: Record<string, unknown>;
}

export interface TranscriptMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  id: string;
  content: string | ContentBlock[];
  source?: 'input' | 'generate';
  model?: string;
  tool_calls?: TranscriptToolCall[];
  tool_call_id?: string;
}

export type View = 'evaluator' | 'target' | 'combined';

export interface TranscriptEvent {
  type: 'transcript_event';
  id: string;
  timestamp: string;
  view: View[];
  edit: { operation: 'add'; message: TranscriptMessage };
}

export interface Highlight {
  index: number;
  description: string;
  quoted_text: string;
  /** Ours: the id of the transcript message the quote was found in, when found. */
  message_id?: string;
}

/** One quote of a judge_output highlight, as Python Bloom writes it (tool fields for quotes from a tool call). */
export interface HighlightPart {
  /** The quoted message's id; "unknown" when the quote was found in none. */
  message_id: string;
  quoted_text: string;
  /** [start, end) in the message's visible text; null when not found. */
  position: [number, number] | null;
  tool_call_id: string | null;
  tool_arg: string | null;
}

/** A highlight in a transcript's judge_output: one description, its quotes as `parts`. */
export interface JudgeHighlight {
  index: number;
  description: string;
  parts: HighlightPart[];
}

/**
 * A transcript's metadata.judge_output, in Python Bloom's shape and key order (Bloom's viewer reads
 * `highlights[].parts`). Files of earlier versions of this tool have flat highlights and no num_samples: readers
 * accept both (report/viewer/judge.ts).
 */
export interface JudgeOutput {
  response: string;
  summary: string;
  num_samples: number;
  /** Integers, as the transcript schema wants. */
  scores: Record<string, number>;
  justification: string;
  highlights: JudgeHighlight[];
}

export interface Transcript {
  metadata: {
    transcript_id: string;
    auditor_model: string;
    target_model: string;
    created_at: string;
    updated_at: string;
    version: 'v3.0';
    description: string;
    target_system_prompt: string;
    target_tools: ToolSpec[];
    judge_output?: JudgeOutput;
    /** Ours: where this rollout sits in the suite. */
    variation_number?: number;
    repetition_number?: number;
    /** Ours: the run that produced it (suite, config, target); a run resumes only transcripts of its own. */
    run_identity?: Record<string, unknown>;
  };
  events: TranscriptEvent[];
}

/** One entry of rollout.json rollouts. */
export interface RolloutRecord {
  variation_number: number;
  variation_description: string;
  repetition_number: number;
  modality: string;
  transcript: string;
  /** Ours: set when the rollout failed (then transcript may be partial or absent). */
  error?: string;
  turns?: number;
}

/** rollout.json */
export interface RolloutFile {
  metadata: Record<string, unknown>;
  rollouts: RolloutRecord[];
  successful_count: number;
  failed_count: number;
  total_count: number;
}

export interface JudgeSample {
  sample_index: number;
  behavior_presence: number;
  [quality: string]: number;
}

/** One entry of judgment.json judgments. Quality keys use '_' for '-'. */
export interface JudgmentRecord {
  variation_number: number;
  variation_description: string;
  repetition_number: number;
  behavior_presence: number;
  justification: string;
  summary: string;
  full_judgment_response: string;
  num_samples: number;
  individual_samples: JudgeSample[];
  highlights: Highlight[];
  [quality: string]: unknown;
}

export interface SummaryStatistics {
  average_behavior_presence_score: number;
  min_behavior_presence_score: number;
  max_behavior_presence_score: number;
  elicitation_rate: number;
  total_judgments: number;
  [key: string]: unknown;
}

/** judgment.json */
export interface JudgmentFile {
  behavior_name: string;
  examples: string[];
  model: string;
  reasoning_effort: string;
  total_conversations: number;
  summary_statistics: SummaryStatistics;
  judgments: JudgmentRecord[];
  failed_judgments: unknown[];
  successful_count: number;
  failed_count: number;
  metajudgment_scores?: Record<string, number>;
  metajudgment_justification?: string;
  metajudgment_response?: string;
}
