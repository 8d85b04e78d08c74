// The `fetch` both provider SDKs are given: undici's request() on one shared keep-alive pool, buffered into a
// standard Response. Node's global fetch runs the whole WHATWG fetch machinery for every call, which measured
// about 0.5 ms of CPU per call more (npm run bench); at a few hundred calls a second against a fast endpoint
// that CPU, not the endpoint, set the pace. The pool also honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY.
// Anything but a JSON string body (an upload, a stream) goes to the global fetch unchanged.

import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { Dispatcher } from 'undici';

// No undici-level timeouts: the SDK's per-request timeout and the retry layer's deadline govern (a long reasoning
// call may take many minutes).
const POOL_OPTIONS = { headersTimeout: 0, bodyTimeout: 0, connections: 256 };
let direct: Dispatcher | undefined;
let viaEnvProxy: Dispatcher | undefined;
/** Loaded on the first model call: commands and runs that never make one skip compiling its HTTP parser. */
let undici: typeof import('undici') | undefined;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A server on this machine is never reached through a proxy, whatever NO_PROXY says. */
function poolFor(http: typeof import('undici'), url: URL): Dispatcher {
  if (LOOPBACK.has(url.hostname)) {
    direct ??= new http.Agent(POOL_OPTIONS);
    return direct;
  }
  viaEnvProxy ??= new http.EnvHttpProxyAgent(POOL_OPTIONS);
  return viaEnvProxy;
}

/** Bodies a server compressed although we did not ask (we send no accept-encoding). */
const DECODERS: Record<string, (data: Uint8Array) => Promise<Uint8Array>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** Statuses whose Response must have a null body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export async function sdkFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request || (init.body != null && typeof init.body !== 'string')) {
    return fetch(input, init);
  }
  const url = typeof input === 'string' ? new URL(input) : input;
  undici ??= await import('undici');
  const reply = await undici.request(url, {
    method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
    headers: init.headers instanceof Headers ? init.headers : new Headers(init.headers),
    body: init.body ?? undefined,
    signal: init.signal ?? undefined,
    dispatcher: poolFor(undici, url),
  });
  let body: Uint8Array = new Uint8Array(await reply.body.arrayBuffer());
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const decode = DECODERS[headers.get('content-encoding')?.trim().toLowerCase() ?? ''];
  if (decode && body.length > 0) {
    body = await decode(body);
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  // Buffers from undici and zlib are backed by plain ArrayBuffers, never shared ones.
  const payload = NULL_BODY.has(reply.statusCode) ? null : (body as Uint8Array<ArrayBuffer>);
  return new Response(payload, { status: reply.statusCode, headers });
}
