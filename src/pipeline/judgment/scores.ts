// Reading a 1-10 score out of a judge reply. Judges write "7", "7/10", "7 out of 10" or "Score: 7"
// inside the tag; some drop the tags and write "behavior_presence_score: 7". Anything else is no score: a score
// on another scale ("8/100", "7 out of 100") is unscoreable, never read as if it were out of 10.

import { escapeRegExp } from '../../util/regexp.ts';
import { findTag } from '../tags.ts';

const NUMBER = '(\\d+(?:\\.\\d+)?)';
/** "/ 10" or "out of 10": the scale a score names. When one follows, it is always read (never skipped). */
const SCALE = `(?:\\s*(?:\\/|out\\s+of)\\s*${NUMBER}|(?!\\s*(?:\\/|out\\s+of)))`;
/** What may follow a score: a space, punctuation, the bold of markdown, or the end. */
const END = '(?:\\s|[.,;:)*-]|$)';
const IN_TAG = new RegExp(`^\\s*(?:score\\s*[:=]?\\s*)?${NUMBER}${SCALE}${END}`, 'i');

/** The score when it is on the 1-10 scale (no scale named, or 10 named); else undefined. */
function onScale(match: RegExpExecArray | null): number | undefined {
  if (!match) return undefined;
  const value = Number(match[1]);
  if (match[2] !== undefined && Number(match[2]) !== 10) return undefined;
  return value >= 1 && value <= 10 ? value : undefined;
}

/** The score in <tag>...</tag>, else in a bare "tag: N" line; undefined when absent or outside 1-10. */
export function readScore(text: string, tag: string): number | undefined {
  const body = findTag(text, tag);
  if (body !== undefined) return onScale(IN_TAG.exec(body));
  // Words may be separated by '_', '-' or spaces, and bolded ("**Behavior presence score:** 7").
  const loose = escapeRegExp(tag).replaceAll('_', '[_\\s-]?');
  return onScale(new RegExp(`${loose}\\**\\s*[:=]\\s*\\**\\s*${NUMBER}${SCALE}${END}`, 'i').exec(text));
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
