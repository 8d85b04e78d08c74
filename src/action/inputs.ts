// Every input of the action, read into one typed object and validated up front: a bad value stops the
// run before any model is called, with one line naming the input, what it takes and what it got.

import { globSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_REPLY_BYTES, REPLY_BYTES_RANGE } from '../models/errors.ts';
import { ConfigError, describeValue } from '../util/errors.ts';
import { type Env, pick, readEventPayload } from './event.ts';

export const COMMENT_MODES = ['always', 'on-change', 'off'] as const;
export const FAIL_ON = ['regression', 'error', 'never'] as const;

export type Baseline = { kind: 'none' } | { kind: 'artifact' } | { kind: 'path'; path: string };

export interface ActionInputs {
  /** Absolute paths of Bloom data folders, globs expanded, in the order given. */
  suites: string[];
  target: string | null;
  baseline: Baseline;
  updateBaseline: boolean;
  /** Largest tolerated increase in rate, as a fraction (0.1 = ten points). */
  maxIncrease: number;
  /** A cap on the rate itself, as a fraction; null: no cap. */
  maxRate: number | null;
  alpha: number;
  comment: (typeof COMMENT_MODES)[number];
  failOn: (typeof FAIL_ON)[number];
  /** null: no token, so no comment. */
  githubToken: string | null;
  artifactName: string;
  /** null: the repository's default retention. */
  retentionDays: number | null;
  workingDirectory: string;
  /** Dollars; null: no limit. */
  maxCost: number | null;
  /** A reply from a model or agent larger than this many bytes fails its call. */
  maxReplyBytes: number;
}

/** What reading inputs needs from outside; the defaults use the file system. */
export interface InputIo {
  eventPayload: (env: Env) => unknown;
  /** Paths matching `pattern` under `cwd` (relative or absolute). */
  glob: (pattern: string, cwd: string) => string[];
  isDirectory: (path: string) => boolean;
}

export const nodeInputIo: InputIo = {
  eventPayload: (env) => readEventPayload(env),
  glob: (pattern, cwd) => globSync(pattern, { cwd }),
  isDirectory: (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false,
};

export const INPUT_DEFAULTS = {
  'max-increase': '0.1',
  alpha: '0.05',
  comment: 'always',
  'fail-on': 'regression',
  'artifact-name': 'bloom-results',
  'working-directory': '.',
  'max-reply-bytes': String(DEFAULT_MAX_REPLY_BYTES),
} as const;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** "0.1", ".1" or "10%" -> 0.1. */
const fraction = z
  .string()
  .regex(/^(\d+\.?\d*|\.\d+)%?$/)
  .transform((text) => (text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text)))
  .pipe(z.number().min(0).max(1));

const schemas = {
  'max-increase': { schema: fraction, expected: 'a rate increase from 0 to 1 (or 0% to 100%)' },
  'max-rate': { schema: fraction, expected: 'a rate from 0 to 1 (or 0% to 100%), or nothing' },
  alpha: {
    schema: z.string().regex(NUMBER).transform(Number).pipe(z.number().gt(0).max(0.5)),
    expected: 'a significance level above 0 and at most 0.5',
  },
  comment: { schema: z.enum(COMMENT_MODES), expected: 'always, on-change or off' },
  'fail-on': { schema: z.enum(FAIL_ON), expected: 'regression, error or never' },
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

  return {
    suites: readSuites(getInput('suite'), workingDirectory, io),
    target: text('target') || null,
    baseline: readBaseline(text('baseline'), workingDirectory),
    updateBaseline,
    maxIncrease: withDefault('max-increase'),
    maxRate: optional('max-rate'),
    alpha: withDefault('alpha'),
    comment: withDefault('comment'),
    failOn: withDefault('fail-on'),
    githubToken: text('github-token') || null,
    artifactName: text('artifact-name', INPUT_DEFAULTS['artifact-name']),
    retentionDays: optional('retention-days'),
    workingDirectory,
    maxCost: optional('max-cost'),
    maxReplyBytes: withDefault('max-reply-bytes'),
  };
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

function readBaseline(raw: string, workingDirectory: string): Baseline {
  if (raw === '') return { kind: 'none' };
  if (raw === 'artifact') return { kind: 'artifact' };
  return { kind: 'path', path: resolve(workingDirectory, raw) };
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * One suite per line (blank lines and `#` comments skipped); a line with glob characters is expanded
 * under the working directory into the folders it matches (a matched seed.yaml stands for its folder).
 */
export function readSuites(raw: string, workingDirectory: string, io: InputIo = nodeInputIo): string[] {
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) throw inputError('suite', 'one or more Bloom data folders or globs', raw);
  const suites: string[] = [];
  for (const line of lines) {
    if (!GLOB_CHARS.test(line)) {
      suites.push(resolve(workingDirectory, line));
      continue;
    }
    const matches = io
      .glob(line, workingDirectory)
      .map((match) => (isAbsolute(match) ? match : join(workingDirectory, match)))
      .map((path) => (path.endsWith('seed.yaml') ? dirname(path) : path))
      .filter((path) => io.isDirectory(path))
      .sort();
    if (matches.length === 0) throw inputError('suite', `a folder matching the glob ${line}`, 'no match');
    suites.push(...matches);
  }
  return [...new Set(suites)];
}
