// Reading a results folder for the viewer: each behavior's judgment.json (required), and whatever else
// is there (ideation.json, rollout.json, run_info.json, transcript_v{N}r{M}.json). An unreadable optional
// file is skipped, so a partial or Python-Bloom folder still opens.

import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import {
  ideationSchema,
  rolloutFileSchema,
  runInfoSchema,
  transcriptSchema,
} from '../../pipeline/results/schemas.ts';
import type { Transcript } from '../../pipeline/types.ts';
import { readFolder } from '../../util/fs.ts';
import { readJudgmentFile } from '../read-judgment.ts';
import type { BehaviorFiles } from './input.ts';

const TRANSCRIPT_FILE = /^transcript_(v\d+r\d+)\.json$/;

/** The file when it is whole and of the shape the viewer reads; else undefined (the page opens without it). */
async function readOptionalJson<T>(path: string, schema: z.ZodType): Promise<T | undefined> {
  try {
    const data: unknown = JSON.parse(await readFile(path, 'utf8'));
    return schema.safeParse(data).success ? (data as T) : undefined;
  } catch {
    return undefined;
  }
}

export async function readBehaviorFiles(dir: string): Promise<BehaviorFiles> {
  const judgment = await readJudgmentFile(join(dir, 'judgment.json'));
  const transcripts: Record<string, Transcript> = {};
  const names = (await readFolder(dir, 'a readable results folder')).map((e) => e.name);
  for (const name of names.sort()) {
    const key = TRANSCRIPT_FILE.exec(name)?.[1];
    if (!key) continue;
    const transcript = await readOptionalJson<Transcript>(join(dir, name), transcriptSchema);
    if (transcript) transcripts[key] = transcript;
  }
  const files: BehaviorFiles = { judgment, transcripts };
  const ideation = await readOptionalJson<BehaviorFiles['ideation']>(
    join(dir, 'ideation.json'),
    ideationSchema,
  );
  if (ideation) files.ideation = ideation;
  const rollout = await readOptionalJson<BehaviorFiles['rollout']>(
    join(dir, 'rollout.json'),
    rolloutFileSchema,
  );
  if (rollout) files.rollout = rollout;
  const runInfo = await readOptionalJson<BehaviorFiles['runInfo']>(join(dir, 'run_info.json'), runInfoSchema);
  if (runInfo) files.runInfo = runInfo;
  return files;
}

/** A title for the page: the results folder's name. */
export function viewerTitle(resultsDir: string): string {
  return `Bloom results: ${basename(resultsDir)}`;
}
