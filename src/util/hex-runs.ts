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
const TOKEN_IN_RUN = new RegExp(TOKEN, 'gi');

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
    if (run[0].length < minBytes * 2) continue;
    const from = new Int32Array(Math.ceil(run[0].length / 2));
    const to = new Int32Array(from.length);
    let bytes = '';
    for (const token of run[0].matchAll(TOKEN_IN_RUN)) {
      const start = run.index + token.index;
      const digits = token[0].replace(/^(?:0x|\\x)/i, '');
      for (let i = 0; i < digits.length; i += 2) {
        from[bytes.length] = start;
        to[bytes.length] = start + token[0].length;
        bytes += String.fromCharCode(Number.parseInt(digits.slice(i, i + 2), 16));
      }
    }
    if (bytes.length >= minBytes) runs.push({ bytes, from, to });
  }
  return runs;
}
