// Reading a behavior's results folder into BloomResults. Missing optional files are simply absent; a broken
// judgment.json is a one-line ConfigError (from readJudgmentFile).

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonText } from '../../config/read.ts';
import type { Transcript } from '../../pipeline/types.ts';
import { readTextIfExists } from '../../util/fs.ts';
import { readJudgmentFile } from '../read-judgment.ts';
import { readRolloutUsage } from './read-usage.ts';
import type { BloomResults } from './results.ts';

const TRANSCRIPT_FILE = /^transcript_v(\d+)r(\d+)\.json$/;

async function readOptionalJson<T>(path: string): Promise<T | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  return parseJsonText(path, text) as T;
}

export async function readBloomResults(behaviorDir: string): Promise<BloomResults> {
  const judgmentPath = join(behaviorDir, 'judgment.json');
  const judgment = await readJudgmentFile(judgmentPath);
  const transcripts: BloomResults['transcripts'] = {};
  for (const name of (await readdir(behaviorDir)).sort()) {
    const match = TRANSCRIPT_FILE.exec(name);
    if (!match) continue;
    const transcript = await readOptionalJson<Transcript>(join(behaviorDir, name));
    if (transcript) transcripts[`v${match[1]}r${match[2]}`] = transcript;
  }
  return {
    judgment,
    understanding: await readOptionalJson(join(behaviorDir, 'understanding.json')),
    ideation: await readOptionalJson(join(behaviorDir, 'ideation.json')),
    rollout: await readOptionalJson(join(behaviorDir, 'rollout.json')),
    runInfo: await readOptionalJson(join(behaviorDir, 'run_info.json')),
    transcripts,
    usageByRollout: await readRolloutUsage(join(behaviorDir, 'usage.jsonl')),
    judgmentWrittenAt: (await stat(judgmentPath)).mtime.toISOString(),
  };
}
