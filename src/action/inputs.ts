// Every input of the action, read into one typed object and validated up front: a bad value stops the
// run before any model is called, with one line naming the input, what it takes and what it got.

import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { isInside } from '../config/contain.ts';
import { nodeSelectionIo, type SelectionIo, selectSuites } from '../config/suite-selection.ts';
import type { Shard } from '../formats/stamps.ts';
import { DEFAULT_MAX_ROLLOUTS, type FailOn, GATE_OPTION_SYNTAX, parseFailOn } from '../gate/options.ts';
import { DEFAULT_MAX_REPLY_BYTES, REPLY_BYTES_RANGE } from '../models/errors.ts';
import { parseShard } from '../suite/shard.ts';
import { DURATION_EXPECTED, parseDurationMs } from '../util/duration.ts';
import type { Env } from '../util/env.ts';
import { ConfigError, describeValue } from '../util/errors.ts';
import { pick } from '../util/pick.ts';
import { readEventPayload } from './event.ts';

export const COMMENT_MODES = ['always', 'on-change', 'off'] as const;
export const MODES = ['run', 'merge'] as const;
export type BaselineInput = { kind: 'none' } | { kind: 'artifact' } | { kind: 'path'; path: string };

/** The anchor: kept with the baseline (default), a file, or none. */
export type AnchorInput = { kind: 'kept' } | { kind: 'none' } | { kind: 'path'; path: string };

export interface ActionInputs {
  /** Absolute paths of Bloom data folders, globs expanded, in the order given. */
  suites: string[];
  target: string | null;
  baseline: BaselineInput;
  updateBaseline: boolean;
  /** A significant increase smaller than this (a fraction, 0.02 = two points) passes. */
  maxIncrease: number;
  /** A cap on the rate itself, as a fraction; null: no cap. */
  maxRate: number | null;
  alpha: number;
  /** The rise adaptive rollouts are sized to catch. */
  detect: number;
  /** Judge drift in presence points that fails when significant. */
  driftTolerance: number;
  anchor: AnchorInput;
  /** Make this run's baseline the anchor too (e.g. on a release). */
  updateAnchor: boolean;
  /** Rollouts per behavior when recording the baseline (more repetitions of each scenario); 0: the suite's own. */
  baselineRollouts: number;
  /** Rollouts per behavior an undecided pull request may grow to; 0: never add any. */
  maxRollouts: number;
  comment: (typeof COMMENT_MODES)[number];
  failOn: FailOn;
  /** null: no token, so no comment. */
  githubToken: string | null;
  artifactName: string;
  /** null: the repository's default retention. */
  retentionDays: number | null;
  workingDirectory: string;
  /** Dollars; null: no limit. */
  maxCost: number | null;
  /** `batch: true`: judgment through the judge provider's batch API, given up after this long; null: off. */
  batchTimeoutMs: number | null;
  /** A reply from a model or agent larger than this many bytes fails its call. */
  maxReplyBytes: number;
  /** The call cache's folder (absolute, outside the checkout); null: every call is made. */
  callCache: string | null;
  /** `run` evaluates (the whole suite, or one shard of it); `merge` joins this workflow run's shard artifacts. */
  mode: (typeof MODES)[number];
  /** Run only this shard of each pinned suite and upload it, deciding nothing; null: the whole suite. */
  shard: Shard | null;
}

/** What reading inputs needs from outside; the defaults use the file system. */
export interface InputIo extends SelectionIo {
  eventPayload: (env: Env) => unknown;
}

export const nodeInputIo: InputIo = { ...nodeSelectionIo, eventPayload: (env) => readEventPayload(env) };

export const INPUT_DEFAULTS = {
  'max-increase': '2%',
  alpha: '0.05',
  detect: '10%',
  'drift-tolerance': '0.25',
  'baseline-rollouts': '500',
  'max-rollouts': String(DEFAULT_MAX_ROLLOUTS),
  'update-anchor': 'false',
  comment: 'always',
  'fail-on': 'regressed, judge-drift, error',
  'artifact-name': 'bloom-results',
  'working-directory': '.',
  'max-reply-bytes': String(DEFAULT_MAX_REPLY_BYTES),
  mode: 'run',
  batch: 'false',
  'batch-timeout': '1h',
} as const;

/** An input by its gate option's one syntax (gate/options.ts), the same as the CLI's flag. */
function gateOption(option: keyof typeof GATE_OPTION_SYNTAX) {
  return z.string().transform((text, ctx) => {
    const parsed = GATE_OPTION_SYNTAX[option](text);
    if (typeof parsed === 'number') return parsed;
    ctx.addIssue({ code: 'custom', message: parsed.expected });
    return z.NEVER;
  });
}

