// An HTTP agent endpoint as a ModelClient. One attempt per complete(): retries, timeouts and the concurrency
// limit come from instrumentClient, which reads the `status` this client puts on its errors (5xx and 429
// retried, other 4xx and redirects not). Requests go through the capped fetch the SDKs use: replies over the
// size cap fail, link-local addresses are refused, redirects are not followed.

import { randomUUID } from 'node:crypto';
import { renderTemplate } from '../formats/body-template.ts';
import { DEFAULT_MAX_REPLY_BYTES, MalformedResponseError, oneLine } from '../models/errors.ts';
import { cappedFetch, type SdkFetch } from '../models/sdk-fetch.ts';
import type { ChatMessage, CompletionRequest, CompletionResult, ModelClient } from '../models/types.ts';
import { valueAtPath } from './reply-path.ts';
import { toWireMessages, toWireTools } from './wire.ts';

export interface HttpTargetOptions {
  id: string;
  url: string;
  method: string;
  /** Resolved header values (secrets): never written anywhere. */
  headers: Record<string, string>;
  body: unknown;
  replyPath: string;
  session: 'stateless' | 'session';
  /** Replies larger than this fail the call. Default DEFAULT_MAX_REPLY_BYTES. */
  maxReplyBytes?: number;
  /** Removes secrets from a body before any of it is quoted in an error (a 401 may echo the token). */
  redact?: (text: string) => string;
  fetch?: SdkFetch;
}

/**
 * A non-2xx answer or an unusable 2xx. `status` and `error.message` follow the SDK errors' shape so the shared
 * retry policy classifies it (and prints "HTTP <status>: <message>").
 */
export class HttpTargetError extends Error {
  readonly status: number;
  readonly error: { message: string };
  /** The response's headers, so the retry policy honours retry-after from an agent too. */
  readonly headers: Headers | undefined;
  constructor(status: number, message: string, headers?: Headers) {
    super(`HTTP ${status}: ${message}`);
    this.name = 'HttpTargetError';
    this.status = status;
    this.error = { message };
    this.headers = headers;
  }
}

export function createHttpTarget(options: HttpTargetOptions): ModelClient {
  const doFetch = options.fetch ?? cappedFetch(options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES);
  // Before cutting: a secret cut in half would no longer be recognised.
  const quote = (text: string): string => snippet(options.redact ? options.redact(text) : text);
  // Session ids differ between runs so a server keeping state never mixes two runs' conversations.
  const runTag = randomUUID().slice(0, 8);
  return {
    id: options.id,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const body = renderTemplate(options.body, templateValues(request, options.session, runTag));
      const response = await doFetch(options.url, {
        method: options.method,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
        body: JSON.stringify(body),
        signal: request.signal,
      });
      const text = await response.text();
      if (!response.ok) {
        const reason = isRedirect(response.status) ? NOT_FOLLOWED : quote(text) || response.statusText;
        throw new HttpTargetError(response.status, reason, response.headers);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new MalformedResponseError(`HTTP ${response.status} body is not JSON: ${quote(text)}`);
      }
      const content = valueAtPath(json, options.replyPath);
      if (typeof content !== 'string') {
        const found = content === undefined ? 'not found' : `not a string (${typeName(content)})`;
        throw new HttpTargetError(
          response.status,
          `reply_path "${options.replyPath}" ${found} in the response`,
        );
      }
      return {
        message: { role: 'assistant', content },
        usage: { inputTokens: 0, outputTokens: 0 },
        model: options.id,
      };
    },
  };
}

/** What the body template may use. In session mode `messages` holds only what is new since the last reply. */
function templateValues(
  request: CompletionRequest,
  session: 'stateless' | 'session',
  runTag: string,
): Record<string, unknown> {
  const all = request.messages;
  const sent = session === 'session' ? newSinceLastReply(all) : all;
  const lastUser = [...all].reverse().find((m) => m.role === 'user');
  return {
    messages: toWireMessages(sent),
    message: lastUser?.content ?? '',
    system: all.find((m) => m.role === 'system')?.content ?? '',
    session_id: `bloom-${runTag}-${rolloutKey(request)}`,
    tools: toWireTools(request.tools),
  };
}

function newSinceLastReply(messages: readonly ChatMessage[]): ChatMessage[] {
  const lastReply = messages.findLastIndex((m) => m.role === 'assistant');
  return messages.slice(lastReply + 1);
}

/** "v3r2" from the sampleKey "v3r2/target/1": one session per rollout. */
function rolloutKey(request: CompletionRequest): string {
  return request.sampleKey?.split('/')[0] || 'rollout';
}

/** A redirect is not followed (it could lead anywhere): the agent's URL should name the final address. */
const NOT_FOLLOWED = 'a redirect, not followed (give the final URL as http.url)';

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function snippet(text: string): string {
  return oneLine(text, 120);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value;
}
