// The targets one run measures: seed.yaml's rollout.targets, or --target given several times (which replaces
// them), each with its id and the folder its results go to. With one target the results stay where they always
// were (<results>/<behavior>/); with several, each target's are a whole results folder of their own,
// <results>/<slug>/<behavior>/, so Bloom's viewer and every reader open each as they open one run.

import { basename, join } from 'node:path';
import type { BloomData } from '../config/types.ts';
import { slugOf } from '../formats/safe-name.ts';
import { ConfigError } from '../util/errors.ts';
import { targetIdentity } from './identity.ts';
import { resolveTarget } from './resolve.ts';

export interface TargetRun {
  /** A --target value, or else the index of the seed's rollout.targets entry. */
  override?: string;
  entry?: number;
  /** What run_info.json records as target_id. */
  id: string;
  /** Its folder name under the results root (used when there are several). */
  slug: string;
}

/** Every target of the run, resolved (a bad one is a ConfigError before anything runs); two that would share a
 * folder, or the same target twice, are refused. */
export function targetRuns(
  data: BloomData,
  options: { overrides: readonly string[]; cwd: string },
): TargetRun[] {
  const choices: { override?: string; entry?: number }[] =
    options.overrides.length > 0
      ? options.overrides.map((override) => ({ override }))
      : (data.seed.rollout.targets ?? [data.seed.rollout.target]).map((_, entry) =>
          data.seed.rollout.targets ? { entry } : {},
        );
  const runs = choices.map((choice) => {
    const id = targetIdentity(resolveTarget(data, { ...choice, cwd: options.cwd }));
    return { ...choice, id, slug: slugOf(id) };
  });
  runs.forEach((run, i) => {
    // Compared without case: a folder name on macOS and Windows is.
    const earlier = runs.slice(0, i).find((other) => other.slug.toLowerCase() === run.slug.toLowerCase());
    if (!earlier) return;
    const where =
      run.override !== undefined
        ? { file: '--target', keyPath: '' }
        : { file: join(basename(data.dir), 'seed.yaml'), keyPath: `rollout.targets[${i}]` };
    throw new ConfigError(
      where.file,
      where.keyPath,
      'targets that differ (each gets a results folder named after its id)',
      earlier.id === run.id
        ? `${JSON.stringify(run.id)} twice`
        : `${JSON.stringify(run.id)} and ${JSON.stringify(earlier.id)} both in folder ${JSON.stringify(run.slug)}`,
    );
  });
  return runs;
}

/** Where a target's results go: the root itself when it is the only one. */
export function targetResultsDir(resultsDir: string, run: TargetRun, runs: readonly TargetRun[]): string {
  return runs.length > 1 ? join(resultsDir, run.slug) : resultsDir;
}
