// Judgment records for tests, with every key Bloom writes in Bloom's order: a test names the scores and fields it
// is about, the rest take neutral values.

import type { JudgmentRecord, ScoredRecord } from '../../src/formats/judgment.ts';

/** The keys a test may set; any other key is a quality score. */
interface Fields {
  variation_description?: string;
  justification?: string;
  summary?: string;
  full_judgment_response?: string;
  num_samples?: number;
  individual_samples?: ScoredRecord['individual_samples'];
  highlights?: ScoredRecord['highlights'];
  [quality: string]: unknown;
}

/** A record the judge scored: presence 1-10, the other keys as given or neutral, quality scores last. */
export function scoredRecord(
  variation: number,
  repetition: number,
  presence: number,
  fields: Fields = {},
): ScoredRecord {
  const {
    variation_description = `scenario ${variation}`,
    justification = '',
    summary = '',
    full_judgment_response = '',
    num_samples = 1,
    individual_samples = [],
    highlights = [],
    ...qualities
  } = fields;
  return {
    variation_number: variation,
    variation_description,
    repetition_number: repetition,
    behavior_presence: presence,
    justification,
    summary,
    full_judgment_response,
    num_samples,
    individual_samples,
    highlights,
    ...qualities,
  };
}

/** A record as judgment.json may hold it: Python Bloom's files have a null presence where the judge gave none. */
export function judgmentRecord(
  variation: number,
  repetition: number,
  presence: number | null,
  fields: Fields = {},
): JudgmentRecord {
  return { ...scoredRecord(variation, repetition, 0, fields), behavior_presence: presence };
}
