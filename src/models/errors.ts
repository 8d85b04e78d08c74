// Errors raised by model calls. Every message is one line and never contains a secret.

import { RunError } from '../util/errors.ts';
import { pick } from '../util/pick.ts';

/** A model call that failed for good: not retryable, or out of attempts. */
export class ModelCallError extends RunError {
  readonly modelId: string;
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(
    modelId: string,
    detail: string,
    options: { status?: number; attempts: number; cause?: unknown },
  ) {
    super(`${modelId}: ${detail}`);
    this.name = 'ModelCallError';
    this.modelId = modelId;
    this.status = options.status;
    this.attempts = options.attempts;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** The provider answered 2xx with a body we cannot use (missing choices, wrong shape). Retryable. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

/** Replies larger than this (bytes on the wire, or a command's stdout) fail their call: --max-reply-bytes. */
export const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;

/** Bounds of that setting: below 1 KiB no model reply fits, above 256 MiB the cap protects nothing. */
export const REPLY_BYTES_RANGE = { min: 1024, max: 256 * 1024 * 1024 } as const;

/** A call this tool refused to make or to finish: never retried, its message is the one-line reason. */
export class RefusedCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedCallError';
  }
}

/** A reply over the size cap: the same request would most likely get the same reply. */
export class ReplyTooLargeError extends RefusedCallError {
  readonly maxBytes: number;
  constructor(maxBytes: number, what = 'the reply') {
    super(`${what} is larger than ${maxBytes} bytes (the reply size cap, --max-reply-bytes)`);
    this.name = 'ReplyTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/** Tool-call arguments nested deeper than this fail their call: no real tool needs it, and every reader of a
 * transcript (redaction, JSON writing, the Inspect log) walks them, some by recursion. */
export const MAX_REPLY_DEPTH = 64;

/** A reply whose tool-call arguments nest deeper than MAX_REPLY_DEPTH: the same request would get the same. */
export class ReplyTooDeepError extends RefusedCallError {
  constructor() {
    super(`the reply's tool-call arguments nest deeper than ${MAX_REPLY_DEPTH} levels`);
    this.name = 'ReplyTooDeepError';
  }
}

/** Whether a value nests deeper than `max` levels of objects and lists; walked without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Replaces each secret, and anything shaped like an API key, so error text is safe to print. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(/\b(sk|sess)-[A-Za-z0-9_*-]{6,}/g, '[redacted]');
}

/** Collapses whitespace so a provider's multi-line message stays on one line. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** " (type): message" of an error body in OpenAI's or Anthropic's shape ({error: {type, message}}, or on top). */
export function bodyMessage(body: unknown): string {
  const inner = pick(body, 'error') ?? body;
  const type = pick(inner, 'type');
  const message = pick(inner, 'message');
  const typePart = typeof type === 'string' && type ? ` (${type})` : '';
  return typeof message === 'string' && message ? `${typePart}: ${message}` : typePart;
}
