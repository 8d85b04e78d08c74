// A fault-injecting model server for tests and benchmarks, on 127.0.0.1 at a random port. It speaks the Anthropic
// Messages API (POST .../v1/messages) and OpenAI chat completions (POST .../chat/completions) and answers every
// request with the scripted provider's reply, so a pipeline run through the real SDKs gives the scripted results.
// Faults are drawn per (request, attempt) from a seed: a retry of a faulted request meets a fresh draw, and the
// reply it finally gets is the same as if nothing had failed. Needs BLOOM_WIRE_ANNOTATIONS=1 in the client.

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { CompletionResult } from '../../../src/models/types.ts';
import { readAnnotations } from './annotations.ts';
import { anthropicErrorBody, fromAnthropicBody, toAnthropicMessageBody } from './anthropic-wire.ts';
import { type BatchBehavior, type BatchRecord, batchEndpoints } from './batches.ts';
import { unitDraw } from './draws.ts';
import {
  checkRates,
  chooseFault,
  FAULT_KINDS,
  type FaultKind,
  type FaultRates,
  type LatencySpec,
  latencyMs,
  serverErrorStatus,
} from './faults.ts';
import { fromOpenAIBody, openaiErrorBody, toOpenAICompletionBody } from './openai-wire.ts';
import { createPromptCache } from './prompt-cache.ts';
import { createReplier } from './scripted-replies.ts';
import { TokenBucket } from './token-bucket.ts';

export type { BatchBehavior, BatchRecord } from './batches.ts';
export type { FaultKind, FaultRates, LatencySpec } from './faults.ts';

export interface FaultServerOptions {
  /** Fixes every fault and latency draw. Default 1. */
  seed?: number;
  /** Before every answer except a stall. Default none. */
  latency?: LatencySpec;
  /** Each kind's share of attempts (sum at most 1). Default none. */
  faults?: FaultRates;
  /** Attempts of one request that may be faulted; later ones are clean, so bounded retries always finish. Default 3. */
  maxFaultsPerRequest?: number;
  /** Token bucket: over this many requests a second, answer 429 with retry-after = time until a token. */
  ratePerSecond?: number;
  /** Tokens the bucket banks. Default 1. */
  burst?: number;
  /** retry-after for injected rate_limit faults. Default 20 ms. */
  rateLimitRetryAfterMs?: number;
  /** A stall ends with a reset after this long, if the client has not given up first. Default 30 s. */
  stallMs?: number;
  /** Bill Anthropic requests' cache_control breakpoints as the API does (cache reads and writes in the usage). */
  promptCache?: boolean;
  /** Like a real model whose plan can only be guessed: every target reply gets this text appended, and every
   * count of tokens is this many times characters / 4 (another tokenizer). Defaults: none, 1. */
  longerTargetReplies?: string;
  tokenScale?: number;
  /** Sees every model request the server answers (the bench replays them to measure the SDKs alone). */
  onRequest?: (request: RecordedModelRequest) => void;
}

export interface RecordedModelRequest {
  format: 'anthropic' | 'openai';
  body: Record<string, unknown>;
  /** The x-bloom-* annotation headers, as sent. */
  headers: Record<string, string>;
}

export interface FaultServerStats {
  /** Model requests received (every attempt). */
  requests: number;
  /** Answered 200 with a whole reply. */
  ok: number;
  /** 429s from the token bucket. */
  throttled: number;
  /** Injected faults by kind. */
  faults: Record<FaultKind, number>;
  /** Scripted replies that were errors by design (e.g. the scripted target's `fail` option). */
  scriptedErrors: number;
  inFlight: number;
  peakConcurrency: number;
  byPurpose: Record<string, number>;
}

export interface FaultServer {
  /** e.g. "http://127.0.0.1:43123": the Anthropic base URL. */
  readonly url: string;
  /** `${url}/v1`: the OpenAI base URL. */
  readonly openaiURL: string;
  stats(): FaultServerStats;
  /** Every batch submitted to the batch endpoints, in order. */
  readonly batches: BatchRecord[];
  /** How batches behave from now on: when they end, which items fail. */
  setBatchBehavior(behavior: BatchBehavior): void;
  /** Zeroes the counters (the peak restarts from what is in flight now). */
  resetStats(): void;
  /** From now on, add `points` to every judge's presence score (clamped to 1-10): a judge model that a provider
   * changed under the same id. 0 turns it off. */
  setJudgeShift(points: number): void;
  close(): Promise<void>;
}

