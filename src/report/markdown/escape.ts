// Makes untrusted text (anything a model wrote) inert in GitHub markdown and in the Actions log: it cannot
// break a table, run HTML, ping a user or team, reference an issue or pull request (in any of GitHub's forms),
// link to an outside host, forge our comment marker, hide text with invisible or bidirectional characters, or
// start a workflow command. Every function bounds its output.

import { escapeHtml } from '../../util/html.ts';

/** What our own sticky-comment markers start with (`<!-- bloom-action: ... -->`); never allowed in model text. */
export const COMMENT_MARKER_KEYWORD = 'bloom-action:';

const ELLIPSIS = '…';

// Characters that render as nothing or reorder what is around them, so a reviewer does not read what is there:
// every format character (Cf: zero-width characters, bidirectional controls such as RLO/LRO and the isolates
// ("Trojan Source"), the BOM, the Unicode tag characters U+E0000-E007F that carry hidden ASCII) and every
// default-ignorable one (variation selectors, which can smuggle data too, Hangul fillers, ...). Only the text and
// emoji presentation selectors (U+FE0E, U+FE0F) stay, so "⚠️" keeps its look; alone they can carry nothing.
export const INVISIBLE = /[[\p{Cf}\p{Default_Ignorable_Code_Point}]--[\uFE0E\uFE0F]]/gv;
// Other C0/C1 controls except tab and newline; a stray \r or \x1b has no business in a report.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

// Literal U+200B in the raw body would be invisible to a reviewer; the entity is visible in the source and
// renders as nothing. This is what Renovate does for release notes; GitHub's mention and reference filters
// need the `@`/`#` directly followed by the name, so the break stops the ping and the cross-reference.
const ZERO_WIDTH_SPACE_ENTITY = '&#8203;';

/** Upper bound on how much of an input we ever look at: a 1 MB reply costs no more than a short one. */
function preSlice(text: string, maxLen: number): { text: string; cut: boolean } {
  const budget = maxLen * 4 + 64;
  return text.length > budget ? { text: text.slice(0, budget), cut: true } : { text, cut: false };
}

/** Removes `pattern` until none is left, so `<!<!---->--` cannot reassemble into `<!--`. */
function removeAll(text: string, pattern: RegExp): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(pattern, '');
  } while (current !== previous);
  return current;
}

/** Drops invisible/bidi/control characters, HTML comment delimiters and our marker keyword. */
export function stripHidden(text: string): string {
  const visible = text.replace(INVISIBLE, '').replace(CONTROL, '');
  return removeAll(visible, /<!--|--!?>|bloom-action:/gi);
}

/** The first `maxLen` code points (never half a surrogate pair), with `…` when something was cut. */
function truncate(text: string, maxLen: number, alreadyCut: boolean): string {
  const limit = Math.max(1, Math.floor(maxLen));
  // limit + 1 code points fit in 2 * limit + 2 UTF-16 units, enough to tell whether anything is cut.
  const points = Array.from(text.slice(0, limit * 2 + 2));
  if (points.length <= limit && !alreadyCut) return text;
  return `${points.slice(0, limit - 1).join('')}${ELLIPSIS}`;
}

// Markdown punctuation that could start emphasis, code spans, links, images, strikethrough or a table
// column. Backslash first so our own escapes are not doubled.
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]~|]/g, (ch) => `\\${ch}`);
}

// Inserted before escaping (so `&#39;` is never mistaken for `#39`), then turned into the entity. Safe as a
// placeholder because stripHidden already removed every U+200B the text had.
const BREAK = '\u200B';

/**
 * Nothing GitHub would turn into a ping, a cross-reference or a link: `@user` and `@org/team`; `#123`,
 * `owner/repo#123` and `GH-123`; bare URLs of any scheme (so no autolink to an outside host, and no full issue
 * or pull request URL becomes a reference), `www.` links, and `mailto:`/`xmpp:` autolinks. Markdown links and
 * images cannot form at all: their brackets are escaped.
 */
function breakReferences(text: string): string {
  return text
    .replace(/([@#])(?=[\p{L}\p{N}_])/gu, `$1${BREAK}`)
    .replace(/(gh)(?=-\d)/gi, `$1${BREAK}`)
    .replace(/(?=:\/\/)/g, BREAK)
    .replace(/(mailto|xmpp)(?=:)/gi, `$1${BREAK}`)
    .replace(/(www)(?=\.)/gi, `$1${BREAK}`);
}

/** One line of inert markdown text: references broken, HTML escaped, markdown punctuation escaped. */
function inertLine(text: string): string {
  return escapeMarkdown(escapeHtml(breakReferences(text))).replaceAll(BREAK, ZERO_WIDTH_SPACE_ENTITY);
}

function foldLines(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ');
}

/**
 * Text for a markdown table cell: one line, at most `maxLen` characters of the source (then `…`), with `|`
 * escaped so the row keeps its columns. The output may be longer than `maxLen` by its escapes (at most 8x).
 */
export function cell(text: string, maxLen = 200): string {
  const { text: head, cut } = preSlice(String(text), maxLen);
  return inertLine(truncate(foldLines(stripHidden(head)).trim(), maxLen, cut));
}

/**
 * Text inside a sentence, a list item or a heading: like a cell, plus an escaped leading block marker, so
 * `# x`, `> x`, `- x` or `1. x` stays text where it lands at the start of a line.
 */
export function inline(text: string, maxLen = 500): string {
  const escaped = cell(text, maxLen);
  return escaped.replace(/^[#+=-]/, (marker) => `\\${marker}`).replace(/^(\d+)([.)])/, '$1\\$2');
}

/** The longest run of backticks in `text` (a fence must be longer to contain it). */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * A longer quote (a transcript excerpt, a judge's highlight) folded in `<details>` as a code block: inside a
 * fence nothing renders, pings or links. The fence is longer than any backtick run in the text, so the text
 * cannot close it. `summary` is shown on the fold and is itself escaped.
 */
export function quoteBlock(text: string, maxLen = 2000, summary = 'Quoted model output'): string {
  const { text: head, cut } = preSlice(String(text), maxLen);
  const body = truncate(stripHidden(head).replace(LINE_BREAKS, '\n').trimEnd(), maxLen, cut);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return [
    `<details><summary>${cell(summary, 200)}</summary>`,
    '',
    `${fence}text`,
    body,
    fence,
    '',
    '</details>',
  ].join('\n');
}

/**
 * One line for the Actions log that runs no workflow command: newlines folded (each physical line is parsed
 * on its own), invisible and control characters dropped, and workflow commands broken (see
 * breakWorkflowCommands). Bounded to `maxLen` characters.
 */
export function safeLogLine(text: string, maxLen = 2000): string {
  const { text: head, cut } = preSlice(String(text), maxLen);
  const oneLine = truncate(foldLines(head.replace(INVISIBLE, '').replace(CONTROL, '')), maxLen, cut);
  return breakWorkflowCommands(oneLine);
}

/**
 * Text for the Actions log, any number of lines, that starts no workflow command: a `::` at the start of a line
 * is broken (the runner trims leading space before looking for it), and so is `##[` anywhere (the legacy parser
 * looks for it in the whole line). `atLineStart` says whether `text` begins a line (false for the rest of a line
 * already written).
 */
export function breakWorkflowCommands(text: string, atLineStart = true): string {
  const broken = text.replace(/##\[/g, '## [').replace(/(\n[ \t\r\v\f]*):(?=:)/g, '$1: ');
  return atLineStart ? broken.replace(/^([ \t\r\v\f]*):(?=:)/, '$1: ') : broken;
}
