// `bloom run` and the single-stage commands: load, set up models, run the pipeline, print a short summary.

import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { loadBloomData } from '../../config/load.ts';
import type { Shard } from '../../formats/stamps.ts';
import { REPLY_BYTES_RANGE } from '../../models/errors.ts';
import { type ExecuteResult, executeSuite } from '../../pipeline/execute.ts';
import type { RunOutcome } from '../../pipeline/finish.ts';
import type { Stage } from '../../pipeline/run.ts';
import { DEFAULT_BATCH_TIMEOUT_MS } from '../../pipeline/setup.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import { createProgress } from '../../report/progress.ts';
import { lockPathOf } from '../../suite/lock.ts';
import { type TargetRun, targetResultsDir, targetRuns } from '../../targets/list.ts';
import { DURATION_EXPECTED, parseDurationMs } from '../../util/duration.ts';
import { ConfigError, userFacingLine } from '../../util/errors.ts';
import { pathExists } from '../../util/fs.ts';
import type { CliIo } from '../io.ts';
import { runSummary, shownPath } from '../run-summary.ts';

export interface RunCommandOptions {
  results?: string;
  /** --target, given once or several times: replaces seed.yaml's rollout.target(s). */
  target?: string[];
  maxFailed?: number;
  /** --max-cost: stop before spending more than this many dollars. */
  maxCost?: number;
  /** --max-reply-bytes: a larger reply from a model or agent fails its call. */
  maxReplyBytes?: number;
  /** --call-cache: a folder of earlier answers, served instead of paid again. */
  callCache?: string;
  /** --shard i/n: this shard's cells of the pinned suite, no meta-judgment. */
  shard?: Shard;
  /** bloom merge: the shard folders joined into --results. */
  mergeFrom?: string[];
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

export const CALL_CACHE_HELP =
  'serve a call the same as an earlier run made (same request, same rollout) from this folder, and store every ' +
  'answer paid for there (HTTP and command targets only with call_cache: true in their config)';

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

/** Commander's collector for an option given several times. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The run's targets (seed.yaml's, or the --target values), resolved and checked before anything runs. */
export async function runTargets(io: CliIo, dataDir: string, overrides: readonly string[] = []) {
  const data = await loadBloomData(resolve(io.cwd, dataDir));
  const targets = targetRuns(data, { overrides, cwd: io.cwd });
  // Unpinned, each target's run would write scenarios of its own: nothing to rank them on.
  if (targets.length > 1 && !(await pathExists(lockPathOf(data.dir)))) {
    throw new ConfigError(
      lockPathOf(dataDir),
      '',
      `a pinned suite, so every target runs the same scenarios (run: bloom pin ${dataDir})`,
      `no such file, and ${targets.length} targets`,
    );
  }
  return targets;
}

/**
 * Runs the suite against each target in turn, each into its own results folder when there are several
 * (src/targets/list.ts). A target whose run fails does not stop the others; the first failure is thrown at the end.
 */
export async function runCommand(
  io: CliIo,
  dataDir: string,
  stages: Stage[],
  opts: RunCommandOptions,
): Promise<RunOutcome[]> {
  const targets = await runTargets(io, dataDir, opts.target);
  const resultsDir = opts.results ?? 'bloom-results';
  const outcomes: RunOutcome[] = [];
  let failure: Error | undefined;
  for (const target of targets) {
    try {
      outcomes.push(
        await runOneTarget(io, dataDir, stages, opts, {
          ...target,
          resultsDir: targetResultsDir(resultsDir, target, targets),
          // Each target's shards lie in each shard folder as its results lie in --results.
          mergeFrom: opts.mergeFrom?.map((dir) => targetResultsDir(dir, target, targets)),
        }),
      );
    } catch (error) {
      if (targets.length === 1) throw error;
      io.stderr.write(`${safeLogLine(`bloom: ${target.id}: ${userFacingLine(error, io.cwd)}`)}\n`);
      failure ??= error as Error;
    }
  }
  if (failure) throw failure;
  if (targets.length > 1 && stages.includes('judgment')) {
    io.stdout.write(
      `${safeLogLine(`Next: bloom report ${shownPath(resolve(io.cwd, resultsDir), io.cwd)}   (the targets ranked, with their differences)`)}\n`,
    );
  }
  return outcomes;
}

async function runOneTarget(
  io: CliIo,
  dataDir: string,
  stages: Stage[],
  opts: RunCommandOptions,
  target: Pick<TargetRun, 'override' | 'entry'> & { resultsDir: string; mergeFrom?: string[] },
): Promise<RunOutcome> {
  const progress = createProgress(io.stderr, {});
  let result: ExecuteResult;
  try {
    result = await executeSuite({
      dataDir,
      stages,
      resultsDir: target.resultsDir,
      target: target.override,
      targetEntry: target.entry,
      maxFailed: opts.maxFailed,
      maxCostUsd: opts.maxCost,
      batch: batchSettings(opts),
      maxReplyBytes: opts.maxReplyBytes,
      callCacheDir: opts.callCache,
      shard: opts.shard,
      mergeFrom: target.mergeFrom,
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
  io.stdout.write(runSummary(result.behavior, result.outcome, result.spend, io.cwd, result.callCache));
  return result.outcome;
}
