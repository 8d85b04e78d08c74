// Several targets' results folders read into the leaderboard's input. Each folder is one target's run (given one
// by one, or a parent holding one per target: formats/results-folder.ts resultsRoots). Per behavior, every target
// must have run the same pinned suite under the same settings (suite_hash and config_hash, which leave the target
// out), else the scenarios it compares would not be the same; one target twice is refused too.

import { join } from 'node:path';
import { resultsRoots } from '../formats/results-folder.ts';
import { ConfigError } from '../util/errors.ts';
import type { BehaviorTargets, TargetScores } from './leaderboard.ts';
import { type BehaviorRun, readResults } from './results.ts';

/** Every results folder the given folders name, in order, each once. */
export async function targetFolders(dirs: readonly string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const dir of dirs) {
    for (const root of await resultsRoots(dir)) if (!roots.includes(root)) roots.push(root);
  }
  return roots;
}

function sameRun(first: BehaviorRun, run: BehaviorRun): void {
  const file = join(run.dir, 'run_info.json');
  for (const key of ['suite_hash', 'config_hash'] as const) {
    if (run[key] === first[key]) continue;
    const what =
      key === 'suite_hash'
        ? 'the same pinned suite'
        : 'the same rollout and judgment settings (judge, prompts)';
    throw new ConfigError(
      file,
      key,
      `${first[key].slice(0, 12)} as in ${join(first.dir, 'run_info.json')} (targets are ranked on ${what})`,
      run[key].slice(0, 12),
    );
  }
  if (run.target_id === first.target_id) {
    throw new ConfigError(
      file,
      'target_id',
      `a target no other folder has for behavior ${JSON.stringify(run.behavior)}`,
      `${JSON.stringify(run.target_id)} also in ${first.dir}`,
    );
  }
}

export async function readTargetResults(roots: readonly string[]): Promise<BehaviorTargets[]> {
  const byBehavior = new Map<string, BehaviorRun[]>();
  for (const root of roots) {
    for (const run of await readResults(root)) {
      const runs = byBehavior.get(run.behavior) ?? [];
      for (const earlier of runs) sameRun(earlier, run);
      runs.push(run);
      byBehavior.set(run.behavior, runs);
    }
  }
  return [...byBehavior.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([behavior, runs]) => ({
      behavior,
      targets: runs.map(
        (r): TargetScores => ({
          target: r.target_id,
          scores: r.scores,
          unscoreable: r.unscoreable,
          failed: r.failed,
        }),
      ),
    }));
}
