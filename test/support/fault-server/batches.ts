// The two batch APIs, server side, for the fault server: Anthropic Message Batches (POST /v1/messages/batches, GET
// .../{id}, .../{id}/results as JSONL, POST .../{id}/cancel) and OpenAI's Batch API (POST /v1/files multipart, POST
// /v1/batches, GET /v1/batches/{id}, GET /v1/files/{id}/content, POST /v1/batches/{id}/cancel). Each item is
// answered with the scripted provider's reply (its annotations ride in the item under the test-only switch); a
// batch ends after a set number of status checks, or never, and chosen items error or expire.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompletionResult } from '../../../src/models/types.ts';
import { BATCH_ANNOTATIONS_KEY } from '../../../src/models/wire-annotations.ts';
import { readAnnotations } from './annotations.ts';
import { fromAnthropicBody, toAnthropicMessageBody } from './anthropic-wire.ts';
import { fromOpenAIBody, toOpenAICompletionBody } from './openai-wire.ts';
import type { PromptCache } from './prompt-cache.ts';
import type { WireRequest } from './wire-request.ts';

export type ItemFate = 'errored' | 'expired';

export interface BatchBehavior {
  /** Status checks a batch answers "in progress" before it ends. Default 1. */
  checksUntilEnded?: number;
  /** Never ends by itself (a cancel ends it). */
  neverEnds?: boolean;
  /** Items that fail: by custom id and position in their batch. */
  fate?: (customId: string, index: number) => ItemFate | undefined;
}

export interface BatchRecord {
  format: 'anthropic' | 'openai';
  id: string;
  /** Each item's custom id and decoded request, as submitted. */
  items: { customId: string; body: Record<string, unknown>; purpose: string }[];
  checks: number;
  cancelled: boolean;
}

type Outcome = { customId: string; fate: ItemFate | 'succeeded'; reply?: Record<string, unknown> };

interface Batch extends BatchRecord {
  outcomes: Outcome[];
  createdAt: number;
}

type Replier = (request: WireRequest & ReturnType<typeof readAnnotations>) => Promise<CompletionResult>;

export interface BatchEndpoints {
  /** Answers a batch route; false when the path is not one. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, url: string): Promise<boolean>;
  readonly batches: BatchRecord[];
  setBehavior(behavior: BatchBehavior): void;
}

/** `promptCache`: Anthropic items are billed against it as single requests are. */
export function batchEndpoints(reply: Replier, promptCache?: PromptCache): BatchEndpoints {
  const batches: Batch[] = [];
  const files = new Map<string, string>();
  let behavior: BatchBehavior = {};
  let fileCount = 0;

  const ended = (batch: Batch) =>
    batch.cancelled || (!behavior.neverEnds && batch.checks > (behavior.checksUntilEnded ?? 1));

  async function outcomesOf(
    format: Batch['format'],
    items: { customId: string; body: Record<string, unknown>; annotations: unknown }[],
  ): Promise<Outcome[]> {
    return Promise.all(
      items.map(async (item, index): Promise<Outcome> => {
        const fate = behavior.fate?.(item.customId, index);
        if (fate) return { customId: item.customId, fate };
        const wire = format === 'anthropic' ? fromAnthropicBody(item.body) : fromOpenAIBody(item.body);
        const annotations = readAnnotations((item.annotations ?? {}) as Record<string, string>);
        const result = await reply({ ...wire, ...annotations });
        const body =
          format === 'anthropic'
            ? toAnthropicMessageBody(
                wire.model,
                result,
                promptCache?.account(item.body, result.usage.inputTokens),
              )
            : toOpenAICompletionBody(wire.model, result);
        return { customId: item.customId, fate: 'succeeded', reply: body };
      }),
    );
  }

  async function create(
    format: Batch['format'],
    items: { customId: string; body: Record<string, unknown>; annotations: unknown }[],
  ): Promise<Batch> {
    const id = format === 'anthropic' ? `msgbatch_${batches.length + 1}` : `batch_${batches.length + 1}`;
    const batch: Batch = {
      format,
      id,
      items: items.map((item) => ({
        customId: item.customId,
        body: item.body,
        purpose: String((item.annotations as Record<string, string> | undefined)?.['x-bloom-purpose'] ?? ''),
      })),
      checks: 0,
      cancelled: false,
      outcomes: await outcomesOf(format, items),
      createdAt: Math.floor(Date.now() / 1000),
    };
    batches.push(batch);
    return batch;
  }

  const anthropicBatch = (batch: Batch, url: string) => {
    const done = ended(batch);
    const count = (fate: string) =>
      done ? batch.outcomes.filter((o) => resultType(batch, o) === fate).length : 0;
    const iso = new Date(batch.createdAt * 1000).toISOString();
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: done ? 'ended' : batch.cancelled ? 'canceling' : 'in_progress',
      request_counts: {
        processing: done ? 0 : batch.outcomes.length,
        succeeded: count('succeeded'),
        errored: count('errored'),
        canceled: count('canceled'),
        expired: count('expired'),
      },
      created_at: iso,
      expires_at: iso,
      ended_at: done ? iso : null,
      archived_at: null,
      cancel_initiated_at: batch.cancelled ? iso : null,
      results_url: done ? `${url}/v1/messages/batches/${batch.id}/results` : null,
    };
  };

  const openaiBatch = (batch: Batch) => {
    const done = ended(batch);
    const failed = batch.outcomes.filter((o) => o.fate !== 'succeeded').length;
    return {
      id: batch.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      input_file_id: `file-in-${batch.id}`,
      completion_window: '24h',
      status: batch.cancelled ? 'cancelled' : done ? 'completed' : 'in_progress',
      output_file_id: done && !batch.cancelled ? `file-out-${batch.id}` : null,
      error_file_id: done && !batch.cancelled && failed > 0 ? `file-err-${batch.id}` : null,
      created_at: batch.createdAt,
      expires_at: batch.createdAt + 86_400,
      request_counts: {
        total: batch.outcomes.length,
        completed: done ? batch.outcomes.length - failed : 0,
        failed: done ? failed : 0,
      },
      metadata: null,
    };
  };

