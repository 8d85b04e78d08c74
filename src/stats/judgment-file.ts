// judgment.json as a whole: Bloom's keys in Bloom's order, our failures and counts alongside.

import type { FailedJudgment, JudgmentFileHead, JudgmentRecord, Metajudgment } from '../formats/judgment.ts';
import { summaryStatistics } from './summary.ts';

/** A judgment as judgment.json sorts and counts it: a full record, or only its scores (read back when written). */
export interface ScoredJudgment {
  variation_number: number;
  repetition_number: number;
  [field: string]: unknown;
}

/** judgment.json as written, its judgments given as R (full records, or their scores to be read back). */
export type JudgmentFileOf<R extends ScoredJudgment> = JudgmentFileHead & {
  judgments: R[];
  failed_judgments: FailedJudgment[];
};

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
  metajudgment?: Metajudgment;
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
    summary_statistics: summaryStatistics(judgments, input.qualities, meta.metajudgment_scores ?? undefined, {
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
