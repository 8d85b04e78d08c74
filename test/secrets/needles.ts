// What "a secret appears" means for the secrets tests: the value as written, its random tail alone (a partial
// leak), and its base64 (standard and URL alphabets, at each of the three byte offsets it can sit at inside a
// longer encoded blob), hex and URL-encoded forms, and as tools retell it (case changed, reversed, escaped). And every file under a folder, byte for byte.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Needle {
  name: string;
  text: string;
}

/** The base64 characters that encode `bytes` alone when they start at byte `offset` of a longer blob. */
function base64Core(bytes: Buffer, offset: number, encoding: 'base64' | 'base64url'): string {
  const text = Buffer.concat([Buffer.alloc(offset), bytes])
    .toString(encoding)
    .replace(/=+$/, '');
  return text.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
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
        { name: `${name} (base64 at offset ${offset})`, text: base64Core(bytes, offset, 'base64') },
        { name: `${name} (base64url at offset ${offset})`, text: base64Core(bytes, offset, 'base64url') },
      ]),
      { name: `${name} (hex)`, text: bytes.toString('hex') },
      { name: `${name} (URL-encoded)`, text: encodeURIComponent(secret) },
      ...retellings(secret).map(([how, text]) => ({ name: `${name} (${how})`, text })),
    ];
  });
}

/** Every file under `dir`, as latin1 text (so binary files are searched byte for byte too). */
export async function filesUnder(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (path) => ({ path, text: (await readFile(path)).toString('latin1') })));
}

/** "<needle> in <where>" for each needle found in each text. */
export function leaks(
  texts: readonly { path: string; text: string }[],
  needles: readonly Needle[],
): string[] {
  return needles.flatMap((needle) =>
    texts.filter(({ text }) => text.includes(needle.text)).map(({ path }) => `${needle.name} in ${path}`),
  );
}