const count = (max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(0).max(max));

const failOn = z.string().transform((text, ctx) => {
  const parsed = parseFailOn(text);
  if ('found' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.expected });
    return z.NEVER;
  }
  return parsed;
});

const trueOrFalse = z
  .enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])
  .transform((t) => t.toLowerCase() === 'true');

const schemas = {
  'max-increase': {
    schema: gateOption('maxIncrease'),
    expected: 'a rate increase from 0 to 1, or a percentage (2%)',
  },
  'max-rate': {
    schema: gateOption('maxRate'),
    expected: 'a rate from 0 to 1 (or 0% to 100%), or nothing',
  },
  alpha: {
    schema: gateOption('alpha'),
    expected: 'a significance level above 0 and at most 0.5 (0.05 or 5%)',
  },
  detect: {
    schema: gateOption('detect'),
    expected: 'a rate increase above 0, e.g. 10%',
  },
  'drift-tolerance': {
    schema: gateOption('driftTolerance'),
    expected: 'presence points from 0 to 9, e.g. 0.25',
  },
  'baseline-rollouts': {
    schema: count(100_000),
    expected: "a whole number of rollouts (0: the suite's own)",
  },
  'max-rollouts': { schema: count(100_000), expected: 'a whole number of rollouts (0: never add any)' },
  comment: { schema: z.enum(COMMENT_MODES), expected: 'always, on-change or off' },
  mode: { schema: z.enum(MODES), expected: 'run or merge' },
  'fail-on': {
    schema: failOn,
    expected: 'a list of regressed, judge-drift, inconclusive, not-comparable, error; or never',
  },
  'retention-days': {
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(90)),
    expected: 'a whole number of days from 1 to 90, or nothing',
  },
  'max-cost': {
    schema: z
      .string()
      .regex(/^\$?(\d+\.?\d*|\.\d+)$/)
      .transform((text) => Number(text.replace('$', '')))
      .pipe(z.number().min(0)),
    expected: 'dollars, like 5 or 2.50, or nothing',
  },
  'update-anchor': { schema: trueOrFalse, expected: 'true or false' },
  batch: { schema: trueOrFalse, expected: 'true or false' },
  'batch-timeout': {
    schema: z.string().transform((text, ctx) => {
      const ms = parseDurationMs(text);
      if (ms !== undefined) return ms;
      ctx.addIssue({ code: 'custom', message: DURATION_EXPECTED });
      return z.NEVER;
    }),
    expected: DURATION_EXPECTED,
  },
  'max-reply-bytes': {
    schema: z
      .string()
      .regex(/^\d+$/)
      .transform(Number)
      .pipe(z.number().int().min(REPLY_BYTES_RANGE.min).max(REPLY_BYTES_RANGE.max)),
    expected: `a whole number of bytes from ${REPLY_BYTES_RANGE.min} to ${REPLY_BYTES_RANGE.max}`,
  },
  'update-baseline': {
    schema: z
      .enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])
      .transform((t) => t.toLowerCase() === 'true'),
    expected: 'true or false, or nothing for the default',
  },
} as const;

type SchemaName = keyof typeof schemas;
type Parsed<N extends SchemaName> = z.output<(typeof schemas)[N]['schema']>;

function inputError(name: string, expected: string, found: string): ConfigError {
  return new ConfigError('input', name, expected, describeValue(found));
}

function parse<N extends SchemaName>(name: N, raw: string): Parsed<N> {
  const { schema, expected } = schemas[name];
  const result = schema.safeParse(raw);
  if (!result.success) throw inputError(name, expected, raw);
  return result.data as Parsed<N>;
}

