// `bloom run` and the single-stage commands: load, set up models, run the pipeline, print a short summary.

import { InvalidArgumentError } from 'commander';
import { type ExecuteResult, executeSuite } from '../../pipeline/execute.ts';
import type { RunOutcome, Stage } from '../../pipeline/run.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import type { CliIo } from '../io.ts';
import { createProgress } from '../progress.ts';

export interface RunCommandOptions {
  results?: string;
  target?: string;
  maxFailed?: number;
  /** --max-cost: stop before spending more than this many dollars. */
  maxCost?: number;
}

export const MAX_COST_HELP =
  'stop before spending more than this many dollars (estimated from tokens and a price table; ' +
  'models.json "price" overrides it)';

/** Commander parser for --max-cost <usd>. */
export function dollars(value: string): number {
  const n = Number(value.replace(/^\$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('expected an amount in dollars, e.g. 5 or 0.50');
  }
  return n;
}

export async function runCommand(
  io: CliIo,
  dataDir: string,
  stages: Stage[],
  opts: RunCommandOptions,
): Promise<RunOutcome> {
  const progress = createProgress(io.stderr, {});
  let result: ExecuteResult;
  try {
    result = await executeSuite({
      dataDir,
      stages,
      resultsDir: opts.results ?? 'bloom-results',
      target: opts.target,
      maxFailed: opts.maxFailed,
      maxCostUsd: opts.maxCost,
      env: io.env,
      cwd: io.cwd,
      onProgress: progress.onProgress,
      onTokens: progress.tokens,
      onNotice: (line) => io.stderr.write(`${safeLogLine(`bloom: ${line}`)}\n`),
    });
  } finally {
    progress.finish();
  }
  if (result.error || !result.outcome) throw result.error ?? new Error('the run ended without an outcome');
  io.stdout.write(describeOutcome(result.behavior, result.outcome));
  return result.outcome;
}

function describeOutcome(behavior: string, o: RunOutcome): string {
  const lines = [`${behavior}: results in ${o.behaviorDir}`];
  if (o.planned > 0) {
    lines.push(
      `  rollouts: ${o.transcripts}/${o.planned} written, ${o.failedRollouts} failed`,
      `  judged: ${o.judged}, unscoreable: ${o.unscoreable}, judgments failed: ${o.failedJudgments}`,
    );
  }
  if (o.elicitationRate !== undefined) lines.push(`  elicitation rate: ${o.elicitationRate}`);
  return `${lines.join('\n')}\n`;
}
