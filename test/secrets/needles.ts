// What "a secret appears" means for the secrets tests: the value as written, its random tail alone (a partial
// leak), and its base64 (standard and URL alphabets, at each of the three byte offsets it can sit at inside a
// longer encoded blob), base32 (at each of its five byte offsets, in both cases), hex (plain and with separators
// between bytes) and URL-encoded forms, and as tools retell it (case changed, reversed, escaped). And every file
// under a folder, byte for byte.

import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
// Checked against RFC 4648's test vectors in test/util/redact.test.ts.
import { base32 } from '../../src/util/encoded-cores.ts';
import { escapeRegExp } from '../../src/util/regexp.ts';

export interface Needle {
  name: string;
  text: string;
}

/** The characters that encode `bytes` alone when they start at byte `offset` of a longer blob. */
function core(bytes: Buffer, offset: number, encoding: 'base64' | 'base64url' | 'base32'): string {
  const blob = Buffer.concat([Buffer.alloc(offset), bytes]);
  const text = encoding === 'base32' ? base32(blob) : blob.toString(encoding).replace(/=+$/, '');
  const bits = encoding === 'base32' ? 5 : 6;
  return text.slice(Math.ceil((offset * 8) / bits), Math.floor(((offset + bytes.length) * 8) / bits));
}

/** Hex with something between the bytes, as dumps, debuggers and C sources print it. */
function separatedHex(bytes: Buffer): [string, string][] {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
  return [
    ['hex with spaces', hex.join(' ')],
    ['HEX with colons', hex.join(':').toUpperCase()],
    ['hex with dashes', hex.join('-')],
    ['\\x escapes', hex.map((h) => `\\x${h}`).join('')],
    ['0x list', hex.map((h) => `0x${h}`).join(', ')],
  ];
}

/** The ways tools retell a value (ASCII only, so they are found in files read as latin1 too). */
function retellings(secret: string): [string, string][] {
  const chars = [...secret];
  const code = (c: string) => c.charCodeAt(0);
  return [
    ['upper case', secret.toUpperCase()],
    ['lower case', secret.toLowerCase()],
    ['reversed', chars.toReversed().join('')],
    ['\\u escapes', chars.map((c) => `\\u${code(c).toString(16).padStart(4, '0')}`).join('')],
    ['HTML references', chars.map((c) => `&#${code(c)};`).join('')],
    ['percent-encoded bytes', chars.map((c) => `%${code(c).toString(16).padStart(2, '0')}`).join('')],
  ];
}

export function needlesOf(secrets: Record<string, string>, tailLength = 16): Needle[] {
  return Object.entries(secrets).flatMap(([name, secret]) => {
    const bytes = Buffer.from(secret);
    return [
      { name, text: secret },
      { name: `${name} (tail)`, text: secret.slice(-tailLength) },
      { name: `${name} (base64)`, text: bytes.toString('base64').replace(/=+$/, '') },
      { name: `${name} (base64url)`, text: bytes.toString('base64url') },
      ...[0, 1, 2].flatMap((offset) => [
        { name: `${name} (base64 at offset ${offset})`, text: core(bytes, offset, 'base64') },
        { name: `${name} (base64url at offset ${offset})`, text: core(bytes, offset, 'base64url') },
      ]),
      ...[0, 1, 2, 3, 4].flatMap((offset) => {
        const text = core(bytes, offset, 'base32');
        return [
          { name: `${name} (base32 at offset ${offset})`, text },
          { name: `${name} (base32 lower case at offset ${offset})`, text: text.toLowerCase() },
        ];
      }),
      { name: `${name} (hex)`, text: bytes.toString('hex') },
      ...separatedHex(bytes).map(([how, text]) => ({ name: `${name} (${how})`, text })),
      { name: `${name} (URL-encoded)`, text: encodeURIComponent(secret) },
      ...retellings(secret).map(([how, text]) => ({ name: `${name} (${how})`, text })),
    ];
  });
}

/**
 * Every file under `dir`, as latin1 text (so binary files are searched byte for byte too). Listed asynchronously
 * (links to folders not followed), read synchronously: see test/faults/results.ts.
 */
export async function filesUnder(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return files.map((path) => ({ path, text: readFileSync(path).toString('latin1') }));
}

/** "<needle> in <where>" for each needle found in each text. */
export function leaks(
  texts: readonly { path: string; text: string }[],
  needles: readonly Needle[],
): string[] {
  if (needles.length === 0) return [];
  // One pass of an alternation of every needle finds the texts that hold any (megabytes of dumps, hundreds of
  // needles: several times quicker than a search per needle); only those are searched needle by needle, to name
  // what was found.
  const any = new RegExp(needles.map((needle) => escapeRegExp(needle.text)).join('|'));
  const holding = texts.filter(({ text }) => any.test(text));
  return needles.flatMap((needle) =>
    holding.filter(({ text }) => text.includes(needle.text)).map(({ path }) => `${needle.name} in ${path}`),
  );
}
