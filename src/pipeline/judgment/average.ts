// Combining several judge samples of one transcript into its scores, the way Bloom does:
// the mean of the samples, rounded to a whole score with Python's round (ties to even).
// A quality no sample scored stays null (Bloom writes 0, which would read as a real score).

import type { JudgeSample } from '../../formats/judgment.ts';
import { pythonRoundInt } from '../../stats/round.ts';
import type { ScoreSet } from './scores.ts';

export interface AveragedScores {
  behavior_presence: number;
  qualities: Record<string, number | null>;
}

/** One individual_samples entry; qualities the sample left out are omitted. */
export function toSample(index: number, scores: ScoreSet & { presence: number }): JudgeSample {
  const sample: JudgeSample = { sample_index: index, behavior_presence: scores.presence };
  for (const [key, value] of Object.entries(scores.qualities)) {
    if (value !== undefined) sample[key] = value;
  }
  return sample;
}

function roundedMean(values: number[]): number {
  return pythonRoundInt(values.reduce((sum, v) => sum + v, 0) / values.length);
}

/** Averages samples; qualityKeys lists every quality key expected, so missing ones come back null. */
export function averageSamples(samples: JudgeSample[], qualityKeys: string[]): AveragedScores {
  const qualities: Record<string, number | null> = {};
  for (const key of qualityKeys) {
    const values = samples.map((s) => s[key]).filter((v): v is number => typeof v === 'number');
    qualities[key] = values.length ? roundedMean(values) : null;
  }
  return { behavior_presence: roundedMean(samples.map((s) => s.behavior_presence)), qualities };
}