export function readInputs(
  getInput: (name: string) => string,
  env: Env,
  io: InputIo = nodeInputIo,
): ActionInputs {
  const text = (name: string, fallback = '') => getInput(name).trim() || fallback;
  const optional = <N extends SchemaName>(name: N): Parsed<N> | null => {
    const raw = text(name);
    return raw === '' ? null : parse(name, raw);
  };
  const withDefault = <N extends SchemaName & keyof typeof INPUT_DEFAULTS>(name: N): Parsed<N> =>
    parse(name, text(name, INPUT_DEFAULTS[name]));

  const workingDirectory = resolve(env.GITHUB_WORKSPACE ?? '.', text('working-directory', '.'));
  if (!io.isDirectory(workingDirectory)) {
    throw inputError('working-directory', 'an existing folder', text('working-directory', '.'));
  }
  const updateBaseline = optional('update-baseline') ?? isPushToDefaultBranch(env, io.eventPayload(env));
  const mode = withDefault('mode');
  const shard = text('shard') ? parseShard(text('shard'), { file: 'input', key: 'shard' }) : null;
  if (shard && mode === 'merge') {
    throw inputError('shard', 'nothing with mode: merge (the merge job joins every shard)', text('shard'));
  }

  // Both read (and checked) whether or not batch is on: a bad timeout is named before it would matter.
  const batch = withDefault('batch');
  const batchTimeoutMs = withDefault('batch-timeout');
  return {
    suites: readSuites(getInput('suite'), workingDirectory, io),
    target: text('target') || null,
    baseline: readBaseline(text('baseline'), workingDirectory),
    updateBaseline,
    maxIncrease: withDefault('max-increase'),
    maxRate: optional('max-rate'),
    alpha: withDefault('alpha'),
    detect: withDefault('detect'),
    driftTolerance: withDefault('drift-tolerance'),
    anchor: readAnchor(text('anchor'), workingDirectory),
    updateAnchor: withDefault('update-anchor'),
    baselineRollouts: withDefault('baseline-rollouts'),
    maxRollouts: withDefault('max-rollouts'),
    comment: withDefault('comment'),
    failOn: withDefault('fail-on'),
    githubToken: text('github-token') || null,
    artifactName: text('artifact-name', INPUT_DEFAULTS['artifact-name']),
    retentionDays: optional('retention-days'),
    workingDirectory,
    maxCost: optional('max-cost'),
    maxReplyBytes: withDefault('max-reply-bytes'),
    callCache: readCallCache(text('call-cache'), workingDirectory, env),
    mode,
    shard,
    batchTimeoutMs: batch ? batchTimeoutMs : null,
  };
}

/**
 * The call cache's folder, refused inside the checkout (GITHUB_WORKSPACE) or the working directory, or around
 * either, symbolic links resolved: a pull request must not be able to commit answers for the gate to be served.
 */
function readCallCache(raw: string, workingDirectory: string, env: Env): string | null {
  if (raw === '') return null;
  const dir = resolve(workingDirectory, raw);
  const real = realPathOfNearest(dir);
  const checkouts = [env.GITHUB_WORKSPACE, workingDirectory].filter((d): d is string => Boolean(d));
  const overlaps = (checkout: string) => {
    const root = realPathOfNearest(resolve(checkout));
    return isInside(root, real) || isInside(real, root);
  };
  if (checkouts.some(overlaps)) {
    throw inputError(
      'call-cache',
      'a folder outside the checkout, such as one under runner.temp (a pull request must not be ' +
        'able to commit cached answers)',
      raw,
    );
  }
  return dir;
}

/** `path` with the symbolic links of its nearest existing ancestor resolved (the folder may not exist yet). */
function realPathOfNearest(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPathOfNearest(parent), basename(path));
  }
}

/** The default of update-baseline: a push to the repository's default branch records the new baseline. */
export function isPushToDefaultBranch(env: Env, eventPayload: unknown): boolean {
  const defaultBranch = pick(eventPayload, 'repository', 'default_branch');
  return (
    env.GITHUB_EVENT_NAME === 'push' &&
    typeof defaultBranch === 'string' &&
    env.GITHUB_REF === `refs/heads/${defaultBranch}`
  );
}

function readBaseline(raw: string, workingDirectory: string): BaselineInput {
  if (raw === '') return { kind: 'none' };
  if (raw === 'artifact') return { kind: 'artifact' };
  return { kind: 'path', path: resolve(workingDirectory, raw) };
}

function readAnchor(raw: string, workingDirectory: string): AnchorInput {
  if (raw === '') return { kind: 'kept' };
  if (raw === 'none') return { kind: 'none' };
  return { kind: 'path', path: resolve(workingDirectory, raw) };
}

/**
 * One suite per line (blank lines and `#` comments skipped): a folder, a seed.yaml, or a glob of either, expanded
 * under the working directory as the CLI expands its arguments.
 */
export function readSuites(raw: string, workingDirectory: string, io: InputIo = nodeInputIo): string[] {
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) throw inputError('suite', 'one or more Bloom data folders or globs', raw);
  return selectSuites(lines, workingDirectory, io, (expected, found) => inputError('suite', expected, found));
}
