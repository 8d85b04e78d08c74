// `bloom plan`'s first half: a pinned suite loaded, its target resolved, and its dry run (simulate.ts). What the
// gate's budget makes of it, priced, is gate/plan.ts.

import { resolve } from 'node:path';
import { loadBloomData } from '../../config/load.ts';
import type { BloomData } from '../../config/types.ts';
import type { ResolvedModel } from '../../models/types.ts';
import { readFreshLock } from '../../suite/lock.ts';
import { targetIdentity } from '../../targets/identity.ts';
import { targetRuns } from '../../targets/list.ts';
import { ConfigError } from '../../util/errors.ts';
import type { ModelRole } from '../context.ts';
import { plannedRollouts } from '../paths.ts';
import { resolveRolesAndTarget } from '../setup.ts';
import { calibrated, readCalibration } from './calibrate.ts';
import { type ReplyTokens, type Simulation, simulateSuite } from './simulate.ts';

export { type CallTally, DEFAULT_REPLY_TOKENS, type ReplyTokens, type Simulation } from './simulate.ts';

export interface SuitePlan {
  behavior: string;
  suiteHash: string;
  /** The target planned, as run_info.json's target_id names it. */
  targetId: string;
  models: Record<ModelRole, ResolvedModel>;
  /** Scenarios the seed selects, and the rollouts one run makes (scenarios x num_reps). */
  scenarios: number;
  repetitions: number;
  simulation: Simulation;
  /** With --from: the earlier run whose per-call tokens replaced the dry run's, and for which stages. */
  calibration?: { file: string; purposes: string[] };
}

/** `bloom plan --from`: an earlier run's results folder, as given and resolved. */
export interface CalibrationSource {
  shown: string;
  dir: string;
}

export async function planSuite(options: {
  dataDir: string;
  cwd: string;
  target?: string;
  replyTokens: ReplyTokens;
}): Promise<SuitePlan> {
  const data = await loadBloomData(resolve(options.cwd, options.dataDir));
  return planTarget(data, { ...options, override: options.target });
}

/** One plan per target a run of the suite would measure: seed.yaml's rollout.target(s), or the --target values
 * (which replace them), as `bloom run` lists them (targets/list.ts). */
export async function planSuiteTargets(options: {
  dataDir: string;
  cwd: string;
  targets: readonly string[];
  replyTokens: ReplyTokens;
  from?: CalibrationSource;
}): Promise<SuitePlan[]> {
  const data = await loadBloomData(resolve(options.cwd, options.dataDir));
  const plans: SuitePlan[] = [];
  for (const target of targetRuns(data, { overrides: options.targets, cwd: options.cwd })) {
    plans.push(await planTarget(data, { ...options, override: target.override, entry: target.entry }));
  }
  return plans;
}

async function planTarget(
  data: BloomData,
  options: {
    dataDir: string;
    cwd: string;
    override?: string;
    entry?: number;
    replyTokens: ReplyTokens;
    from?: CalibrationSource;
  },
): Promise<SuitePlan> {
  const { models, targetPlan } = resolveRolesAndTarget(data, {
    override: options.override,
    entry: options.entry,
    cwd: options.cwd,
  });
  const lock = await readFreshLock(data, models, data.dir);
  if (!lock) {
    throw new ConfigError(
      options.dataDir,
      'suite.lock.json',
      "a pinned suite (run `bloom pin` first): the plan counts the lock's own scenarios and prompts",
      'no lock',
    );
  }
  const { rollout } = data.seed;
  const scenarios = plannedRollouts(lock.ideation.variations.length, rollout.selected_variations, 1).length;
  const simulation = await simulateSuite({
    data,
    lock,
    models,
    targetPlan,
    replyTokens: options.replyTokens,
  });
  const targetId = targetIdentity(targetPlan);
  const plan: SuitePlan = {
    behavior: data.seed.behavior.name,
    suiteHash: lock.suite_hash,
    targetId,
    models,
    scenarios,
    repetitions: rollout.num_reps,
    simulation,
  };
  if (!options.from) return plan;
  const calibration = await readCalibration({
    ...options.from,
    behavior: plan.behavior,
    suiteHash: lock.suite_hash,
    targetId,
    models,
  });
  return {
    ...plan,
    simulation: calibrated(simulation, calibration),
    calibration: { file: calibration.file, purposes: Object.keys(calibration.perCall) },
  };
}
