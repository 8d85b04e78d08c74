// Builds a PipelineContext from a loaded data folder: resolves each role's model (the target may also be an HTTP
// agent or a command), checks keys (and, with a budget, prices) before any call, and gives every client one
// shared limiter, ledger and cost meter.

import { basename, join } from 'node:path';
import type { BloomData } from '../config/types.ts';
import { type BatchStore, batchingClient } from '../models/batch.ts';
import { CostMeter, requirePrices } from '../models/cost.ts';
import { UsageLedger } from '../models/ledger.ts';
import { ConcurrencyLimiter } from '../models/limiter.ts';
import { priceOf } from '../models/prices.ts';
import { batchTestKnobs, checkApiKeys, createModelClient, resolveModel } from '../models/registry.ts';
import type { ModelClient, ResolvedModel } from '../models/types.ts';
import { createTargetClient, targetKeyModel, targetResolvedModel } from '../targets/client.ts';
import { type ResolveTargetOptions, resolveTarget, type TargetPlan } from '../targets/resolve.ts';
import { envSecrets } from '../util/env-secrets.ts';
import { RunError } from '../util/errors.ts';
import { Redactor } from '../util/redact.ts';
import { modelCacheIdentity, targetCacheIdentity, targetIsCacheable } from './call-cache/identity.ts';
import type { CacheUse, CallCache } from './call-cache/index.ts';
import type { ModelRole, PipelineContext, ProgressEvent } from './context.ts';
import { debugLine } from './debug-log.ts';
import type { Stage } from './run.ts';

export interface SetupOptions {
  resultsDir: string;
  /** Overrides seed.yaml's rollout.target: a model name, a target file, an http(s):// URL or cmd:<command>. */
  target?: string;
  /** Without `target`: which of seed.yaml's rollout.targets (from 0). */
  targetEntry?: number;
  /** What a --target file or `cmd:` command is relative to. Default: the process's working directory. */
  cwd?: string;
  env: NodeJS.ProcessEnv;
  onProgress?: (event: ProgressEvent) => void;
  /** Only these stages will run: keys are checked for their models alone. */
  stages?: Stage[];
  /** Stop before spending more than this many dollars (estimated from tokens and src/models/prices.ts). */
  maxCostUsd?: number;
  /** Every secret the run can see; default: the secrets of `env`. Clients add the ones they resolve. */
  redactor?: Redactor;
  /** Replies larger than this fail their call. Default DEFAULT_MAX_REPLY_BYTES (1 MiB). */
  maxReplyBytes?: number;
  /** Where seed.yaml's `debug: true` sends its line per model call (see debug-log.ts). */
  onDebug?: (line: string) => void;
  /** Answers of earlier runs, served instead of calling again (call-cache/). Absent: every call is made. */
  callCache?: CallCache;
  /** Judgment through the judge provider's batch API (`--batch`); absent: normal calls. */
  batch?: BatchSettings;
  /** One plain line for the user (a batch submitted, resumed, given up). */
  onNotice?: (line: string) => void;
}

/** How long a batch may take by default (`--batch-timeout`, the action's `batch-timeout`). */
export const DEFAULT_BATCH_TIMEOUT_MS = 60 * 60 * 1000;

export interface BatchSettings {
  /** From a batch's submission until it is cancelled and its requests are made as normal calls. */
  timeoutMs: number;
}

const ROLES_OF_STAGE: Record<Stage, ModelRole[]> = {
  understanding: ['understanding'],
  ideation: ['ideation'],
  rollout: ['evaluator', 'target'],
  judgment: ['judge'],
};

export function resolveRoles(
  data: BloomData,
  target?: string,
  cwd: string = process.cwd(),
  targetEntry?: number,
): Record<ModelRole, ResolvedModel> {
  return resolveRolesAndTarget(data, { override: target, entry: targetEntry, cwd }).models;
}

export function resolveRolesAndTarget(
  data: BloomData,
  target: ResolveTargetOptions,
): { models: Record<ModelRole, ResolvedModel>; targetPlan: TargetPlan } {
  const seed = data.seed;
  // Named as loadBloomData names it (<folder>/seed.yaml), so every seed.yaml error reads the same.
  const at = (keyPath: string) => ({ file: join(basename(data.dir), 'seed.yaml'), keyPath });
  const targetPlan = resolveTarget(data, target);
  const models = {
    understanding: resolveModel(seed.understanding.model, data.models, at('understanding.model')),
    ideation: resolveModel(seed.ideation.model, data.models, at('ideation.model')),
    evaluator: resolveModel(seed.rollout.model, data.models, at('rollout.model')),
    target: targetResolvedModel(targetPlan),
    judge: resolveModel(seed.judgment.model, data.models, at('judgment.model')),
  };
  return { models, targetPlan };
}

