// The `fetch` both provider SDKs are given: undici's request() on one shared keep-alive pool, buffered into a
// standard Response. Node's global fetch runs the whole WHATWG fetch machinery for every call, which measured
// about 0.5 ms of CPU per call more (npm run bench); at a few hundred calls a second against a fast endpoint
// that CPU, not the endpoint, set the pace. The pool also honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY.
// Anything but a JSON string body (an upload, a stream) goes to the global fetch unchanged.
// Every reply is capped (a body over maxReplyBytes, compressed or not, fails the call) and no connection goes to a
// link-local or cloud metadata address (link-local.ts). Redirects are never followed.

import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { DEFAULT_MAX_REPLY_BYTES, ReplyTooLargeError } from './errors.ts';
import { assertAllowedHost, guardedLookup } from './link-local.ts';

// No undici-level timeouts: the SDK's per-request timeout and the retry layer's deadline govern (a long reasoning
// call may take many minutes).
const POOL_OPTIONS = {
  headersTimeout: 0,
  bodyTimeout: 0,
  connections: 256,
  connect: { lookup: guardedLookup },
};
let direct: Dispatcher | undefined;
let viaEnvProxy: Dispatcher | undefined;
/** Loaded on the first model call: commands and runs that never make one skip compiling its HTTP parser. */
let undici: typeof import('./undici.ts') | undefined;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A server on this machine is never reached through a proxy, whatever NO_PROXY says. */
function poolFor(http: typeof import('./undici.ts'), url: URL): Dispatcher {
  if (LOOPBACK.has(url.hostname)) {
    direct ??= new http.Agent(POOL_OPTIONS);
    return direct;
  }
  viaEnvProxy ??= new http.EnvHttpProxyAgent(POOL_OPTIONS);
  return viaEnvProxy;
}

type Decoder = (data: Uint8Array, options: { maxOutputLength: number }) => Promise<Uint8Array>;

/** Bodies a server compressed although we did not ask (we send no accept-encoding). */
const DECODERS: Record<string, Decoder> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** Statuses whose Response must have a null body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export type SdkFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A fetch whose replies may hold at most `maxReplyBytes` (after decompression too). */
export function cappedFetch(maxReplyBytes: number = DEFAULT_MAX_REPLY_BYTES): SdkFetch {
  return (input, init) => fetchCapped(input, init ?? {}, maxReplyBytes);
}

export const sdkFetch: SdkFetch = cappedFetch();

async function fetchCapped(
  input: string | URL | Request,
  init: RequestInit,
  maxReplyBytes: number,
): Promise<Response> {
  if (input instanceof Request || (init.body != null && typeof init.body !== 'string')) {
    return fetch(input, init);
  }
  const url = typeof input === 'string' ? new URL(input) : input;
  assertAllowedHost(url);
  undici ??= await import('./undici.ts');
  const reply = await undici.request(url, {
    method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
    headers: init.headers instanceof Headers ? init.headers : new Headers(init.headers),
    body: init.body ?? undefined,
    signal: init.signal ?? undefined,
    dispatcher: poolFor(undici, url),
  });
  let body: Uint8Array = await readCapped(reply.body, maxReplyBytes);
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const decode = DECODERS[headers.get('content-encoding')?.trim().toLowerCase() ?? ''];
  if (decode && body.length > 0) {
    body = await decode(body, { maxOutputLength: maxReplyBytes }).catch((error: unknown) => {
      // zlib says ERR_BUFFER_TOO_LARGE when the output would pass maxOutputLength: a compression bomb.
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new ReplyTooLargeError(maxReplyBytes);
      throw error;
    });
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  // Buffers from undici and zlib are backed by plain ArrayBuffers, never shared ones.
  const payload = NULL_BODY.has(reply.statusCode) ? null : (body as Uint8Array<ArrayBuffer>);
  return new Response(payload, { status: reply.statusCode, headers });
}

/** The whole body, or a ReplyTooLargeError as soon as it passes `maxBytes` (the rest is never read). */
async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new ReplyTooLargeError(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
