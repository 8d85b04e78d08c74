// Finds pieces of secrets: every run of FRAGMENT_LENGTH characters of a secret (or of an encoded form of it) that
// shows up in a text. A whole-value match misses a secret that was cut: a stream that ended mid-value, a line cut
// to fit, an agent that prints only half of a token on purpose. A rolling hash over the text makes the scan one
// pass with no allocation per position, so it costs little on every reply.

/** Long enough that a random secret's piece never occurs in ordinary text by chance. */
export const FRAGMENT_LENGTH = 12;

const BASE = 0x01000193;
/** BASE ** (FRAGMENT_LENGTH - 1), modulo 2^32: what the character leaving the window contributed. */
const LEAVING = Array.from({ length: FRAGMENT_LENGTH - 1 }).reduce<number>(
  (p) => Math.imul(p, BASE) >>> 0,
  1,
);

function hashOf(text: string, start: number): number {
  let h = 0;
  for (let i = start; i < start + FRAGMENT_LENGTH; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) >>> 0;
  return h;
}

/** Bits of the quick filter: a hash whose bit is clear is surely no piece, so most positions skip the map. */
const FILTER_BITS = 1 << 20;

export class FragmentIndex {
  readonly #pieces = new Map<number, string[]>();
  readonly #filter = new Uint8Array(FILTER_BITS / 8);

  /**
   * Indexes every piece of `form`. Pieces holding `"` or `\` are left out: in JSON text they are escaped, and
   * cutting one out of an escape sequence could break the JSON around it (the whole form is still matched).
   */
  add(form: string): void {
    for (let i = 0; i + FRAGMENT_LENGTH <= form.length; i++) {
      const piece = form.slice(i, i + FRAGMENT_LENGTH);
      if (/["\\]/.test(piece)) continue;
      const h = hashOf(piece, 0);
      const bucket = this.#pieces.get(h);
      if (!bucket) this.#pieces.set(h, [piece]);
      else if (!bucket.includes(piece)) bucket.push(piece);
      const bit = h & (FILTER_BITS - 1);
      this.#filter[bit >>> 3] = (this.#filter[bit >>> 3] ?? 0) | (1 << (bit & 7));
    }
  }

  /** The [start, end) runs of `text` covered by indexed pieces, merged where they touch or overlap. */
  runs(text: string): [number, number][] {
    const runs: [number, number][] = [];
    if (this.#pieces.size === 0 || text.length < FRAGMENT_LENGTH) return runs;
    let h = hashOf(text, 0);
    for (let i = 0; ; i++) {
      const bit = h & (FILTER_BITS - 1);
      const maybe = ((this.#filter[bit >>> 3] ?? 0) & (1 << (bit & 7))) !== 0;
      if (maybe && this.#pieces.get(h)?.some((piece) => text.startsWith(piece, i))) {
        const last = runs.at(-1);
        if (last && i <= last[1]) last[1] = i + FRAGMENT_LENGTH;
        else runs.push([i, i + FRAGMENT_LENGTH]);
      }
      if (i + FRAGMENT_LENGTH >= text.length) return runs;
      const leaving = Math.imul(text.charCodeAt(i), LEAVING);
      h = (Math.imul((h - leaving) >>> 0, BASE) + text.charCodeAt(i + FRAGMENT_LENGTH)) >>> 0;
    }
  }
}
