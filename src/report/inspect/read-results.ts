// Reading a behavior's results folder into BloomResults. Missing optional files are simply absent; a damaged file
// is a one-line ConfigError naming it.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readBehaviorFolder } from '../../formats/results-folder.ts';
import { readRolloutUsage } from './read-usage.ts';
import type { BloomResults } from './results.ts';

export async function readBloomResults(behaviorDir: string): Promise<BloomResults> {
  const folder = await readBehaviorFolder(behaviorDir, 'refuse');
  return {
    ...folder,
    usageByRollout: await readRolloutUsage(join(behaviorDir, 'usage.jsonl')),
    judgmentWrittenAt: (await stat(join(behaviorDir, 'judgment.json'))).mtime.toISOString(),
  };
}
