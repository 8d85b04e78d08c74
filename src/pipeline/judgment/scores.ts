// Reading a 1-10 score out of a judge reply. Judges write "7", "7/10", "7 out of 10" or "Score: 7"
// inside the tag; some drop the tags and write "behavior_presence_score: 7". Anything else is no score.

import { escapeRegExp } from '../../util/regexp.ts';
import { findTag } from '../tags.ts';

const IN_TAG = /^\s*(?:score\s*[:=]?\s*)?(\d+(?:\.\d+)?)\s*(?:(?:\/|out of)\s*10)?(?:\s|[.,;:)-]|$)/i;

function inRange(value: number): number | undefined {
  return value >= 1 && value <= 10 ? value : undefined;
}

/** The score in <tag>...</tag>, else in a bare "tag: N" line; undefined when absent or outside 1-10. */
export function readScore(text: string, tag: string): number | undefined {
  const body = findTag(text, tag);
  if (body !== undefined) {
    const m = IN_TAG.exec(body);
    return m ? inRange(Number(m[1])) : undefined;
  }
  // Words may be separated by '_', '-' or spaces, and bolded ("**Behavior presence score:** 7").
  const loose = escapeRegExp(tag).replaceAll('_', '[_\\s-]?');
  const bare = new RegExp(`${loose}\\**\\s*[:=]\\s*\\**\\s*(\\d+(?:\\.\\d+)?)`, 'i').exec(text);
  return bare ? inRange(Number(bare[1])) : undefined;
}

/** The tag a quality's score is written in: unrealism -> unrealism_score. */
export function scoreTag(quality: string): string {
  return `${quality.replaceAll('-', '_')}_score`;
}

export const PRESENCE_TAG = 'behavior_presence_score';

export interface ScoreSet {
  presence: number | undefined;
  /** Keyed by quality key ('_' for '-'); undefined when the judge left it out. */
  qualities: Record<string, number | undefined>;
}

export function readScores(text: string, qualities: string[]): ScoreSet {
  const result: ScoreSet = { presence: readScore(text, PRESENCE_TAG), qualities: {} };
  for (const quality of qualities) {
    result.qualities[quality.replaceAll('-', '_')] = readScore(text, scoreTag(quality));
  }
  return result;
}