/** The models whose provider keys a role needs: an HTTP or command target needs none. */
function keyModels(role: ModelRole, models: Record<ModelRole, ResolvedModel>, plan: TargetPlan) {
  if (role !== 'target') return [models[role]];
  const model = targetKeyModel(plan);
  return model ? [model] : [];
}

export interface RunContext extends PipelineContext {
  ledger: UsageLedger;
  cost: CostMeter;
  redactor: Redactor;
  /** The judge, never served from the call cache: the judge check exists to see a judge that moved (a check is
   * kept beside the exact scores it spoke for instead: gate/rejudge.ts). */
  freshJudge: ModelClient;
}

export function createPipelineContext(data: BloomData, options: SetupOptions): RunContext {
  const { models, targetPlan } = resolveRolesAndTarget(data, {
    override: options.target,
    entry: options.targetEntry,
    cwd: options.cwd ?? process.cwd(),
  });
  const stages = options.stages ?? ['understanding', 'ideation', 'rollout', 'judgment'];
  const roles = [...new Set(stages.flatMap((s) => ROLES_OF_STAGE[s]))];
  // keyModels are exactly the provider models the run calls (HTTP and command targets are not priced).
  const calledModels = roles.flatMap((role) => keyModels(role, models, targetPlan));
  checkApiKeys(calledModels, options.env);
  requirePrices(calledModels, options.maxCostUsd);

  const limiter = new ConcurrencyLimiter(data.seed.max_concurrent);
  const ledger = new UsageLedger();
  const onDebug = options.onDebug;
  if (data.seed.debug && onDebug) ledger.subscribe((call) => onDebug(debugLine(call)));
  const cost = new CostMeter({
    maxCostUsd: options.maxCostUsd,
    prices: Object.fromEntries(calledModels.map((model) => [model.id, priceOf(model)])),
  });
  const redactor = options.redactor ?? new Redactor(envSecrets(options.env));
  const deps = { env: options.env, limiter, ledger, cost, redactor, maxReplyBytes: options.maxReplyBytes };
  // Roles no requested stage uses get no real client, so their keys and env templates are not demanded.
  const clientFor = (role: ModelRole): ModelClient => {
    if (!roles.includes(role)) return unusedClient(models[role].id, role);
    return role === 'target' ? createTargetClient(targetPlan, deps) : createModelClient(models[role], deps);
  };
  const made = Object.fromEntries(
    (Object.keys(models) as ModelRole[]).map((role) => [role, clientFor(role)]),
  ) as Record<ModelRole, ModelClient>;
  // The scripted provider and servers without a batch API judge with normal calls, --batch or not. Batching
  // sits under the call cache: a cached answer is served, a new one goes into the batch.
  const judgeApi = options.batch && made.judge.batchApi;
  const judgeBatches: { current?: BatchStore } | undefined = judgeApi ? {} : undefined;
  if (options.batch && judgeApi && judgeBatches) {
    made.judge = batchingClient(made.judge, judgeApi, deps, {
      store: judgeBatches,
      timeoutMs: options.batch.timeoutMs,
      ...(options.onNotice ? { onNote: options.onNotice } : {}),
      ...batchTestKnobs(options.env),
    });
  }
  const cache = options.callCache;
  const cached = (role: ModelRole, use: CacheUse): ModelClient => {
    const client = made[role];
    if (!cache || !roles.includes(role)) return client;
    const isTarget = role === 'target';
    const priced = isTarget ? targetKeyModel(targetPlan) : models[role];
    return cache.wrap(client, {
      identity: isTarget ? targetCacheIdentity(targetPlan) : modelCacheIdentity(models[role]),
      price: priced ? cost.priceOf(priced.id) : null,
      use: isTarget && !targetIsCacheable(targetPlan) ? 'bypass' : use,
    });
  };
  const clients = Object.fromEntries(
    (Object.keys(models) as ModelRole[]).map((role) => [role, cached(role, 'serve')]),
  ) as Record<ModelRole, ModelClient>;

  return {
    data,
    models,
    clients,
    ledger,
    cost,
    redactor,
    freshJudge: cached('judge', 'bypass'),
    ...(judgeBatches ? { judgeBatches } : {}),
    behaviorDir: join(options.resultsDir, data.seed.behavior.name),
    onProgress: options.onProgress ?? (() => {}),
  };
}

function unusedClient(id: string, role: ModelRole): ModelClient {
  return {
    id,
    complete: () => Promise.reject(new RunError(`the ${role} model is not used by the stages being run`)),
  };
}
