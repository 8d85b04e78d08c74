// Adaptive rollouts: after the first look, behaviors the gate could not decide get more repetitions of the same
// pinned scenarios, look by look, until each is decided, reaches its rollout cap, or the budget runs out. The
// looks are recorded in each behavior's results (gate_looks.json), so the decision reads them back and spends
// alpha across them (src/gate/sequential.ts): adding rollouts never raises the false-alarm rate.
// A command run again on the same folder resumes the recorded looks: its first run counts the suite's own
// repetitions, so the repetitions of the last look are counted again first (their rollouts are on disk: none is
// made again). The design (the looks so far and the planned maximum) stays the recorded one, whatever this
// command's --max-rollouts; a lower cap only stops the looks sooner, which can only lower the false-alarm rate.
// The caller owns running and comparing; this module owns only when to add what.

import { join } from 'node:path';
import { checkWithinPlan, LOOKS_FILE, type LookPlan } from '../formats/gate-looks.ts';
import { readBehaviorRun } from './results.ts';
import { plannedVariations, type SealRunFile, writeLooks } from './results-files.ts';
import type { GateResult } from './types.ts';

export interface AdaptiveBehavior {
  behavior: string;
  behaviorDir: string;
  /** Runs the suite again with this many repetitions of every scenario (those on disk are kept); false when the
   * run failed (its error is the caller's to report). `why`: a look not decided yet, or an earlier command's last
   * look counted again. */
  rerun: (repetitions: number, why: RerunReason) => Promise<boolean>;
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
  /** A line for the log: an earlier command's plan kept in place of this command's. */
  note: (line: string) => void;
}

export type StoppedBy = 'decided' | 'rollout-cap' | 'budget' | 'run-failed';

export type RerunReason = 'undecided' | 'resume';

/** The log line before a rerun, the same from both fronts. */
export function rerunLine(behavior: string, repetitions: number, why: RerunReason): string {
  return why === 'resume'
    ? `${behavior}: resuming the looks an earlier command recorded; counting its ${repetitions} repetitions of each scenario`
    : `${behavior}: not decided yet; running ${repetitions} repetitions of each scenario`;
}

export interface AdaptiveOutcome {
  result: GateResult;
  stoppedBy: StoppedBy;
  looks: number;
}

interface Planned {
  plan: LookPlan;
  /** Repetitions this command may reach: the plan's maximum, or less under a lower --max-rollouts. */
  ceiling: number;
  /** The last recorded look's repetitions, when this command's first run counted fewer (a resumed plan). */
  resumeAt?: number;
}

/** The plan on disk (an earlier command's, sealed for this run), or the one a first look starts. */
async function planFor(
  b: AdaptiveBehavior,
  maxRollouts: number,
  note: (line: string) => void,
): Promise<Planned> {
  const run = await readBehaviorRun(b.behaviorDir);
  const scenarios = Math.max(1, Object.keys(run.scores).length);
  const reps = Math.max(1, ...Object.values(run.scores).flatMap((r) => Object.keys(r).map(Number)));
  const allowed = Math.max(reps, Math.floor(maxRollouts / scenarios));
  // The recorded plan, as the run was read with it.
  const existing = run.looks;
  if (!existing) {
    const variations = await plannedVariations(b.behaviorDir);
    const plan = { max_repetitions: allowed, repetitions: [reps], ...(variations ? { variations } : {}) };
    await writeLooks(b.behaviorDir, plan, b.seal);
    return { plan, ceiling: allowed };
  }
  const last = existing.repetitions.at(-1) as number;
  // A pinned run is refused before any call (pipeline/execute.ts); this catches the rest.
  // Other scenarios than the plan's were refused when the run was read (gate/results.ts).
  checkWithinPlan(join(b.behaviorDir, LOOKS_FILE), existing, reps);
  const ceiling = Math.max(reps, last, Math.min(existing.max_repetitions, allowed));
  if (ceiling <= Math.max(reps, last) && allowed > ceiling) {
    note(
      `${b.behavior}: the looks an earlier command planned in this folder ended at ${existing.max_repetitions} repetitions of each scenario: this command adds none, and that decision stands (a new --results folder with fresh rollouts starts a new test)`,
    );
  } else if (existing.max_repetitions !== allowed) {
    note(
      `${b.behavior}: keeping the looks an earlier command planned in this folder, up to ${existing.max_repetitions} repetitions of each scenario (this command alone would plan ${allowed})`,
    );
  }
  // More repetitions counted than the plan's last look (the suite's own repetitions raised): a look of its own.
  if (reps > last) {
    existing.repetitions.push(reps);
    await writeLooks(b.behaviorDir, existing, b.seal);
  }
  return { plan: existing, ceiling, ...(reps < last ? { resumeAt: last } : {}) };
}

export async function decideAdaptively(input: AdaptiveInput): Promise<AdaptiveOutcome> {
  const plans = new Map<string, Planned>();
  for (const b of input.behaviors) {
    const planned = await planFor(b, input.maxRollouts, input.note);
    if (planned.resumeAt !== undefined && !(await b.rerun(planned.resumeAt, 'resume'))) {
      return { result: await input.compare(), stoppedBy: 'run-failed', looks: 1 };
    }
    plans.set(b.behavior, planned);
  }
  let result = await input.compare();
  let looks = 1;
  for (;;) {
    const undecided = input.behaviors.filter((b) => {
      const r = result.behaviors.find((x) => x.behavior === b.behavior);
      const { plan, ceiling } = plans.get(b.behavior) as Planned;
      // A judge the run could not check is not decided by more rollouts (each look would pay for the check again).
      return (
        r?.status === 'inconclusive' && !r.judge_unchecked && (plan.repetitions.at(-1) as number) < ceiling
      );
    });
    if (undecided.length === 0) {
      const capped = result.behaviors.some((r) => r.status === 'inconclusive');
      return { result, stoppedBy: capped ? 'rollout-cap' : 'decided', looks };
    }
    if (!input.canSpend()) return { result, stoppedBy: 'budget', looks };
    for (const b of undecided) {
      const { plan, ceiling } = plans.get(b.behavior) as Planned;
      const step = plan.repetitions[0] as number;
      const next = Math.min(ceiling, (plan.repetitions.at(-1) as number) + step);
      if (!(await b.rerun(next, 'undecided'))) return { result, stoppedBy: 'run-failed', looks };
      plan.repetitions.push(next);
      await writeLooks(b.behaviorDir, plan, b.seal);
    }
    looks++;
    result = await input.compare();
  }
}
