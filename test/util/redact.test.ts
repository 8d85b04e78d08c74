// The Redactor finds a secret in every shape text commonly re-encodes it in, wherever it sits, and which values of
// an environment count as secrets.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32 } from '../../src/util/encoded-cores.ts';
import { envSecrets, isRunnerToken, isSecretName, urlSecrets } from '../../src/util/env-secrets.ts';
import { REDACTED, Redactor } from '../../src/util/redact.ts';

const SECRET = `ghs_${randomBytes(12).toString('hex')}`;
const TAIL = SECRET.slice(-12);

describe('Redactor', () => {
  const redactor = new Redactor([SECRET]);

  it.each([
    ['as written', (s: string) => `token=${s}.`],
    ['JSON-escaped', (s: string) => JSON.stringify({ v: `a"${s}` })],
    ['URL-encoded', (s: string) => `?t=${encodeURIComponent(`${s} x`)}`],
    ['hex', (s: string) => Buffer.from(`x${s}`).toString('hex')],
    ['HEX', (s: string) => Buffer.from(s).toString('hex').toUpperCase()],
  ])('removes the secret %s', (_shape, wrap) => {
    const out = redactor.redact(wrap(SECRET));
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(TAIL);
    expect(out).not.toContain(Buffer.from(TAIL).toString('hex'));
  });

  /** A secret with the characters tools escape (`/`, `+`, `=`) and both cases. */
  const MIXED = `AKIA/${randomBytes(9).toString('base64')}+Zz=qR`;
  const mixed = new Redactor([MIXED]);
  const units = (s: string) => [...s];
  const swapCase = (s: string) =>
    units(s)
      .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
      .join('');
  it.each([
    ['in upper case (a tool that shouts)', (s: string) => s.toUpperCase()],
    ['in lower case', (s: string) => s.toLowerCase()],
    ['with its case swapped', swapCase],
    ['reversed', (s: string) => units(s).reverse().join('')],
    [
      'percent-encoded byte by byte in lower-case hex',
      (s: string) =>
        units(s)
          .map((c) => `%${c.charCodeAt(0).toString(16)}`)
          .join(''),
    ],
    [
      'as JSON \\u escapes',
      (s: string) =>
        units(s)
          .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .join(''),
    ],
    [
      'as HTML character references',
      (s: string) =>
        units(s)
          .map((c, i) => (i % 2 ? `&#${c.charCodeAt(0)};` : `&#x${c.charCodeAt(0).toString(16)};`))
          .join(''),
    ],
    ["with JSON's escaped slashes", (s: string) => s.replaceAll('/', '\\/')],
    ['cut by spaces every 5 characters', (s: string) => s.match(/.{1,5}/g)?.join(' ') ?? s],
    ['cut by line breaks every 7 characters', (s: string) => s.match(/.{1,7}/g)?.join('\r\n') ?? s],
    ['with a zero-width space between characters', (s: string) => units(s).join('\u200b')],
    [
      'in full-width letters',
      (s: string) =>
        units(s)
          .map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
          .join(''),
    ],
  ])('removes a secret %s', (_shape, shape) => {
    const text = shape(MIXED);
    const out = mixed.redact(`log: ${text} (end)`);
    expect(out).toBe(`log: ${REDACTED} (end)`);
  });

  it('leaves ordinary text with escapes, spaces and mixed case as it is', () => {
    const text = 'Path%2Fto &#47;file \\u0041BC, ZERO\u200bWIDTH and Ｆｕｌｌ width: unchanged.';
    expect(mixed.redact(text)).toBe(text);
  });

  it.each([0, 1, 2, 3, 7, 11])('finds it base64-encoded at byte offset %i of a longer blob', (offset) => {
    const blob = Buffer.concat([randomBytes(offset), Buffer.from(SECRET), randomBytes(5)]);
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = blob.toString(encoding);
      const out = redactor.redact(`env: ${encoded}`);
      expect(out).toContain(REDACTED);
      // The characters that encode the secret's inner bytes in this very blob are gone.
      const inner = encoded.slice(
        Math.ceil(((offset + 2) * 8) / 6),
        Math.floor(((offset + SECRET.length - 2) * 8) / 6),
      );
      expect(inner.length).toBeGreaterThan(20);
      expect(out).not.toContain(inner);
    }
  });

  const hexBytes = (s: string) => [...Buffer.from(s)].map((b) => b.toString(16).padStart(2, '0'));
  it.each([
    ['with spaces', (s: string) => hexBytes(s).join(' ')],
    ['in upper case with colons', (s: string) => hexBytes(s).join(':').toUpperCase()],
    ['with dashes', (s: string) => hexBytes(s).join('-')],
    [
      'as \\x escapes',
      (s: string) =>
        hexBytes(s)
          .map((h) => `\\x${h}`)
          .join(''),
    ],
    [
      'as a C list of 0x bytes, wrapped',
      (s: string) =>
        hexBytes(s)
          .map((h) => `0X${h}`)
          .join(',\n '),
    ],
    [
      'in groups of two bytes (xxd)',
      (s: string) =>
        hexBytes(s)
          .join('')
          .match(/.{1,4}/g)
          ?.join(' ') ?? s,
    ],
  ])('removes a secret written as hex bytes %s', (_shape, shape) => {
    expect(mixed.redact(`dump: ${shape(MIXED)} (end)`)).toBe(`dump: ${REDACTED} (end)`);
  });

  it('removes 12 bytes of a secret in separated hex, not 11, and leaves other hex alone', () => {
    const bytes = hexBytes(SECRET);
    expect(redactor.redact(`| ${bytes.slice(5, 17).join(':')} |`)).toBe(`| ${REDACTED} |`);
    const eleven = `| ${bytes.slice(5, 16).join(':')} |`;
    expect(redactor.redact(eleven)).toBe(eleven);
    const other = [...randomBytes(64)].map((b) => b.toString(16).padStart(2, '0'));
    const ordinary = [
      'MAC de:ad:be:ef:00:01, 00-1A-2B-3C-4D-5E; ipv6 fe80::1ff:fe23:4567:890a',
      `dump ${other.join(' ')}\n${other.map((h) => `\\x${h}`).join('')}\n${other.map((h) => `0x${h}`).join(', ')}`,
      'a bead, a face, a cafe: dead beef 12 34 56 78 9a bc de f0 aa bb cc dd ee ff 00 11 22 33',
    ].join('\n');
    expect(redactor.redact(ordinary)).toBe(ordinary);
  });

  it('encodes base32 as RFC 4648 does (its test vectors, padding dropped)', () => {
    const vectors = ['', 'MY', 'MZXQ', 'MZXW6', 'MZXW6YQ', 'MZXW6YTB', 'MZXW6YTBOI'];
    expect(vectors.map((_, n) => base32(Buffer.from('foobar'.slice(0, n))))).toEqual(vectors);
  });

  it.each([0, 1, 2, 3, 4, 9])(
    'finds it base32-encoded at byte offset %i of a longer blob, in either case',
    (offset) => {
      const blob = Buffer.concat([randomBytes(offset), Buffer.from(MIXED), randomBytes(7)]);
      const encoded = `${base32(blob)}${'='.repeat((8 - (base32(blob).length % 8)) % 8)}`;
      // The characters that encode the secret's inner bytes in this very blob.
      const inner = encoded.slice(
        Math.ceil(((offset + 1) * 8) / 5),
        Math.floor(((offset + MIXED.length - 1) * 8) / 5),
      );
      expect(inner.length).toBeGreaterThan(20);
      for (const shape of [encoded, encoded.toLowerCase(), encoded.match(/.{1,4}/g)?.join(' ') ?? '']) {
        const out = mixed.redact(`secret: ${shape}`);
        expect(out).toContain(REDACTED);
        expect(out.replaceAll(' ', '').toUpperCase()).not.toContain(inner);
      }
      // A piece of it: 12 characters from the middle.
      const piece = inner.slice(4, 16);
      expect(mixed.redact(`otp ${piece}.`)).toBe(`otp ${REDACTED}.`);
    },
  );

  it('leaves ordinary upper-case words and the base32 of other data alone', () => {
    const text = `WARNING: THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG. ABCDEFGHIJKLMNOPQRSTUVWXYZ234567 ${base32(randomBytes(80))}`;
    expect(mixed.redact(text)).toBe(text);
    expect(redactor.redact(text.toLowerCase())).toBe(text.toLowerCase());
  });

  it('removes pieces of a secret: a value cut short, its tail alone, a piece of its hex', () => {
    for (const piece of [SECRET.slice(0, 15), SECRET.slice(-13), SECRET.slice(3, 20)]) {
      const out = redactor.redact(`stream ended: AGENT=${piece}`);
      expect(out).toBe(`stream ended: AGENT=${REDACTED}`);
    }
    const hexPiece = Buffer.from(SECRET).toString('hex').slice(5, 30);
    expect(redactor.redact(`0x${hexPiece}!`)).toBe(`0x${REDACTED}!`);
    // Shorter pieces are too common to be told from ordinary text.
    expect(redactor.redact(`id ${SECRET.slice(0, 11)}`)).toBe(`id ${SECRET.slice(0, 11)}`);
    expect(redactor.redact('An ordinary sentence about tokens and keys, unchanged.')).toBe(
      'An ordinary sentence about tokens and keys, unchanged.',
    );
  });

  it('keeps JSON text valid when a secret with quotes and backslashes is cut out of it', () => {
    const quoted = 'pa"ss\\word-0123456789-abcdef';
    const r = new Redactor([quoted]);
    for (const text of [quoted, quoted.slice(0, 20), quoted.slice(6)]) {
      const json = JSON.stringify({ value: `before ${text} after` });
      const out = r.redact(json);
      expect(() => JSON.parse(out)).not.toThrow();
      expect(out).not.toContain('word-0123456789');
    }
  });

  it('redacts every string of a value, keys too, and returns a value without secrets unchanged', () => {
    const value = { [SECRET]: [1, `a ${SECRET}`, { b: null }] };
    expect(redactor.redactDeep(value)).toEqual({ [REDACTED]: [1, `a ${REDACTED}`, { b: null }] });
    const clean = { a: ['b'] };
    expect(new Redactor().redactDeep(clean)).toBe(clean);
  });

  it('ignores values too short to be secrets, and tells listeners about each secret once', () => {
    const heard: string[] = [];
    const r = new Redactor(['abc']);
    r.onAdd((s) => heard.push(s));
    r.add(['abcd-secret', 'abcd-secret', '']);
    expect(heard).toEqual(['abcd-secret']);
    expect(r.redact('abc abcd-secret')).toBe(`abc ${REDACTED}`);
  });
});

