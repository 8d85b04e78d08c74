// The gate's own files inside a behavior's results folder, beside Bloom's: the looks of an adaptive run
// (gate_looks.json) and the judge checks against the baseline and the anchor (judge_check.json,
// judge_check_anchor.json). Each is written and read back with its schema in
// src/formats/, so a damaged or hand-made file is a one-line error naming the key, never a silent change in a
// decision.

import { join } from 'node:path';
import { type GateLooks, gateLooksSchema, LOOKS_FILE, type LookPlan } from '../formats/gate-looks.ts';
import {
  ANCHOR_JUDGE_CHECK_FILE,
  JUDGE_CHECK_FILE,
  type JudgeCheck,
  type JudgeCheckFile,
  judgeCheckSchema,
} from '../formats/judge-check.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { resultPaths } from '../formats/results-folder.ts';
import { plannedVariationsOf, rolloutFileSchema } from '../formats/rollout.ts';
import { writeJsonAtomic } from '../util/fs.ts';

export type CheckAgainst = 'baseline' | 'anchor';
const CHECK_FILES: Record<CheckAgainst, string> = {
  baseline: JUDGE_CHECK_FILE,
  anchor: ANCHOR_JUDGE_CHECK_FILE,
};

/** The scenarios the folder's last run planned (rollout.json lists every planned rollout, failed ones too), in
 * order; undefined without a rollout.json (a Python Bloom folder, a run stopped early). */
export async function plannedVariations(behaviorDir: string): Promise<number[] | undefined> {
  const rollout = await readFormatIfExists(resultPaths(behaviorDir).rollout, rolloutFileSchema);
  return rollout && plannedVariationsOf(rollout);
}

export async function readLooks(dir: string): Promise<LookPlan | undefined> {
  const data = await readFormatIfExists(join(dir, LOOKS_FILE), gateLooksSchema);
  return (
    data && {
      max_repetitions: data.max_repetitions,
      repetitions: data.repetitions,
      ...(data.variations ? { variations: data.variations } : {}),
    }
  );
}

/** Stamps a file with its run's identity and this machine's seal (pipeline/execute.ts's sealRunFile). */
export type SealRunFile = <T extends object>(path: string, value: T) => T;

/** Writes the plan sealed for the run that made it: looks a run did not write are set aside (results/found.ts). */
export async function writeLooks(dir: string, plan: LookPlan, seal: SealRunFile): Promise<void> {
  const path = join(dir, LOOKS_FILE);
  const looks = seal(path, { format_version: 1, ...plan } satisfies GateLooks);
  // Checked against the schema, written as given: the seal covers the file's own text, key order included.
  gateLooksSchema.parse(looks);
  await writeJsonAtomic(path, looks);
}

export function readJudgeCheck(
  dir: string,
  against: CheckAgainst = 'baseline',
): Promise<JudgeCheckFile | undefined> {
  return readFormatIfExists(judgeCheckPath(dir, against), judgeCheckSchema);
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
  // Checked against the schema, written as given: the seal covers the file's own text, key order included.
  judgeCheckSchema.parse(check);
  await writeJsonAtomic(judgeCheckPath(dir, against), check);
}

export function judgeCheckOf(file: JudgeCheckFile): JudgeCheck {
  return { judge: file.judge, items: file.items, baseline: file.baseline };
}
