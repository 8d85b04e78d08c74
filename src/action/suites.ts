// Runs each suite through the same engine as `bloom run`. A suite that fails is recorded with its one-line reason
// and the others still run: the report then says error, never green. One runner holds the step's budget, so
// suites run later, and the repetitions an adaptive look adds, get what the earlier runs left.

import { basename, relative } from 'node:path';
import { Writable } from 'node:stream';
import { type AfterJudgment, type ExecuteResult, executeSuite } from '../pipeline/execute.ts';
import { safeLogLine } from '../report/markdown/escape.ts';
import { createProgress } from '../report/progress.ts';
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

export interface SuiteRunnerContext {
  resultsDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  redactor?: Redactor;
  /** The gate's judge check, after each suite's judgment. */
  afterJudgment?: (run: AfterJudgment) => Promise<void>;
  /** Rollouts per behavior at least (recording a baseline). */
  minRollouts?: number;
  /** mode: merge: the downloaded shard folders each suite's first run joins instead of running. */
  mergeFrom?: string[];
}

export interface SuiteRunner {
  /** A first run (into a folder this step makes), or, with `repetitions`, more of the same run (adaptive looks). */
  run(suite: string, repetitions?: number): Promise<SuiteRun>;
  /** Dollars spent so far by every run of this runner. */
  spentUsd(): number;
}

export function createSuiteRunner(inputs: ActionInputs, ctx: SuiteRunnerContext): SuiteRunner {
  // max-cost is one budget for the whole step: each run gets what the ones before it left.
  let spentUsd = 0;
  return {
    spentUsd: () => spentUsd,
    async run(suite, repetitions) {
      // Paths in log lines as the user wrote them: relative to the working directory.
      const shown = relative(inputs.workingDirectory, suite) || '.';
      const line = (error: unknown) => userFacingLine(error, inputs.workingDirectory);
      // Progress lines are ours (stage names and counts), but pass them through the log filter anyway.
      const logStream = new Writable({
        write(chunk, _encoding, done) {
          for (const text of String(chunk).split('\n')) if (text.trim()) ctx.log(safeLogLine(text));
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
          // A first run makes its folder; an adaptive look adds repetitions to the folder that run made.
          newFolderOnly: repetitions === undefined,
          maxCostUsd: inputs.maxCost === null ? undefined : Math.max(0, inputs.maxCost - spentUsd),
          maxReplyBytes: inputs.maxReplyBytes,
          callCacheDir: inputs.callCache ?? undefined,
          ...(inputs.batchTimeoutMs === null ? {} : { batch: { timeoutMs: inputs.batchTimeoutMs } }),
          redactor: ctx.redactor,
          onDebug: (text) => ctx.log(safeLogLine(text)),
          repetitions,
          minRollouts: repetitions === undefined ? ctx.minRollouts : undefined,
          afterJudgment: ctx.afterJudgment,
          shard: inputs.shard ?? undefined,
          // The shards of a matrix share the provider's rate limit: each takes its share of max_concurrent.
          concurrencyShare: inputs.shard?.count,
          mergeFrom: repetitions === undefined ? ctx.mergeFrom : undefined,
        });
        // What this invocation spent (run_info.json's cost is the folder's, earlier invocations included).
        spentUsd += result.spend.thisRun.cost.total_usd;
        const error = result.error ? line(result.error) : null;
        if (error) ctx.log(safeLogLine(`${shown}: ${error}`));
        return { suite, behavior: result.behavior, behaviorDir: result.behaviorDir, result, error };
      } catch (error) {
        // Bad input: the data folder, its lock or a missing key. Nothing ran.
        const message = line(error);
        ctx.log(safeLogLine(`${shown}: ${message}`));
        return { suite, behavior: null, behaviorDir: null, result: null, error: message };
      } finally {
        progress.finish();
      }
    },
  };
}

export async function runSuites(inputs: ActionInputs, runner: SuiteRunner): Promise<SuiteRun[]> {
  const runs: SuiteRun[] = [];
  for (const suite of inputs.suites) runs.push(await runner.run(suite));
  return runs;
}

/** The suites as one label (their folders' names), which tells one workflow's comments apart. */
export function suiteLabel(suites: string[]): string {
  return suites.map((s) => basename(s)).join('+');
}
