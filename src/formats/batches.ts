// .bloom/batches.json: the provider batches a run's judgment was submitted as (`--batch`), written BEFORE the run
// waits on them, so a killed run resumes polling the same batches instead of paying for its judgments twice. Only
// ids: the provider's batch id and, per request, a hash of the request (never a prompt, a reply or a key).

import { z } from 'zod';
import { stampFields } from './stamps.ts';
import { isoTime } from './transcript.ts';

export const storedBatchSchema = z.strictObject({
  /** The provider's batch id ("msgbatch_...", "batch_..."). */
  id: z.string().regex(/^[\w-]{1,200}$/),
  provider: z.enum(['anthropic', 'openai']),
  /** Our model id the requests went to. */
  model: z.string().min(1),
  submitted_at: isoTime,
  /** Each request's custom id: a hash of the request, so the same request finds its batch again. */
  custom_ids: z.array(z.string().regex(/^[0-9a-f]{16,64}$/)),
  /** pending: submitted, results not yet read; ended: read; cancelled: given up at the time cap (fell back). */
  state: z.enum(['pending', 'ended', 'cancelled']),
});

export type StoredBatch = z.output<typeof storedBatchSchema>;

export const batchesFileSchema = z.strictObject({
  batches: z.array(storedBatchSchema),
  ...stampFields,
});

export type BatchesFile = z.output<typeof batchesFileSchema>;
