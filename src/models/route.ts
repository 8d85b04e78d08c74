// Which provider serves a model id, at which base URL, with which key. Pure: the environment is an input.

import type { ModelEntry } from '../formats/models.ts';
import type { Env } from '../util/env.ts';
import type { Provider } from './provider.ts';
import { PROVIDERS } from './providers/index.ts';

export interface Route {
  provider: Provider;
  /** The name the server expects. */
  model: string;
  /** Absent for an offline provider. */
  baseURL?: string;
  /** Absent for an offline provider and for keyless local servers. */
  apiKeyEnv?: string;
}

/** The route for an id like "anthropic/claude-opus-4-20250514", or undefined when nothing serves it. */
export function routeOf(id: string, entry: ModelEntry | undefined, env: Env): Route | undefined {
  const slash = id.indexOf('/');
  const prefix = slash > 0 ? id.slice(0, slash) : '';
  const model = slash > 0 ? id.slice(slash + 1) : '';
  const named = PROVIDERS.find((p) => p.prefix === prefix);
  if (entry?.base_url) {
    if (named?.baseUrlEntries?.serves === 'own' && model) {
      const apiKeyEnv = entry.api_key_env ?? named.hosted?.keyEnv;
      return { provider: named, model, baseURL: entry.base_url, ...(apiKeyEnv ? { apiKeyEnv } : {}) };
    }
    const compatible = PROVIDERS.find((p) => p.baseUrlEntries?.serves === 'any');
    if (compatible?.baseUrlEntries?.serves !== 'any') return undefined;
    const served = compatible.baseUrlEntries.strips.includes(prefix) && model ? model : id;
    return {
      provider: compatible,
      model: served,
      baseURL: entry.base_url,
      ...(entry.api_key_env ? { apiKeyEnv: entry.api_key_env } : {}),
    };
  }
  if (!model || !named) return undefined;
  const { hosted } = named;
  if (!hosted) return { provider: named, model };
  return {
    provider: named,
    model,
    baseURL: env[hosted.baseUrlEnv] || hosted.baseURL,
    apiKeyEnv: entry?.api_key_env ?? hosted.keyEnv,
  };
}
