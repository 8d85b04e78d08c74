// The orchestrator: runs the stages in order, streams each rollout straight into its judgment, writes every file
// as soon as it exists, and on a second run picks up what is already on disk instead of redoing it.

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ideationSchema, type Variation } from '../formats/ideation.ts';
import { judgeFileSchema } from '../formats/judgment.ts';
import type { SuiteLock } from '../formats/lock.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { resultPaths, rolloutKey } from '../formats/results-folder.ts';
import { RUN_SEAL_KEY, type Shard, SUITE_INPUTS_KEY } from '../formats/stamps.ts';
import { type Transcript, transcriptSchema } from '../formats/transcript.ts';
import { understandingSchema } from '../formats/understanding.ts';
import { hashOf } from '../suite/canonical.ts';
import { runIdentity } from '../suite/identity.ts';
import { hashInputs, suiteInputs } from '../suite/inputs.ts';
import { shardCells } from '../suite/shard.ts';
import { RunError } from '../util/errors.ts';
import { writeJsonAtomic } from '../util/fs.ts';
import { forEachPooled } from '../util/pool.ts';
import { judgeOutcomeOf } from './assemble.ts';
import type { PipelineContext } from './context.ts';
import { type CellState, finishRun, type RunOutcome } from './finish.ts';
import { runIdeation } from './ideation/index.ts';
import { type JudgeResult, judgeOutputOf, judgeTranscript } from './judgment/index.ts';
import { plannedRollouts } from './paths.ts';
import { batchStore } from './results/batch-store.ts';
import type { FoundResults } from './results/found.ts';
import type { Sealer } from './results/seal.ts';
import { stamped, unstamped } from './results/stamp.ts';
import { runRollout } from './rollout/index.ts';
import { runUnderstanding } from './understanding/index.ts';

export type Stage = 'understanding' | 'ideation' | 'rollout' | 'judgment';

export interface RunOptions {
  /** Stages to run; earlier stages' files must then already exist. Default: all four. */
  stages?: Stage[];
  now?: () => Date;
  /** The nonce every transcript id derives from (config/source-date.ts runNonce); default: a random one. */
  runNonce?: string;
  /** Fail the run when more than this share of rollouts failed or could not be scored. */
  maxFailedFraction?: number;
  /** A pinned suite: its files are written from here and understanding and ideation are never called. */
  lock?: SuiteLock;
  /** What the results folder held, checked before the run. */
  found: FoundResults;
  /** Seals every file the run may read back later (see results/seal.ts). */
  sealer: Sealer;
  /** Run only this shard's cells (suite/shard.ts), and no meta-judgment: `bloom merge` joins the shards. */
  shard?: Shard;
  /** Called once the folder holds only this run's files (another run's set aside), before any rollout. */
  onRunChecked?: () => Promise<void>;
}

