// Reading a behavior's results folder into BloomResults. Missing optional files are simply absent; a broken
// judgment.json is a one-line ConfigError (from readJudgmentFile).

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseJsonText } from '../../config/read.ts';
import { parseOrThrow } from '../../config/zod-issue.ts';
import {
  ideationSchema,
  rolloutFileSchema,
  runInfoSchema,
  transcriptSchema,
  understandingSchema,
} from '../../pipeline/results/schemas.ts';
import type { Transcript } from '../../pipeline/types.ts';
import { readFolder, readTextIfExists } from '../../util/fs.ts';
import { readJudgmentFile } from '../read-judgment.ts';
import { readRolloutUsage } from './read-usage.ts';
import type { BloomResults } from './results.ts';

const TRANSCRIPT_FILE = /^transcript_v(\d+)r(\d+)\.json$/;

/** The file, checked against the keys the export reads: a damaged or wrong-shape file is one line naming it. */
async function readOptionalJson<T>(path: string, schema: z.ZodType): Promise<T | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  const data = parseJsonText(path, text);
  parseOrThrow(path, schema, data);
  return data as T;
}

export async function readBloomResults(behaviorDir: string): Promise<BloomResults> {
  const judgmentPath = join(behaviorDir, 'judgment.json');
  const judgment = await readJudgmentFile(judgmentPath);
  const transcripts: BloomResults['transcripts'] = {};
  const names = (await readFolder(behaviorDir, 'a readable results folder')).map((e) => e.name);
  for (const name of names.sort()) {
    const match = TRANSCRIPT_FILE.exec(name);
    if (!match) continue;
    const transcript = await readOptionalJson<Transcript>(join(behaviorDir, name), transcriptSchema);
    if (transcript) transcripts[`v${match[1]}r${match[2]}`] = transcript;
  }
  return {
    judgment,
    understanding: await readOptionalJson(join(behaviorDir, 'understanding.json'), understandingSchema),
    ideation: await readOptionalJson(join(behaviorDir, 'ideation.json'), ideationSchema),
    rollout: await readOptionalJson(join(behaviorDir, 'rollout.json'), rolloutFileSchema),
    runInfo: await readOptionalJson(join(behaviorDir, 'run_info.json'), runInfoSchema),
    transcripts,
    usageByRollout: await readRolloutUsage(join(behaviorDir, 'usage.jsonl')),
    judgmentWrittenAt: (await stat(judgmentPath)).mtime.toISOString(),
  };
}
