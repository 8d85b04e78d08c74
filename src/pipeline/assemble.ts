// judgment.json from the per-rollout judge results: scored records, failures, and the suite's meta-judgment.
// A suite can have tens of thousands of records, so only each one's scores are kept in memory while the suite
// runs; the records themselves stay in their judge files and are read back as the file is written.

import {
  type FailedJudgment,
  judgeFileSchema,
  type Metajudgment,
  type ScoredRecord,
  type SummaryStatistics,
} from '../formats/judgment.ts';
import { readFormatOrSkip } from '../formats/read.ts';
import type { ResultPaths } from '../formats/results-folder.ts';
import { RUN_IDENTITY_KEY } from '../formats/stamps.ts';
import { buildJudgmentFile, failedJudgment } from '../stats/index.ts';
import { RunError } from '../util/errors.ts';
import { writeJsonStreamed } from '../util/json-stream.ts';
import type { PipelineContext } from './context.ts';
import type { JudgeResult } from './judgment/index.ts';
import { evenSample, type JudgedSuite, MAX_META_TRANSCRIPTS, qualityKeysOf } from './metajudgment/index.ts';

/**
 * A scored record's number (and null) fields, in its order: all that the statistics, judgment.json's sort and the
 * meta-judge's list of quality keys need of it.
 */
export interface Scores {
  variation_number: number;
  repetition_number: number;
  [field: string]: number | null;
}

/** What a slot keeps of its judge result. */
export type JudgeOutcome = { ok: true; scores: Scores } | { ok: false; failure: FailedJudgment };

export interface JudgedSlot {
  variation: number;
  repetition: number;
  /** Absent when the rollout failed or was never judged. */
  judged?: JudgeOutcome;
  hasTranscript: boolean;
}

export function judgeOutcomeOf(variation: number, repetition: number, judge: JudgeResult): JudgeOutcome {
  if (!judge.ok) return { ok: false, failure: failedJudgment(variation, repetition, judge) };
  const fields = Object.entries(judge.record).filter(([, v]) => typeof v === 'number' || v === null);
  return { ok: true, scores: Object.fromEntries(fields) as Scores };
}

/** A scored record, back from the judge file it was written to when it was judged. */
export async function readJudgedRecord(
  paths: ResultPaths,
  variation: number,
  repetition: number,
): Promise<ScoredRecord> {
  const path = paths.judgeResult(variation, repetition);
  // Gone, damaged or not a score: the record cannot be written as judged.
  const result = await readFormatOrSkip(path, judgeFileSchema);
  if (!result?.ok) throw new RunError(`${path} no longer holds the judge's score; run again to re-judge`);
  return result.record;
}

/** The meta-judge's view of the scored slots (in the suite's order): only the records it lists are read. */
export async function judgedSuiteOf(paths: ResultPaths, scored: Scores[]): Promise<JudgedSuite> {
  const shown = evenSample(scored, MAX_META_TRANSCRIPTS);
  return {
    count: scored.length,
    qualityKeys: qualityKeysOf(scored),
    shown: await Promise.all(
      shown.map((s) => readJudgedRecord(paths, s.variation_number, s.repetition_number)),
    ),
  };
}

/**
 * Judge records read ahead of judgment.json's writer, at most this many held at once. The reads are synchronous
 * (util/fs.ts), so they no longer overlap each other's waits on the disk: on a local disk that costs less CPU.
 */
const READ_AHEAD = 32;

/** Writes judgment.json, reading each record back as it is written; returns the file's statistics. */
export async function writeJudgmentFile(
  ctx: PipelineContext,
  paths: ResultPaths,
  slots: JudgedSlot[],
  metajudgment: Metajudgment,
  identity: object,
  /** Further stamps on the file (a shard's slice). */
  stamps: Record<string, unknown> = {},
): Promise<SummaryStatistics> {
  const seed = ctx.data.seed;
  const file = buildJudgmentFile({
    behaviorName: seed.behavior.name,
    examples: seed.behavior.examples,
    model: seed.judgment.model,
    reasoningEffort: seed.evaluator_reasoning_effort,
    totalConversations: slots.filter((s) => s.hasTranscript).length,
    qualities: seed.judgment.additional_qualities,
    judgments: slots.flatMap((s) => (s.judged?.ok ? [s.judged.scores] : [])),
    failures: slots.flatMap((s) => (s.judged && !s.judged.ok ? [s.judged.failure] : [])),
    failedRolloutCount: slots.filter((s) => !s.hasTranscript).length,
    metajudgment,
  });
  // The scores come back sorted as judgment.json lists them; each stands for its record.
  const records = readAhead(file.judgments, READ_AHEAD, (s) =>
    readJudgedRecord(paths, s.variation_number, s.repetition_number),
  );
  await writeJsonStreamed(paths.judgment, {
    ...file,
    judgments: records,
    [RUN_IDENTITY_KEY]: identity,
    ...stamps,
  });
  return file.summary_statistics;
}

/** read(item) for each item, yielded in order, with up to `ahead` reads in flight. */
export async function* readAhead<S, T>(
  items: readonly S[],
  ahead: number,
  read: (item: S) => Promise<T>,
): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let next = 0;
  const start = () => {
    const reading = read(items[next++] as S);
    // Awaited when its turn comes; until then a failure must not count as unhandled.
    reading.catch(() => {});
    pending.push(reading);
  };
  while (next < items.length && pending.length < ahead) start();
  while (pending.length > 0) {
    const value = await (pending.shift() as Promise<T>);
    if (next < items.length) start();
    yield value;
  }
}