export async function runPipeline(ctx: PipelineContext, options: RunOptions): Promise<RunOutcome> {
  const stages = new Set<Stage>(options.stages ?? ['understanding', 'ideation', 'rollout', 'judgment']);
  const paths = resultPaths(ctx.behaviorDir);

  const lock = options.lock;
  const { found, sealer } = options;
  /** Writes a file a later run may resume from: sealed. */
  const writeSealed = (path: string, value: object) => writeJsonAtomic(path, sealer.sealed(path, value));
  // Stage files made from other inputs (another suite) are set aside before anything is read or written.
  const suiteStamp = { [SUITE_INPUTS_KEY]: hashOf(hashInputs(suiteInputs(ctx.data, ctx.models))) };
  await found.keepSuite({
    inputsHash: suiteStamp[SUITE_INPUTS_KEY],
    pinned: lock && { understanding: lock.understanding, ideation: lock.ideation },
  });
  const stage = <S extends z.ZodType<object>>(
    path: string,
    schema: S,
    allowed: boolean,
    produce: () => Promise<z.output<S>>,
  ) =>
    stageFile(
      { kept: found.has(path), path, schema, stamp: suiteStamp, write: writeSealed },
      allowed,
      produce,
    );
  const understanding = lock
    ? await pinnedFile(found.has(paths.understanding), paths.understanding, lock.understanding)
    : await stage(paths.understanding, understandingSchema, stages.has('understanding'), () =>
        runUnderstanding(ctx),
      );
  if (!stages.has('ideation') && !stages.has('rollout') && !stages.has('judgment')) {
    return emptyOutcome(ctx.behaviorDir);
  }
  const ideation = lock
    ? await pinnedFile(found.has(paths.ideation), paths.ideation, lock.ideation)
    : await stage(paths.ideation, ideationSchema, stages.has('ideation'), () =>
        runIdeation(ctx, understanding),
      );
  if (!stages.has('rollout') && !stages.has('judgment')) return emptyOutcome(ctx.behaviorDir);

  // Every product of this run carries its identity; what another run left is set aside, never resumed.
  const identity = runIdentity(ctx, { lock, ideation });
  await found.keepRun({ ...identity });
  await options.onRunChecked?.();

  const seed = ctx.data.seed;
  const planned = plannedRollouts(
    ideation.variations.length,
    seed.rollout.selected_variations,
    seed.rollout.num_reps,
  );
  const target = ctx.models.target.id;
  const cells = options.shard
    ? shardCells(
        planned.map((p) => ({ ...p, target })),
        options.shard,
      )
    : planned;
  const inShard = new Set(cells.map((c) => rolloutKey(c.variation, c.repetition)));
  const slots: CellState[] = planned
    .filter((p) => inShard.has(rolloutKey(p.variation, p.repetition)))
    .map((p) => ({ ...p, hasTranscript: false }));
  const doRollout = stages.has('rollout');
  const doJudge = stages.has('judgment');
  const nonce = options.runNonce ?? randomUUID();

  let rolled = 0;
  let judgedCount = 0;
  let rolloutFailures = 0;
  let judgeFailures = 0;
  const reused = { rollouts: 0, judgments: 0 };
  const total = slots.length;
  const report = () => {
    if (doRollout) {
      ctx.onProgress({
        stage: 'rollout',
        done: rolled,
        total,
        failed: rolloutFailures,
        reused: reused.rollouts,
      });
    }
    if (doJudge) {
      ctx.onProgress({
        stage: 'judgment',
        done: judgedCount,
        total,
        failed: judgeFailures,
        reused: reused.judgments,
      });
    }
  };
  report();

  // Each slot: rollout (unless on disk), then judgment (unless on disk). A rollout is a chain of calls, each
  // waiting on the last, so the limiter's permits need more chains than permits to stay busy: twice max_concurrent,
  // and four times in a run of a few waves (a shard), which would otherwise end on a second wave of lone chains
  // (4 shards of 200 rollouts at 500 ms a call: 0.32 x the one-piece wall with twice, 0.26-0.28 x with four
  // times). Bounded, so rollouts finish along the way and a killed run loses few half-done ones.
  // What an earlier invocation of this run left (checked above): a fresh run makes no failed read per rollout.
  const readIfFound = <S extends z.ZodType>(path: string, schema: S) =>
    found.has(path) ? readFormatIfExists(path, schema) : undefined;
  // With --batch the judge's calls wait on a batch: every rollout is done first, then every transcript is judged at
  // once, so the judgments go out as one batch (not one per rollout), its ids kept in .bloom/batches.json.
  const batched = doJudge && ctx.judgeBatches !== undefined;
  if (ctx.judgeBatches)
    ctx.judgeBatches.current = batchStore(paths.batches, identity, readIfFound, writeSealed);
  const transcripts = new Map<CellState, Transcript>();
  const judgeSlot = async (slot: CellState, variation: Variation, given: Transcript): Promise<void> => {
    let transcript = given;
    const judgePath = paths.judgeResult(slot.variation, slot.repetition);
    let judge: JudgeResult | undefined = await readIfFound(judgePath, judgeFileSchema);
    if (judge) reused.judgments++;
    if (!judge && doJudge) {
      judge = await judgeTranscript(ctx, {
        understanding,
        variation,
        variationNumber: slot.variation,
        repetition: slot.repetition,
        transcript,
      });
      // A provider failure is not stored: a re-run tries that judgment again.
      if (judge.ok || 'unscoreable' in judge) await writeSealed(judgePath, stamped(judge, identity));
    }
    // Bloom keeps the judge's output in the transcript too. Also finishes the rewrite a kill interrupted between
    // saving the judge's result and rewriting the transcript.
    if (judge?.ok && !transcript.metadata.judge_output) {
      transcript = withJudgeOutput(transcript, judge, options.now);
      await writeSealed(paths.transcript(slot.variation, slot.repetition), transcript);
    }
    if (judge) slot.judged = judgeOutcomeOf(slot.variation, slot.repetition, judge);
    if (judge && !judge.ok) judgeFailures++;
    judgedCount++;
    report();
  };
  const fewWaves = slots.length <= 8 * seed.max_concurrent;
  await forEachPooled(slots, Math.max(2, seed.max_concurrent * (fewWaves ? 4 : 2)), async (slot) => {
    const variation = ideation.variations[slot.variation - 1];
    if (!variation) return;
    const transcriptPath = paths.transcript(slot.variation, slot.repetition);
    let transcript: Transcript | undefined = await readIfFound(transcriptPath, transcriptSchema);
    if (transcript) reused.rollouts++;
    if (!transcript && doRollout) {
      const result = await runRollout(ctx, {
        understanding,
        variation,
        variationNumber: slot.variation,
        repetition: slot.repetition,
        now: options.now,
        runNonce: nonce,
      });
      if (result.error) {
        slot.rolloutError = result.error;
        await writeJsonAtomic(
          paths.rolloutError(slot.variation, slot.repetition),
          stamped({ error: result.error }, identity),
        );
      } else {
        transcript = { ...result.transcript, metadata: stamped(result.transcript.metadata, identity) };
        await writeSealed(transcriptPath, transcript);
      }
    }
    slot.hasTranscript = transcript !== undefined;
    if (slot.rolloutError || !transcript) rolloutFailures++;
    rolled++;
    report();
    if (!transcript) return;

    if (batched) transcripts.set(slot, transcript);
    else await judgeSlot(slot, variation, transcript);
  });

  if (batched) {
    const waiting = [...transcripts];
    await forEachPooled(waiting, waiting.length, async ([slot, transcript]) => {
      const variation = ideation.variations[slot.variation - 1];
      if (variation) await judgeSlot(slot, variation, transcript);
    });
  }

  return finishRun(ctx, {
    slots,
    ideation,
    paths,
    identity,
    shard: options.shard,
    judged: doJudge,
    keptMetajudgment: found.has(paths.metajudgment) ? paths.metajudgment : null,
    writeSealed,
    reused,
    maxFailedFraction: options.maxFailedFraction,
  });
}

