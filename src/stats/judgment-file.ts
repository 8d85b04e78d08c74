// judgment.json as a whole: Bloom's keys in Bloom's order, our failures and counts alongside.

import type { JudgmentFile, JudgmentRecord } from '../pipeline/types.ts';
import { summaryStatistics } from './summary.ts';

/** One transcript the judge could not score, or whose judging failed (failed_judgments entry). */
export interface FailedJudgment {
  variation_number: number;
  repetition_number: number;
  /** True when the judge answered but gave no usable score; false for a provider error. */
  unscoreable: boolean;
  /** Why (Bloom's key name for the reason). */
  error: string;
}

export interface MetajudgmentFields {
  metajudgment_scores?: Record<string, number>;
  metajudgment_justification?: string;
  metajudgment_response?: string;
}

/** A judgment as judgment.json sorts and counts it: a full record, or only its scores (read back when written). */
export interface ScoredJudgment {
  variation_number: number;
  repetition_number: number;
  [field: string]: unknown;
}

/** judgment.json with its judgments given as R (JudgmentFile itself when R is the full record). */
export type JudgmentFileOf<R extends ScoredJudgment> = Omit<JudgmentFile, 'judgments'> & { judgments: R[] };

export interface JudgmentFileInput<R extends ScoredJudgment = JudgmentRecord> {
  behaviorName: string;
  examples: string[];
  /** The judge model as named in seed.yaml. */
  model: string;
  reasoningEffort: string;
  /** Transcripts that were put to the judge. */
  totalConversations: number;
  qualities: string[];
  judgments: R[];
  failures: FailedJudgment[];
  failedRolloutCount?: number;
  metajudgment?: MetajudgmentFields;
}

function byVariationThenRepetition(
  a: { variation_number: number; repetition_number: number },
  b: { variation_number: number; repetition_number: number },
): number {
  return a.variation_number - b.variation_number || a.repetition_number - b.repetition_number;
}

export function buildJudgmentFile<R extends ScoredJudgment = JudgmentRecord>(
  input: JudgmentFileInput<R>,
): JudgmentFileOf<R> {
  const judgments = [...input.judgments].sort(byVariationThenRepetition);
  const failures = [...input.failures].sort(byVariationThenRepetition);
  const meta = input.metajudgment ?? {};
  const file: JudgmentFileOf<R> = {
    behavior_name: input.behaviorName,
    examples: input.examples,
    model: input.model,
    reasoning_effort: input.reasoningEffort,
    total_conversations: input.totalConversations,
    summary_statistics: summaryStatistics(judgments, input.qualities, meta.metajudgment_scores, {
      unscoreable: failures.filter((f) => f.unscoreable).length,
      failedRollouts: input.failedRolloutCount ?? 0,
    }),
    judgments,
    failed_judgments: failures,
    successful_count: judgments.length,
    failed_count: failures.length,
  };
  if (meta.metajudgment_scores !== undefined) {
    file.metajudgment_scores = meta.metajudgment_scores;
    file.metajudgment_justification = meta.metajudgment_justification ?? '';
    file.metajudgment_response = meta.metajudgment_response ?? '';
  }
  return file;
}

/** The failed_judgments entry for a judge result that did not score (unscoreable or a provider error). */
export function failedJudgment(
  variation: number,
  repetition: number,
  result: { unscoreable: true; reason: string } | { error: string },
): FailedJudgment {
  return 'unscoreable' in result
    ? { variation_number: variation, repetition_number: repetition, unscoreable: true, error: result.reason }
    : { variation_number: variation, repetition_number: repetition, unscoreable: false, error: result.error };
}
