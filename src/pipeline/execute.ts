// One suite, start to finish, as both fronts (the CLI and the action) run it: load the data folder, use its pinned
// lock when present, set up models, run the stages, and always leave run_info.json behind (usage, identity),
// also when the run fails. Its usage and cost are the results folder's: a resumed run adds its calls to those
// an earlier invocation of the same run logged in usage.jsonl (this_run holds its own); another run's log is set
// aside with its files and not counted.

import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { loadBloomData } from '../config/load.ts';
import { runNonce, sourceDateClock } from '../config/source-date.ts';
import type { BloomData } from '../config/types.ts';
import type { CallCacheStats } from '../formats/call-cache.ts';
import { checkSameScenarios, checkWithinPlan, gateLooksSchema, LOOKS_FILE } from '../formats/gate-looks.ts';
import { type Ideation, ideationSchema } from '../formats/ideation.ts';
import type { SuiteLock } from '../formats/lock.ts';
import { readFormatIfExists, readFormatOrSkip } from '../formats/read.ts';
import { type ResultPaths, resultPaths } from '../formats/results-folder.ts';
import { plannedVariationsOf, rolloutFileSchema, scenarioSet } from '../formats/rollout.ts';
import { type LedgerSummary, type RunIdentity, runInfoSchema } from '../formats/run-info.ts';
import {
  RUN_IDENTITY_KEY,
  RUN_SEAL_KEY,
  SHARD_KEY,
  type Shard,
  SUITE_INPUTS_KEY,
} from '../formats/stamps.ts';
import { type Understanding, understandingSchema } from '../formats/understanding.ts';
import { parseOrThrow } from '../formats/zod-issue.ts';
import type { CostSnapshot } from '../models/cost.ts';
import { DEFAULT_MAX_REPLY_BYTES } from '../models/errors.ts';
import { UsageLedger } from '../models/ledger.ts';
import type { TokenCount } from '../models/prices.ts';
import { configParts, runIdentity } from '../suite/identity.ts';
import { lockPathOf, readFreshLock } from '../suite/lock.ts';
import { ConfigError } from '../util/errors.ts';
import { pathExists, readTextIfExists, writeFileAtomic, writeJsonAtomic } from '../util/fs.ts';
import { parseJsonText } from '../util/json-text.ts';
import type { Redactor } from '../util/redact.ts';
import { CallCache, checkCallCacheDir } from './call-cache/index.ts';
import { addCallCacheStats } from './call-cache/stats.ts';
import type { PipelineContext, ProgressEvent } from './context.ts';
import type { RunOutcome } from './finish.ts';
import { type MergePlan, planMerge } from './merge/pieces.ts';
import { writeMerged } from './merge/write.ts';
import { plannedRollouts } from './paths.ts';
import { nameTarget } from './prompt-helpers.ts';
import { FoundResults } from './results/found.ts';
import { lockResultsFolder } from './results/lock.ts';
import { createSealer, loadResultsKey, type Sealer } from './results/seal.ts';
import { stampText, unstamped } from './results/stamp.ts';
import { type RunOptions, runPipeline, type Stage } from './run.ts';
import { type BatchSettings, createPipelineContext, type RunContext, resolveRoles } from './setup.ts';
import { openUsageLog, replayUsageLog } from './usage-log.ts';

