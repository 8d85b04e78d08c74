// Keeps secrets out of everything the tool writes or prints. A Redactor holds every secret value the run can see
// (provider keys, agent header values, the runner's tokens, URL credentials) and replaces each one, in the shapes
// text commonly re-encodes it in, with [redacted]: as written, JSON-escaped, HTML-escaped, URL-encoded, hex, and
// base64/base64url at any byte offset (so a secret inside a longer encoded blob, like `env | base64`, is found),
// base32 at any byte offset in either case, and hex with separators between its bytes (`73:6b`, `0x73, 0x6b`).
// Pieces of them too: any run of FRAGMENT_LENGTH characters of a secret or of its encoded forms (fragments.ts);
// for separated hex, FRAGMENT_LENGTH bytes.

import { encodedCores } from './encoded-cores.ts';
import { FRAGMENT_LENGTH, FragmentIndex } from './fragments.ts';
import { hexRuns } from './hex-runs.ts';
import { escapeHtml } from './html.ts';

export const REDACTED = '[redacted]';

/** Shorter values are not secrets worth the damage of replacing them everywhere (a key is far longer). */
export const MIN_SECRET_LENGTH = 4;
/** Encoded forms shorter than this could match ordinary text by chance. */
const MIN_FORM_LENGTH = 8;

export class Redactor {
  readonly #secrets = new Set<string>();
  /**
   * The forms the piece index cannot cover whole (shorter than a piece, or holding a quote or backslash), longest
   * first so a longer form is replaced before a shorter one inside it. Every other form is found by its pieces.
   */
  #forms: string[] = [];
  readonly #fragments = new FragmentIndex();
  /**
   * Pieces of each secret (as written, reversed, its base32 at each byte offset) as the decoded view sees them:
   * searched in the decoded view of the text and of each run of separated hex in it.
   */
  readonly #folded = new FragmentIndex();
  readonly #listeners: ((secret: string) => void)[] = [];

  constructor(secrets: Iterable<string> = []) {
    this.add(secrets);
  }

