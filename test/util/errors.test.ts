// The one line a failure shows in the log: a ConfigError names its file as the user would, relative to cwd.

import { describe, expect, it } from 'vitest';
import { ConfigError, RunError, userFacingLine } from '../../src/util/errors.ts';

describe('userFacingLine', () => {
  const cwd = '/home/runner/work/repo/repo';

  it('shows a file inside cwd relative to it', () => {
    const error = new ConfigError(`${cwd}/evals/a/seed.yaml`, 'rollout.max_turns', 'an integer', '2.5');
    expect(userFacingLine(error, cwd)).toBe(
      'evals/a/seed.yaml: rollout.max_turns: expected an integer, found 2.5',
    );
  });

  it('keeps a file outside cwd, or cwd itself, as it was named', () => {
    const outside = new ConfigError('/etc/bloom/baseline.json', '', 'valid JSON', 'nothing');
    expect(userFacingLine(outside, cwd)).toBe('/etc/bloom/baseline.json: expected valid JSON, found nothing');
    const sibling = new ConfigError('/home/runner/work/repo/repo-2/x.json', '', 'a file');
    expect(userFacingLine(sibling, cwd)).toBe('/home/runner/work/repo/repo-2/x.json: expected a file');
    const itself = new ConfigError(cwd, '', 'a Bloom data folder containing seed.yaml', 'no seed.yaml');
    expect(userFacingLine(itself, cwd)).toBe(
      `${cwd}: expected a Bloom data folder containing seed.yaml, found no seed.yaml`,
    );
  });

  it('leaves relative files and other errors alone, and keeps only the first line', () => {
    const relativeFile = new ConfigError('data/models.json', 'a.id', 'a string', '7');
    expect(userFacingLine(relativeFile, cwd)).toBe('data/models.json: a.id: expected a string, found 7');
    expect(userFacingLine(new RunError(`nothing scored\nin ${cwd}/out`), cwd)).toBe('nothing scored');
    expect(userFacingLine('plain text', cwd)).toBe('plain text');
  });
});
