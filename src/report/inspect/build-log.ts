// The whole Inspect log from a results folder's parsed files: a pure function, so the same results always give
// the same log. Keys are in Inspect's order with `samples` last.

import { ELICITATION_THRESHOLD } from '../../stats/index.ts';
import { evalSpec } from './eval-spec.ts';
import { evalScores, PRESENCE, qualityNames } from './metrics.ts';
import { evalPlan } from './plan.ts';
import type { BloomResults } from './results.ts';
import { collectRollouts } from './rollouts.ts';
import { runFacts } from './run-facts.ts';
import { toEvalSample } from './samples.ts';
import type { EvalLog, EvalResults, InspectError } from './types.ts';
import { usageByKey } from './usage.ts';

export interface InspectLogOptions {
  /** Inspect's eval.packages: the tools and versions that produced the log. */
  packages?: Record<string, string>;
}

function resultsMetadata(results: BloomResults): Record<string, unknown> {
  const { judgment } = results;
  const metadata: Record<string, unknown> = {
    elicitation_threshold: ELICITATION_THRESHOLD,
    summary_statistics: judgment.summary_statistics,
  };
  if (judgment.metajudgment_scores) {
    metadata.metajudgment_scores = judgment.metajudgment_scores;
    metadata.metajudgment_justification = judgment.metajudgment_justification ?? '';
  }
  return metadata;
}

function nothingScoredError(total: number): InspectError {
  const message = `no rollout was scored (${total} rollout${total === 1 ? '' : 's'} in the results)`;
  return { message, traceback: '', traceback_ansi: '' };
}

export function buildInspectLog(results: BloomResults, options: InspectLogOptions = {}): EvalLog {
  const facts = runFacts(results);
  const qualities = qualityNames(results.judgment);
  const context = {
    behavior: facts.behavior,
    targetModel: facts.targetModel,
    qualities,
    ideation: results.ideation,
    usageByRollout: results.usageByRollout,
  };
  const samples = collectRollouts(results).map((entry) => toEvalSample(entry, context));
  const scored = samples.filter((sample) => sample.scores?.[PRESENCE] !== undefined).length;
  const evalResults: EvalResults = {
    total_samples: samples.length,
    completed_samples: scored,
    scores: evalScores(results.judgment, samples.length),
    metadata: resultsMetadata(results),
  };
  return {
    version: 2,
    status: scored > 0 ? 'success' : 'error',
    eval: evalSpec(
      results,
      facts,
      [...new Set(samples.map((sample) => sample.id))],
      [PRESENCE, ...qualities],
      options.packages ?? {},
    ),
    plan: evalPlan(results, qualities),
    results: evalResults,
    stats: {
      started_at: facts.startedAt,
      completed_at: facts.completedAt,
      model_usage: usageByKey(results.runInfo?.usage?.byModel),
      role_usage: usageByKey(results.runInfo?.usage?.byPurpose),
      connection_limit_history: [],
    },
    ...(scored > 0 ? {} : { error: nothingScoredError(samples.length) }),
    invalidated: false,
    tags: [],
    metadata: {},
    samples,
  };
}
