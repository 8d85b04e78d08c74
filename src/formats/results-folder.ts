// A behavior's results folder: where each of Bloom's files (and ours, under .bloom/) lives, which folders of a
// results root hold a behavior, and reading the folder's files back, each with its schema.

import { basename, join } from 'node:path';
import { ConfigError } from '../util/errors.ts';
import { pathExists, readFolder } from '../util/fs.ts';
import { type Ideation, ideationSchema } from './ideation.ts';
import { type JudgmentFile, judgmentFileSchema } from './judgment.ts';
import { readFormat, readFormatIfExists, readFormatOrSkip } from './read.ts';
import { type RolloutFile, rolloutFileSchema } from './rollout.ts';
import { type RunInfo, runInfoSchema } from './run-info.ts';
import { type Transcript, transcriptSchema } from './transcript.ts';
import { type Understanding, understandingSchema } from './understanding.ts';

/** transcript_v{N}r{M}.json: the rollout's key ("v3r2") and its numbers. */
export const TRANSCRIPT_FILE = /^transcript_(v(\d+)r(\d+))\.json$/;

export function transcriptFileName(variation: number, repetition: number): string {
  return `transcript_v${variation}r${repetition}.json`;
}

/** A rollout's key, as in its transcript's file name: "v3r2". */
export function rolloutKey(variation: number, repetition: number): string {
  return `v${variation}r${repetition}`;
}

export function resultPaths(behaviorDir: string) {
  const state = join(behaviorDir, '.bloom');
  return {
    /** The behavior's folder itself. */
    dir: behaviorDir,
    /** Our own state beside Bloom's files. */
    state,
    understanding: join(behaviorDir, 'understanding.json'),
    ideation: join(behaviorDir, 'ideation.json'),
    rollout: join(behaviorDir, 'rollout.json'),
    judgment: join(behaviorDir, 'judgment.json'),
    transcript: (variation: number, repetition: number) =>
      join(behaviorDir, transcriptFileName(variation, repetition)),
    /** Per-rollout judge results, so a resumed run re-judges nothing (Bloom keeps these only in memory). */
    judgeResult: (variation: number, repetition: number) =>
      join(state, `judge_${rolloutKey(variation, repetition)}.json`),
    /** Per-rollout failures of the last attempt, for rollout.json. */
    rolloutError: (variation: number, repetition: number) =>
      join(state, `error_${rolloutKey(variation, repetition)}.json`),
    metajudgment: join(state, 'metajudgment.json'),
    /** The provider batches judgment was submitted as (`--batch`): a killed run polls them again. */
    batches: join(state, 'batches.json'),
    /** Usage, timings and counts of the last invocation. */
    runInfo: join(behaviorDir, 'run_info.json'),
    /** One JSON line per model call, appended across invocations. */
    usage: join(behaviorDir, 'usage.jsonl'),
  };
}

export type ResultPaths = ReturnType<typeof resultPaths>;

const hasJudgment = (dir: string) => pathExists(join(dir, 'judgment.json'));

/** `dir` itself when it holds judgment.json (one behavior), else its subfolders that do, sorted. */
export async function behaviorDirs(dir: string): Promise<string[]> {
  if (await hasJudgment(dir)) return [dir];
  const entries = await readFolder(dir, 'a results folder');
  const found: string[] = [];
  for (const e of entries) {
    if (e.isDirectory() && (await hasJudgment(join(dir, e.name)))) found.push(join(dir, e.name));
  }
  if (found.length === 0) {
    const targets = (await resultsRoots(dir).catch(() => [])).length;
    if (targets > 0) {
      throw new ConfigError(
        dir,
        '',
        "one target's results folder: this one holds one per target (give one of them, or rank them all with " +
          '`bloom report`)',
        `${targets} target folders`,
      );
    }
    throw new ConfigError(dir, '', 'a results folder with judgment.json', 'none');
  }
  return found.sort();
}

/**
 * The results folders (one per target) a folder holds: itself when it is one (<dir>/<behavior>/ or a behavior
 * folder), else each subfolder that is one (<dir>/<target>/<behavior>/, as `bloom run` writes several targets and
 * a matrix's downloaded artifacts lie). A folder with both is refused: which is meant cannot be told.
 */
export async function resultsRoots(dir: string): Promise<string[]> {
  if (await hasJudgment(dir)) return [dir];
  const direct: string[] = [];
  const nested: string[] = [];
  for (const e of await readFolder(dir, 'a results folder')) {
    if (!e.isDirectory()) continue;
    const child = join(dir, e.name);
    if (await hasJudgment(child)) direct.push(child);
    else if (await hasBehaviorFolder(child)) nested.push(child);
  }
  if (direct.length > 0 && nested.length > 0) {
    throw new ConfigError(
      dir,
      '',
      'either behavior folders (one target) or one results folder per target, not both',
      `${JSON.stringify(basename(direct[0] as string))} and ${JSON.stringify(basename(nested[0] as string))}`,
    );
  }
  if (direct.length > 0) return [dir];
  if (nested.length === 0) throw new ConfigError(dir, '', 'a results folder with judgment.json', 'none');
  return nested.sort();
}

async function hasBehaviorFolder(dir: string): Promise<boolean> {
  for (const e of await readFolder(dir, 'a results folder')) {
    if (e.isDirectory() && (await hasJudgment(join(dir, e.name)))) return true;
  }
  return false;
}

/** judgment.json of a finished run, ours or Python Bloom's: every problem one line naming the file and the key. */
export function readJudgmentFile(path: string): Promise<JudgmentFile> {
  return readFormat(path, judgmentFileSchema, 'a judgment.json from a finished run');
}

/** What a behavior's folder holds besides judgment.json: each file absent when missing. */
export interface BehaviorFolder {
  judgment: JudgmentFile;
  understanding?: Understanding;
  ideation?: Ideation;
  rollout?: RolloutFile;
  runInfo?: RunInfo;
  /** Transcripts by rollout key ("v3r1" for transcript_v3r1.json), in name order. */
  transcripts: Record<string, Transcript>;
}

/**
 * Reads a behavior's folder: judgment.json must be there and whole; the other files are optional. `damaged`
 * says what a damaged optional file does: `refuse` (a one-line error naming it) or `skip` (the reader opens
 * what it can, as the viewer does for a partial or Python Bloom folder).
 */
export async function readBehaviorFolder(dir: string, damaged: 'refuse' | 'skip'): Promise<BehaviorFolder> {
  const judgment = await readJudgmentFile(join(dir, 'judgment.json'));
  const read = damaged === 'refuse' ? readFormatIfExists : readFormatOrSkip;
  const transcripts: Record<string, Transcript> = {};
  const names = (await readFolder(dir, 'a readable results folder')).map((e) => e.name);
  for (const name of names.sort()) {
    const key = TRANSCRIPT_FILE.exec(name)?.[1];
    if (!key) continue;
    const transcript = await read(join(dir, name), transcriptSchema);
    if (transcript) transcripts[key] = transcript;
  }
  const folder: BehaviorFolder = { judgment, transcripts };
  const understanding = await read(join(dir, 'understanding.json'), understandingSchema);
  if (understanding) folder.understanding = understanding;
  const ideation = await read(join(dir, 'ideation.json'), ideationSchema);
  if (ideation) folder.ideation = ideation;
  const rollout = await read(join(dir, 'rollout.json'), rolloutFileSchema);
  if (rollout) folder.rollout = rollout;
  const runInfo = await read(join(dir, 'run_info.json'), runInfoSchema);
  if (runInfo) folder.runInfo = runInfo;
  return folder;
}
