// Writes a results folder as `bloom run` leaves it, as far as the gate reads it: per behavior a judgment.json
// and a run_info.json with the run identity (suite_hash, config_hash, target_id at the top level).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScoreTable } from '../../src/formats/baseline.ts';
import type { KnownRunIdentity } from '../../src/formats/run-info.ts';
import { IDENTITY } from './helpers.ts';

export interface FixtureBehavior {
  behavior: string;
  scores: ScoreTable;
  identity?: Partial<KnownRunIdentity> | null;
  unscoreable?: number;
}

export async function writeResults(root: string, behaviors: readonly FixtureBehavior[]): Promise<string> {
  for (const b of behaviors) {
    const dir = join(root, b.behavior);
    await mkdir(dir, { recursive: true });
    const judgments = Object.entries(b.scores).flatMap(([v, row]) =>
      Object.entries(row).map(([r, score]) => ({
        variation_number: Number(v),
        repetition_number: Number(r),
        behavior_presence: score,
      })),
    );
    const failed = Array.from({ length: b.unscoreable ?? 0 }, (_, i) => ({
      variation_number: 900 + i,
      repetition_number: 1,
      unscoreable: true,
      error: 'no score',
    }));
    await writeFile(
      join(dir, 'judgment.json'),
      JSON.stringify({
        behavior_name: b.behavior,
        summary_statistics: { failed_rollout_count: 0 },
        judgments,
        failed_judgments: failed,
      }),
    );
    const identity = b.identity === null ? {} : { ...IDENTITY, ...b.identity };
    await writeFile(join(dir, 'run_info.json'), JSON.stringify({ behavior: b.behavior, ...identity }));
  }
  return root;
}