export interface ExecuteOptions {
  /** The Bloom data folder (relative paths resolve against cwd). */
  dataDir: string;
  stages: Stage[];
  /** Results root; this suite's files go to <resultsDir>/<behavior>/. */
  resultsDir: string;
  target?: string;
  /** Without `target`: which of seed.yaml's rollout.targets (from 0); required when it lists several. */
  targetEntry?: number;
  maxFailed?: number;
  /** Stop before spending more than this many dollars. */
  maxCostUsd?: number;
  /** Judgment through the judge provider's batch API (`--batch`). */
  batch?: BatchSettings;
  env: NodeJS.ProcessEnv;
  cwd: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Tokens spent by each call, as it is recorded. */
  onTokens?: (tokens: number) => void;
  /** Repetitions of every scenario, instead of the seed's num_reps (an adaptive run adds them look by look;
   * repetitions already on disk are kept). */
  repetitions?: number;
  /** At least this many rollouts: a pinned suite's scenarios are repeated enough times (a baseline is recorded
   * larger than a pull request's run; repetitions are sample size, not configuration). */
  minRollouts?: number;
  /** Runs after a successful judgment, on the same models, ledger and cost cap (the gate's judge check). */
  afterJudgment?: (run: AfterJudgment) => Promise<void>;
  /** Every secret the run can see (the front's, so its own output is redacted alike); default: env's. */
  redactor?: Redactor;
  /** Replies larger than this fail their call. Default 1 MiB. */
  maxReplyBytes?: number;
  /** seed.yaml's `debug: true`: a line per model call. */
  onDebug?: (line: string) => void;
  /** One line for the log about the results folder (files of another run set aside). */
  onNotice?: (line: string) => void;
  /**
   * The behavior's folder must not exist yet: the action evaluates each suite into a folder of its own, so a
   * second suite of one step with the same behavior name is refused instead of mixed with the first.
   */
  newFolderOnly?: boolean;
  /** A folder of answers earlier runs got (relative to cwd): the same request for the same rollout is served
   * from it instead of paid again, and every answer paid for is stored there (see call-cache/README.md). */
  callCacheDir?: string;
  /** Run one shard of the pinned suite's cells (`--shard i/n`); needs a lock. */
  shard?: Shard;
  /** Divide seed.yaml's max_concurrent by this (at least 1 call each): the shards of a matrix share one provider
   * rate limit. */
  concurrencyShare?: number;
  /** Join these shard folders into resultsDir (`bloom merge`), which must be new or empty; needs a lock. */
  mergeFrom?: string[];
}

export interface AfterJudgment {
  /** Its judge is never served from the call cache: the judge check exists to see a judge that moved. */
  ctx: PipelineContext;
  understanding: Understanding;
  ideation: Ideation;
  identity: RunIdentity;
  /** This machine's seal, so a file the hook writes is reused later only if this run wrote it. */
  sealer: Sealer;
  /** The run's call cache, which keeps a check beside the exact scores it speaks for (gate/rejudge.ts). */
  callCache: CallCache | undefined;
  /** Where the folder's scores came from: kept on disk (an earlier look or invocation, or shards joined), served
   * from the call cache by this call, and the cells ("v3r2") whose scores this call's own judge calls made (a batch
   * an earlier invocation submitted excepted: it was answered then). gate/rejudge.ts. */
  scores: { kept: number; served: number; madeHere: ReadonlySet<string> };
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
  /** What the call cache served and stored in this invocation; null without a cache. */
  callCache: CallCacheStats | null;
  /**
   * `value` stamped with this run's identity and sealed for `path`: a file the caller writes beside the results
   * (the gate's looks) is then kept by a later run of the same identity on this machine, and set aside by any other.
   */
  sealRunFile<T extends object>(path: string, value: T): T;
}

export interface Spend {
  usage: LedgerSummary;
  cost: CostSnapshot;
}

/** The lock with its placeholder target named: the suite stays the one pinned (its hash is the lock's). */
export function namedFor(lock: SuiteLock, targetName: string): SuiteLock {
  return {
    ...lock,
    understanding: nameTarget(lock.understanding, targetName),
    ideation: nameTarget(lock.ideation, targetName),
  };
}

function repetitionsFor(
  seed: { rollout: { num_reps: number; selected_variations: number[] | null } },
  variations: number | undefined,
  options: Pick<ExecuteOptions, 'repetitions' | 'minRollouts'>,
): number {
  if (options.repetitions !== undefined) return options.repetitions;
  const scenarios = seed.rollout.selected_variations?.length ?? variations;
  if (options.minRollouts === undefined || !scenarios) return seed.rollout.num_reps;
  return Math.max(seed.rollout.num_reps, Math.ceil(options.minRollouts / scenarios));
}

