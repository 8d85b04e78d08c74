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
  /** A result could not be written: the disk is full, the folder is read-only or not ours to write (sysexits' EX_IOERR). */
  io: 74,
  /** A bug in this tool. */
  internal: 70,
} as const;

/** Bad input. The message is one line: `<file>: <key.path>: expected <what>, found <what>`. */
/** A place in a file, for a one-line error: the file and the key path inside it. */
export interface Where {
  file: string;
  keyPath: string;
}

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

/** What the system's error codes mean, in words a user can act on. */
const ERRNO_WORDS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file is in the way of a folder',
  EEXIST: 'a file is in the way',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EFBIG: 'the file is too large',
  EIO: 'an input/output error',
  ELOOP: 'too many symbolic links',
  ENOENT: 'no such file or folder',
};

/** "the disk is full (ENOSPC)": an error code as words, the code kept for searching. */
export function describeErrno(code: string | undefined): string {
  if (!code) return 'an unknown error';
  const words = ERRNO_WORDS[code];
  return words ? `${words} (${code})` : code;
}

export function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/**
 * The file system refused to write a result (disk full, read-only, permission): one line naming the file and the
 * reason, exit 74. Never "a bug in this tool": the machine needs fixing, not the tool.
 */
export class FileSystemError extends Error {
  readonly exitCode = EXIT.io;
  readonly file: string;
  readonly code: string | undefined;

  constructor(file: string, action: string, cause: unknown) {
    const code = errnoOf(cause);
    super(`${file}: could not ${action}: ${describeErrno(code)}`);
    this.name = 'FileSystemError';
    this.file = file;
    this.code = code;
  }
}

/** Runs a write; an operating-system error becomes a FileSystemError naming `file` (others pass through). */
export async function writingTo<T>(file: string, action: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof FileSystemError || errnoOf(error) === undefined) throw error;
    throw new FileSystemError(file, action, error);
  }
}

/**
 * The first line of an error's message for the log. A ConfigError's file is shown as the user would name it:
 * relative to `cwd` when it lies inside it (`evals/a/seed.yaml`, not the runner's absolute path).
 */
export function userFacingLine(error: unknown, cwd: string): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const named = error instanceof ConfigError || error instanceof FileSystemError;
  if (!named || !isAbsolute(error.file) || !line.startsWith(error.file)) return line;
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
/** An error's message, its first line only (at most `max` characters): for a log line or a note. */
export function firstLine(error: unknown, max = Number.POSITIVE_INFINITY): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, max);
}

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
