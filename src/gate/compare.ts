// A whole comparison: every behavior's decision plus what was compared, as the JSON the CLI prints and the action
// and the reports consume.

import type { Baseline } from '../formats/baseline.ts';
import type { JudgeCheck } from '../formats/judge-check.ts';
import { decide, worstStatus } from './decide.ts';
import { isMovingAlias } from './model-alias.ts';
import type { CandidateBehavior, ComparisonMethod, GateOptions, GateResult, GateStatus } from './types.ts';

/** One line per model id that is a moving alias, for the judge and the evaluator of the candidate runs. */
export function aliasWarnings(candidates: readonly CandidateBehavior[]): string[] {
  const seen = new Map<string, Set<string>>();
  for (const c of candidates) {
    for (const [role, id] of Object.entries(c.models ?? {})) {
      if (!isMovingAlias(id)) continue;
      const roles = seen.get(id) ?? new Set<string>();
      roles.add(role);
      seen.set(id, roles);
    }
  }
  return [...seen.entries()].map(
    ([id, roles]) =>
      `The ${[...roles].sort().join(' and ')} model \`${id}\` is a moving alias, not a dated snapshot: the provider can change it under the baseline (pin a dated id in models.json).`,
  );
}

/** A judge check speaks of the baseline whose sample it re-scored: one of another (a results folder reused with a
 * new baseline or anchor) is left out, never taken for this one's. */
function withChecksOf(
  candidate: CandidateBehavior,
  baseline: Baseline | null,
  anchor: Baseline | null,
): CandidateBehavior {
  const of = (check: JudgeCheck | undefined, b: Baseline | null) =>
    check && b && check.baseline?.commit === b.commit && check.baseline?.created_at === b.created_at
      ? check
      : undefined;
  const { judge_check, anchor_judge_check, ...rest } = candidate;
  const own = of(judge_check, baseline);
  const anchors = of(anchor_judge_check, anchor);
  return {
    ...rest,
    ...(own ? { judge_check: own } : {}),
    ...(anchors ? { anchor_judge_check: anchors } : {}),
  };
}

export function compareWithBaseline(input: {
  candidates: readonly CandidateBehavior[];
  /** null: no baseline yet (only the cap, if any, is checked). */
  baseline: Baseline | null;
  anchor?: Baseline | null;
  options: GateOptions;
  failOn: readonly GateStatus[];
  baselineFile: string | null;
  anchorFile?: string | null;
  resultsDir: string;
  method?: ComparisonMethod;
}): GateResult {
  const { baseline } = input;
  const anchor =
    baseline &&
    input.anchor &&
    !(input.anchor.created_at === baseline.created_at && input.anchor.commit === baseline.commit)
      ? input.anchor
      : null;
  const behaviors = decide({
    candidates: input.candidates.map((c) => withChecksOf(c, baseline, anchor)),
    baseline: baseline?.behaviors ?? {},
    anchor: anchor?.behaviors ?? null,
    options: input.options,
    method: input.method,
  });
  const present = new Set(input.candidates.map((c) => c.behavior));
  const failing = behaviors.some((b) => input.failOn.includes(b.status));
  return {
    format_version: 2,
    status: worstStatus(behaviors.map((b) => b.status)),
    exit_code: failing ? 1 : 0,
    options: {
      max_increase: input.options.maxIncrease,
      max_rate: input.options.maxRate,
      alpha: input.options.alpha,
      detect: input.options.detect,
      drift_tolerance: input.options.driftTolerance,
      fail_on: [...input.failOn],
    },
    baseline: baseline
      ? {
          file: input.baselineFile ?? '',
          commit: baseline.commit,
          created_at: baseline.created_at,
          target_id: baseline.target_id,
        }
      : null,
    anchor: anchor
      ? { file: input.anchorFile ?? '', commit: anchor.commit, created_at: anchor.created_at }
      : null,
    results_dir: input.resultsDir,
    behaviors,
    missing: Object.keys(baseline?.behaviors ?? {}).filter((name) => !present.has(name)),
    warnings: aliasWarnings(input.candidates),
  };
}
