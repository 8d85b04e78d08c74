// Reading what the report shows of one behavior's results folder: judgment.json and run_info.json, each optional
// (a behavior that failed part-way may have neither), and where its transcripts sit relative to the results root.

import { join, relative } from 'node:path';
import { judgmentFileSchema } from '../formats/judgment.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { runInfoSchema } from '../formats/run-info.ts';
import type { BehaviorFiles } from './report-input.ts';

export async function readReportFiles(
  resultsDir: string,
  behaviorDir: string,
  behavior: string,
  error?: string | null,
): Promise<BehaviorFiles> {
  return {
    behavior,
    folder: relative(resultsDir, behaviorDir),
    judgment: await readFormatIfExists(join(behaviorDir, 'judgment.json'), judgmentFileSchema),
    runInfo: await readFormatIfExists(join(behaviorDir, 'run_info.json'), runInfoSchema),
    error: error ?? undefined,
  };
}
