// The one retry policy for model calls. The SDKs' own retries are off (maxRetries: 0) so this is the only
// place that decides: transient failures are retried with capped, fully jittered exponential backoff (or the
// server's retry-after); permanent ones fail at once with a one-line message naming model and status. It knows
// no SDK: each provider says what its SDK's errors mean (ModelClient.describeError), the rest is read alike.

import { setTimeout as sleepFor } from 'node:timers/promises';
import { pick } from '../util/pick.ts';
import {
  bodyMessage,
  MalformedResponseError,
  ModelCallError,
  oneLine,
  RefusedCallError,
  redactSecrets,
} from './errors.ts';
import type { Slot } from './limiter.ts';
import type { ErrorFacts } from './types.ts';

export interface RetryOptions {
  /** Total attempts including the first, not counting 429s (see maxRateLimited). Default 6. */
  maxAttempts?: number;
  /**
   * 429s allowed for one call before it gives up. Kept apart from maxAttempts: being told to wait is the normal
   * way a rate limit works, not a fault, so a call queued behind many others must not be lost to it. Default 30.
   */
  maxRateLimited?: number;
  /** Per-attempt timeout. Default 120 s. */
  timeoutMs?: number;
  /** First backoff ceiling; doubles each retry. Default 1 s. */
  baseDelayMs?: number;
  /** Cap on the backoff ceiling. Default 60 s. */
  maxDelayMs?: number;
  /** Cap on how long a server's retry-after is honored. Default 5 min. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export const DEFAULT_RETRY = {
  maxAttempts: 6,
  maxRateLimited: 30,
  timeoutMs: 120_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 300_000,
} as const;

export type FailureKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'malformed'
  | 'refused'
  | 'client'
  | 'unknown';

export interface Failure {
  kind: FailureKind;
  retryable: boolean;
  status?: number;
  /** From retry-after-ms / retry-after, when the server sent one. */
  retryAfterMs?: number;
  /** One line, e.g. "HTTP 401 (authentication_error): invalid x-api-key". */
  detail: string;
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What a failed attempt means. `describe` is the provider's reading of its own SDK's errors; errors of no SDK (the
 * scripted provider, HTTP agents, socket errors under a body read) carry their status, headers and codes alike.
 */
export function classifyFailure(
  error: unknown,
  now: number = Date.now(),
  describe?: (error: unknown) => ErrorFacts | undefined,
): Failure {
  // The SDKs wrap what their fetch threw as a connection error: look for a refusal (a reply over the size cap, a
  // link-local address) in the whole chain first.
  const refused = causeChain(error).find((e) => e instanceof RefusedCallError);
  if (refused) return { kind: 'refused', retryable: false, detail: refused.message };
  if (error instanceof MalformedResponseError || error instanceof SyntaxError) {
    return { kind: 'malformed', retryable: true, detail: `malformed response: ${error.message}` };
  }
  const facts = describe?.(error) ?? {};
  if (facts.timeout) return { kind: 'timeout', retryable: true, detail: 'request timed out' };
  if (facts.connection || isConnectionError(error)) {
    return { kind: 'connection', retryable: true, detail: `connection failed: ${describeCause(error)}` };
  }
  const status = facts.status ?? statusOf(error);
  if (status !== undefined) {
    const detail = `HTTP ${status}${facts.message ?? bodyMessage(pick(error, 'error'))}`;
    const retryAfterMs = parseRetryAfter(facts.headers ?? headersOf(error), now) ?? facts.retryAfterMs;
    if (status === 429) return { kind: 'rate_limit', retryable: true, status, retryAfterMs, detail };
    if (RETRYABLE_STATUS.has(status) || status >= 500) {
      return { kind: 'server', retryable: true, status, retryAfterMs, detail };
    }
    return { kind: 'client', retryable: false, status, detail };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unknown', retryable: false, detail: message };
}

/** Milliseconds to wait from `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function parseRetryAfter(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter: uniform in [0, min(cap, base * 2^(retry-1))]. `retry` counts from 1. */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export interface AttemptContext {
  /** Aborts when this attempt times out or the caller aborts. */
  signal: AbortSignal;
  attempt: number;
}

export interface RetryCall extends RetryOptions {
  modelId: string;
  signal?: AbortSignal;
  /** Strings that must never appear in an error message (the API key). */
  secrets?: readonly string[];
  /** The run's redaction of every secret it knows, applied to the message before it is cut to one line. */
  redact?: (text: string) => string;
  /** The run's concurrency limiter: a slot is held only while an attempt is on the wire. */
  gate?: { acquire(signal?: AbortSignal): Promise<Slot> };
  /** The provider's reading of its SDK's errors (ModelClient.describeError). */
  describeError?: (error: unknown) => ErrorFacts | undefined;
}

/** Runs `attempt` until it succeeds, a permanent failure occurs, or attempts run out. */
export async function callWithRetry<T>(
  call: RetryCall,
  attempt: (context: AttemptContext) => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  const maxAttempts = Math.max(1, call.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
  const maxRateLimited = Math.max(0, call.maxRateLimited ?? DEFAULT_RETRY.maxRateLimited);
  let rateLimited = 0;
  const timeoutMs = call.timeoutMs ?? DEFAULT_RETRY.timeoutMs;
  const sleep = call.sleep ?? defaultSleep;
  const random = call.random ?? Math.random;
  const now = call.now ?? Date.now;
  const fail = (detail: string, n: number, cause: unknown, status?: number): ModelCallError =>
    new ModelCallError(
      call.modelId,
      oneLine(redactSecrets(call.redact?.(detail) ?? detail, call.secrets ?? [])),
      {
        status,
        attempts: n,
        cause,
      },
    );

  for (let n = 1; ; n++) {
    // The timeout starts once a slot is held, so time spent queueing never counts against it.
    const slot = await call.gate?.acquire(call.signal);
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timer.signal]) : timer.signal;
    let failure: Failure;
    let cause: unknown;
    try {
      const value = await attempt({ signal, attempt: n });
      slot?.release('ok');
      return { value, attempts: n };
    } catch (error) {
      cause = error;
      failure = timer.signal.aborted
        ? { kind: 'timeout', retryable: true, detail: `timed out after ${timeoutMs} ms` }
        : classifyFailure(error, now(), call.describeError);
      slot?.release(failure.kind === 'rate_limit' ? 'rate_limited' : 'error', failure.retryAfterMs);
      if (call.signal?.aborted) throw error;
    } finally {
      clearTimeout(handle);
    }
    if (!failure.retryable) throw fail(failure.detail, n, cause, failure.status);
    if (failure.kind === 'rate_limit') rateLimited++;
    const faults = n - rateLimited;
    if (rateLimited > maxRateLimited || faults >= maxAttempts) {
      throw fail(
        `${failure.detail} (gave up after ${n} attempt${n === 1 ? '' : 's'})`,
        n,
        cause,
        failure.status,
      );
    }
    const wait =
      failure.retryAfterMs !== undefined
        ? Math.min(failure.retryAfterMs, call.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs)
        : backoffDelay(
            failure.kind === 'rate_limit' ? rateLimited : Math.max(1, faults),
            call.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
            call.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
            random,
          );
    await sleep(wait, call.signal);
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleepFor(ms, undefined, { signal });
}

function isConnectionError(error: unknown): boolean {
  // Body reads that fail midway surface as undici errors, not SDK errors.
  return causeChain(error).some(
    (e) =>
      CONNECTION_CODES.has(codeOf(e) ?? '') ||
      (codeOf(e) ?? '').startsWith('UND_ERR') ||
      (e instanceof TypeError && /terminated|fetch failed|socket/i.test(e.message)),
  );
}

function describeCause(error: unknown): string {
  const chain = causeChain(error);
  const coded = chain.find((e) => codeOf(e) !== undefined);
  const last = chain[chain.length - 1];
  if (coded) return codeOf(coded) ?? '';
  return last instanceof Error ? last.message : String(last);
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Errors of no SDK (other targets, the scripted provider) may carry an HTTP-like status of their own. */
function statusOf(error: unknown): number | undefined {
  const status = error instanceof Error ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** Other HTTP clients (the agent target) attach the response's headers the same way. */
function headersOf(error: unknown): Headers | undefined {
  const headers = error instanceof Error ? (error as { headers?: unknown }).headers : undefined;
  return headers instanceof Headers ? headers : undefined;
}
