// `bloom plan`'s second half: the dry run's calls per rollout (pipeline/plan/) made into what each part of the gate
// would spend: this run (scenarios x num_reps), the adaptive looks a pull request may add up to max-rollouts
// (worst case: every look taken), the judge check (the current judge re-scoring the baseline's stored sample), and
// recording a baseline of baseline-rollouts. Per stage, priced at list price (src/models/prices.ts, models.json
// `price` overrides). Pure: plain numbers in, plain numbers out.

import { costUsd, type Price, priceOf } from '../models/prices.ts';
import type { Purpose } from '../models/types.ts';
import type { CallTally, SuitePlan } from '../pipeline/plan/index.ts';
import { JUDGE_SAMPLE_SIZE } from './judge-sample.ts';

export type PlanStage = 'rollout' | 'judgment' | 'metajudgment';

export interface StageEstimate {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  /** Null when a model of the stage has no known price (an HTTP or command target is not billed per token). */
  usd: number | null;
}

export interface PlanLine {
  part: 'run' | 'adaptive-looks' | 'judge-check' | 'baseline';
  /** Rollouts this part adds (the judge check: transcripts it re-scores). */
  rollouts: number;
  stages: Partial<Record<PlanStage, StageEstimate>>;
  total: StageEstimate;
}

export interface BudgetPlan {
  behavior: string;
  suite_hash: string;
  /** The target planned (run_info.json's target_id). */
  target: string;
  scenarios: number;
  repetitions: number;
  lines: PlanLine[];
  /** Models whose tokens could not be priced. */
  unpriced: string[];
}

export interface GateBudget {
  /** Rollouts a pull request may grow to (max-rollouts); 0: no adaptive looks. */
  maxRollouts: number;
  /** Rollouts a baseline is recorded with (baseline-rollouts); 0: the suite's own. */
  baselineRollouts: number;
}

const STAGE_OF: Partial<Record<Purpose, PlanStage>> = {
  evaluator: 'rollout',
  target: 'rollout',
  judge: 'judgment',
  metajudge: 'metajudgment',
};

const ROLE_OF: Partial<Record<Purpose, 'evaluator' | 'target' | 'judge'>> = {
  evaluator: 'evaluator',
  target: 'target',
  judge: 'judge',
  metajudge: 'judge',
};

export function planBudget(plan: SuitePlan, budget: GateBudget): BudgetPlan {
  const { scenarios, repetitions, simulation } = plan;
  const unpriced = new Set<string>();
  const priceFor = (purpose: Purpose): Price | null => {
    const role = ROLE_OF[purpose];
    const model = role ? plan.models[role] : undefined;
    const price = model ? priceOf(model) : null;
    if (model && !price) unpriced.add(model.id);
    return price;
  };
  const perRollout = (purpose: Purpose): CallTally => {
    const tally = simulation.byPurpose[purpose] ?? { calls: 0, inputTokens: 0, outputTokens: 0 };
    const n = Math.max(1, simulation.rollouts);
    return {
      calls: tally.calls / n,
      inputTokens: tally.inputTokens / n,
      outputTokens: tally.outputTokens / n,
    };
  };
  /** `rollouts` rollouts of the given purposes, plus `metajudgments` suite-level calls. */
  const line = (
    part: PlanLine['part'],
    rollouts: number,
    purposes: Purpose[],
    metajudgments: number,
  ): PlanLine => {
    const stages: Partial<Record<PlanStage, StageEstimate>> = {};
    const add = (purpose: Purpose, tally: CallTally, times: number) => {
      const stage = STAGE_OF[purpose];
      if (!stage || times === 0 || tally.calls === 0) return;
      const into = stages[stage] ?? { calls: 0, input_tokens: 0, output_tokens: 0, usd: 0 };
      const input = tally.inputTokens * times;
      const output = tally.outputTokens * times;
      const price = priceFor(purpose);
      into.calls += tally.calls * times;
      into.input_tokens += input;
      into.output_tokens += output;
      into.usd =
        into.usd === null || !price
          ? null
          : into.usd + costUsd(price, { inputTokens: input, outputTokens: output });
      stages[stage] = into;
    };
    for (const purpose of purposes) add(purpose, perRollout(purpose), rollouts);
    add(
      'metajudge',
      simulation.byPurpose.metajudge ?? { calls: 0, inputTokens: 0, outputTokens: 0 },
      metajudgments,
    );
    return {
      part,
      rollouts,
      stages: rounded(stages),
      total: roundedEstimate(sum(Object.values(stages))),
    };
  };

  const all: Purpose[] = ['evaluator', 'target', 'judge'];
  const runRollouts = scenarios * repetitions;
  const lines = [line('run', runRollouts, all, 1)];
  const maxReps = Math.max(repetitions, Math.floor(budget.maxRollouts / Math.max(1, scenarios)));
  if (budget.maxRollouts > 0 && maxReps > repetitions) {
    const looks = Math.ceil((maxReps - repetitions) / repetitions);
    lines.push(line('adaptive-looks', (maxReps - repetitions) * scenarios, all, looks));
  }
  const baselineReps =
    budget.baselineRollouts > 0
      ? Math.max(repetitions, Math.ceil(budget.baselineRollouts / Math.max(1, scenarios)))
      : repetitions;
  const baselineRollouts = baselineReps * scenarios;
  lines.push(line('judge-check', Math.min(JUDGE_SAMPLE_SIZE, baselineRollouts), ['judge'], 0));
  lines.push(line('baseline', baselineRollouts, all, 1));
  return {
    behavior: plan.behavior,
    suite_hash: plan.suiteHash,
    target: plan.targetId,
    scenarios,
    repetitions,
    lines,
    unpriced: [...unpriced].sort(),
  };
}

function sum(estimates: StageEstimate[]): StageEstimate {
  const total: StageEstimate = { calls: 0, input_tokens: 0, output_tokens: 0, usd: 0 };
  for (const e of estimates) {
    total.calls += e.calls;
    total.input_tokens += e.input_tokens;
    total.output_tokens += e.output_tokens;
    total.usd = total.usd === null || e.usd === null ? null : total.usd + e.usd;
  }
  return total;
}

/** Whole calls and tokens, dollars to a hundredth of a cent. */
function roundedEstimate(e: StageEstimate): StageEstimate {
  return {
    calls: Math.round(e.calls),
    input_tokens: Math.round(e.input_tokens),
    output_tokens: Math.round(e.output_tokens),
    usd: e.usd === null ? null : Math.round(e.usd * 10_000) / 10_000,
  };
}

function rounded<K extends string>(
  stages: Partial<Record<K, StageEstimate>>,
): Partial<Record<K, StageEstimate>> {
  const out: Partial<Record<K, StageEstimate>> = {};
  for (const [stage, e] of Object.entries(stages) as [K, StageEstimate][]) out[stage] = roundedEstimate(e);
  return out;
}