  /** The output or error file of a finished OpenAI batch, as JSONL. */
  const openaiFile = (batch: Batch, errors: boolean): string =>
    batch.outcomes
      .filter((o) => (o.fate !== 'succeeded') === errors)
      .map((o) =>
        JSON.stringify(
          o.fate === 'succeeded'
            ? {
                id: `req_${o.customId}`,
                custom_id: o.customId,
                response: { status_code: 200, body: o.reply },
                error: null,
              }
            : o.fate === 'errored'
              ? {
                  id: `req_${o.customId}`,
                  custom_id: o.customId,
                  response: {
                    status_code: 400,
                    body: { error: { message: 'batch-server: errored item', type: 'invalid_request_error' } },
                  },
                  error: null,
                }
              : {
                  id: `req_${o.customId}`,
                  custom_id: o.customId,
                  response: null,
                  error: {
                    code: 'batch_expired',
                    message: 'This request could not be executed before the window expired.',
                  },
                },
        ),
      )
      .map((line) => `${line}\n`)
      .join('');

  const find = (id: string | undefined) => batches.find((b) => b.id === id);

  return {
    batches,
    setBehavior(next) {
      behavior = next;
    },
    async handle(req, res, path, url) {
      const anthropic = /\/v1\/messages\/batches(?:\/([\w-]+))?(?:\/(results|cancel))?$/.exec(path);
      const openaiBatches = /\/v1\/batches(?:\/([\w-]+))?(?:\/(cancel))?$/.exec(path);
      const openaiFiles = /\/v1\/files(?:\/([\w-]+)\/content)?$/.exec(path);
      if (!anthropic && !openaiBatches && !openaiFiles) return false;
      const text = await readBody(req);
      if (anthropic) {
        const [, id, action] = anthropic;
        if (req.method === 'POST' && !id) {
          const body = JSON.parse(text.toString('utf8')) as { requests: Record<string, unknown>[] };
          const batch = await create(
            'anthropic',
            body.requests.map((r) => ({
              customId: String(r.custom_id),
              body: r.params as Record<string, unknown>,
              annotations: r[BATCH_ANNOTATIONS_KEY],
            })),
          );
          return sendJson(res, 200, anthropicBatch(batch, url));
        }
        const batch = find(id);
        if (!batch)
          return sendJson(res, 404, {
            type: 'error',
            error: { type: 'not_found_error', message: 'no batch' },
          });
        if (action === 'cancel') batch.cancelled = true;
        else if (action === 'results') {
          const lines = batch.outcomes.map((o) => {
            const type = resultType(batch, o);
            const result =
              type === 'succeeded'
                ? { type, message: o.reply }
                : type === 'errored'
                  ? {
                      type,
                      error: {
                        type: 'error',
                        error: { type: 'invalid_request_error', message: 'batch-server: errored item' },
                      },
                    }
                  : { type };
            return `${JSON.stringify({ custom_id: o.customId, result })}\n`;
          });
          res.writeHead(200, { 'content-type': 'application/binary' });
          res.end(lines.join(''));
          return true;
        } else batch.checks++;
        return sendJson(res, 200, anthropicBatch(batch, url));
      }
      if (openaiFiles) {
        const [, fileId] = openaiFiles;
        if (req.method === 'POST' && !fileId) {
          const form = await new Response(new Uint8Array(text), {
            headers: { 'content-type': String(req.headers['content-type'] ?? '') },
          }).formData();
          const file = form.get('file');
          const content = typeof file === 'string' ? file : await (file as Blob).text();
          const id = `file-${++fileCount}`;
          files.set(id, content);
          return sendJson(res, 200, {
            id,
            object: 'file',
            bytes: content.length,
            created_at: Math.floor(Date.now() / 1000),
            filename: 'upload.jsonl',
            purpose: 'batch',
            status: 'processed',
          });
        }
        const [, kind, batchId] = /^file-(out|err)-(.+)$/.exec(fileId ?? '') ?? [];
        const batch = find(batchId);
        if (!batch)
          return sendJson(res, 404, { error: { message: 'no file', type: 'invalid_request_error' } });
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(openaiFile(batch, kind === 'err'));
        return true;
      }
      const [, id, action] = openaiBatches ?? [];
      if (req.method === 'POST' && !id) {
        const body = JSON.parse(text.toString('utf8')) as { input_file_id: string };
        const lines = (files.get(body.input_file_id) ?? '').split('\n').filter((line) => line.trim());
        const items = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        const batch = await create(
          'openai',
          items.map((item) => ({
            customId: String(item.custom_id),
            body: item.body as Record<string, unknown>,
            annotations: item[BATCH_ANNOTATIONS_KEY],
          })),
        );
        return sendJson(res, 200, openaiBatch(batch));
      }
      const batch = find(id);
      if (!batch)
        return sendJson(res, 404, { error: { message: 'no batch', type: 'invalid_request_error' } });
      if (action === 'cancel') batch.cancelled = true;
      else batch.checks++;
      return sendJson(res, 200, openaiBatch(batch));
    },
  };
}

/** An item's result type once its batch ended: a cancelled batch's items that had not failed are canceled. */
function resultType(batch: Batch, outcome: Outcome): string {
  if (batch.cancelled && outcome.fate === 'succeeded') return 'canceled';
  return outcome.fate;
}

function sendJson(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
