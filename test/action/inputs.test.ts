import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.ts';
import { ConfigError } from '../../src/util/errors.ts';

let workspace: string;

/** A workspace with suites evals/a, evals/b (seed.yaml each) and evals/notes.md. */
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'bloom-inputs-'));
  for (const suite of ['a', 'b']) {
    mkdirSync(join(workspace, 'evals', suite), { recursive: true });
    writeFileSync(join(workspace, 'evals', suite, 'seed.yaml'), 'behavior: {}\n');
  }
  writeFileSync(join(workspace, 'evals', 'notes.md'), '# notes');
});

/** getInput as @actions/core reads it: INPUT_<NAME> or ''. */
function inputs(values: Record<string, string>) {
  return (name: string) => values[name] ?? '';
}

function read(values: Record<string, string>, env: Record<string, string> = {}) {
  return readInputs(inputs({ suite: 'evals/a', ...values }), { GITHUB_WORKSPACE: workspace, ...env });
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readInputs', () => {
  it('fills every default when only the suite is given', () => {
    expect(read({})).toEqual({
      suites: [join(workspace, 'evals/a')],
      target: null,
      baseline: { kind: 'none' },
      updateBaseline: false,
      maxIncrease: 0.02,
      maxRate: null,
      alpha: 0.05,
      detect: 0.1,
      driftTolerance: 0.25,
      anchor: { kind: 'kept' },
      updateAnchor: false,
      baselineRollouts: 500,
      maxRollouts: 300,
      comment: 'always',
      failOn: { statuses: ['regressed', 'judge-drift'], error: true },
      githubToken: null,
      artifactName: 'bloom-results',
      retentionDays: null,
      workingDirectory: workspace,
      maxCost: null,
      maxReplyBytes: 1024 * 1024,
      callCache: null,
      mode: 'run',
      shard: null,
      batchTimeoutMs: null,
    });
  });

  it('reads every input', () => {
    const result = read({
      suite: 'evals/a\nevals/b',
      target: 'openai/gpt-x',
      baseline: 'baselines/main.json',
      'update-baseline': 'TRUE',
      'max-increase': '5%',
      'max-rate': '0.3',
      alpha: '.01',
      detect: '15%',
      'drift-tolerance': '0.5',
      anchor: 'baselines/release.json',
      'update-anchor': 'true',
      'baseline-rollouts': '1000',
      'max-rollouts': '0',
      comment: 'on-change',
      'fail-on': 'never',
      'github-token': 'ghs_x',
      'artifact-name': 'bloom-nightly',
      'retention-days': '14',
      'max-cost': '$2.50',
      batch: 'true',
      'batch-timeout': '90m',
    });
    expect(result).toMatchObject({
      suites: [join(workspace, 'evals/a'), join(workspace, 'evals/b')],
      target: 'openai/gpt-x',
      baseline: { kind: 'path', path: join(workspace, 'baselines/main.json') },
      updateBaseline: true,
      maxIncrease: 0.05,
      maxRate: 0.3,
      alpha: 0.01,
      detect: 0.15,
      driftTolerance: 0.5,
      anchor: { kind: 'path', path: join(workspace, 'baselines/release.json') },
      updateAnchor: true,
      batchTimeoutMs: 90 * 60_000,
      baselineRollouts: 1000,
      maxRollouts: 0,
      comment: 'on-change',
      failOn: { statuses: [], error: false },
      githubToken: 'ghs_x',
      artifactName: 'bloom-nightly',
      retentionDays: 14,
      maxCost: 2.5,
    });
  });

  it('expands globs under the working directory to folders, sorted, without duplicates', () => {
    expect(read({ suite: 'evals/*\n# a comment\n\nevals/a' }).suites).toEqual([
      join(workspace, 'evals/a'),
      join(workspace, 'evals/b'),
    ]);
    expect(read({ suite: '**/seed.yaml' }).suites).toEqual([
      join(workspace, 'evals/a'),
      join(workspace, 'evals/b'),
    ]);
    expect(read({ suite: '*', 'working-directory': 'evals' }).suites).toEqual([
      join(workspace, 'evals/a'),
      join(workspace, 'evals/b'),
    ]);
  });

  it('takes the artifact baseline', () => {
    expect(read({ baseline: 'artifact' }).baseline).toEqual({ kind: 'artifact' });
  });

  it('reads fail-on as a list, and the old `regression` as regressed, judge drift and errors', () => {
    expect(read({ 'fail-on': 'regressed, inconclusive\nnot-comparable' }).failOn).toEqual({
      statuses: ['regressed', 'inconclusive', 'not-comparable'],
      error: false,
    });
    expect(read({ 'fail-on': 'regression' }).failOn).toEqual({
      statuses: ['regressed', 'judge-drift'],
      error: true,
    });
    expect(read({ 'fail-on': 'error' }).failOn).toEqual({ statuses: [], error: true });
    expect(read({ anchor: 'none' }).anchor).toEqual({ kind: 'none' });
  });

  it('takes the same value syntax as the CLI: 0.05 and 5% alike', () => {
    expect(read({ 'max-increase': '0.05' }).maxIncrease).toBe(0.05);
    expect(read({ 'max-increase': '5%' }).maxIncrease).toBe(0.05);
    expect(read({ alpha: '1%' }).alpha).toBe(0.01);
  });

  it.each([
    [
      'max-increase',
      'ten',
      'input: max-increase: expected a rate increase from 0 to 1, or a percentage (2%), found "ten"',
    ],
    [
      'max-increase',
      '1.5',
      'input: max-increase: expected a rate increase from 0 to 1, or a percentage (2%), found "1.5"',
    ],
    [
      'max-rate',
      '-0.1',
      'input: max-rate: expected a rate from 0 to 1 (or 0% to 100%), or nothing, found "-0.1"',
    ],
    [
      'alpha',
      '0',
      'input: alpha: expected a significance level above 0 and at most 0.5 (0.05 or 5%), found "0"',
    ],
    ['comment', 'sometimes', 'input: comment: expected always, on-change or off, found "sometimes"'],
    [
      'fail-on',
      'warning',
      'input: fail-on: expected a list of regressed, judge-drift, inconclusive, not-comparable, error; or never, found "warning"',
    ],
    [
      'max-rollouts',
      '-1',
      'input: max-rollouts: expected a whole number of rollouts (0: never add any), found "-1"',
    ],
    [
      'drift-tolerance',
      '11',
      'input: drift-tolerance: expected presence points from 0 to 9, e.g. 0.25, found "11"',
    ],
    [
      'retention-days',
      '120',
      'input: retention-days: expected a whole number of days from 1 to 90, or nothing, found "120"',
    ],
    ['max-cost', '5 USD', 'input: max-cost: expected dollars, like 5 or 2.50, or nothing, found "5 USD"'],
    ['batch', 'yes', 'input: batch: expected true or false, found "yes"'],
    [
      'batch-timeout',
      '1 hour',
      'input: batch-timeout: expected a duration such as 90m, 2h or 600s, found "1 hour"',
    ],
    [
      'max-reply-bytes',
      '1GB',
      'input: max-reply-bytes: expected a whole number of bytes from 1024 to 268435456, found "1GB"',
    ],
    [
      'max-reply-bytes',
      '100',
      'input: max-reply-bytes: expected a whole number of bytes from 1024 to 268435456, found "100"',
    ],
    [
      'update-baseline',
      'yes',
      'input: update-baseline: expected true or false, or nothing for the default, found "yes"',
    ],
    [
      'working-directory',
      'nowhere',
      'input: working-directory: expected an existing folder, found "nowhere"',
    ],
  ])('rejects %s=%s with one line naming the input', (name, value, message) => {
    expect(errorOf(() => read({ [name]: value }))).toBe(message);
  });

  it('rejects a missing suite and a glob that matches no folder', () => {
    expect(errorOf(() => read({ suite: '  \n' }))).toBe(
      'input: suite: expected one or more Bloom data folders or globs, found " "',
    );
    expect(errorOf(() => read({ suite: 'evals/x*' }))).toBe(
      'input: suite: expected a folder matching the glob evals/x*, found "no match"',
    );
  });
});

