// The test doubles that are shell scripts name their files in single quotes, so any path (a temp folder under a
// TMPDIR with spaces or quotes in it) reaches sh as one word.

/** `text` as one word for sh: single-quoted, each quote inside closed, escaped and reopened. */
export function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