/**
 * Bad input (the data folder, the lock, keys) throws before anything is written. Once the run has started, a
 * failure is returned with the files written so far, so the caller can still report what happened.
 */
export async function executeSuite(options: ExecuteOptions): Promise<ExecuteResult> {
  const now = sourceDateClock(options.env);
  const dataDir = resolve(options.cwd, options.dataDir);
  const loaded = await loadBloomData(dataDir);
  // A pinned suite replaces understanding and ideation: their models are neither called nor need keys.
  const lock = await readFreshLock(
    loaded,
    resolveRoles(loaded, options.target, options.cwd, options.targetEntry),
    dataDir,
  );
  if ((options.shard || options.mergeFrom) && !lock) {
    throw new ConfigError(
      lockPathOf(dataDir),
      '',
      `a pinned suite to ${options.shard ? 'shard' : 'merge shards of'} (\`bloom pin\` it first: every shard must run the same scenarios)`,
      'none',
    );
  }
  const reps = repetitionsFor(loaded.seed, lock?.ideation.variations.length, options);
  // max_concurrent is no part of a run's identity: a shard's share of it changes how fast, not what is measured.
  const concurrency = Math.max(1, Math.floor(loaded.seed.max_concurrent / (options.concurrencyShare ?? 1)));
  const data =
    reps === loaded.seed.rollout.num_reps && concurrency === loaded.seed.max_concurrent
      ? loaded
      : {
          ...loaded,
          seed: {
            ...loaded.seed,
            max_concurrent: concurrency,
            rollout: { ...loaded.seed.rollout, num_reps: reps },
          },
        };
  // The results key seals cache entries as it seals result files: an entry this machine did not write is refused.
  if (options.callCacheDir !== undefined) {
    await checkCallCacheDir(resolve(options.cwd, options.callCacheDir), options.callCacheDir);
  }
  const sealer = createSealer(await loadResultsKey(options.env));
  const callCache =
    options.callCacheDir === undefined
      ? undefined
      : new CallCache({
          dir: resolve(options.cwd, options.callCacheDir),
          sealer,
          maxReplyBytes: options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES,
          onNotice: options.onNotice,
        });
  const ctx = createPipelineContext(data, {
    resultsDir: resolve(options.cwd, options.resultsDir),
    target: options.target,
    targetEntry: options.targetEntry,
    cwd: options.cwd,
    env: options.env,
    stages: lock ? options.stages.filter((s) => s === 'rollout' || s === 'judgment') : options.stages,
    onProgress: options.onProgress,
    maxCostUsd: options.maxCostUsd,
    ...(options.batch ? { batch: options.batch } : {}),
    redactor: options.redactor,
    maxReplyBytes: options.maxReplyBytes,
    onDebug: options.onDebug,
    callCache,
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
  });
  const onTokens = options.onTokens;
  if (onTokens) ctx.ledger.subscribe((call) => onTokens(call.inputTokens + call.outputTokens));
  const paths = resultPaths(ctx.behaviorDir);
  if (options.newFolderOnly && (await pathExists(ctx.behaviorDir))) {
    throw new ConfigError(
      join(dataDir, 'seed.yaml'),
      'behavior.name',
      'a behavior name no other suite of this step has (its results, baseline and outputs go by that name)',
      `${JSON.stringify(data.seed.behavior.name)} again`,
    );
  }
  // Every piece is checked before anything is written into the merged folder.
  const merge =
    options.mergeFrom && lock
      ? await checkMerge(
          ctx,
          lock,
          // Relative to where bloom runs, as --results and the data folder are.
          options.mergeFrom.map((dir) => resolve(options.cwd, dir)),
          sealer,
        )
      : undefined;
  // One run per folder at a time; then what the folder holds is checked before anything is called or written.
  const runLock = await lockResultsFolder(ctx.behaviorDir, options.cwd);
  try {
    if (merge) await joinUsageLogs(merge.plan, paths.usage);
    const found = await FoundResults.read(paths, sealer, { cwd: options.cwd, onNote: options.onNotice });
    if (lock) {
      const cells = plannedRollouts(
        lock.ideation.variations.length,
        data.seed.rollout.selected_variations,
        reps,
      );
      const variations = scenarioSet(cells.map((cell) => cell.variation));
      await checkRecordedLooks(ctx.behaviorDir, sealer, runIdentity(ctx, { lock }), { reps, variations });
    }
    return await runAndRecord({
      ctx,
      data,
      lock,
      results: { found, sealer },
      paths,
      dataDir,
      now,
      options,
      callCache,
      ...(merge && {
        produce: (c: PipelineContext, run: RunOptions) =>
          writeMerged(c, {
            plan: merge.plan,
            lock: run.lock ?? merge.lock,
            identity: merge.identity,
            sealer,
            maxFailedFraction: run.maxFailedFraction,
          }),
        mergedFrom: merge.plan.pieces.map((p) => ({
          shard: p.shard,
          folder: relative(options.cwd, p.dir) || '.',
        })),
      }),
    });
  } finally {
    await runLock.release();
  }
}

