// The floor under the HTTP scheduling row: the very requests a CLI run made (recorded by the fault server), sent
// straight through the two SDKs, configured as the tool configures them, at the same concurrency, with nothing
// else: no pipeline, no files. Run as a subprocess by the bench: `node sdk-floor.ts <requests.json> <url>
// <concurrency>`. Its wall time and CPU are what the SDKs and the HTTP stack cost for these calls; it loads the
// SDKs unbundled at start, so the bundled CLI can come out slightly under it.

import { readFile } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { sdkFetch } from '../../src/models/sdk-fetch.ts';
import { forEachPooled } from '../../src/util/pool.ts';
import type { RecordedModelRequest } from '../support/fault-server/index.ts';

const [file, url, concurrency] = process.argv.slice(2);
const requests = JSON.parse(await readFile(file as string, 'utf8')) as RecordedModelRequest[];
const anthropic = new Anthropic({ apiKey: 'sk-floor', baseURL: url, maxRetries: 0, fetch: sdkFetch });
const openai = new OpenAI({ apiKey: 'sk-floor', baseURL: `${url}/v1`, maxRetries: 0, fetch: sdkFetch });

await forEachPooled(requests, Number(concurrency), async ({ format, body, headers }) => {
  if (format === 'anthropic') {
    await anthropic.messages.create(body as unknown as Anthropic.MessageCreateParamsNonStreaming, {
      headers,
    });
  } else {
    await openai.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, {
      headers,
    });
  }
});
