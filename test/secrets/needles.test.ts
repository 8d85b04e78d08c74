// The secrets tests' search itself: it must find every shape of a secret it claims to look for, wherever it sits,
// or their "no leak" would prove nothing.

import { describe, expect, it } from 'vitest';
import { base32 } from '../../src/util/encoded-cores.ts';
import { leaks, needlesOf } from './needles.ts';

const SECRET = 'sk-test-0123456789abcdef';
const needles = needlesOf({ KEY: SECRET, OTHER: 'other-secret-value-42' });

describe('leaks', () => {
  it('names each needle found, by text, in needle order; nothing in clean text', () => {
    const texts = [
      { path: 'clean', text: 'nothing here but sk-test- and 0123' },
      { path: 'raw', text: `x ${SECRET} y` },
      { path: 'base64 inside a blob', text: Buffer.from(`ab${SECRET}cd`).toString('base64') },
      { path: 'tail and other', text: `…${SECRET.slice(-16)} (other-secret-value-42)` },
      { path: 'special characters', text: '.*+?^$()|[]{}\\' },
      {
        path: 'dumps',
        text: [
          base32(Buffer.from(`abc${SECRET}`)).toLowerCase(),
          [...Buffer.from(SECRET)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':'),
        ].join('\n'),
      },
    ];
    expect(leaks(texts, needles)).toEqual([
      'KEY in raw',
      'KEY (tail) in raw',
      'KEY (tail) in tail and other',
      'KEY (base64 at offset 2) in base64 inside a blob',
      // The same characters in both alphabets here, and nothing in the key to URL-encode.
      'KEY (base64url at offset 2) in base64 inside a blob',
      // Three bytes before it put the secret at base32's byte offset 3; hex dumps separate the bytes.
      'KEY (base32 lower case at offset 3) in dumps',
      'KEY (HEX with colons) in dumps',
      'KEY (URL-encoded) in raw',
      // Both secrets are lower case already, so their lower-case shape is found where they are.
      'KEY (lower case) in raw',
      'OTHER in tail and other',
      'OTHER (tail) in tail and other',
      'OTHER (URL-encoded) in tail and other',
      'OTHER (lower case) in tail and other',
    ]);
    expect(leaks(texts.slice(0, 1), needles)).toEqual([]);
    expect(leaks(texts, [])).toEqual([]);
  });
});
