// The call cache across runs: a model's or agent's answer to one exact request, kept in a folder (`--call-cache DIR`,
// the action's `call-cache` input) so a re-run of what did not change pays for nothing. See README.md for what it
// keys on, which calls it serves, and why a forged or another key's entry is never served.

import { stat } from 'node:fs/promises';
import {
  CALL_CACHE_FORMAT_VERSION,
  type CallCacheEntry,
  type CallCacheStats,
  type JudgeCheckRecord,
} from '../../formats/call-cache.ts';
import type { RUN_SEAL_KEY } from '../../formats/stamps.ts';
import type { Price } from '../../models/prices.ts';
import type { CompletionRequest, CompletionResult, ModelClient } from '../../models/types.ts';
import { ConfigError, firstLine } from '../../util/errors.ts';
import type { Sealer } from '../results/seal.ts';
import type { CacheIdentity } from './identity.ts';
import { callKey } from './key.ts';
import { CallCacheCounter } from './stats.ts';
import { CallCacheStore } from './store.ts';

export interface CallCacheOptions {
  dir: string;
  sealer: Sealer;
  /** The run's reply cap: no entry this run could write is larger than a few times it. */
  maxReplyBytes: number;
  /** One line when an entry cannot be stored (the run goes on: the answer was already paid for). */
  onNotice?: (line: string) => void;
}

export interface CachedClientOptions {
  /** What answers (identity.ts); hashed into every key. */
  identity: CacheIdentity;
  /** The list price of the model behind the client, for what a served call saved; null: unknown or not billed. */
  price: Price | null;
  /** 'serve': a stored answer is served, a new one stored. 'bypass': every call goes to the client and nothing is
   * stored (agents without opt-in, the judge check); counted as bypassed. */
  use: CacheUse;
}

export type CacheUse = 'serve' | 'bypass';

/** A cache folder that is there must be a folder (one not there yet is made on the first store). */
export async function checkCallCacheDir(dir: string, shown: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) {
    throw new ConfigError(shown, '', 'a folder for the call cache (made when missing)', 'a file');
  }
}

export class CallCache {
  private readonly store: CallCacheStore;
  private readonly counter = new CallCacheCounter();
  /** The rollout cells ("v3r2") a served judge answer scored: the judge check re-scores some of them. */
  private readonly servedScoreCells = new Set<string>();
  private readonly onNotice: (line: string) => void;
  private writeFailed = false;

  constructor(options: CallCacheOptions) {
    // JSON escaping can double a reply; reasoning and tool calls come on top.
    this.store = new CallCacheStore(options.dir, options.sealer, 4 * options.maxReplyBytes + 65_536);
    this.onNotice = options.onNotice ?? (() => {});
  }

  get dir(): string {
    return this.store.dir;
  }

  stats(): CallCacheStats {
    return this.counter.snapshot();
  }

  /** Cells a judge answer served from the cache scored, so far. */
  servedCells(): ReadonlySet<string> {
    return new Set(this.servedScoreCells);
  }

  wrap(client: ModelClient, options: CachedClientOptions): ModelClient {
    const wrapped: ModelClient = {
      id: client.id,
      complete: (request) =>
        options.use === 'bypass' ? this.bypass(client, request) : this.complete(client, request, options),
    };
    if (client.systemPrompt) wrapped.systemPrompt = client.systemPrompt.bind(client);
    if (client.describeError) wrapped.describeError = client.describeError.bind(client);
    return wrapped;
  }

  /** The judge check kept for the scores `key` names, if there is one this machine sealed; counted as its calls
   * unless it is `counted` already (the same check served to an earlier look of this run). */
  async judgeCheck(
    key: string,
    client: string,
    price: Price | null,
    counted?: string,
  ): Promise<JudgeCheckRecord | undefined> {
    const found = await this.store.readJudgeCheck(key, client);
    if (found.kind === 'hit') {
      if (found.entry.check_id !== counted)
        this.counter.served('judge-check', found.entry.usage, price, found.entry.calls);
      return found.entry;
    }
    if (found.kind === 'refused') this.counter.count('judge-check', 'refused');
    return undefined;
  }

  /** Keeps a judge check made by calling the judge; failing to store it is a notice, as for an answer. */
  async keepJudgeCheck(check: KeptJudgeCheck): Promise<void> {
    await this.write({ format_version: CALL_CACHE_FORMAT_VERSION, kind: 'judge-check', ...check });
  }

  /** Stores an entry; a failure is one notice for the run (the answer was paid for and is used anyway). */
  private async write(entry: CallCacheEntry | JudgeCheckRecord): Promise<boolean> {
    try {
      await this.store.write(entry);
      return true;
    } catch (error) {
      if (!this.writeFailed)
        this.onNotice(`call cache: cannot store entries in ${this.dir}: ${firstLine(error, 200)}`);
      this.writeFailed = true;
      return false;
    }
  }

  private bypass(client: ModelClient, request: CompletionRequest): Promise<CompletionResult> {
    this.counter.bypassed();
    return client.complete(request);
  }

  private async complete(
    client: ModelClient,
    request: CompletionRequest,
    options: CachedClientOptions,
  ): Promise<CompletionResult> {
    const key = callKey(options.identity, request);
    const answeredBy = options.identity.client;
    const found = await this.store.read(key, answeredBy);
    if (found.kind === 'hit') {
      this.counter.served(request.purpose, found.entry.result.usage, options.price);
      const cell = request.purpose === 'judge' ? request.sampleKey?.split('/')[0] : undefined;
      if (cell) this.servedScoreCells.add(cell);
      return structuredClone(found.entry.result);
    }
    if (found.kind === 'refused') this.counter.count(request.purpose, 'refused');
    const result = await client.complete(request);
    const stored = await this.write({
      format_version: CALL_CACHE_FORMAT_VERSION,
      key,
      client: answeredBy,
      purpose: request.purpose,
      ...(request.sampleKey === undefined ? {} : { sample_key: request.sampleKey }),
      result: storedResult(result),
    });
    if (stored) this.counter.count(request.purpose, 'stored');
    return result;
  }
}

/** A judge check to keep beside the scores it spoke for (gate/rejudge.ts makes the key). */
export type KeptJudgeCheck = Omit<JudgeCheckRecord, 'format_version' | 'kind' | typeof RUN_SEAL_KEY>;

/** The result's known fields only, so what is stored reads back against the entry schema. */
function storedResult(result: CompletionResult): CallCacheEntry['result'] {
  const { message, usage } = result;
  return {
    message: {
      role: 'assistant',
      content: message.content,
      ...(message.reasoning === undefined ? {} : { reasoning: message.reasoning }),
      ...(message.reasoningSignature === undefined ? {} : { reasoningSignature: message.reasoningSignature }),
      ...(message.toolCalls === undefined ? {} : { toolCalls: message.toolCalls }),
    },
    usage: {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      ...(usage.reasoningTokens === undefined ? {} : { reasoningTokens: usage.reasoningTokens }),
    },
    model: result.model,
    ...(result.stopReason === undefined ? {} : { stopReason: result.stopReason }),
  };
}
