// Runs each suite through the same engine as `bloom run`. A suite that fails is recorded with its one-line reason
// and the others still run: the report then says error, never green.

import { relative } from 'node:path';
import { Writable } from 'node:stream';
import { createProgress } from '../cli/progress.ts';
import { type ExecuteResult, executeSuite } from '../pipeline/execute.ts';
import { safeLogLine } from '../report/markdown/escape.ts';
import { userFacingLine } from '../util/errors.ts';
import type { Redactor } from '../util/redact.ts';
import type { ActionInputs } from './inputs.ts';

export interface SuiteRun {
  /** The data folder. */
  suite: string;
  /** Known once the data folder loaded. */
  behavior: string | null;
  behaviorDir: string | null;
  result: ExecuteResult | null;
  /** One line, when the suite could not give a trustworthy result. */
  error: string | null;
}

export async function runSuites(
  inputs: ActionInputs,
  ctx: { resultsDir: string; env: NodeJS.ProcessEnv; log: (line: string) => void; redactor?: Redactor },
): Promise<SuiteRun[]> {
  const runs: SuiteRun[] = [];
  // max-cost is one budget for the whole step: each suite gets what the ones before it left.
  let spentUsd = 0;
  for (const suite of inputs.suites) {
    // Paths in log lines as the user wrote them: relative to the working directory.
    const shown = relative(inputs.workingDirectory, suite) || '.';
    const line = (error: unknown) => userFacingLine(error, inputs.workingDirectory);
    // Progress lines are ours (stage names and counts), but pass them through the log filter anyway.
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line.trim()) ctx.log(safeLogLine(line));
        done();
      },
    });
    const progress = createProgress(logStream, {});
    try {
      const result = await executeSuite({
        dataDir: suite,
        stages: ['understanding', 'ideation', 'rollout', 'judgment'],
        resultsDir: ctx.resultsDir,
        target: inputs.target ?? undefined,
        env: ctx.env,
        cwd: inputs.workingDirectory,
        onProgress: progress.onProgress,
        onNotice: (note) => ctx.log(safeLogLine(`${shown}: ${note}`)),
        newFolderOnly: true,
        maxCostUsd: inputs.maxCost === null ? undefined : Math.max(0, inputs.maxCost - spentUsd),
        maxReplyBytes: inputs.maxReplyBytes,
        redactor: ctx.redactor,
        onDebug: (line) => ctx.log(safeLogLine(line)),
      });
      // What this invocation spent (run_info.json's cost is the folder's, earlier invocations included).
      spentUsd += result.spend.thisRun.cost.total_usd;
      const error = result.error ? line(result.error) : null;
      runs.push({ suite, behavior: result.behavior, behaviorDir: result.behaviorDir, result, error });
      if (error) ctx.log(safeLogLine(`${shown}: ${error}`));
    } catch (error) {
      // Bad input: the data folder, its lock or a missing key. Nothing ran.
      const message = line(error);
      runs.push({ suite, behavior: null, behaviorDir: null, result: null, error: message });
      ctx.log(safeLogLine(`${shown}: ${message}`));
    } finally {
      progress.finish();
    }
  }
  return runs;
}
