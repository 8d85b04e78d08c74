// Judgment through a provider's batch API (`--batch`), at its batch price. The judge's requests are gathered (all
// the calls made within a short window form one batch), submitted, and the batch's id is stored BEFORE waiting, so a
// killed run finds the batch again by its requests' custom ids and polls it instead of submitting again. Past the
// time cap the batch is cancelled, what it finished is used and the rest falls back to normal calls; an item that
// errored or expired falls back alone. SDK-free: each provider's BatchApi (providers/) speaks its wire format.

import { createHash } from 'node:crypto';
import type { StoredBatch } from '../formats/batches.ts';
import type { Redactor } from '../util/redact.ts';
import type { Admission, CostMeter } from './cost.ts';
import { cacheCountsOf, redactResult } from './instrumented.ts';
import type { UsageLedger } from './ledger.ts';
import type {
  BatchApi,
  BatchOutcome,
  BatchRequest,
  CompletionRequest,
  CompletionResult,
  ModelClient,
} from './types.ts';

/** Where a run keeps its batch ids (pipeline/: .bloom/batches.json, sealed and stamped like its other files). */
export interface BatchStore {
  load(): Promise<StoredBatch[]>;
  save(batches: StoredBatch[]): Promise<void>;
}

export interface BatchOptions {
  /** Set by the pipeline once it knows the results folder, before the first judge call. */
  store: { current?: BatchStore };
  /** From a batch's submission: past this, it is cancelled and its requests are made as normal calls. */
  timeoutMs: number;
  /** Between two status checks. Default 30 s. */
  pollMs?: number;
  /** Calls made within this window of each other go into one batch. Default 2 s. */
  gatherMs?: number;
  now?: () => Date;
  /** Requests per batch at most. Default 10,000 (a batch of larger messages is cut at about 100 MB). */
  maxItems?: number;
  /** One line when a batch is submitted, found again, or given up. */
  onNote?: (line: string) => void;
}

/** Below both providers' limits per batch (Anthropic: 100,000 requests or 256 MB; OpenAI: 50,000 or 200 MB). */
const MAX_BATCH_ITEMS = 10_000;
const MAX_BATCH_CHARS = 100_000_000;

