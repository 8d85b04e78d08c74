// What answers a call, for the cache key: a model's id and the server it is reached at when models.json names one,
// or an agent's whole configuration except its secrets (header values are left out; an HTTP agent's query string
// is kept by its names). A machine-specific path (a command's absolute cwd) is left out too, so two machines that
// share a key (BLOOM_RESULTS_KEY) and a cache folder serve each other.

import type { ResolvedModel } from '../../models/types.ts';
import { targetIdentity } from '../../targets/identity.ts';
import type { TargetPlan } from '../../targets/resolve.ts';

/** Hashed into every key; `client` is also stored in the entry and checked when it is read. */
export type CacheIdentity = Record<string, unknown> & { client: string };

export function modelCacheIdentity(model: ResolvedModel): CacheIdentity {
  return { client: model.id, base_url: model.entry?.base_url ?? null };
}

export function targetCacheIdentity(plan: TargetPlan): CacheIdentity {
  const client = targetIdentity(plan);
  switch (plan.kind) {
    case 'model':
      return { ...modelCacheIdentity(plan.model), client };
    case 'http': {
      const { config } = plan;
      const url = new URL(config.url);
      return {
        client,
        query: [...url.searchParams.keys()].sort(),
        body: config.body,
        reply_path: config.reply_path,
        session: config.session,
        headers: Object.keys(config.headers).sort(),
      };
    }
    case 'command':
      return { client, cwd: plan.config.cwd ?? null, env: plan.config.env };
  }
}

/**
 * Whether the cache may serve this target's calls. A model answers from its request alone; an HTTP agent or a
 * command may keep state or read the world, so it is served only when its config says `call_cache: true`.
 */
export function targetIsCacheable(plan: TargetPlan): boolean {
  return plan.kind === 'model' || plan.config.call_cache === true;
}
