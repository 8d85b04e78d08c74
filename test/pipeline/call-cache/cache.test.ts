// The call cache around a real provider client (the Anthropic SDK against the local model server, which counts
// requests): what is served, what is called, and what is refused.

import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Price } from '../../../src/models/prices.ts';
import type { CompletionRequest } from '../../../src/models/types.ts';
import { type CacheUse, CallCache } from '../../../src/pipeline/call-cache/index.ts';
import { callKey } from '../../../src/pipeline/call-cache/key.ts';
import { createSealer } from '../../../src/pipeline/results/seal.ts';
import { harness } from '../../models/clients.ts';
import { type ModelServer, startModelServer } from '../../support/model-server.ts';
import { anthropicMessage, reply } from '../../support/wire.ts';

const ID = 'anthropic/claude-sonnet-4-20250514';
const identity = { client: ID, base_url: null };
const sealer = createSealer(Buffer.from('cache-unit-test-key'));

let server: ModelServer;
let dir: string;
/** Hold each answer 50 ms (one test needs two runs in flight at once). */
let slowAnswers = false;

beforeAll(async () => {
  server = await startModelServer();
  server.setFallback(() =>
    reply(
      anthropicMessage({ text: `answer #${server.requests.length}`, usage: { input: 1000, output: 200 } }),
      slowAnswers ? 50 : undefined,
    ),
  );
});
afterAll(() => server.close());
beforeEach(async () => {
  server.requests.length = 0;
  slowAnswers = false;
  dir = await mkdtemp(join(tmpdir(), 'bloom-cache-unit-'));
  return () => rm(dir, { recursive: true, force: true });
});

const price: Price = {
  inputPerMTok: 3,
  outputPerMTok: 15,
  cachedInputPerMTok: 0.3,
  cacheWritePerMTok: 3.75,
  batchInputPerMTok: 1.5,
  batchOutputPerMTok: 7.5,
};

function cachedClient(cache: CallCache, use: CacheUse = 'serve') {
  return cache.wrap(harness(server, ID).client, { identity, price, use });
}

const request = (sampleKey: string, content = 'Hello'): CompletionRequest => ({
  purpose: 'target',
  sampleKey,
  maxTokens: 100,
  temperature: 1,
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content },
  ],
});