describe('update-baseline default', () => {
  function eventFile(payload: unknown): string {
    const path = join(workspace, 'event.json');
    writeFileSync(path, JSON.stringify(payload));
    return path;
  }
  const mainRepo = { repository: { default_branch: 'main', full_name: 'acme/models' } };

  it('is true on a push to the default branch', () => {
    const env = {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: eventFile(mainRepo),
    };
    expect(read({}, env).updateBaseline).toBe(true);
  });

  it('is false on a push to another branch, on a pull request, and without a payload', () => {
    const path = eventFile(mainRepo);
    expect(
      read({}, { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/dev', GITHUB_EVENT_PATH: path })
        .updateBaseline,
    ).toBe(false);
    expect(
      read({}, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_PATH: path })
        .updateBaseline,
    ).toBe(false);
    expect(read({}, { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' }).updateBaseline).toBe(false);
  });

  it('gives way to an explicit value', () => {
    const env = {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: eventFile(mainRepo),
    };
    expect(read({ 'update-baseline': 'false' }, env).updateBaseline).toBe(false);
  });
});

describe('call-cache', () => {
  it('takes a folder outside the checkout, made or not', () => {
    const outside = mkdtempSync(join(tmpdir(), 'bloom-cache-input-'));
    expect(read({ 'call-cache': join(outside, 'cache') }).callCache).toBe(join(outside, 'cache'));
    expect(read({ 'call-cache': outside }).callCache).toBe(outside);
  });

  it('refuses a folder inside the checkout, by a relative path, an absolute one or a link, in one line', () => {
    const expected =
      'input: call-cache: expected a folder outside the checkout, such as one under runner.temp ' +
      '(a pull request must not be able to commit cached answers), found';
    expect(errorOf(() => read({ 'call-cache': '.bloom-cache' }))).toBe(`${expected} ".bloom-cache"`);
    expect(errorOf(() => read({ 'call-cache': join(workspace, 'evals') }))).toBe(
      `${expected} ${JSON.stringify(join(workspace, 'evals'))}`,
    );
    expect(errorOf(() => read({ 'call-cache': '../' }))).toMatch(
      /^input: call-cache: expected a folder outside/,
    );
    const outside = mkdtempSync(join(tmpdir(), 'bloom-cache-link-'));
    symlinkSync(workspace, join(outside, 'into-checkout'));
    expect(errorOf(() => read({ 'call-cache': join(outside, 'into-checkout', 'cache') }))).toMatch(
      /^input: call-cache: expected a folder outside the checkout/,
    );
  });
});
