// From a model name in seed.yaml to a ready ModelClient: resolve the name (models.json, then Bloom's
// short names, then provider/model ids), check API keys before any call, and compose provider + retry +
// limiter + ledger.

import type { ModelEntry } from '../formats/models.ts';
import type { Env } from '../util/env.ts';
import { urlSecrets } from '../util/env-secrets.ts';
import { ConfigError, describeValue, type Where } from '../util/errors.ts';
import type { Redactor } from '../util/redact.ts';
import { BUILTIN_MODELS } from './builtin-models.ts';
import type { CostMeter } from './cost.ts';
import { instrumentClient } from './instrumented.ts';
import type { UsageLedger } from './ledger.ts';
import type { ConcurrencyLimiter } from './limiter.ts';
import { PROVIDERS } from './providers/index.ts';
import { DEFAULT_RETRY, type RetryOptions } from './retry.ts';
import { type Route, routeOf } from './route.ts';
import type { ModelClient, ResolvedModel } from './types.ts';

export function resolveModel(name: string, models: Record<string, ModelEntry>, where: Where): ResolvedModel {
  // Own keys only: a name like "constructor" or "toString" must not find Object.prototype's members.
  const entry = Object.hasOwn(models, name)
    ? models[name]
    : Object.hasOwn(BUILTIN_MODELS, name)
      ? BUILTIN_MODELS[name]
      : undefined;
  if (entry) {
    if (!routeOf(entry.id, entry, {})) {
      throw new ConfigError(
        where.file,
        where.keyPath,
        `models.json id for ${JSON.stringify(name)} to start with ${prefixList()}, or the entry to have base_url`,
        describeValue(entry.id),
      );
    }
    return { name, id: entry.id, displayName: entry.name ?? name, entry };
  }
  if (routeOf(name, undefined, {})) {
    const model = name.slice(name.indexOf('/') + 1);
    return { name, id: name, displayName: name.startsWith('scripted/') ? name : model };
  }
  throw new ConfigError(
    where.file,
    where.keyPath,
    `a model short name (${Object.keys(BUILTIN_MODELS).join(', ')}), a models.json name, or a provider/model id (${prefixList()})`,
    describeValue(name),
  );
}

function prefixList(): string {
  return PROVIDERS.map((provider) => `${provider.prefix}/`).join(', ');
}

export interface RequiredKey {
  envVar: string;
  /** The model name as written in seed.yaml. */
  model: string;
}

