// The end of a run, shared by `bloom run` and `bloom merge`: rollout.json from every cell's state, the suite's
// meta-judgment (not in a shard: it judges the whole suite), judgment.json and the check that the run can be trusted.

import type { Ideation } from '../formats/ideation.ts';
import { type Metajudgment, metajudgmentFileSchema } from '../formats/judgment.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { type ResultPaths, transcriptFileName } from '../formats/results-folder.ts';
import type { RolloutRecord } from '../formats/rollout.ts';
import { RUN_IDENTITY_KEY, RUN_SEAL_KEY, SHARD_KEY, type Shard } from '../formats/stamps.ts';
import { firstLine, RunError } from '../util/errors.ts';
import { writeJsonAtomic } from '../util/fs.ts';
import { type JudgeOutcome, judgedSuiteOf, writeJudgmentFile } from './assemble.ts';
import type { PipelineContext } from './context.ts';
import { topCauses, type Unscored } from './failure-causes.ts';
import { type JudgedSuite, runMetajudgment } from './metajudgment/index.ts';
import { stamped, unstamped } from './results/stamp.ts';
import { rolloutFile } from './rollout/index.ts';

/**
 * One rollout's state as found on disk or produced now. Only a summary outlives the rollout's work: the transcript
 * and the judge's record are on disk, so memory stays flat however many rollouts a suite has.
 */
export interface CellState {
  variation: number;
  repetition: number;
  hasTranscript: boolean;
  rolloutError?: string;
  judged?: JudgeOutcome;
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
  /** A merge: how many shards the rollouts and judgments were joined from (then `reused` counts what they held). */
  mergedShards?: number;
  elicitationRate?: number;
  /** Judgments scored 7 or more (of `judged`): the rate's numerator, for its interval. */
  elicited?: number;
}

export interface FinishInput {
  slots: CellState[];
  ideation: Ideation;
  paths: ResultPaths;
  identity: object;
  /** A shard's slice: named in rollout.json and judgment.json, and no meta-judgment. */
  shard?: Shard;
  /** Whether judgment ran (else only rollout.json is written). */
  judged: boolean;
  /** The meta-judgment file an earlier invocation of this run left, or null. */
  keptMetajudgment: string | null;
  /** Writes a file a later run may read back: sealed. */
  writeSealed: (path: string, value: object) => Promise<void>;
  reused: RunOutcome['reused'];
  maxFailedFraction?: number;
}

/** Writes rollout.json, the meta-judgment and judgment.json; throws a RunError when the run is not trustworthy. */
export async function finishRun(ctx: PipelineContext, input: FinishInput): Promise<RunOutcome> {
  const { slots, ideation, paths, identity, shard, reused } = input;
  const seed = ctx.data.seed;
  const shardStamp = shard ? { [SHARD_KEY]: shard } : {};
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
      ...shardStamp,
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
  if (!input.judged) return outcome;

  const scored = slots.flatMap((s) => (s.judged?.ok ? [s.judged.scores] : []));
  const meta =
    scored.length > 0 && !shard
      ? await metajudgeOnce(ctx, {
          path: input.keptMetajudgment,
          out: paths.metajudgment,
          judged: () => judgedSuiteOf(paths, scored),
          ideation,
          identity,
          scoredCount: scored.length,
          write: input.writeSealed,
        })
      : {};
  const statistics = await writeJudgmentFile(ctx, paths, slots, meta, identity, shardStamp);
  outcome.elicitationRate = scored.length > 0 ? statistics.elicitation_rate : undefined;
  const elicited = statistics.elicited_count;
  outcome.elicited = scored.length > 0 && typeof elicited === 'number' ? elicited : undefined;

  const firstFailure = slots.find((s) => s.rolloutError)?.rolloutError;
  assertTrustworthy(
    outcome,
    input.maxFailedFraction ?? 0.2,
    topCauses(slots.flatMap(unscoredOf)),
    firstFailure,
  );
  return outcome;
}
function unscoredOf(slot: CellState): Unscored[] {
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