describe('secrets of an environment', () => {
  it('names: keys, tokens, passwords and the action input github-token; not PATH, HOME or PWD', () => {
    for (const name of [
      'OPENAI_API_KEY',
      'GITHUB_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'INPUT_GITHUB-TOKEN',
      'DB_PASSWORD',
      'X_SECRET',
      'GH_PAT',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of [
      'PATH',
      'HOME',
      'PWD',
      'GITHUB_WORKSPACE',
      'INPUT_SUITE',
      'KEYRING_DIR',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('runner tokens are GITHUB_TOKEN, ACTIONS_* and INPUT_*', () => {
    expect(['GITHUB_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'INPUT_GITHUB-TOKEN'].every(isRunnerToken)).toBe(true);
    expect(['AGENT_TOKEN', 'OPENAI_API_KEY', 'MY_GITHUB_TOKEN'].some(isRunnerToken)).toBe(false);
  });

  it('values: by name (at least 8 characters) and the credentials in any URL', () => {
    const env = {
      GITHUB_TOKEN: 'ghs_aaaaaaaaaaaa',
      SHORT_TOKEN: 'abc',
      HTTPS_PROXY: 'http://proxyuser:proxy-password-1@proxy:3128',
      HOOK: 'https://hooks.example/x?token=query-token-123&v=1',
      HOME: '/home/runner',
    };
    expect(envSecrets(env).sort()).toEqual(
      ['ghs_aaaaaaaaaaaa', 'proxyuser', 'proxy-password-1', 'query-token-123'].sort(),
    );
    expect(urlSecrets('not a url')).toEqual([]);
    expect(urlSecrets('https://u:p%40ss-word-9@h/')).toEqual(['p@ss-word-9']);
  });
});