/** The cells whose scores this invocation's judge calls made: a cell with any judge sample served from the cache or
 * answered in a batch an earlier invocation submitted is not, since part of it is another judge's. */
function madeHereOf(
  scored: ReadonlySet<string>,
  earlierBatch: ReadonlySet<string>,
  cache: CallCache | undefined,
): Set<string> {
  const served = cache?.servedCells() ?? new Set<string>();
  return new Set([...scored].filter((cell) => !served.has(cell) && !earlierBatch.has(cell)));
}

/** Runs the pipeline and always leaves run_info.json (usage, identity) behind, also when the run fails. */
async function runAndRecord(run: {
  ctx: RunContext;
  data: BloomData;
  lock: SuiteLock | undefined;
  results: { found: FoundResults; sealer: Sealer };
  paths: ResultPaths;
  dataDir: string;
  now: (() => Date) | undefined;
  options: ExecuteOptions;
  callCache: CallCache | undefined;
  /** What makes the outcome: the pipeline, or a merge of shards (default: the pipeline). */
  produce?: (ctx: PipelineContext, options: RunOptions) => Promise<RunOutcome>;
  /** run_info.json's record of the shards a merged folder was joined from. */
  mergedFrom?: { shard: Shard; folder: string }[];
}): Promise<ExecuteResult> {
  const { ctx, data, lock, paths, options } = run;
  const { found } = run.results;
  // The folder's usage: what earlier invocations of this run logged (checked by found: no link, no folder), then
  // this run's calls. Counted only while usage.jsonl is kept: found.keepRun sets it aside with another run's files.
  const folderLedger = new UsageLedger();
  await replayUsageLog(paths.usage, folderLedger);
  ctx.ledger.subscribe((call) => folderLedger.record(call));
  // The cells whose scores this invocation's judge calls made, for the judge check (before it calls the judge).
  const scoredHere = new Set<string>();
  const fromEarlierBatch = new Set<string>();
  ctx.ledger.subscribe((call) => {
    const cell = call.purpose === 'judge' && call.ok ? call.sampleKey?.split('/')[0] : undefined;
    if (cell) (call.earlierBatch ? fromEarlierBatch : scoredHere).add(cell);
  });
  const usageLog = await openUsageLog(paths.usage);
  // The folder's cache counts: an earlier invocation's, while its run_info.json and usage.jsonl are kept (this run's).
  const earlierCache = found.has(paths.runInfo)
    ? ((await readFormatOrSkip(paths.runInfo, runInfoSchema))?.call_cache ?? null)
    : null;
  ctx.ledger.subscribe((call) => usageLog.write(call));
  const started = Date.now();
  let outcome: RunOutcome | undefined;
  let error: Error | undefined;
  let spend: ExecuteResult['spend'] | undefined;
  let callCacheStats: CallCacheStats | null = null;
  let identity: RunIdentity | undefined;
  try {
    outcome = await (run.produce ?? runPipeline)(ctx, {
      stages: options.stages,
      maxFailedFraction: options.maxFailed,
      now: run.now,
      runNonce: runNonce(options.env),
      // The lock's scenarios name the target by a placeholder: this run's target fills it in.
      lock: lock && namedFor(lock, ctx.models.target.displayName),
      ...run.results,
      onRunChecked: () => usageLog.reclaim(),
      shard: options.shard,
    });
    if (options.afterJudgment && options.stages.includes('judgment')) {
      const stamps = [SUITE_INPUTS_KEY, RUN_SEAL_KEY, RUN_IDENTITY_KEY];
      const understanding = await readFormatIfExists(paths.understanding, understandingSchema);
      const ideation = await readFormatIfExists(paths.ideation, ideationSchema);
      if (understanding && ideation) {
        await options.afterJudgment({
          ctx: { ...ctx, clients: { ...ctx.clients, judge: ctx.freshJudge } },
          callCache: run.callCache,
          scores: {
            kept: outcome.reused.judgments,
            served: run.callCache?.stats().by_purpose.judge?.served ?? 0,
            madeHere: madeHereOf(scoredHere, fromEarlierBatch, run.callCache),
          },
          understanding: unstamped(understanding, ...stamps),
          ideation: unstamped(ideation, ...stamps),
          identity: runIdentity(ctx, {
            lock,
            ideation: lock ? undefined : unstamped(ideation, SUITE_INPUTS_KEY, RUN_SEAL_KEY),
          }),
          sealer: run.results.sealer,
        });
      }
    }
  } catch (caught) {
    error = caught instanceof Error ? caught : new Error(String(caught));
  } finally {
    await usageLog.close();
    const ideation = lock ? undefined : await readFormatOrSkip(paths.ideation, ideationSchema);
    // Set aside (or never there), the earlier log counts for nothing: the folder's usage is this run's.
    const folderUsage = found.has(paths.usage) ? folderLedger.summary() : ctx.ledger.summary();
    callCacheStats = run.callCache?.stats() ?? null;
    const keptEarlier = earlierCache && found.has(paths.runInfo) && found.has(paths.usage);
    const folderCache = keptEarlier
      ? callCacheStats
        ? addCallCacheStats(earlierCache, callCacheStats)
        : earlierCache
      : callCacheStats;
    const thisUsage = ctx.ledger.summary();
    const byStage = (usage: LedgerSummary, ledger: UsageLedger) => ({
      by_stage: ctx.cost.stageCosts(usage.byPurpose, (purpose) => ledger.modelOf(purpose)),
    });
    spend = {
      thisRun: { usage: thisUsage, cost: { ...ctx.cost.snapshot(), ...byStage(thisUsage, ctx.ledger) } },
      folder: {
        usage: folderUsage,
        cost: {
          ...ctx.cost.snapshotOf(tokensOfAnsweredCalls(folderUsage)),
          ...byStage(folderUsage, found.has(paths.usage) ? folderLedger : ctx.ledger),
        },
      },
    };
    identity = runIdentity(ctx, {
      lock,
      ideation: ideation && unstamped(ideation, SUITE_INPUTS_KEY, RUN_SEAL_KEY),
    });
    await writeJsonAtomic(
      paths.runInfo,
      ctx.redactor.redactDeep({
        behavior: data.seed.behavior.name,
        ...identity,
        // The settings by key, so a baseline that differs can say which one changed.
        config_parts: configParts(ctx.data, ctx.models),
        suite_lock: lock ? relative(options.cwd, lockPathOf(run.dataDir)) : null,
        stages: options.stages,
        ...(options.shard ? { [SHARD_KEY]: options.shard } : {}),
        ...(run.mergedFrom ? { merged_from: run.mergedFrom } : {}),
        models: Object.fromEntries(Object.entries(ctx.models).map(([role, m]) => [role, m.id])),
        started_at: new Date(started).toISOString(),
        duration_ms: Date.now() - started,
        outcome: outcome ?? null,
        usage: spend.folder.usage,
        cost: spend.folder.cost,
        this_run: { ...spend.thisRun, call_cache: callCacheStats },
        call_cache: folderCache,
      }),
    );
  }
  return {
    behavior: data.seed.behavior.name,
    behaviorDir: ctx.behaviorDir,
    outcome,
    error,
    spend,
    callCache: callCacheStats,
    sealRunFile: (path, value) =>
      run.results.sealer.sealed(path, { ...value, [RUN_IDENTITY_KEY]: { ...identity } }),
  };
}

