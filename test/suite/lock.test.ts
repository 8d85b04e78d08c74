import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { lockText, parseLock } from '../../src/suite/lock.ts';
import { ConfigError } from '../../src/util/errors.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into the lock freely to break it.
type Lock = Record<string, any>;

const shipped = await readFile('fixtures/pinned-demo/suite.lock.json', 'utf8');

function parseEdited(edit: (lock: Lock) => void): unknown {
  const lock = JSON.parse(shipped);
  edit(lock);
  try {
    return parseLock('x/suite.lock.json', JSON.stringify(lock));
  } catch (error) {
    return error;
  }
}

describe('suite.lock.json', () => {
  it('round-trips: parsing and writing the shipped lock gives the same text', () => {
    expect(lockText(parseLock('suite.lock.json', shipped))).toBe(shipped);
  });

  it('a malformed lock is a ConfigError naming the key path', () => {
    const cases: [(lock: Lock) => void, string][] = [
      [(l) => (l.format_version = 2), 'x/suite.lock.json: format_version: expected'],
      [
        (l) => delete l.understanding.understanding,
        'x/suite.lock.json: understanding.understanding: expected a string',
      ],
      [
        (l) => (l.ideation.variations = []),
        'x/suite.lock.json: ideation.variations: expected a non-empty list',
      ],
      [
        (l) => (l.inputs['seed.yaml temperature'] = 'abc'),
        'x/suite.lock.json: inputs["seed.yaml temperature"]',
      ],
      [(l) => (l.extra = true), 'x/suite.lock.json: extra: expected one of the keys'],
    ];
    for (const [edit, message] of cases) {
      const error = parseEdited(edit);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('a lock edited after pinning no longer matches its suite_hash', () => {
    const error = parseEdited((l) => (l.ideation.variations[0].description = 'A hand-written scenario.'));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^x\/suite\.lock\.json: suite_hash: expected the hash of the lock/,
    );
  });

  it('invalid JSON names the file', () => {
    expect(() => parseLock('x/suite.lock.json', '{"format_version": 1,')).toThrow(
      /x\/suite\.lock\.json.*valid JSON/,
    );
  });
});
