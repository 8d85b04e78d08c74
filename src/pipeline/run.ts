// The orchestrator: runs the stages in order, streams each rollout straight into its judgment, writes every file
// as soon as it exists, and on a second run picks up what is already on disk instead of redoing it.

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type Ideation, ideationSchema, type Variation } from '../formats/ideation.ts';
import { judgeFileSchema, type Metajudgment, metajudgmentFileSchema } from '../formats/judgment.ts';
import type { SuiteLock } from '../formats/lock.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { resultPaths, transcriptFileName } from '../formats/results-folder.ts';
import type { RolloutRecord } from '../formats/rollout.ts';
import { RUN_IDENTITY_KEY, RUN_SEAL_KEY, SUITE_INPUTS_KEY } from '../formats/stamps.ts';
import { type Transcript, transcriptSchema } from '../formats/transcript.ts';
import { understandingSchema } from '../formats/understanding.ts';
import { hashOf } from '../suite/canonical.ts';
import { runIdentity } from '../suite/identity.ts';
import { hashInputs, suiteInputs } from '../suite/inputs.ts';
import { firstLine, RunError } from '../util/errors.ts';
import { writeJsonAtomic } from '../util/fs.ts';
import { forEachPooled } from '../util/pool.ts';
import { type JudgeOutcome, judgedSuiteOf, judgeOutcomeOf, writeJudgmentFile } from './assemble.ts';
import type { PipelineContext } from './context.ts';
import { topCauses, type Unscored } from './failure-causes.ts';
import { runIdeation } from './ideation/index.ts';
import { type JudgeResult, judgeOutputOf, judgeTranscript } from './judgment/index.ts';
import { type JudgedSuite, runMetajudgment } from './metajudgment/index.ts';
import { plannedRollouts } from './paths.ts';
import { batchStore } from './results/batch-store.ts';
import type { FoundResults } from './results/found.ts';
import type { Sealer } from './results/seal.ts';
import { stamped, unstamped } from './results/stamp.ts';
import { rolloutFile, runRollout } from './rollout/index.ts';
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
  /** Called once the folder holds only this run's files (another run's set aside), before any rollout. */
  onRunChecked?: () => Promise<void>;
}

export interface RunOutcome {
  behaviorDir: string;
  planned: number;
  transcripts: number;
  failedRollouts: number;
  judged: number;
  unscoreable: number;
  failedJudgments: number;
  /** Rollouts and judgments an earlier invocation left on disk, taken as they were (a resumed run). */
  reused: { rollouts: number; judgments: number };
  elicitationRate?: number;
  /** Judgments scored 7 or more (of `judged`): the rate's numerator, for its interval. */
  elicited?: number;
}

/**
 * One rollout's state as found on disk or produced now. Only a summary outlives the rollout's work: the transcript
 * and the judge's record are on disk, so memory stays flat however many rollouts a suite has.
 */
interface Slot {
  variation: number;
  repetition: number;
  hasTranscript: boolean;
  rolloutError?: string;
  judged?: JudgeOutcome;
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
  const slots: Slot[] = planned.map((p) => ({ ...p, hasTranscript: false }));
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

