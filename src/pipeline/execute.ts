// One suite, start to finish, as both fronts (the CLI and the action) run it: load the data folder, use its pinned
// lock when present, set up models, run the stages, and always leave run_info.json behind (usage, identity),
// also when the run fails. Its usage and cost are the results folder's: a resumed run adds its calls to those
// an earlier invocation logged in usage.jsonl (this_run holds its own).

import { relative, resolve } from 'node:path';
import { loadBloomData } from '../config/load.ts';
import { runNonce, sourceDateClock } from '../config/source-date.ts';
import type { CostSnapshot } from '../models/cost.ts';
import { type LedgerSummary, UsageLedger } from '../models/ledger.ts';
import { runIdentity } from '../suite/identity.ts';
import { lockPathOf, readFreshLock } from '../suite/lock.ts';
import { readJsonIfExists, writeJsonAtomic } from '../util/fs.ts';
import type { Redactor } from '../util/redact.ts';
import type { ProgressEvent } from './context.ts';
import { resultPaths } from './paths.ts';
import { type RunOutcome, runPipeline, type Stage } from './run.ts';
import { createPipelineContext, resolveRoles } from './setup.ts';
import type { Ideation } from './types.ts';
import { openUsageLog, replayUsageLog } from './usage-log.ts';

export interface ExecuteOptions {
  /** The Bloom data folder (relative paths resolve against cwd). */
  dataDir: string;
  stages: Stage[];
  /** Results root; this suite's files go to <resultsDir>/<behavior>/. */
  resultsDir: string;
  target?: string;
  maxFailed?: number;
  /** Stop before spending more than this many dollars. */
  maxCostUsd?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Tokens spent by each call, as it is recorded. */
  onTokens?: (tokens: number) => void;
  /** Every secret the run can see (the front's, so its own output is redacted alike); default: env's. */
  redactor?: Redactor;
  /** Replies larger than this fail their call. Default 1 MiB. */
  maxReplyBytes?: number;
  /** seed.yaml's `debug: true`: a line per model call. */
  onDebug?: (line: string) => void;
}

export interface ExecuteResult {
  behavior: string;
  behaviorDir: string;
  /** Absent when the run failed. */
  outcome?: RunOutcome;
  /** Why the run failed after it started (a RunError: nothing scored, too many failures, a provider refused). */
  error?: Error;
  /** This invocation's model calls and cost, and the results folder's over every invocation. */
  spend: { thisRun: Spend; folder: Spend };
}

export interface Spend {
  usage: LedgerSummary;
  cost: CostSnapshot;
}

/**
 * Bad input (the data folder, the lock, keys) throws before anything is written. Once the run has started, a
 * failure is returned with the files written so far, so the caller can still report what happened.
 */
export async function executeSuite(options: ExecuteOptions): Promise<ExecuteResult> {
  const now = sourceDateClock(options.env);
  const dataDir = resolve(options.cwd, options.dataDir);
  const data = await loadBloomData(dataDir);
  // A pinned suite replaces understanding and ideation: their models are neither called nor need keys.
  const lock = await readFreshLock(data, resolveRoles(data, options.target, options.cwd), dataDir);
  const ctx = createPipelineContext(data, {
    resultsDir: resolve(options.cwd, options.resultsDir),
    target: options.target,
    cwd: options.cwd,
    env: options.env,
    stages: lock ? options.stages.filter((s) => s === 'rollout' || s === 'judgment') : options.stages,
    onProgress: options.onProgress,
    maxCostUsd: options.maxCostUsd,
    redactor: options.redactor,
    maxReplyBytes: options.maxReplyBytes,
    onDebug: options.onDebug,
  });
  const onTokens = options.onTokens;
  if (onTokens) ctx.ledger.subscribe((call) => onTokens(call.inputTokens + call.outputTokens));
  const paths = resultPaths(ctx.behaviorDir);
  const folderLedger = new UsageLedger();
  await replayUsageLog(paths.usage, folderLedger);
  ctx.ledger.subscribe((call) => folderLedger.record(call));
  const usageLog = await openUsageLog(paths.usage);
  ctx.ledger.subscribe((call) => usageLog.write(call));
  const started = Date.now();
  let outcome: RunOutcome | undefined;
  let error: Error | undefined;
  let spend: ExecuteResult['spend'] | undefined;
  try {
    outcome = await runPipeline(ctx, {
      stages: options.stages,
      maxFailedFraction: options.maxFailed,
      now,
      runNonce: runNonce(options.env),
      pinned: lock && { understanding: lock.understanding, ideation: lock.ideation },
    });
  } catch (caught) {
    error = caught instanceof Error ? caught : new Error(String(caught));
  } finally {
    await usageLog.close();
    const ideation = lock
      ? undefined
      : await readJsonIfExists<Ideation>(paths.ideation).catch(() => undefined);
    const folderUsage = folderLedger.summary();
    spend = {
      thisRun: { usage: ctx.ledger.summary(), cost: ctx.cost.snapshot() },
      folder: { usage: folderUsage, cost: ctx.cost.snapshotOf(tokensOfAnsweredCalls(folderUsage)) },
    };
    await writeJsonAtomic(
      paths.runInfo,
      ctx.redactor.redactDeep({
        behavior: data.seed.behavior.name,
        ...runIdentity(ctx, { lock, ideation }),
        suite_lock: lock ? relative(options.cwd, lockPathOf(dataDir)) : null,
        stages: options.stages,
        models: Object.fromEntries(Object.entries(ctx.models).map(([role, m]) => [role, m.id])),
        started_at: new Date(started).toISOString(),
        duration_ms: Date.now() - started,
        outcome: outcome ?? null,
        usage: spend.folder.usage,
        cost: spend.folder.cost,
        this_run: spend.thisRun,
      }),
    );
  }
  return { behavior: data.seed.behavior.name, behaviorDir: ctx.behaviorDir, outcome, error, spend };
}

/** Tokens per model that answered at least once: the models the cost meter saw (a failed call costs nothing). */
function tokensOfAnsweredCalls(
  usage: LedgerSummary,
): [string, { inputTokens: number; outputTokens: number }][] {
  return Object.entries(usage.byModel).filter(([, totals]) => totals.calls > totals.failedCalls);
}