type Format = 'anthropic' | 'openai';

function formatOf(path: string): Format | undefined {
  if (path.endsWith('/v1/messages')) return 'anthropic';
  if (path.endsWith('/chat/completions')) return 'openai';
  return undefined;
}

function emptyStats(inFlight: number): FaultServerStats {
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  return {
    requests: 0,
    ok: 0,
    throttled: 0,
    faults,
    scriptedErrors: 0,
    inFlight,
    peakConcurrency: inFlight,
    byPurpose: {},
  };
}

/** Options of a server whose cost a plan can only guess: target replies 300 tokens longer than the offline
 * stand-ins', every count 1.5 x characters / 4. */
export const LIKE_A_REAL_MODEL: FaultServerOptions = {
  longerTargetReplies: ` ${'and so on. '.repeat(109)}`,
  tokenScale: 1.5,
};

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const seed = options.seed ?? 1;
  const rates = options.faults ?? {};
  checkRates(rates);
  const maxFaults = options.maxFaultsPerRequest ?? 3;
  const latency = options.latency ?? { kind: 'none' };
  const bucket = options.ratePerSecond
    ? new TokenBucket(options.ratePerSecond, options.burst ?? 1)
    : undefined;
  const reply = createReplier();
  const promptCache = options.promptCache ? createPromptCache() : undefined;
  // Batch items are answered by the same judge as single calls: shifted too (and like a real model, when asked).
  const batchApi = batchEndpoints(
    async (request) =>
      likeARealModel(
        shiftJudge(await reply(request), request.purpose ?? '', judgeShift),
        request.purpose ?? '',
        options,
      ),
    promptCache,
  );
  let baseUrl = '';
  /** How many attempts of each request (by content) have been answered: the attempt number of the next. */
  const attemptsSeen = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stats = emptyStats(0);
  let inFlight = 0;
  let judgeShift = 0;

  const server: Server = createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, {}, { error: { type: 'api_error', message: String(error) } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  /** Resolves after `ms`, or as soon as the response closes (the client gave up). */
  const wait = (ms: number, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || res.destroyed) return resolve();
      const done = () => {
        clearTimeout(timer);
        timers.delete(timer);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timers.add(timer);
      res.on('close', done);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (await batchApi.handle(req, res, path, baseUrl)) return;
    const format = formatOf(path);
    if (req.method !== 'POST' || !format) {
      await readBody(req);
      sendJson(res, 404, {}, { error: { type: 'not_found_error', message: `no route ${path}` } });
      return;
    }
    // In flight from the first byte to the close, so the peak is what the client actually had open.
    stats.requests++;
    inFlight++;
    stats.peakConcurrency = Math.max(stats.peakConcurrency, inFlight);
    res.on('close', () => inFlight--);
    const text = await readBody(req);

    const errorBody = format === 'anthropic' ? anthropicErrorBody : openaiErrorBody;
    const throttle = bucket?.take();
    if (throttle && !throttle.ok) {
      stats.throttled++;
      sendJson(res, 429, retryAfter(throttle.waitMs), errorBody(429, 'fault-server: over the rate limit'));
      return;
    }

    const body = JSON.parse(text) as Record<string, unknown>;
    const annotations = readAnnotations(req.headers);
    options.onRequest?.({ format, body, headers: annotationHeadersOf(req.headers) });
    stats.byPurpose[annotations.purpose] = (stats.byPurpose[annotations.purpose] ?? 0) + 1;
    const key = createHash('sha256')
      .update(JSON.stringify([path, annotations, body]))
      .digest('hex');
    const attempt = attemptsSeen.get(key) ?? 0;
    attemptsSeen.set(key, attempt + 1);
    const fault = attempt < maxFaults ? chooseFault(rates, unitDraw(seed, key, attempt, 'fault')) : undefined;
    if (fault) stats.faults[fault]++;

    if (fault === 'stall') {
      // Hold the request open; the client's timeout ends it, or the reset after stallMs does.
      await wait(options.stallMs ?? 30_000, res);
      req.socket.destroy();
      return;
    }
    await wait(
      latencyMs(latency, unitDraw(seed, key, attempt, 'latency1'), unitDraw(seed, key, attempt, 'latency2')),
      res,
    );
    if (res.destroyed) return;

    switch (fault) {
      case 'server_error': {
        const status = serverErrorStatus(unitDraw(seed, key, attempt, 'status'));
        sendJson(res, status, {}, errorBody(status, 'fault-server: injected server error'));
        return;
      }
      case 'rate_limit':
        sendJson(
          res,
          429,
          retryAfter(options.rateLimitRetryAfterMs ?? 20),
          errorBody(429, 'fault-server: injected 429'),
        );
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "fault-server", "content": [ this is not json');
        return;
    }

    const wire = format === 'anthropic' ? fromAnthropicBody(body) : fromOpenAIBody(body);
    let answer: Record<string, unknown>;
    try {
      const result = likeARealModel(
        shiftJudge(await reply({ ...wire, ...annotations }), annotations.purpose, judgeShift),
        annotations.purpose,
        options,
      );
      answer =
        format === 'anthropic'
          ? toAnthropicMessageBody(wire.model, result, promptCache?.account(body, result.usage.inputTokens))
          : toOpenAICompletionBody(
              wire.model,
              result,
              promptCache?.automatic(body, result.usage.inputTokens),
            );
    } catch (error) {
      stats.scriptedErrors++;
      const status = (error as { status?: unknown }).status;
      const code = typeof status === 'number' ? status : 500;
      sendJson(res, code, {}, errorBody(code, error instanceof Error ? error.message : String(error)));
      return;
    }
    if (fault === 'truncate') {
      const whole = JSON.stringify(answer);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(whole)),
      });
      res.write(whole.slice(0, Math.floor(whole.length / 2)));
      // Let the partial body reach the client before cutting the connection.
      await wait(10, res);
      req.socket.destroy();
      return;
    }
    stats.ok++;
    sendJson(res, 200, {}, answer);
  }

  await listen(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  baseUrl = url;
  return {
    url,
    openaiURL: `${url}/v1`,
    stats: () => ({ ...structuredClone(stats), inFlight }),
    batches: batchApi.batches,
    setBatchBehavior: (behavior) => batchApi.setBehavior(behavior),
    resetStats: () => {
      stats = emptyStats(inFlight);
    },
    setJudgeShift: (points) => {
      judgeShift = points;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A judge reply with its presence score moved by `points`; other replies as they are. */
function shiftJudge(result: CompletionResult, purpose: string, points: number): CompletionResult {
  if (points === 0 || purpose !== 'judge') return result;
  const content = result.message.content.replace(
    /<behavior_presence_score>(\d+)<\/behavior_presence_score>/g,
    (_, score: string) =>
      `<behavior_presence_score>${Math.min(10, Math.max(1, Number(score) + points))}</behavior_presence_score>`,
  );
  return { ...result, message: { ...result.message, content } };
}

function likeARealModel(
  result: CompletionResult,
  purpose: string,
  options: Pick<FaultServerOptions, 'longerTargetReplies' | 'tokenScale'>,
): CompletionResult {
  const suffix = purpose === 'target' ? (options.longerTargetReplies ?? '') : '';
  const scale = options.tokenScale ?? 1;
  if (!suffix && scale === 1) return result;
  const outputTokens = result.usage.outputTokens + Math.ceil(suffix.length / 4);
  return {
    ...result,
    message: { ...result.message, content: result.message.content + suffix },
    usage: {
      ...result.usage,
      inputTokens: Math.round(result.usage.inputTokens * scale),
      outputTokens: Math.round(outputTokens * scale),
    },
  };
}

/** Both forms: OpenAI's retry-after-ms, and retry-after in (fractional) seconds. */
function retryAfter(ms: number): Record<string, string> {
  return { 'retry-after-ms': String(ms), 'retry-after': (ms / 1000).toFixed(3) };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function sendJson(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function annotationHeadersOf(headers: IncomingMessage['headers']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      (entry): entry is [string, string] => entry[0].startsWith('x-bloom-') && typeof entry[1] === 'string',
    ),
  );
}