  /** Adds secrets (values shorter than MIN_SECRET_LENGTH are ignored); listeners hear each new one. */
  add(secrets: Iterable<string>): void {
    const added: string[] = [];
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH || this.#secrets.has(secret)) continue;
      this.#secrets.add(secret);
      added.push(secret);
    }
    if (added.length === 0) return;
    const forms = new Set(this.#forms);
    for (const secret of added) {
      for (const form of formsOf(secret)) {
        if (form.length < FRAGMENT_LENGTH || /["\\]/.test(form)) forms.add(form);
        else this.#fragments.add(form);
      }
    }
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
    for (const secret of added) for (const form of foldedFormsOf(secret)) this.#folded.add(form);
    for (const secret of added) for (const listener of this.#listeners) listener(secret);
  }

  /** Calls `listener` for every secret known now and every one added later (the action masks each in the log). */
  onAdd(listener: (secret: string) => void): void {
    for (const secret of this.#secrets) listener(secret);
    this.#listeners.push(listener);
  }

  get secrets(): readonly string[] {
    return [...this.#secrets];
  }

  redact(text: string): string {
    if (this.#secrets.size === 0) return text;
    let out = text;
    for (const form of this.#forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    // What a tool may have done to a secret on its way out: its case changed, each character escaped, spaces or
    // invisible characters put between its pieces. Found in a decoded, folded view, cut from the text itself.
    const view = decodedView(out);
    const found = this.#folded.runs(view.text);
    out = cutRuns(
      out,
      found.map(([start, end]) => [view.from[start] ?? 0, view.to[end - 1] ?? out.length]),
    );
    out = cutRuns(out, this.#hexRunsFound(out));
    return cutRuns(out, this.#fragments.runs(out));
  }

  /** Where pieces of a secret stand in `text` as separated hex (`73 6b 2d`), the whole byte tokens they span. */
  #hexRunsFound(text: string): [number, number][] {
    return hexRuns(text, FRAGMENT_LENGTH).flatMap((run) => {
      const view = decodedView(run.bytes);
      return this.#folded.runs(view.text).map(([start, end]): [number, number] => {
        const first = view.from[start] ?? 0;
        const last = (view.to[end - 1] ?? run.bytes.length) - 1;
        return [run.from[first] ?? 0, run.to[last] ?? text.length];
      });
    });
  }

  /** The same value with every string in it (object keys too) redacted; a value without secrets is returned as is. */
  redactDeep<T>(value: T): T {
    if (this.#secrets.size === 0) return value;
    return deep(value, (text) => this.redact(text)) as T;
  }
}

/** `text` with each [start, end) run replaced by REDACTED (runs in order; one that overlaps the last extends it). */
function cutRuns(text: string, runs: readonly (readonly [number, number])[]): string {
  if (runs.length === 0) return text;
  let cut = '';
  let from = 0;
  for (const [start, end] of runs) {
    if (start < from) {
      from = Math.max(from, end);
      continue;
    }
    cut += `${text.slice(from, start)}${REDACTED}`;
    from = end;
  }
  return cut + text.slice(from);
}

/**
 * A secret as a tool may turn it round or re-encode it where case does not matter, seen as the decoded view sees
 * text (folded, no separators): as written, reversed, its UTF-8 bytes one character each (as separated hex
 * decodes), and its base32 at each of the five byte offsets (base32 is written in either case, often in groups).
 */
function foldedFormsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [
    secret,
    [...secret].reverse().join(''),
    bytes.toString('latin1'),
    ...encodedCores(bytes, 'base32'),
  ];
  return [...new Set(forms)].map((form) => decodedView(form).text);
}

// Escapes that spell one character: %2f, \\u002f, \\x2f, &#47;, &#x2f;, and \\/ (JSON's optional escape).
const ESCAPE =
  /^(?:%([0-9a-f]{2})|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})|&#x([0-9a-f]{1,6});|&#([0-9]{1,7});|\\(\/))/i;
// Beyond ASCII, characters that do not show or only separate: spaces and format characters (zero-width, bidi).
const WIDE_SEPARATOR = /[\s\p{Cf}]/u;

/**
 * The text with escapes decoded, separators dropped, full-width forms made ASCII and ASCII folded to lower case;
 * `from[i]` and `to[i]` are where the view's code unit i starts and ends in the text. One pass, no allocation per
 * character: it runs on every reply.
 */
function decodedView(text: string): { text: string; from: Int32Array; to: Int32Array } {
  const units = new Uint16Array(text.length);
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    let code = text.charCodeAt(i);
    let length = 1;
    if (code === 0x25 || code === 0x5c || code === 0x26) {
      const escaped = ESCAPE.exec(text.slice(i, i + 12));
      if (escaped) {
        const [whole, pct, u, x, hexEntity, decimal] = escaped;
        const hex = pct ?? u ?? x ?? hexEntity;
        const point =
          hex !== undefined ? Number.parseInt(hex, 16) : decimal !== undefined ? Number(decimal) : 0x2f;
        code = point > 0xffff ? 0xfffd : point;
        length = whole.length;
      }
    } else if (code <= 0x20 || (code > 0x7e && code < 0xff01) || code > 0xff5e) {
      if (code <= 0x20 || WIDE_SEPARATOR.test(text.charAt(i))) {
        i += 1;
        continue;
      }
    } else if (code >= 0xff01) code -= 0xfee0;
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    units[n] = code;
    from[n] = i;
    to[n] = i + length;
    n += 1;
    i += length;
  }
  return { text: UTF16.decode(units.subarray(0, n)), from, to };
}

const UTF16 = new TextDecoder('utf-16le');

function deep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => deep(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), deep(v, redact)]));
  }
  return value;
}

/** The secret and its common encodings. */
function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    escapeHtml(secret),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...encodedCores(bytes, 'base64'),
    ...encodedCores(bytes, 'base64url'),
  ];
  return [...new Set(forms)].filter((form) => form === secret || form.length >= MIN_FORM_LENGTH);
}
