// `bloom run` and the single-stage commands: load, set up models, run the pipeline, print a short summary.

import { InvalidArgumentError } from 'commander';
import { REPLY_BYTES_RANGE } from '../../models/errors.ts';
import { type ExecuteResult, executeSuite } from '../../pipeline/execute.ts';
import type { RunOutcome, Stage } from '../../pipeline/run.ts';
import { DEFAULT_BATCH_TIMEOUT_MS } from '../../pipeline/setup.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import { createProgress } from '../../report/progress.ts';
import { DURATION_EXPECTED, parseDurationMs } from '../../util/duration.ts';
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
  /** --batch: judgment through the judge provider's batch API, at its batch price. */
  batch?: boolean;
  /** --batch-timeout: how long a batch may take before its judgments are made as normal calls. */
  batchTimeout?: number;
}

export const BATCH_HELP =
  "judge through the provider's batch API (Anthropic Message Batches, OpenAI Batch) at half price; slower: " +
  'results within the --batch-timeout, then normal calls';

export const BATCH_TIMEOUT_HELP =
  'with --batch: after this long (e.g. 90m, 2h, 600s; default 1h) a batch is cancelled and its judgments are made ' +
  'as normal calls';

/** Commander parser for --batch-timeout <duration>. */
export function parseDuration(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new InvalidArgumentError(`expected ${DURATION_EXPECTED}`);
  return ms;
}

/** The run's batch settings from --batch and --batch-timeout (none without --batch). */
export function batchSettings(opts: RunCommandOptions): { timeoutMs: number } | undefined {
  return opts.batch ? { timeoutMs: opts.batchTimeout ?? DEFAULT_BATCH_TIMEOUT_MS } : undefined;
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
      batch: batchSettings(opts),
      maxReplyBytes: opts.maxReplyBytes,
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
