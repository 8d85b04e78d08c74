// The gate's own files inside a behavior's results folder, beside Bloom's: the looks of an adaptive run and the
// judge check. Each has one zod schema used to write and to read it back, so a damaged or hand-made file is a
// one-line error naming the key, never a silent change in a decision.

import { join } from 'node:path';
import { z } from 'zod';
import { parseJsonText } from '../config/read.ts';
import { parseOrThrow } from '../config/zod-issue.ts';
import { readTextIfExists, writeJsonAtomic } from '../util/fs.ts';
import type { JudgeCheck, LookPlan } from './types.ts';

export const LOOKS_FILE = 'gate_looks.json';
export const JUDGE_CHECK_FILE = 'judge_check.json';
/** The same check against the anchor's stored sample: a judge that moved since the anchor makes it unusable. */
export const ANCHOR_JUDGE_CHECK_FILE = 'judge_check_anchor.json';

export type CheckAgainst = 'baseline' | 'anchor';
const CHECK_FILES: Record<CheckAgainst, string> = {
  baseline: JUDGE_CHECK_FILE,
  anchor: ANCHOR_JUDGE_CHECK_FILE,
};

const repetition = z.number().int().min(1).max(10_000);

const looksSchema = z.strictObject({
  format_version: z.literal(1),
  max_repetitions: repetition,
  repetitions: z.array(repetition).min(1).max(1000),
});

const presence = z.number().min(1).max(10);
const judgeCheckSchema = z.strictObject({
  format_version: z.literal(1),
  /** The run that re-judged, and this machine's seal: a check is reused only by the run that made it. */
  run_identity: z.record(z.string(), z.unknown()).optional(),
  run_seal: z.string().optional(),
  judge: z.string().min(1),
  /** Which baseline's sample was re-judged. */
  baseline: z.strictObject({ commit: z.string().nullable(), created_at: z.string() }),
  items: z
    .array(
      z.strictObject({
        variation: z.number().int().min(1),
        repetition: z.number().int().min(1),
        stored: presence,
        rejudged: presence,
      }),
    )
    .max(10_000),
});

export type JudgeCheckFile = z.output<typeof judgeCheckSchema>;

export async function readLooks(dir: string): Promise<LookPlan | undefined> {
  const file = join(dir, LOOKS_FILE);
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  const data = parseOrThrow(file, looksSchema, parseJsonText(file, text));
  return { max_repetitions: data.max_repetitions, repetitions: data.repetitions };
}

export async function writeLooks(dir: string, plan: LookPlan): Promise<void> {
  await writeJsonAtomic(join(dir, LOOKS_FILE), looksSchema.parse({ format_version: 1, ...plan }));
}

export async function readJudgeCheck(
  dir: string,
  against: CheckAgainst = 'baseline',
): Promise<JudgeCheckFile | undefined> {
  const file = judgeCheckPath(dir, against);
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  return parseOrThrow(file, judgeCheckSchema, parseJsonText(file, text));
}

export function judgeCheckPath(dir: string, against: CheckAgainst = 'baseline'): string {
  return join(dir, CHECK_FILES[against]);
}

/** Writes the check as given (the caller seals it). */
export async function writeJudgeCheck(
  dir: string,
  check: JudgeCheckFile,
  against: CheckAgainst = 'baseline',
): Promise<void> {
  await writeJsonAtomic(judgeCheckPath(dir, against), judgeCheckSchema.parse(check));
}

export function judgeCheckOf(file: JudgeCheckFile): JudgeCheck {
  return { judge: file.judge, items: file.items };
}
