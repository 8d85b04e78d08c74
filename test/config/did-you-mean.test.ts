import { describe, expect, it } from 'vitest';
import { closestName, describeUnknownName, editDistance, listNames } from '../../src/formats/did-you-mean.ts';
import { formatKeyPath } from '../../src/formats/zod-issue.ts';

describe('did you mean', () => {
  it('measures edits', () => {
    expect(editDistance('unrealsm', 'unrealism')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only close names', () => {
    expect(closestName('max_turn', ['max_tokens', 'max_turns'])).toBe('max_turns');
    expect(closestName('Temperature', ['temperature'])).toBe('temperature');
    expect(closestName('flattery', ['unrealism', 'diversity'])).toBeUndefined();
    expect(describeUnknownName('diversty', ['diversity'])).toBe('"diversty" (did you mean "diversity"?)');
  });

  it('cuts long lists', () => {
    expect(listNames(['a', 'b', 'c'], 2)).toBe('a, b, ...');
    expect(listNames(['a', 'b'], 2)).toBe('a, b');
  });
});

describe('formatKeyPath', () => {
  it('writes dotted keys and indexes', () => {
    expect(formatKeyPath(['judgment', 'additional_qualities', 1])).toBe('judgment.additional_qualities[1]');
    expect(formatKeyPath(['claude-opus-4.1', 'id'])).toBe('["claude-opus-4.1"].id');
    expect(formatKeyPath([])).toBe('');
  });
});
