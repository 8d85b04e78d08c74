// `bloom run` and the single-stage commands: load, set up models, run the pipeline, print a short summary.

import { InvalidArgumentError } from 'commander';
import type { Shard } from '../../formats/stamps.ts';
import { REPLY_BYTES_RANGE } from '../../models/errors.ts';
import { type ExecuteResult, executeSuite } from '../../pipeline/execute.ts';
import type { RunOutcome } from '../../pipeline/finish.ts';
import type { Stage } from '../../pipeline/run.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import { createProgress } from '../../report/progress.ts';
import type { CliIo } from '../io.ts';
import { runSummary } from '../run-summary.ts';

export interface RunCommandOptions {
  results?: string;
  target?: string;
  maxFailed?: number;
  /** --max-cost: stop before spending more than this many dollars. */
  maxCost?: number;
  /** --max-reply-bytes: a larger reply from a model or agent fails its call. */
  maxReplyBytes?: number;
  /** --shard i/n: this shard's cells of the pinned suite, no meta-judgment. */
  shard?: Shard;
  /** bloom merge: the shard folders joined into --results. */
  mergeFrom?: string[];
}

export const MAX_COST_HELP =
  'stop before spending more than this many dollars (estimated from tokens and a price table; ' +
  'models.json "price" overrides it)';

export const MAX_REPLY_BYTES_HELP =
  'a reply from a model or agent larger than this many bytes fails its call (default 1048576, 1 MiB)';

/** Commander parser for --max-reply-bytes <n>. */
export function replyBytes(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < REPLY_BYTES_RANGE.min || n > REPLY_BYTES_RANGE.max) {
    throw new InvalidArgumentError(
      `expected a whole number of bytes from ${REPLY_BYTES_RANGE.min} to ${REPLY_BYTES_RANGE.max}`,
    );
  }
  return n;
}

/** Commander parser for a share from 0 to 1. */
function fraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

/** --max-failed, as `bloom run` and `bloom merge` take it. */
export const MAX_FAILED_OPTION = [
  '--max-failed <fraction>',
  'fail when more than this share of rollouts failed or was unscoreable',
  fraction,
  0.2,
] as const;

/** Commander parser for --max-cost <usd>. */
export function parseDollars(value: string): number {
  const n = Number(value.replace(/^\$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('expected an amount in dollars, e.g. 5 or 0.50');
  }
  return n;
}

/** seed.yaml's `debug: true` lines, on stderr and safe for a CI log (an error may quote a provider). */
export function debugTo(io: CliIo): (line: string) => void {
  return (line) => io.stderr.write(`${safeLogLine(line)}\n`);
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
      maxReplyBytes: opts.maxReplyBytes,
      shard: opts.shard,
      mergeFrom: opts.mergeFrom,
      redactor: io.redactor,
      env: io.env,
      cwd: io.cwd,
      onProgress: progress.onProgress,
      onTokens: progress.tokens,
      onDebug: debugTo(io),
      onNotice: (line) => io.stderr.write(`${safeLogLine(`bloom: ${line}`)}\n`),
    });
  } finally {
    progress.finish();
  }
  if (result.error || !result.outcome) throw result.error ?? new Error('the run ended without an outcome');
  io.stdout.write(runSummary(result.behavior, result.outcome, result.spend, io.cwd));
  return result.outcome;
}