  // Each slot: rollout (unless on disk), then judgment (unless on disk). Twice max_concurrent slots in flight keeps
  // every model slot busy while finishing rollouts early, so a killed run leaves whole transcripts behind.
  // What an earlier invocation of this run left (checked above): a fresh run makes no failed read per rollout.
  const readIfFound = <S extends z.ZodType>(path: string, schema: S) =>
    found.has(path) ? readFormatIfExists(path, schema) : undefined;
  // With --batch the judge's calls wait on a batch: every rollout is done first, then every transcript is judged at
  // once, so the judgments go out as one batch (not one per rollout), its ids kept in .bloom/batches.json.
  const batched = doJudge && ctx.judgeBatches !== undefined;
  if (ctx.judgeBatches)
    ctx.judgeBatches.current = batchStore(paths.batches, identity, readIfFound, writeSealed);
  const transcripts = new Map<Slot, Transcript>();
  const judgeSlot = async (slot: Slot, variation: Variation, given: Transcript): Promise<void> => {
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
  await forEachPooled(slots, Math.max(2, seed.max_concurrent * 2), async (slot) => {
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

  const records: RolloutRecord[] = slots.map((s) => ({
    variation_number: s.variation,
    variation_description: ideation.variations[s.variation - 1]?.description ?? '',
    repetition_number: s.repetition,
    modality: seed.rollout.modality,
    transcript: transcriptFileName(s.variation, s.repetition),
    ...(s.hasTranscript ? {} : { error: s.rolloutError ?? 'not run' }),
  }));
  await writeJsonAtomic(
    paths.rollout,
    rolloutFile(records, {
      behavior_name: seed.behavior.name,
      evaluator: ctx.models.evaluator.id,
      target: ctx.models.target.id,
      modality: seed.rollout.modality,
      max_turns: seed.rollout.max_turns,
      num_reps: seed.rollout.num_reps,
      [RUN_IDENTITY_KEY]: identity,
    }),
  );

  const outcome: RunOutcome = {
    behaviorDir: ctx.behaviorDir,
    planned: slots.length,
    transcripts: slots.filter((s) => s.hasTranscript).length,
    failedRollouts: slots.filter((s) => !s.hasTranscript).length,
    judged: slots.filter((s) => s.judged?.ok).length,
    unscoreable: slots.filter((s) => s.judged?.ok === false && s.judged.failure.unscoreable).length,
    failedJudgments: slots.filter((s) => s.judged?.ok === false && !s.judged.failure.unscoreable).length,
    reused,
  };
  if (!doJudge) return outcome;

  const scored = slots.flatMap((s) => (s.judged?.ok ? [s.judged.scores] : []));
  const meta =
    scored.length > 0
      ? await metajudgeOnce(ctx, {
          path: found.has(paths.metajudgment) ? paths.metajudgment : null,
          out: paths.metajudgment,
          judged: () => judgedSuiteOf(paths, scored),
          ideation,
          identity,
          scoredCount: scored.length,
          write: writeSealed,
        })
      : {};
  const statistics = await writeJudgmentFile(ctx, paths, slots, meta, identity);
  outcome.elicitationRate = scored.length > 0 ? statistics.elicitation_rate : undefined;
  const elicited = statistics.elicited_count;
  outcome.elicited = scored.length > 0 && typeof elicited === 'number' ? elicited : undefined;

  const firstFailure = slots.find((s) => s.rolloutError)?.rolloutError;
  assertTrustworthy(
    outcome,
    options.maxFailedFraction ?? 0.2,
    topCauses(slots.flatMap(unscoredOf)),
    firstFailure,
  );
  return outcome;
}

function unscoredOf(slot: Slot): Unscored[] {
  if (!slot.hasTranscript) return [{ stage: 'rollout', error: slot.rolloutError ?? 'not run' }];
  const failure = slot.judged?.ok === false ? slot.judged.failure : undefined;
  return failure ? [{ stage: 'judgment', error: failure.error, unscoreable: failure.unscoreable }] : [];
}

/**
 * Never a silent green: nothing scored, or too many failures, is a failed run (after all files are written). The
 * line names the top causes with counts, e.g. "target HTTP 400 x 20, evaluator timeout x 2".
 */
function assertTrustworthy(
  o: RunOutcome,
  maxFailedFraction: number,
  causes: string,
  firstFailure?: string,
): void {
  if (o.judged === 0) {
    // The first rollout error (one line, secrets redacted) says why, e.g. a provider's 401.
    throw new RunError(
      `no rollout was scored (${o.failedRollouts} rollouts failed, ${o.unscoreable} unscoreable, ` +
        `${o.failedJudgments} judgments failed of ${o.planned})` +
        (causes ? `: ${causes}` : '') +
        (firstFailure ? `; first failure: ${firstFailure}` : ''),
    );
  }
  const bad = o.failedRollouts + o.unscoreable + o.failedJudgments;
  if (bad / o.planned > maxFailedFraction) {
    throw new RunError(
      `${bad} of ${o.planned} rollouts failed or could not be scored (more than ${Math.round(maxFailedFraction * 100)}%): ` +
        `${causes}; results were written to ${o.behaviorDir} but are not trustworthy`,
    );
  }
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

/** The meta-judgment file records how many scored rollouts it judged. */
const SCORED_COUNT_KEY = 'scored_count';

/**
 * The suite's meta-judgment, kept on disk so a resumed run does not ask again: reused only when it was made by this
 * run over as many scored rollouts (more repetitions make a new one). A failure is reported, not fatal.
 */
async function metajudgeOnce(
  ctx: PipelineContext,
  how: {
    /** The kept file, or null. */
    path: string | null;
    out: string;
    judged: () => Promise<JudgedSuite>;
    ideation: Ideation;
    identity: object;
    scoredCount: number;
    write: (path: string, value: object) => Promise<void>;
  },
): Promise<Metajudgment> {
  const existing = how.path ? await readFormatIfExists(how.path, metajudgmentFileSchema) : undefined;
  // The identity was checked when the folder was read (found.keepRun); the count is checked here.
  if (existing && existing[SCORED_COUNT_KEY] === how.scoredCount) {
    const { [SCORED_COUNT_KEY]: _count, ...value } = unstamped(existing, RUN_IDENTITY_KEY, RUN_SEAL_KEY);
    return value;
  }
  try {
    const value = await runMetajudgment(ctx, { judged: await how.judged(), ideation: how.ideation });
    await how.write(how.out, { ...stamped(value, how.identity), [SCORED_COUNT_KEY]: how.scoredCount });
    return value;
  } catch (error) {
    ctx.onProgress({
      stage: 'metajudgment',
      done: 1,
      total: 1,
      failed: 1,
      note: `failed: ${firstLine(error, 200)}`,
    });
    return {};
  }
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