/** Tokens per model that answered at least once (a failed call costs nothing), cache reads, writes and batched
 * share included, as the cost meter prices them. */
function tokensOfAnsweredCalls(usage: LedgerSummary): [string, TokenCount][] {
  return Object.entries(usage.byModel).filter(([, totals]) => totals.calls > totals.failedCalls);
}

/**
 * Refuses, before any call, a pinned run that would count more repetitions, or other scenarios, than the looks this
 * run recorded in the folder (formats/gate-looks.ts says why). Looks of another run, or not sealed here, are not
 * this run's: the results scan sets them aside.
 */
async function checkRecordedLooks(
  behaviorDir: string,
  sealer: Sealer,
  identity: RunIdentity,
  planned: { reps: number; variations: number[] },
): Promise<void> {
  const path = join(behaviorDir, LOOKS_FILE);
  const text = await readTextIfExists(path);
  if (text === undefined) return;
  const data = parseJsonText(path, text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
  const record = data as Record<string, unknown>;
  if (!sealer.verify(path, record) || stampText(record[RUN_IDENTITY_KEY]) !== stampText(identity)) return;
  const looks = parseOrThrow(path, gateLooksSchema, record);
  checkWithinPlan(path, looks, planned.reps);
  // A plan of an earlier version names no scenarios: those of the rollout.json still on disk, the last run's.
  const rollout = looks.variations
    ? undefined
    : await readFormatIfExists(resultPaths(behaviorDir).rollout, rolloutFileSchema);
  const recorded = looks.variations ?? (rollout && plannedVariationsOf(rollout));
  if (recorded) checkSameScenarios(path, { variations: recorded }, planned.variations);
}

/** The merge's checks: the merged folder is new or empty, and every piece is a shard of this run (merge/pieces.ts). */
async function checkMerge(
  ctx: PipelineContext,
  lock: SuiteLock,
  dirs: string[],
  sealer: Sealer,
): Promise<{ plan: MergePlan; identity: RunIdentity; lock: SuiteLock }> {
  const entries = await readdir(ctx.behaviorDir).catch(() => [] as string[]);
  if (entries.length > 0) {
    throw new ConfigError(
      ctx.behaviorDir,
      '',
      'a new or empty folder to merge into',
      `${entries.length} entries`,
    );
  }
  const identity = runIdentity(ctx, { lock });
  const seed = ctx.data.seed;
  const target = ctx.models.target.id;
  const planned = plannedRollouts(
    lock.ideation.variations.length,
    seed.rollout.selected_variations,
    seed.rollout.num_reps,
  ).map((cell) => ({ ...cell, target }));
  const expected = {
    behavior: seed.behavior.name,
    identity,
    configParts: configParts(ctx.data, ctx.models),
    planned,
  };
  return { plan: await planMerge(dirs, expected, sealer), identity, lock };
}

/** The shards' usage.jsonl, one after another: the merged folder's usage and cost are the whole suite's. */
async function joinUsageLogs(plan: MergePlan, out: string): Promise<void> {
  const logs: string[] = [];
  for (const piece of plan.pieces) {
    const text = await readTextIfExists(resultPaths(piece.dir).usage);
    if (text) logs.push(text.endsWith('\n') ? text : `${text}\n`);
  }
  if (logs.length > 0) await writeFileAtomic(out, logs.join(''));
}