describe('CallCache', () => {
  it('serves the same request for the same rollout from the folder, with no request on the wire', async () => {
    const first = new CallCache({ dir, sealer, maxReplyBytes: 1 << 20 });
    const answered = await cachedClient(first).complete(request('v1r1/target/1'));
    expect(server.requests).toHaveLength(1);
    const second = new CallCache({ dir, sealer, maxReplyBytes: 1 << 20 });
    const served = await cachedClient(second).complete(request('v1r1/target/1'));
    expect(server.requests).toHaveLength(1);
    expect(served).toEqual(answered);
    expect(second.stats()).toMatchObject({
      served: 1,
      stored: 0,
      refused: 0,
      saved_input_tokens: 1000,
      saved_output_tokens: 200,
      saved_usd: 0.006,
      by_purpose: { target: { served: 1, stored: 0, refused: 0 } },
    });
  });

  it('is shared by two runs at once: both miss and call, one whole entry is kept, and it serves the next', async () => {
    // Answers held 50 ms: both runs have looked in the folder before either has stored anything.
    slowAnswers = true;
    const [a, b] = [0, 1].map(() => new CallCache({ dir, sealer, maxReplyBytes: 1 << 20 }));
    const calls = ['v1r1/target/1', 'v1r2/target/1', 'v2r1/target/1'].map((k) => request(k));
    await Promise.all(
      [a, b].flatMap((cache) => calls.map((r) => cachedClient(cache as CallCache).complete(r))),
    );
    slowAnswers = false;
    expect(server.requests).toHaveLength(6);
    const later = new CallCache({ dir, sealer, maxReplyBytes: 1 << 20 });
    for (const r of calls) await cachedClient(later).complete(r);
    expect(server.requests).toHaveLength(6);
    expect(later.stats()).toMatchObject({ served: 3, refused: 0 });
    // Nothing but the entries: no temp file left behind.
    const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.tmp'));
    expect(names).toEqual([]);
  });

  it("never serves another repetition's answer, nor another message's", async () => {
    const cache = new CallCache({ dir, sealer, maxReplyBytes: 1 << 20 });
    const client = cachedClient(cache);
    const r1 = await client.complete(request('v1r1/target/1'));
    const r2 = await client.complete(request('v1r2/target/1'));
    const v2 = await client.complete(request('v2r1/target/1'));
    const other = await client.complete(request('v1r1/target/1', 'Hello again'));
    expect(server.requests).toHaveLength(4);
    expect(new Set([r1, r2, v2, other].map((r) => r.message.content)).size).toBe(4);
    expect(cache.stats()).toMatchObject({ served: 0, stored: 4 });
  });

  it('calls through, storing nothing, when the client is not to be served (an agent without opt-in)', async () => {
    const cache = new CallCache({ dir, sealer, maxReplyBytes: 1 << 20 });
    await cachedClient(cache).complete(request('v1r1/target/1'));
    await cachedClient(cache, 'bypass').complete(request('v1r1/target/1'));
    expect(server.requests).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ served: 0, stored: 1, bypassed: 1 });
  });

  it('refuses a link, a folder and an oversized file at the entry path, and replaces them with a fresh answer', async () => {
    const cache = new CallCache({ dir, sealer, maxReplyBytes: 1024 });
    const keys = ['v1r1/target/1', 'v1r2/target/1', 'v1r3/target/1'].map((k) =>
      callKey(identity, request(k)),
    );
    const paths = keys.map((key) => join(dir, key.slice(0, 2), `${key}.json`));
    for (const path of paths) await mkdir(join(path, '..'), { recursive: true });
    await symlink('/etc/hostname', paths[0] as string);
    await writeFile(paths[2] as string, 'x'.repeat(10 * 1024));
    await mkdir(paths[1] as string);
    const client = cachedClient(cache);
    await client.complete(request('v1r1/target/1'));
    await client.complete(request('v1r3/target/1'));
    expect(server.requests).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ refused: 2, stored: 2 });
    // A folder where the entry goes cannot be replaced: the answer is returned, the run goes on, one notice.
    const notices: string[] = [];
    const noted = new CallCache({ dir, sealer, maxReplyBytes: 1024, onNotice: (l) => notices.push(l) });
    const answer = await cachedClient(noted).complete(request('v1r2/target/1'));
    expect(answer.message.content).toMatch(/^answer #/);
    expect(noted.stats()).toMatchObject({ refused: 1, stored: 0 });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^call cache: cannot store entries in /);
    // The link and the oversized file were replaced by sealed entries: served now.
    const again = new CallCache({ dir, sealer, maxReplyBytes: 1024 });
    await cachedClient(again).complete(request('v1r1/target/1'));
    await cachedClient(again).complete(request('v1r3/target/1'));
    expect(server.requests).toHaveLength(3);
    expect(again.stats().served).toBe(2);
    expect((await readdir(dir)).length).toBe(new Set(keys.map((k) => k.slice(0, 2))).size);
  });

  it("refuses an entry copied under another key's name, though its seal was this machine's", async () => {
    const cache = new CallCache({ dir, sealer, maxReplyBytes: 1 << 20 });
    const client = cachedClient(cache);
    await client.complete(request('v1r1/target/1'));
    const [from, to] = ['v1r1/target/1', 'v1r2/target/1'].map((k) => callKey(identity, request(k)));
    const text = await readFile(join(dir, (from as string).slice(0, 2), `${from}.json`), 'utf8');
    await mkdir(join(dir, (to as string).slice(0, 2)), { recursive: true });
    await writeFile(join(dir, (to as string).slice(0, 2), `${to}.json`), text);
    await client.complete(request('v1r2/target/1'));
    expect(server.requests).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ refused: 1, served: 0, stored: 2 });
  });
});
