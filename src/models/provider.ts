// What a provider is: one file in providers/ that owns its SDK, shapes its requests, reads its replies and says
// what its errors mean, and one line in providers/index.ts. Routing (route.ts), keys (registry.ts) and the retry
// policy (retry.ts) read only this.

import type { ModelClient } from './types.ts';

/** What the registry hands a provider to make a client. */
export interface ProviderClientOptions {
  /** Our id, e.g. "anthropic/claude-opus-4-1-20250805". */
  id: string;
  /** The name the server expects, e.g. "claude-opus-4-1-20250805". */
  model: string;
  /** Keyless local servers have none. */
  apiKey?: string;
  baseURL?: string;
  /** The SDK's own timeout: a backstop, the retry layer enforces the real per-attempt one. */
  timeoutMs: number;
  /** Test-only: send purpose, sampleKey and meta as x-bloom-* headers (see wire-annotations.ts). */
  wireAnnotations: boolean;
  /** A reply body larger than this fails the call. Default DEFAULT_MAX_REPLY_BYTES. */
  maxReplyBytes?: number;
}

export interface Provider {
  /** The prefix of the ids it serves: "anthropic" in "anthropic/claude-opus-4-1-20250805" (LiteLLM's, as Bloom). */
  prefix: string;
  /** A hosted service: its base URL, and the environment variables that move it and hold the key. Absent: offline. */
  hosted?: { baseURL: string; baseUrlEnv: string; keyEnv: string };
  /**
   * Which models.json entries with a base_url it serves: `own`, those whose id has its prefix (a proxy speaking its
   * dialect); `any`, every entry no other provider owns, with these LiteLLM prefixes stripped from the id first.
   */
  baseUrlEntries?: { serves: 'own' } | { serves: 'any'; strips: readonly string[] };
  createClient(options: ProviderClientOptions): ModelClient;
}
