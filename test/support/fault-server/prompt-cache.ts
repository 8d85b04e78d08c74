// Anthropic's prompt cache as the Messages API bills it, for the fault server: a request's blocks in the order the
// API reads them (tools, system, messages), a cache entry written at each `cache_control` breakpoint whose prefix
// reaches the model's minimum, and a read of the longest prefix an earlier request of the run wrote, found from a
// breakpoint looking back at most 20 blocks. Tokens are the scripted provider's (characters / 4, per block), so
// what it reports adds up to the reply's input tokens.

import { createHash } from 'node:crypto';
import { cacheMinimumTokens } from '../../../src/models/providers/anthropic.ts';

type Block = Record<string, unknown>;

export interface CacheUsage {
  /** Input read from the cache, written to it, and neither: they sum to the request's input tokens. */
  read: number;
  write: number;
  fresh: number;
}

/** How far back from a breakpoint the API checks for an earlier entry. */
const LOOKBACK_BLOCKS = 20;

export interface PromptCache {
  /** Bills one request against the entries earlier ones wrote, and writes its own. */
  account(body: Record<string, unknown>, inputTokens: number): CacheUsage;
  /**
   * OpenAI's automatic caching of a chat completion: no marks; the longest prefix (at a message's end) an earlier
   * request sent is read, from 1,024 tokens on, in steps of 128. Writes cost nothing extra. Returns the tokens read.
   */
  automatic(body: Record<string, unknown>, inputTokens: number): number;
}

/** OpenAI caches prompts from this many tokens on, in steps of CACHE_STEP. */
const AUTOMATIC_MINIMUM = 1024;
const CACHE_STEP = 128;

export function createPromptCache(): PromptCache {
  const entries = new Set<string>();
  const automaticEntries = new Set<string>();
  return {
    automatic(body, inputTokens) {
      const hash = createHash('sha256');
      let tokens = 0;
      let read = 0;
      for (const message of Array.isArray(body.messages) ? (body.messages as Block[]) : []) {
        hash.update(JSON.stringify(message));
        tokens += typeof message.content === 'string' ? Math.ceil(message.content.length / 4) : 0;
        if (tokens < AUTOMATIC_MINIMUM) continue;
        const key = hash.copy().digest('hex');
        if (automaticEntries.has(key)) read = tokens;
        automaticEntries.add(key);
      }
      return Math.min(inputTokens, read - (read % CACHE_STEP));
    },
    account(body, inputTokens) {
      const blocks = blocksOf(body);
      const minimum = cacheMinimumTokens(String(body.model ?? ''));
      const hashes: string[] = [];
      const tokensBefore: number[] = [];
      const hash = createHash('sha256');
      let tokens = 0;
      for (const block of blocks) {
        const { cache_control: _mark, ...content } = block;
        hash.update(JSON.stringify(content));
        hashes.push(hash.copy().digest('hex'));
        tokens += Math.ceil(textLength(content) / 4);
        tokensBefore.push(tokens);
      }
      const marks = blocks.flatMap((block, index) => (block.cache_control ? [index] : []));
      let readEnd = -1;
      for (const mark of marks) {
        for (let index = mark; index >= Math.max(0, mark - LOOKBACK_BLOCKS); index--) {
          if (index > readEnd && entries.has(hashes[index] ?? '')) {
            readEnd = index;
            break;
          }
        }
      }
      const read = readEnd >= 0 ? (tokensBefore[readEnd] ?? 0) : 0;
      let writeEnd = readEnd;
      for (const mark of marks) {
        if ((tokensBefore[mark] ?? 0) < minimum) continue;
        entries.add(hashes[mark] ?? '');
        writeEnd = Math.max(writeEnd, mark);
      }
      const written = writeEnd > readEnd ? (tokensBefore[writeEnd] ?? 0) - read : 0;
      // The reply's input count is the scripted provider's (whole-request rounding): keep the parts within it.
      const cappedRead = Math.min(read, inputTokens);
      const write = Math.min(written, inputTokens - cappedRead);
      return { read: cappedRead, write, fresh: inputTokens - cappedRead - write };
    },
  };
}

/** Every block in the API's order; a plain-string content or system is one text block. */
function blocksOf(body: Record<string, unknown>): Block[] {
  const blocks: Block[] = [...asBlocks(body.tools)];
  blocks.push(
    ...asBlocks(typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : body.system),
  );
  for (const turn of Array.isArray(body.messages) ? (body.messages as Block[]) : []) {
    const content = turn.content;
    blocks.push(...asBlocks(typeof content === 'string' ? [{ type: 'text', text: content }] : content));
  }
  return blocks;
}

function asBlocks(value: unknown): Block[] {
  return Array.isArray(value) ? (value as Block[]) : [];
}

/** The characters the scripted provider counts: message text only (tools, tool calls and thinking: none). */
function textLength(block: Block): number {
  if (block.type === 'text') return String(block.text ?? '').length;
  if (block.type === 'tool_result') return typeof block.content === 'string' ? block.content.length : 0;
  return 0;
}