/** The items in submission order, cut where a batch would pass `maxItems` or about `maxChars` of messages. */
function chunks(items: Waiting[], maxItems: number, maxChars: number): Waiting[][] {
  const out: Waiting[][] = [];
  let current: Waiting[] = [];
  let chars = 0;
  for (const item of items) {
    const size = item.request.messages.reduce((sum, m) => sum + m.content.length, 0);
    if (current.length > 0 && (current.length >= maxItems || chars + size > maxChars)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export interface BatchDeps {
  ledger: UsageLedger;
  cost?: CostMeter;
  redactor?: Redactor;
}

/** The custom id of a request: a hash of everything the provider is sent, and of which sample it is. */
export function customIdOf(modelId: string, request: CompletionRequest): string {
  const { signal: _signal, meta: _meta, ...sent } = request;
  return createHash('sha256')
    .update(JSON.stringify([modelId, sent]))
    .digest('hex')
    .slice(0, 40);
}

interface Waiter {
  resolve(result: CompletionResult): void;
  reject(error: unknown): void;
}

/** One item of a batch, and every call waiting on it (the same request asked twice is sent once). */
interface Waiting extends BatchRequest {
  waiters: Waiter[];
  /** In a batch an earlier invocation submitted. */
  earlier?: boolean;
  /** Its worst case, held against --max-cost while it is in a batch. */
  admission?: Admission;
}

/** `normal` for every call except the judge's, which go through `api`'s batches (falling back to `normal`). */
export function batchingClient(
  normal: ModelClient,
  api: BatchApi,
  deps: BatchDeps,
  options: BatchOptions,
): ModelClient {
  const now = options.now ?? (() => new Date());
  const gatherMs = options.gatherMs ?? 2_000;
  const pollMs = options.pollMs ?? 30_000;
  let waiting = new Map<string, Waiting>();
  let timer: NodeJS.Timeout | undefined;
  let stored: Promise<StoredBatch[]> | undefined;
  let saving: Promise<void> = Promise.resolve();

  const store = (): BatchStore => {
    const current = options.store.current;
    if (!current) throw new Error('bug: a batched judge call before the results folder was set');
    return current;
  };
  /** Saves are queued, so the file always ends with the latest list. */
  const save = async (batches: StoredBatch[]): Promise<void> => {
    saving = saving.catch(() => undefined).then(() => store().save(batches));
    await saving;
  };
  const note = (line: string) => options.onNote?.(line);
  const resolveAll = (item: Waiting, result: CompletionResult) => {
    for (const waiter of item.waiters) waiter.resolve(result);
  };
  const rejectAll = (item: Waiting, error: unknown) => {
    for (const waiter of item.waiters) waiter.reject(error);
  };
  /** Made as normal calls (which hold their own worst case against the budget). */
  const fallBack = (items: Waiting[]) => {
    for (const item of items) {
      item.admission?.release();
      normal.complete(item.request).then(
        (result) => resolveAll(item, result),
        (error: unknown) => rejectAll(item, error),
      );
    }
  };

  /** The batch's replies to their callers, at the batch price; the items without one are made as normal calls. */
  const deliver = (outcomes: Map<string, BatchOutcome>, items: Waiting[], started: number): void => {
    const failed: Waiting[] = [];
    for (const item of items) {
      const outcome = outcomes.get(item.customId);
      if (!outcome?.ok) {
        failed.push(item);
        continue;
      }
      const usage = { ...outcome.result.usage, batch: true };
      deps.cost?.record(normal.id, usage, true);
      item.admission?.release();
      deps.ledger.record({
        purpose: item.request.purpose,
        modelId: normal.id,
        ok: true,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        reasoningTokens: usage.reasoningTokens ?? 0,
        ms: Math.max(0, now().getTime() - started),
        attempts: 1,
        ...(item.request.sampleKey === undefined ? {} : { sampleKey: item.request.sampleKey }),
        ...cacheCountsOf(usage),
        batch: true,
        ...(item.earlier ? { earlierBatch: true } : {}),
      });
      const result = { ...outcome.result, usage };
      resolveAll(item, deps.redactor ? redactResult(result, deps.redactor) : result);
    }
    fallBack(failed);
  };

  /** Cancelled, and its items made as normal calls from now on (a resumed run does not poll it again). */
  const giveUp = async (batch: StoredBatch, batches: StoredBatch[]): Promise<void> => {
    await api.cancel(batch.id).catch(() => undefined);
    batch.state = 'cancelled';
    await save(batches).catch(() => undefined);
  };

  const settle = async (batch: StoredBatch, items: Waiting[], batches: StoredBatch[]): Promise<void> => {
    const started = Date.parse(batch.submitted_at);
    const deadline = started + options.timeoutMs;
    try {
      while (!(await api.ended(batch.id))) {
        const left = deadline - now().getTime();
        if (left <= 0) {
          note(
            `batch ${batch.id} passed the batch time cap: cancelled, its unfinished requests made as normal calls`,
          );
          await giveUp(batch, batches);
          // What the batch finished before the cap is billed either way: used when the cancelled batch has ended.
          const ended = await api.ended(batch.id).catch(() => false);
          deliver(ended ? await api.results(batch.id).catch(() => new Map()) : new Map(), items, started);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
      }
      const outcomes = await api.results(batch.id);
      batch.state = 'ended';
      await save(batches);
      deliver(outcomes, items, started);
    } catch {
      // The batch could not be read (its API failing past the SDK's retries): cancelled, so it is not paid for
      // twice, and its requests are made as normal calls.
      await giveUp(batch, batches);
      fallBack(items);
    }
  };

  /** Submits one batch and stores its id; undefined when the items were handled otherwise (fallen back, refused). */
  const submit = async (items: Waiting[], batches: StoredBatch[]): Promise<StoredBatch | undefined> => {
    let id: string;
    try {
      id = await api.submit(items.map(({ customId, request }) => ({ customId, request })));
    } catch {
      // No batch was made (a proxy without the batch API, a refused submission): normal calls instead.
      fallBack(items);
      return undefined;
    }
    const batch: StoredBatch = {
      id,
      provider: api.provider,
      model: normal.id,
      submitted_at: now().toISOString(),
      custom_ids: items.map((item) => item.customId),
      state: 'pending',
    };
    batches.push(batch);
    try {
      await save(batches);
      note(`${items.length} judge requests submitted as ${api.provider} batch ${id}; waiting for it`);
      return batch;
    } catch (error) {
      // Unsaved, a kill would submit it again: the run stops here rather than risk paying twice.
      batch.state = 'cancelled';
      await api.cancel(id).catch(() => undefined);
      for (const item of items) {
        item.admission?.release();
        rejectAll(item, error);
      }
      return undefined;
    }
  };

  const flush = async (): Promise<void> => {
    timer = undefined;
    const group = [...waiting.values()];
    waiting = new Map();
    let batches: StoredBatch[];
    try {
      stored ??= store().load();
      batches = await stored;
    } catch (error) {
      for (const item of group) rejectAll(item, error);
      return;
    }
    const byBatch = new Map<StoredBatch, Waiting[]>();
    const fresh: Waiting[] = [];
    const holding = new Map<string, StoredBatch>();
    for (const b of batches) {
      if (b.state === 'cancelled' || b.model !== normal.id) continue;
      for (const id of b.custom_ids) holding.set(id, b);
    }
    for (const item of group) {
      // An earlier invocation's batch holding the same request: polled again, never submitted twice.
      const earlier = holding.get(item.customId);
      if (earlier && !byBatch.has(earlier))
        note(`batch ${earlier.id} from an earlier run found: polling it again`);
      if (earlier) {
        item.earlier = true;
        byBatch.set(earlier, [...(byBatch.get(earlier) ?? []), item]);
      } else fresh.push(item);
    }
    const admitted = fresh.filter((item) => {
      try {
        if (deps.cost) item.admission = deps.cost.admit(normal.id, item.request);
        return true;
      } catch (error) {
        rejectAll(item, error);
        return false;
      }
    });
    for (const chunk of chunks(admitted, options.maxItems ?? MAX_BATCH_ITEMS, MAX_BATCH_CHARS)) {
      const batch = await submit(chunk, batches);
      if (batch) byBatch.set(batch, chunk);
    }
    for (const [batch, items] of byBatch) void settle(batch, items, batches);
  };

  return {
    id: normal.id,
    ...(normal.describeError ? { describeError: normal.describeError } : {}),
    complete(request) {
      if (request.purpose !== 'judge') return normal.complete(request);
      return new Promise<CompletionResult>((resolve, reject) => {
        const customId = customIdOf(normal.id, request);
        const item = waiting.get(customId) ?? { customId, request, waiters: [] };
        item.waiters.push({ resolve, reject });
        waiting.set(customId, item);
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void flush(), gatherMs);
      });
    },
  };
}
