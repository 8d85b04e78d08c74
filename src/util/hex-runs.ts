// Hex written byte by byte with something between the bytes, as dumps and debuggers print it: `73 6b 2d`,
// `73:6B:2D`, `73-6b-2d`, `\x73\x6b`, `0x73, 0x6b`, or in groups of up to four bytes (`736b 2d61`, `0x736b2d61`).
// Plain hex is matched as written; these shapes put a separator every two characters, so they are decoded to bytes
// here and searched like any other text.

/**
 * One token: 1-4 whole bytes, after `\x` or at the start of a word (`0x` allowed), ending a word. Word boundaries,
 * not lookarounds, so the scan of a reply without hex stays cheap.
 */
const TOKEN = String.raw`(?:\\x|\b(?:0x)?)(?:[0-9a-f]{2}){1,4}\b`;
/** What may stand between two tokens: up to three spaces or punctuation marks of a list or dump. */
const SEPARATOR = String.raw`[\s:;,.|-]{0,3}`;
const RUN = new RegExp(`${TOKEN}(?:${SEPARATOR}${TOKEN})+`, 'gi');

export interface HexRun {
  /** The decoded bytes, one character (U+0000-U+00FF) each. */
  bytes: string;
  /** Where the token that holds byte i starts and ends in the text. */
  from: Int32Array;
  to: Int32Array;
}

/** The runs of separated hex in `text` that decode to at least `minBytes` bytes. */
export function hexRuns(text: string, minBytes: number): HexRun[] {
  const runs: HexRun[] = [];
  for (const run of text.matchAll(RUN)) {
    if (run[0].length >= minBytes * 2) {
      const decoded = decodeRun(text, run.index, run.index + run[0].length);
      if (decoded.bytes.length >= minBytes) runs.push(decoded);
    }
  }
  return runs;
}

/**
 * The bytes of a run RUN matched in text[start, end): walked by hand, one pass and no allocation per byte, since a
 * reply may be a megabyte of dump. Separators are never hex digits, so every pair of digits is a byte.
 */
function decodeRun(text: string, start: number, end: number): HexRun {
  const units = new Uint16Array(Math.ceil((end - start) / 2));
  const from = new Int32Array(units.length);
  const to = new Int32Array(units.length);
  let n = 0;
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1) | 0x20;
    const prefixed = next === 0x78 && (code === 0x30 || code === 0x5c); // 0x or \x
    const first = prefixed ? i + 2 : i;
    let j = first;
    while (j < end && hexValue(text.charCodeAt(j)) >= 0) j += 1;
    if (j === first) {
      i += 1; // a separator
      continue;
    }
    for (let k = first; k + 1 < j; k += 2) {
      units[n] = hexValue(text.charCodeAt(k)) * 16 + hexValue(text.charCodeAt(k + 1));
      from[n] = i;
      to[n] = j;
      n += 1;
    }
    i = j;
  }
  return { bytes: UTF16.decode(units.subarray(0, n)), from, to };
}

const UTF16 = new TextDecoder('utf-16le');

/** 0-15 for a hex digit, -1 for anything else. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
