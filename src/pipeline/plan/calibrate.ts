// `bloom plan --from <results>`: an earlier run of the same suite knows what the dry run can only assume, how long
// each role's replies are and how many tokens a call's input really is (the provider's tokenizer and its reply
// lengths, not characters / 4 and a guess). Its per-call means replace the dry run's for every role answered by the
// same model; the dry run still says how many calls a rollout makes.

import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readFormat } from '../../formats/read.ts';
import { type RunInfo, runInfoSchema, type UsageTotals } from '../../formats/run-info.ts';
import type { Purpose, ResolvedModel } from '../../models/types.ts';
import { ConfigError } from '../../util/errors.ts';
import type { ModelRole } from '../context.ts';
import type { CallTally, Simulation } from './simulate.ts';

/** The roles whose replies a plan prices, and the model role that answers each. */
const ROLE_OF_PURPOSE = {
  evaluator: 'evaluator',
  target: 'target',
  judge: 'judge',
  metajudge: 'judge',
} as const satisfies Partial<Record<Purpose, ModelRole>>;

type PlannedPurpose = keyof typeof ROLE_OF_PURPOSE;

/** Per purpose, what one call of the earlier run took in and gave out, on average. */
export interface Calibration {
  /** The run_info.json it came from. */
  file: string;
  perCall: Partial<Record<PlannedPurpose, { inputTokens: number; outputTokens: number }>>;
}

/** The earlier run's run_info.json for this suite and target: `dir` is a behavior folder, a results folder
 * holding it, or one holding a folder per target (`<results>/<target>/<behavior>`). */
function runInfoFiles(dir: string, behavior: string): string[] {
  const direct = [join(dir, 'run_info.json'), join(dir, behavior, 'run_info.json')].filter((f) =>
    existsSync(f),
  );
  // Only regular files are read: a FIFO would hang the read, a link could point anywhere.
  for (const file of direct) {
    if (!lstatSync(file).isFile()) throw new ConfigError(file, '', 'a run_info.json file', 'something else');
  }
  if (direct.length > 0) return direct.slice(0, 1);
  const entries = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : [];
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name, behavior, 'run_info.json'))
    .filter((f) => existsSync(f) && lstatSync(f).isFile())
    .sort();
}

/** Per-call means from one purpose's totals; a total no run could have written is one located error line. */
function perCallOf(
  file: string,
  purpose: string,
  totals: UsageTotals,
): { inputTokens: number; outputTokens: number } | undefined {
  for (const key of ['calls', 'failedCalls', 'inputTokens', 'outputTokens'] as const) {
    const value = totals[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new ConfigError(
        file,
        `usage.byPurpose.${purpose}.${key}`,
        'a whole number of 0 or more',
        String(value),
      );
    }
  }
  if (totals.failedCalls > totals.calls) {
    throw new ConfigError(
      file,
      `usage.byPurpose.${purpose}.failedCalls`,
      `at most the calls (${totals.calls})`,
      String(totals.failedCalls),
    );
  }
  // Failed calls are recorded with no tokens: the means are over the answered ones.
  const answered = totals.calls - totals.failedCalls;
  if (answered === 0) return undefined;
  return {
    inputTokens: totals.inputTokens / answered,
    outputTokens: totals.outputTokens / answered,
  };
}

export async function readCalibration(input: {
  /** As the user gave it (for the error line) and resolved. */
  shown: string;
  dir: string;
  behavior: string;
  suiteHash: string;
  targetId: string;
  models: Record<ModelRole, ResolvedModel>;
}): Promise<Calibration> {
  if (existsSync(input.dir) && !statSync(input.dir).isDirectory()) {
    throw new ConfigError(input.shown, '', 'a results folder from `bloom run`', 'a file');
  }
  const files = runInfoFiles(input.dir, input.behavior);
  if (files.length === 0) {
    throw new ConfigError(
      input.shown,
      `${input.behavior}/run_info.json`,
      `an earlier run of the suite (a results folder from \`bloom run\`)`,
      'no run_info.json',
    );
  }
  const infos: { file: string; info: RunInfo }[] = [];
  for (const file of files)
    infos.push({ file, info: await readFormat(file, runInfoSchema, 'run_info.json') });
  const sameSuite = infos.filter(({ info }) => info.suite_hash === input.suiteHash);
  if (sameSuite.length === 0) {
    const found = infos[0]?.info.suite_hash;
    throw new ConfigError(
      infos[0]?.file ?? input.shown,
      'suite_hash',
      `a run of this suite (suite_hash ${input.suiteHash.slice(0, 12)})`,
      found ? found.slice(0, 12) : 'none',
    );
  }
  // Several targets' folders: the one of the target planned, else any (its evaluator and judge still count).
  const chosen = sameSuite.find(({ info }) => info.target_id === input.targetId) ?? sameSuite[0];
  const { file, info } = chosen as { file: string; info: RunInfo };
  const byPurpose: Record<string, UsageTotals> = info.usage?.byPurpose ?? {};
  const perCall: Calibration['perCall'] = {};
  for (const [purpose, role] of Object.entries(ROLE_OF_PURPOSE) as [PlannedPurpose, ModelRole][]) {
    const totals = Object.hasOwn(byPurpose, purpose) ? byPurpose[purpose] : undefined;
    // Only a role answered by the same model then and now.
    if (!totals || info.models?.[role] !== input.models[role].id) continue;
    const means = perCallOf(file, purpose, totals);
    if (means) perCall[purpose] = means;
  }
  return { file, perCall };
}

/** The dry run with each calibrated purpose's tokens set to the earlier run's per-call means. */
export function calibrated(simulation: Simulation, calibration: Calibration): Simulation {
  const byPurpose: Partial<Record<Purpose, CallTally>> = { ...simulation.byPurpose };
  for (const [purpose, measured] of Object.entries(calibration.perCall) as [
    PlannedPurpose,
    { inputTokens: number; outputTokens: number },
  ][]) {
    const tally = byPurpose[purpose];
    if (!tally || tally.calls === 0) continue;
    byPurpose[purpose] = {
      calls: tally.calls,
      inputTokens: tally.calls * measured.inputTokens,
      outputTokens: tally.calls * measured.outputTokens,
    };
  }
  return { ...simulation, byPurpose };
}
