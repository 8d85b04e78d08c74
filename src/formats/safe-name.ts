// A behavior name becomes a folder of the results (<results>/<name>/) and a path inside the uploaded artifact, so it
// must be a plain file name on every system and valid in an artifact path: not `.` or `..`, no path separators,
// none of the characters Windows and the artifact service refuse, no control or invisible characters, and no
// space at either end.

export const SAFE_NAME =
  /^(?!\.\.?$)(?!\s)(?!.*\s$)[^/\\:?|"<>*\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]{1,128}$/u;

export const SAFE_NAME_RULE =
  'a name usable as a folder and an artifact path: 1 to 128 characters, not . or .., no space at either end, ' +
  'and none of / \\ : ? | " < > * or control or invisible characters';

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name);
}
