// suite.lock.json: the pinned understanding and scenarios, the evaluator models that wrote them, and a hash per
// input that shaped them. Checked on every read: a malformed lock is a one-line error with its key path.

import { z } from 'zod';
import { ideationSchema } from './ideation.ts';
import { understandingSchema } from './understanding.ts';

export const LOCK_FILE = 'suite.lock.json';
export const LOCK_FORMAT_VERSION = 1;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest');

export const suiteLockSchema = z.strictObject({
  format_version: z.literal(LOCK_FORMAT_VERSION),
  behavior: z.string().min(1),
  /** Identifies the pinned suite: its inputs' hashes and everything generated from them. */
  suite_hash: hex64,
  evaluator_models: z.strictObject({ understanding: z.string(), ideation: z.string() }),
  inputs: z.record(z.string(), hex64),
  understanding: understandingSchema,
  ideation: ideationSchema,
});

export type SuiteLock = z.output<typeof suiteLockSchema>;
