// Reading what the report shows of one behavior's results folder: judgment.json and run_info.json, each optional
// (a behavior that failed part-way may have neither), and where its transcripts sit relative to the results root.

import { join, relative } from 'node:path';
import type { JudgmentFile } from '../pipeline/types.ts';
import { readJsonIfExists } from '../util/fs.ts';
import type { BehaviorFiles, RunInfo } from './report-input.ts';

export async function readReportFiles(
  resultsDir: string,
  behaviorDir: string,
  behavior: string,
  error?: string | null,
): Promise<BehaviorFiles> {
  return {
    behavior,
    folder: relative(resultsDir, behaviorDir),
    judgment: await readJsonIfExists<JudgmentFile>(join(behaviorDir, 'judgment.json')),
    runInfo: await readJsonIfExists<RunInfo>(join(behaviorDir, 'run_info.json')),
    error: error ?? undefined,
  };
}
