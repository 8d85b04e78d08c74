// Errors that reach the user as one line, each with its own exit code.

import { isAbsolute, relative } from 'node:path';

export const EXIT = {
  ok: 0,
  /** `bloom compare` / the gate: a behavior regressed. */
  regression: 1,
  /** Bad input: config, lock, baseline, history, CLI arguments. Nothing was written. */
  config: 2,
  /** The run itself failed: a provider refused, too many rollouts failed, nothing was scored. */
  runFailed: 3,
  /** A bug in this tool. */
  internal: 70,
} as const;

/** Bad input. The message is one line: `<file>: <key.path>: expected <what>, found <what>`. */
export class ConfigError extends Error {
  readonly exitCode = EXIT.config;
  readonly file: string;
  readonly keyPath: string;

  constructor(file: string, keyPath: string, expected: string, found?: string) {
    super(formatConfigError(file, keyPath, expected, found));
    this.name = 'ConfigError';
    this.file = file;
    this.keyPath = keyPath;
  }
}

export function formatConfigError(file: string, keyPath: string, expected: string, found?: string): string {
  const where = keyPath ? `${file}: ${keyPath}` : file;
  return found === undefined
    ? `${where}: expected ${expected}`
    : `${where}: expected ${expected}, found ${found}`;
}

/**
 * The first line of an error's message for the log. A ConfigError's file is shown as the user would name it:
 * relative to `cwd` when it lies inside it (`evals/a/seed.yaml`, not the runner's absolute path).
 */
export function userFacingLine(error: unknown, cwd: string): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (!(error instanceof ConfigError) || !isAbsolute(error.file) || !line.startsWith(error.file)) return line;
  const shown = relative(cwd, error.file);
  if (shown === '' || shown.startsWith('..') || isAbsolute(shown)) return line;
  return shown + line.slice(error.file.length);
}

/** The run could not produce a trustworthy result (provider errors, nothing scored). */
export class RunError extends Error {
  readonly exitCode = EXIT.runFailed;
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

/** Shows a found value briefly and safely inside a one-line error. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const oneLine = value.replace(/\s+/g, ' ');
    return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine);
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
