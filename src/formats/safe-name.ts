// A behavior name becomes a folder of the results (<results>/<name>/) and a path inside the uploaded artifact, so it
// must be a plain file name on every system and valid in an artifact path: not `.` or `..`, no path separators,
// none of the characters Windows and the artifact service refuse, no control or invisible characters, and no
// space at either end.

import { createHash } from 'node:crypto';

export const SAFE_NAME =
  /^(?!\.\.?$)(?!\s)(?!.*\s$)[^/\\:?|"<>*\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]{1,128}$/u;

export const SAFE_NAME_RULE =
  'a name usable as a folder and an artifact path: 1 to 128 characters, not . or .., no space at either end, ' +
  'and none of / \\ : ? | " < > * or control or invisible characters';

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name);
}

/** The longest slug kept whole; a longer text is cut and told apart by a hash of all of it. */
const SLUG_LENGTH = 80;

/**
 * A folder name for any text (a target's id, a URL): letters, digits, `.`, `_` and `-` only, so it is a safe
 * name on every system and in an artifact path. Different texts can give the same slug (`a/b` and `a?b`):
 * callers refuse such collisions.
 */
export function slugOf(text: string): string {
  const plain = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  if (plain !== '' && plain.length <= SLUG_LENGTH) return plain;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return plain === '' ? `target-${hash}` : `${plain.slice(0, SLUG_LENGTH - 13)}-${hash}`;
}
