// The loaded, validated Bloom data folder: each file parsed with its schema in src/formats/, cross-checked, and the
// seed's era defaults filled in.

import type { ModelEntry } from '../formats/models.ts';
import type { ConfigurablePrompts } from '../formats/prompts.ts';
import type { Seed } from '../formats/seed.ts';
import type { ChatMessage } from '../models/types.ts';

export interface Example {
  /** File name as listed in seed.yaml behavior.examples (without directory). */
  name: string;
  /** The conversation, flattened from either example format. */
  messages: ChatMessage[];
}

/** How many scenarios ideation must produce, derived from either era of seed keys. */
export interface IdeationPlan {
  numBaseScenarios: number;
  /** Newer era: the dimension names; older era: []. */
  dimensions: string[];
  /** Older era: extra perturbed variants per base scenario (1/diversity - 1); newer era: dimensions.length. */
  variationsPerBase: number;
  /** numBaseScenarios x (1 + variationsPerBase). */
  totalEvals: number;
}

export interface BloomData {
  /** Absolute path of the data folder. */
  dir: string;
  seed: Seed;
  behaviors: Record<string, string>;
  models: Record<string, ModelEntry>;
  examples: Example[];
  prompts: ConfigurablePrompts;
  behaviorDescription: string;
  plan: IdeationPlan;
}
