// The judge sample: transcripts of the baseline run kept beside the baseline file, so that every later run can
// re-judge them with its judge and measure drift. Copied with a sha256 each; read back only when the hash holds.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { JudgeSampleEntry } from '../formats/baseline.ts';
import { resultPaths, transcriptFileName } from '../formats/results-folder.ts';
import { ConfigError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/fs.ts';
import type { BehaviorRun } from './results.ts';

/** Transcripts per behavior: enough to see a one-point drift through a judge's own call-to-call noise. */
export const JUDGE_SAMPLE_SIZE = 50;
export const JUDGE_SAMPLE_DIR = 'judge-sample';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A folder name for a behavior that is safe on every file system and cannot collide. */
function folderFor(behavior: string): string {
  const slug =
    behavior
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'behavior';
  return `${slug}-${sha256(behavior).slice(0, 8)}`;
}

/** Evenly spaced scored cells, in (variation, repetition) order: the same choice for the same scores. */
export function sampleCells(
  run: BehaviorRun,
  size = JUDGE_SAMPLE_SIZE,
): { variation: number; repetition: number; presence: number }[] {
  const cells = Object.entries(run.scores)
    .flatMap(([v, reps]) =>
      Object.entries(reps).map(([r, presence]) => ({
        variation: Number(v),
        repetition: Number(r),
        presence,
      })),
    )
    .sort((a, b) => a.variation - b.variation || a.repetition - b.repetition);
  if (cells.length <= size) return cells;
  const step = cells.length / size;
  return Array.from({ length: size }, (_, k) => cells[Math.floor(k * step)] as (typeof cells)[number]);
}

/** Copies each behavior's sample beside `baselineFile`; returns the entries to record in the baseline. */
export async function writeJudgeSample(
  baselineFile: string,
  runs: readonly BehaviorRun[],
): Promise<Map<string, JudgeSampleEntry[]>> {
  const root = dirname(baselineFile);
  const out = new Map<string, JudgeSampleEntry[]>();
  for (const run of runs) {
    const entries: JudgeSampleEntry[] = [];
    const paths = resultPaths(run.dir);
    for (const cell of sampleCells(run)) {
      const source = paths.transcript(cell.variation, cell.repetition);
      let text: string;
      try {
        text = await readFile(source, 'utf8');
      } catch {
        continue; // A scored cell whose transcript is gone cannot be re-judged; the sample is a little smaller.
      }
      const file = join(
        JUDGE_SAMPLE_DIR,
        folderFor(run.behavior),
        transcriptFileName(cell.variation, cell.repetition),
      );
      await writeFileAtomic(join(root, file), text);
      entries.push({ ...cell, file: file.split(sep).join('/'), sha256: sha256(text) });
    }
    out.set(run.behavior, entries);
  }
  return out;
}

/** One sample transcript's text, checked against its recorded hash and kept inside the baseline's folder. */
export async function readSampleTranscript(
  baselineFile: string,
  entry: JudgeSampleEntry,
  keyPath: string,
): Promise<string> {
  const root = dirname(resolve(baselineFile));
  const path = resolve(root, entry.file);
  const inside = relative(root, path);
  if (inside.startsWith('..') || resolve(root, inside) !== path) {
    throw new ConfigError(baselineFile, `${keyPath}.file`, 'a path inside the baseline folder', entry.file);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      baselineFile,
      `${keyPath}.file`,
      'a judge-sample transcript beside the baseline',
      `${entry.file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  if (sha256(text) !== entry.sha256) {
    throw new ConfigError(
      baselineFile,
      `${keyPath}.sha256`,
      `the hash of ${entry.file}`,
      'a different file (edited after the baseline was recorded)',
    );
  }
  return text;
}
