// The fetch the provider SDKs are given, against a real HTTP server on 127.0.0.1: what goes out, what comes
// back (status, repeated headers, compressed and empty bodies), aborts, and bodies it hands to the global fetch.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkFetch } from '../../src/models/sdk-fetch.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
let base = '';
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    if (req.url === '/gzip') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ packed: true })));
    } else if (req.url === '/empty') {
      res.writeHead(204);
      res.end();
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 2000);
    } else {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3', 'request-id': 'req_1' });
      res.end(JSON.stringify({ error: { type: 'rate_limit_error' } }));
    }
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('sdkFetch', () => {
  it('sends the method, headers and JSON body, and returns status, headers and body as a Response', async () => {
    const headers = new Headers({ 'content-type': 'application/json', 'x-api-key': 'k' });
    const res = await sdkFetch(`${base}/v1/messages?beta=true`, { method: 'POST', headers, body: '{"a":1}' });
    const request = seen.at(-1);
    expect(request).toMatchObject({ method: 'POST', url: '/v1/messages?beta=true', body: '{"a":1}' });
    expect(request?.headers['x-api-key']).toBe('k');
    expect(request?.headers['accept-encoding']).toBeUndefined();
    expect(res.status).toBe(429);
    expect(res.ok).toBe(false);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.headers.get('request-id')).toBe('req_1');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ error: { type: 'rate_limit_error' } });
  });

  it('takes headers as a plain object and a URL object', async () => {
    await sdkFetch(new URL(`${base}/plain`), { method: 'POST', headers: { 'x-one': '1' }, body: '{}' });
    expect(seen.at(-1)?.headers['x-one']).toBe('1');
  });

  it('decodes a body the server compressed unasked', async () => {
    const res = await sdkFetch(`${base}/gzip`);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.json()).toEqual({ packed: true });
  });

  it('gives a 204 a null body', async () => {
    const res = await sdkFetch(`${base}/empty`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });

  it('rejects with an AbortError when the signal fires, as the SDKs expect of fetch', async () => {
    const controller = new AbortController();
    const pending = sdkFetch(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('hands a non-string body to the global fetch', async () => {
    const body = new TextEncoder().encode('bytes');
    await sdkFetch(`${base}/bytes`, { method: 'POST', body });
    expect(seen.at(-1)).toMatchObject({ url: '/bytes', body: 'bytes' });
    // The global fetch (undici's WHATWG fetch) announces the encodings it can decode; ours does not.
    expect(seen.at(-1)?.headers['accept-encoding']).toBeDefined();
  });
});
