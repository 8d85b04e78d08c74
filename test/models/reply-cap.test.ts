// Replies over the size cap and calls to link-local addresses: through the capped fetch against a real server on
// 127.0.0.1, and through each real SDK, where the refusal must fail the call once (no retry) with a clear line.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCallError, ReplyTooLargeError } from '../../src/models/errors.ts';
import { guardLookup, LinkLocalAddressError } from '../../src/models/link-local.ts';
import { cappedFetch } from '../../src/models/sdk-fetch.ts';
import type { CompletionRequest } from '../../src/models/types.ts';
import { isForbiddenAddress } from '../../src/util/forbidden-address.ts';
import { type ModelServer, startModelServer } from '../support/model-server.ts';
import { anthropicMessage, openaiCompletion, reply } from '../support/wire.ts';
import { harness } from './clients.ts';

const CAP = 4096;
let base = '';
let requests = 0;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  requests++;
  req.resume();
  if (req.url === '/big') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    // Far more than the cap, in pieces: the reader must stop without holding it all.
    for (let i = 0; i < 64; i++) res.write('x'.repeat(16 * 1024));
    res.end();
  } else if (req.url === '/bomb') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 32)));
  } else {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('y'.repeat(CAP));
  }
});

let models: ModelServer;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  models = await startModelServer();
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await models.close();
});

const post = { method: 'POST', body: '{}' };

describe('the capped fetch', () => {
  it('returns a reply of exactly the cap, and refuses one byte more', async () => {
    expect((await (await cappedFetch(CAP)(`${base}/exact`, post)).text()).length).toBe(CAP);
    await expect(cappedFetch(CAP - 1)(`${base}/exact`, post)).rejects.toBeInstanceOf(ReplyTooLargeError);
  });

  it('stops reading a large reply at the cap', async () => {
    const error = await cappedFetch(CAP)(`${base}/big`, post).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyTooLargeError);
    expect((error as Error).message).toBe(
      'the reply is larger than 4096 bytes (the reply size cap, --max-reply-bytes)',
    );
  });

  it('refuses a compressed reply that inflates past the cap (a compression bomb)', async () => {
    await expect(cappedFetch(64 * 1024)(`${base}/bomb`, post)).rejects.toBeInstanceOf(ReplyTooLargeError);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://2852039166/',
    'http://100.100.100.200/',
    'http://[fd00:ec2::254]/',
  ])('never connects to %s', async (url) => {
    const before = requests;
    const error = await cappedFetch()(url, post).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkLocalAddressError);
    expect((error as Error).message).toMatch(
      /^refused to connect to .*: expected an address outside the link-local/,
    );
    expect(requests).toBe(before);
  });

  it('refuses a host name that resolves to a link-local address, and passes other names through', async () => {
    const fakeDns = (addresses: string[]) =>
      guardLookup((_host, _options, callback) =>
        callback(
          null,
          addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        ),
      );
    const lookup = (guard: ReturnType<typeof guardLookup>) =>
      new Promise<unknown>((resolve) =>
        guard('metadata.example', {}, (error, address) => resolve(error ?? address)),
      );
    expect(await lookup(fakeDns(['10.0.0.5', '169.254.169.254']))).toBeInstanceOf(LinkLocalAddressError);
    expect(await lookup(fakeDns(['fe80::a']))).toBeInstanceOf(LinkLocalAddressError);
    expect(await lookup(fakeDns(['127.0.0.1']))).toBe('127.0.0.1');
    expect(['127.0.0.1', '10.1.2.3', '::1', '192.168.0.1', 'fec0::1'].some(isForbiddenAddress)).toBe(false);
  });
});

const request: CompletionRequest = {
  purpose: 'target',
  maxTokens: 50,
  messages: [{ role: 'user', content: 'hi' }],
};

describe.each([
  { name: 'anthropic', id: 'anthropic/claude-test', body: (text: string) => anthropicMessage({ text }) },
  { name: 'openai', id: 'openai/gpt-test', body: (text: string) => openaiCompletion({ text }) },
])('$name: a reply over the cap through the real SDK', ({ id, body }) => {
  it('fails the call once, naming the cap, and keeps a reply under it', async () => {
    models.reset();
    models.enqueue(reply(body('z'.repeat(3 * CAP))), reply(body('fits')));
    const { client, ledger } = harness(models, id, { maxReplyBytes: 2 * CAP });
    const error = await client.complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as Error).message).toBe(
      `${id}: the reply is larger than 8192 bytes (the reply size cap, --max-reply-bytes)`,
    );
    expect(models.requests).toHaveLength(1);
    expect(ledger.summary().totals).toMatchObject({ calls: 1, failedCalls: 1, attempts: 1 });
    expect((await client.complete(request)).message.content).toBe('fits');
  });

  it('refuses a base URL on a link-local address without sending the key anywhere', async () => {
    const env = {
      ANTHROPIC_BASE_URL: 'http://169.254.169.254',
      OPENAI_BASE_URL: 'http://169.254.169.254/v1',
    };
    const { client } = harness(models, id, { env });
    const error = await client.complete(request).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/refused to connect to 169\.254\.169\.254: expected an address/);
    expect((error as ModelCallError).attempts).toBe(1);
  });
});
