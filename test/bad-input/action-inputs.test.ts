// Bad action inputs: readInputs (src/action/inputs.ts) with a fake getInput. Each is a one-line ConfigError
// (exit 2) naming the input, what it takes and what it got, raised before anything is read or written.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.ts';
import { ConfigError, EXIT } from '../../src/util/errors.ts';
import { snapshot } from './workspace.ts';

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'bloom-bad-inputs-'));
  mkdirSync(join(workspace, 'evals', 'a'), { recursive: true });
  writeFileSync(join(workspace, 'evals', 'a', 'seed.yaml'), 'behavior: {}\n');
});

interface InputCase {
  inputs: Record<string, string>;
  message: RegExp;
}

const cases: InputCase[] = [
  { inputs: { 'max-increase': 'ten' }, message: /^input: max-increase: expected .*, found "ten"$/ },
  { inputs: { 'max-increase': '150%' }, message: /^input: max-increase: expected .*, found "150%"$/ },
  { inputs: { 'max-rate': '2' }, message: /^input: max-rate: expected a rate from 0 to 1 .*, found "2"$/ },
  { inputs: { alpha: '0' }, message: /^input: alpha: expected a significance level .*, found "0"$/ },
  { inputs: { alpha: '0.9' }, message: /^input: alpha: expected .*, found "0\.9"$/ },
  {
    inputs: { comment: 'sometimes' },
    message: /^input: comment: expected always, on-change or off, found "sometimes"$/,
  },
  {
    inputs: { 'fail-on': 'always' },
    message:
      /^input: fail-on: expected a list of regressed, judge-drift, inconclusive, not-comparable, error; or never, found "always"$/,
  },
  {
    inputs: { 'retention-days': '0' },
    message: /^input: retention-days: expected .* from 1 to 90, .*found "0"$/,
  },
  { inputs: { 'retention-days': '7 days' }, message: /^input: retention-days: expected .*, found "7 days"$/ },
  { inputs: { 'max-cost': '-1' }, message: /^input: max-cost: expected dollars, .*, found "-1"$/ },
  {
    inputs: { 'update-baseline': 'yes' },
    message: /^input: update-baseline: expected true or false.*, found "yes"$/,
  },
  {
    inputs: { suite: '' },
    message: /^input: suite: expected one or more Bloom data folders or globs, found ""$/,
  },
  {
    inputs: { suite: '# only a comment\n\n' },
    message: /^input: suite: expected one or more .*, found "# only a comment "$/,
  },
  {
    inputs: { suite: 'nowhere/*' },
    message: /^input: suite: expected a folder matching the glob nowhere\/\*, found "no match"$/,
  },
  {
    inputs: { 'working-directory': 'no-such-dir' },
    message: /^input: working-directory: expected an existing folder, found "no-such-dir"$/,
  },
  {
    inputs: { comment: 'always\n::set-output name=x::y' },
    message: /^input: comment: expected always, on-change or off, found "always ::set-output name=x::y"$/,
  },
];

describe('bad action inputs', () => {
  it.each(cases.map((c) => [JSON.stringify(c.inputs), c] as const))('%s', async (_name, c) => {
    const before = await snapshot(workspace);
    const values: Record<string, string> = { suite: 'evals/a', ...c.inputs };
    let caught: unknown;
    try {
      readInputs((name) => values[name] ?? '', { GITHUB_WORKSPACE: workspace });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.exitCode).toBe(EXIT.config);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toMatch(c.message);
    expect(await snapshot(workspace)).toEqual(before);
  });
});