/** Every (env var, model) pair the run needs, in first-use order, without duplicates. */
export function requiredApiKeys(models: ResolvedModel[]): RequiredKey[] {
  const seen = new Set<string>();
  const keys: RequiredKey[] = [];
  for (const model of models) {
    const route = routeOf(model.id, model.entry, {});
    if (!route?.apiKeyEnv) continue;
    const key = `${route.apiKeyEnv}\u0000${model.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    keys.push({ envVar: route.apiKeyEnv, model: model.name });
  }
  return keys;
}

/** Throws one ConfigError naming every missing key variable, before any model call is made. */
export function checkApiKeys(models: ResolvedModel[], env: Env): void {
  const missing = new Map<string, string[]>();
  for (const { envVar, model } of requiredApiKeys(models)) {
    if (env[envVar]) continue;
    missing.set(envVar, [...(missing.get(envVar) ?? []), model]);
  }
  if (missing.size === 0) return;
  const needs = [...missing].map(([envVar, names]) => `${envVar} for ${names.join(', ')}`).join('; ');
  throw new MissingApiKeyError([...missing.keys()].join(', '), needs);
}

/** A provider's key is not in the environment (the CLI adds how to go on without one). */
export class MissingApiKeyError extends ConfigError {
  constructor(variables: string, needs: string) {
    super('environment', variables, `an API key (${needs})`, 'nothing');
    this.name = 'MissingApiKeyError';
  }
}

export interface ClientDeps {
  env: Env;
  limiter: ConcurrencyLimiter;
  ledger: UsageLedger;
  /** Every secret of the run, redacted from replies and errors; clients add the ones they resolve. */
  redactor?: Redactor;
  /** Replies larger than this fail their call. Default DEFAULT_MAX_REPLY_BYTES. */
  maxReplyBytes?: number;
  /** Shared by every client of a run; absent: spending is not metered. */
  cost?: CostMeter;
  retry?: RetryOptions;
  timeoutMs?: number;
}

export function createModelClient(resolved: ResolvedModel, deps: ClientDeps): ModelClient {
  const route = routeOf(resolved.id, resolved.entry, deps.env);
  if (!route) {
    throw new ConfigError('models', resolved.name, 'a provider/model id', describeValue(resolved.id));
  }
  const apiKey = route.apiKeyEnv ? deps.env[route.apiKeyEnv] : undefined;
  if (route.apiKeyEnv && !apiKey) checkApiKeys([resolved], deps.env);
  const knobs = testKnobs(deps.env);
  const retry = { ...knobs.retry, ...deps.retry };
  const timeoutMs = deps.timeoutMs ?? retry.timeoutMs;
  if (apiKey) deps.redactor?.add([apiKey]);
  if (route.baseURL) deps.redactor?.add(urlSecrets(route.baseURL));
  const provider = providerClient(resolved.id, route, apiKey, {
    timeoutMs,
    wireAnnotations: knobs.wireAnnotations,
    maxReplyBytes: deps.maxReplyBytes,
  });
  const client = instrumentClient(provider, { ...deps, retry, timeoutMs, secrets: apiKey ? [apiKey] : [] });
  return provider.batchApi ? { ...client, batchApi: provider.batchApi } : client;
}

/**
 * Test-only settings read from the environment: BLOOM_WIRE_ANNOTATIONS=1 sends the pipeline's annotations as
 * headers (for the local fault server); BLOOM_RETRY_BASE_MS and BLOOM_TIMEOUT_MS shrink the retry backoff and
 * per-attempt timeout so fault tests run in seconds. Unset, the defaults stand.
 */
export function testKnobs(env: Env): { wireAnnotations: boolean; retry: RetryOptions } {
  const retry: RetryOptions = {};
  const baseDelayMs = positiveNumber(env.BLOOM_RETRY_BASE_MS);
  const timeoutMs = positiveNumber(env.BLOOM_TIMEOUT_MS);
  if (baseDelayMs !== undefined) retry.baseDelayMs = baseDelayMs;
  if (timeoutMs !== undefined) retry.timeoutMs = timeoutMs;
  return { wireAnnotations: env.BLOOM_WIRE_ANNOTATIONS === '1', retry };
}

/**
 * Test-only: BLOOM_BATCH_POLL_MS and BLOOM_BATCH_GATHER_MS shrink the batch polling interval and gathering window,
 * BLOOM_BATCH_MAX_ITEMS the requests per batch.
 */
export function batchTestKnobs(env: Env): { pollMs?: number; gatherMs?: number; maxItems?: number } {
  const knobs = {
    pollMs: positiveNumber(env.BLOOM_BATCH_POLL_MS),
    gatherMs: positiveNumber(env.BLOOM_BATCH_GATHER_MS),
    maxItems: positiveNumber(env.BLOOM_BATCH_MAX_ITEMS),
  };
  return Object.fromEntries(Object.entries(knobs).filter(([, value]) => value !== undefined));
}

function positiveNumber(text: string | undefined): number | undefined {
  const value = Number(text);
  return text && Number.isFinite(value) && value > 0 ? value : undefined;
}

function providerClient(
  id: string,
  route: Route,
  apiKey: string | undefined,
  options: { timeoutMs: number | undefined; wireAnnotations: boolean; maxReplyBytes: number | undefined },
): ModelClient {
  return route.provider.createClient({
    id,
    model: route.model,
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(route.baseURL === undefined ? {} : { baseURL: route.baseURL }),
    // The SDK timeout is a backstop a little beyond ours, so our per-attempt timeout fires first.
    timeoutMs: (options.timeoutMs ?? DEFAULT_RETRY.timeoutMs) + 1_000,
    wireAnnotations: options.wireAnnotations,
    maxReplyBytes: options.maxReplyBytes,
  });
}