/**
 * An unpinned stage's file, kept when made from these suite inputs (found.keepSuite set others aside); else the
 * stage runs (when allowed) and its file is written with the inputs' hash.
 */
async function stageFile<S extends z.ZodType<object>>(
  file: {
    kept: boolean;
    path: string;
    schema: S;
    stamp: Record<string, string>;
    write: (path: string, value: object) => Promise<void>;
  },
  allowed: boolean,
  produce: () => Promise<z.output<S>>,
): Promise<z.output<S>> {
  const { path } = file;
  const existing = file.kept ? await readFormatIfExists(path, file.schema) : undefined;
  if (existing !== undefined) return unstamped(existing, SUITE_INPUTS_KEY, RUN_SEAL_KEY);
  if (!allowed) throw new RunError(`${path} is missing: run the earlier stage first (or \`bloom run\`)`);
  const value = await produce();
  await file.write(path, { ...value, ...file.stamp });
  return value;
}

/** A pinned stage's file: written from the lock unless already there (found.keepSuite set a different one aside). */
async function pinnedFile<T>(kept: boolean, path: string, value: T): Promise<T> {
  if (!kept) await writeJsonAtomic(path, value);
  return value;
}

/**
 * Bloom writes the judge's result back into each transcript. Built from the judge file's record, so a judge file an
 * earlier version wrote (flat highlights) still gives Bloom's shape.
 */
function withJudgeOutput(t: Transcript, judge: JudgeResult & { ok: true }, now?: () => Date): Transcript {
  return {
    ...t,
    metadata: {
      ...t.metadata,
      updated_at: (now?.() ?? new Date()).toISOString(),
      judge_output: judgeOutputOf(judge.record, judge.judgeOutput.response, judge.judgeOutput.scores, t),
    },
  };
}

function emptyOutcome(behaviorDir: string): RunOutcome {
  return {
    behaviorDir,
    planned: 0,
    transcripts: 0,
    failedRollouts: 0,
    judged: 0,
    unscoreable: 0,
    failedJudgments: 0,
    reused: { rollouts: 0, judgments: 0 },
  };
}
