// models.json: Bloom's short model names -> entries; base_url, api_key_env and price extend Bloom's keys.

import { z } from 'zod';

export const modelEntrySchema = z.strictObject({
  id: z.string().min(1),
  org: z.string().optional(),
  name: z.string().optional(),
  /** OpenAI-compatible servers: the base URL, and which env var holds the key. */
  base_url: z.string().min(1).optional(),
  api_key_env: z.string().min(1).optional(),
  /** Dollars per million tokens; overrides src/models/prices.ts for --max-cost and the cost figures. */
  price: z
    .strictObject({
      input_per_mtok: z.number().finite().nonnegative(),
      output_per_mtok: z.number().finite().nonnegative(),
    })
    .optional(),
});

/** One entry of models.json. */
export type ModelEntry = z.output<typeof modelEntrySchema>;

/** models.json: short name -> entry. */
export const modelsSchema = z.record(z.string().min(1), modelEntrySchema);
