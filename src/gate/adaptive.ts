// Adaptive rollouts: after the first look, behaviors the gate could not decide get more repetitions of the same
// pinned scenarios, look by look, until each is decided, reaches its rollout cap, or the budget runs out. The
// looks are recorded in each behavior's results (gate_looks.json), so the decision reads them back and spends
// alpha across them (src/gate/sequential.ts): adding rollouts never raises the false-alarm rate.
// The caller owns running and comparing; this module owns only when to add what.

import type { LookPlan } from '../formats/gate-looks.ts';
import { readBehaviorRun } from './results.ts';
import { readLooks, type SealRunFile, writeLooks } from './results-files.ts';
import type { GateResult } from './types.ts';

export interface AdaptiveBehavior {
  behavior: string;
  behaviorDir: string;
  /** Runs the suite again with this many repetitions of every scenario (those on disk are kept); false when the
   * run failed (its error is the caller's to report). */
  rerun: (repetitions: number) => Promise<boolean>;
  /** Stamps and seals the looks for the behavior's run (its first run's sealRunFile). */
  seal: SealRunFile;
}

export interface AdaptiveInput {
  behaviors: readonly AdaptiveBehavior[];
  /** Reads every behavior's results and decides them all together (Holm across them). */
  compare: () => Promise<GateResult>;
  /** Candidate rollouts a behavior may reach at most. */
  maxRollouts: number;
  /** False once the budget is spent; checked before every further look. */
  canSpend: () => boolean;
}

export type StoppedBy = 'decided' | 'rollout-cap' | 'budget' | 'run-failed';

export interface AdaptiveOutcome {
  result: GateResult;
  stoppedBy: StoppedBy;
  looks: number;
}

/** The plan on disk, or the one a first look starts. */
async function planFor(b: AdaptiveBehavior, maxRollouts: number): Promise<LookPlan> {
  const existing = await readLooks(b.behaviorDir);
  if (existing) return existing;
  const run = await readBehaviorRun(b.behaviorDir);
  const scenarios = Object.keys(run.scores).length;
  const reps = Math.max(1, ...Object.values(run.scores).flatMap((r) => Object.keys(r).map(Number)));
  const plan = {
    max_repetitions: Math.max(reps, Math.floor(maxRollouts / Math.max(1, scenarios))),
    repetitions: [reps],
  };
  await writeLooks(b.behaviorDir, plan, b.seal);
  return plan;
}

export async function decideAdaptively(input: AdaptiveInput): Promise<AdaptiveOutcome> {
  const plans = new Map<string, LookPlan>();
  for (const b of input.behaviors) plans.set(b.behavior, await planFor(b, input.maxRollouts));
  let result = await input.compare();
  let looks = 1;
  for (;;) {
    const undecided = input.behaviors.filter((b) => {
      const status = result.behaviors.find((r) => r.behavior === b.behavior)?.status;
      const plan = plans.get(b.behavior) as LookPlan;
      return status === 'inconclusive' && (plan.repetitions.at(-1) as number) < plan.max_repetitions;
    });
    if (undecided.length === 0) {
      const capped = result.behaviors.some((r) => r.status === 'inconclusive');
      return { result, stoppedBy: capped ? 'rollout-cap' : 'decided', looks };
    }
    if (!input.canSpend()) return { result, stoppedBy: 'budget', looks };
    for (const b of undecided) {
      const plan = plans.get(b.behavior) as LookPlan;
      const step = plan.repetitions[0] as number;
      const next = Math.min(plan.max_repetitions, (plan.repetitions.at(-1) as number) + step);
      if (!(await b.rerun(next))) return { result, stoppedBy: 'run-failed', looks };
      plan.repetitions.push(next);
      await writeLooks(b.behaviorDir, plan, b.seal);
    }
    looks++;
    result = await input.compare();
  }
}
