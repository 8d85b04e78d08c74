// Which provider serves a model id, at which base URL, with which key. Pure: the environment is an input.

import type { ModelEntry } from '../formats/models.ts';

export type Route =
  | { kind: 'anthropic'; model: string; baseURL: string; apiKeyEnv: string }
  /** OpenAI and every OpenAI-compatible server; `apiKeyEnv` is absent for keyless local servers. */
  | { kind: 'openai'; model: string; baseURL: string; apiKeyEnv?: string }
  | { kind: 'scripted' };

export type Env = Readonly<Record<string, string | undefined>>;

export const PROVIDERS = ['anthropic', 'openai', 'openrouter', 'scripted'] as const;

export const DEFAULT_BASE_URL = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  openrouter: 'https://openrouter.ai/api/v1',
} as const;

/** The hosted providers: which client speaks to them, and the env vars for their base URL and key. */
const HOSTED = {
  anthropic: { kind: 'anthropic', baseUrlEnv: 'ANTHROPIC_BASE_URL', keyEnv: 'ANTHROPIC_API_KEY' },
  openai: { kind: 'openai', baseUrlEnv: 'OPENAI_BASE_URL', keyEnv: 'OPENAI_API_KEY' },
  openrouter: { kind: 'openai', baseUrlEnv: 'OPENROUTER_BASE_URL', keyEnv: 'OPENROUTER_API_KEY' },
} as const;

/** LiteLLM-style prefixes that name an OpenAI-compatible server; stripped before the id reaches it. */
const COMPATIBLE_PREFIXES = new Set([
  'openai',
  'openrouter',
  'azure',
  'ollama',
  'ollama_chat',
  'hosted_vllm',
  'vllm',
  'litellm_proxy',
  'lm_studio',
]);

/** The route for an id like "anthropic/claude-opus-4-20250514", or undefined when nothing serves it. */
export function routeOf(id: string, entry: ModelEntry | undefined, env: Env): Route | undefined {
  const slash = id.indexOf('/');
  const provider = slash > 0 ? id.slice(0, slash) : '';
  const model = slash > 0 ? id.slice(slash + 1) : '';
  if (entry?.base_url) {
    if (provider === 'anthropic' && model) {
      return {
        kind: 'anthropic',
        model,
        baseURL: entry.base_url,
        apiKeyEnv: entry.api_key_env ?? HOSTED.anthropic.keyEnv,
      };
    }
    const served = COMPATIBLE_PREFIXES.has(provider) && model ? model : id;
    return {
      kind: 'openai',
      model: served,
      baseURL: entry.base_url,
      ...(entry.api_key_env ? { apiKeyEnv: entry.api_key_env } : {}),
    };
  }
  if (!model) return undefined;
  if (provider === 'scripted') return { kind: 'scripted' };
  if (!Object.hasOwn(HOSTED, provider)) return undefined;
  const hosted = HOSTED[provider as keyof typeof HOSTED];
  return {
    kind: hosted.kind,
    model,
    baseURL: env[hosted.baseUrlEnv] || DEFAULT_BASE_URL[provider as keyof typeof HOSTED],
    apiKeyEnv: entry?.api_key_env ?? hosted.keyEnv,
  };
}
