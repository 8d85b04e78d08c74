// A large suite repeats long strings across its transcripts: every repetition of a variation carries the same
// evaluator prompt and system prompt. The viewer's data ships each such string once, in a table, and refers to
// it by index (page/strings.ts puts it back, sharing one string in memory). A string that itself begins with the
// marker gets the marker doubled, so no model output can pose as a reference.

const MARK = '\u0001';

export interface PackedStrings {
  table: string[];
  data: unknown;
}

function eachString(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) eachString(item, visit);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) eachString(v, visit);
}

function replaceStrings(value: unknown, replace: (s: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, replace)]));
  }
  return value;
}

/** Strings of at least `minLength` characters that occur more than once go to the table. */
export function packStrings(data: unknown, minLength = 64): PackedStrings {
  const seen = new Map<string, number>();
  eachString(data, (s) => {
    if (s.length >= minLength) seen.set(s, (seen.get(s) ?? 0) + 1);
  });
  const index = new Map<string, number>();
  const table: string[] = [];
  for (const [s, count] of seen) {
    if (count < 2) continue;
    index.set(s, table.length);
    table.push(s);
  }
  const packed = replaceStrings(data, (s) => {
    const at = index.get(s);
    if (at !== undefined) return `${MARK}${at}`;
    return s.startsWith(MARK) ? `${MARK}${s}` : s;
  });
  return { table, data: packed };
}
