// history.jsonl: one line per behavior per baseline recorded, appended: the trend the report draws.

import { z } from 'zod';
import { hashSchema } from './baseline.ts';

const fraction = z.number().min(0).max(1);
const count = z.number().int().min(0);

export const historyEntrySchema = z.strictObject({
  time: z.iso.datetime(),
  commit: z.string().nullable(),
  target_id: z.string(),
  suite_hash: hashSchema,
  config_hash: hashSchema,
  behavior: z.string().min(1),
  n: count,
  elicited: count,
  rate: fraction,
  interval: z.tuple([fraction, fraction]),
});

export type HistoryEntry = z.output<typeof historyEntrySchema>;
