// Writing a merged folder from a checked plan (pieces.ts): the pinned understanding and scenarios, every cell's
// files as the shard wrote them (sealed under this machine's key, so they are this machine's files byte for byte),
// then the end every run has (finish.ts): rollout.json, the meta-judgment once over the whole suite, judgment.json.

import { copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SuiteLock } from '../../formats/lock.ts';
import { resultPaths } from '../../formats/results-folder.ts';
import { writingTo } from '../../util/errors.ts';
import { writeJsonAtomic } from '../../util/fs.ts';
import { forEachPooled } from '../../util/pool.ts';
import type { PipelineContext } from '../context.ts';
import { finishRun, type RunOutcome } from '../finish.ts';
import type { Sealer } from '../results/seal.ts';
import type { MergePlan } from './pieces.ts';

/** Files copied at once. */
const COPY_AHEAD = 32;

export interface MergeInput {
  plan: MergePlan;
  /** The lock with its target named, as the shards wrote it. */
  lock: SuiteLock;
  identity: object;
  sealer: Sealer;
  maxFailedFraction?: number;
}

/** Writes the merged behavior folder (ctx.behaviorDir, checked empty) and returns its outcome. */
export async function writeMerged(ctx: PipelineContext, input: MergeInput): Promise<RunOutcome> {
  const { plan, lock, sealer } = input;
  const paths = resultPaths(ctx.behaviorDir);
  // As a pinned run writes them (pipeline/run.ts pinnedFile): the lock's content.
  await writeJsonAtomic(paths.understanding, lock.understanding);
  await writeJsonAtomic(paths.ideation, lock.ideation);
  await mkdir(paths.state, { recursive: true });
  const copies = plan.cells.flatMap((cell) => {
    const from = resultPaths(cell.dir);
    const { variation: v, repetition: r } = cell;
    if (!cell.hasTranscript) return [[from.rolloutError(v, r), paths.rolloutError(v, r)] as const];
    const transcript = [from.transcript(v, r), paths.transcript(v, r)] as const;
    return cell.hasJudge
      ? [transcript, [from.judgeResult(v, r), paths.judgeResult(v, r)] as const]
      : [transcript];
  });
  await forEachPooled(copies, COPY_AHEAD, ([from, to]) =>
    writingTo(to, 'write', async () => {
      await mkdir(dirname(to), { recursive: true });
      await copyFile(from, to);
    }),
  );
  const judged = plan.cells.filter((c) => c.hasJudge).length;
  const outcome = await finishRun(ctx, {
    slots: plan.cells,
    ideation: lock.ideation,
    paths,
    identity: input.identity,
    judged: true,
    keptMetajudgment: null,
    writeSealed: (path, value) => writeJsonAtomic(path, sealer.sealed(path, value)),
    reused: { rollouts: plan.cells.filter((c) => c.hasTranscript).length, judgments: judged },
    maxFailedFraction: input.maxFailedFraction,
  });
  return { ...outcome, mergedShards: plan.count };
}
