// What the two official SDKs' clients share: the SDK loaded on the first call (a run on other providers, or a
// command that makes no call, never evaluates its modules), and the two error classes that say a call never got
// an answer, read from the module that was loaded.

import type { ErrorFacts } from './types.ts';

/** The SDK classes for "no answer": both SDKs export these two names. */
interface ConnectionErrors {
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
}

export interface LoadedOnFirstCall<M, C> {
  /** The SDK's client, made on the first call. */
  client(): Promise<C>;
  /** The SDK's module once loaded (no call, no error of its own). */
  module(): M | undefined;
}

export function loadOnFirstCall<M, C>(
  load: () => Promise<M>,
  make: (module: M) => C,
): LoadedOnFirstCall<M, C> {
  let loaded: M | undefined;
  let client: Promise<C> | undefined;
  return {
    client() {
      client ??= load().then((module) => {
        loaded = module;
        return make(module);
      });
      return client;
    },
    module: () => loaded,
  };
}

/** A timeout or a connection failure, as the SDK's own classes say; undefined for anything else. */
export function noAnswer(error: unknown, sdk: ConnectionErrors | undefined): ErrorFacts | undefined {
  if (!sdk) return undefined;
  if (error instanceof sdk.APIConnectionTimeoutError) return { timeout: true };
  if (error instanceof sdk.APIConnectionError) return { connection: true };
  return undefined;
}

/** Per-call options of batch management calls (few, not model calls): the SDK's own retries, retry-after honoured. */
export const BATCH_CALL = { maxRetries: 4 } as const;
