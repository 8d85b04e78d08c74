// models.json: Bloom's short model names -> entries; base_url, api_key_env and price extend Bloom's keys.

import { z } from 'zod';

const perMTok = z.number().finite().nonnegative();

export const modelEntrySchema = z.strictObject({
  id: z.string().min(1),
  org: z.string().optional(),
  name: z.string().optional(),
  /** OpenAI-compatible servers: the base URL, and which env var holds the key. */
  base_url: z.string().min(1).optional(),
  api_key_env: z.string().min(1).optional(),
  /**
   * Dollars per million tokens; overrides src/models/prices.ts for --max-cost and the cost figures. The cache and
   * batch prices are optional: absent, they keep the table's ratios to the input and output prices.
   */
  price: z
    .strictObject({
      input_per_mtok: perMTok,
      output_per_mtok: perMTok,
      /** Input read from the prompt cache. */
      cached_input_per_mtok: perMTok.optional(),
      /** Input written to the prompt cache (Anthropic's 5-minute cache). */
      cache_write_per_mtok: perMTok.optional(),
      /** Through the provider's batch API. */
      batch_input_per_mtok: perMTok.optional(),
      batch_output_per_mtok: perMTok.optional(),
    })
    .optional(),
});

/** One entry of models.json. */
export type ModelEntry = z.output<typeof modelEntrySchema>;

/** models.json: short name -> entry. */
export const modelsSchema = z.record(z.string().min(1), modelEntrySchema);
