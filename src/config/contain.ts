// Paths a pull request writes (example names, the configurable prompts' name, system_prompt_file, a command's cwd,
// and every file of the data folder, which may be a symbolic link) are followed only while they stay inside their
// boundary: the data folder itself, or the repository that holds it. Symbolic links are resolved first, so
// `../../etc/passwd`, `/proc/self/environ` and a committed link to either are refused with one line, never read.

import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError, type Where } from '../util/errors.ts';

export interface Boundary {
  /** The real path (symbolic links resolved) that nothing may leave. */
  root: string;
  /** How errors name it: "the data folder", "the repository". */
  name: string;
}

/** Where a path was given, for the error. */
export interface PathWhere extends Where {
  /** The value as written there, when it is not the path itself (an example's name). */
  given?: string;
}

export function dataFolderBoundary(dir: string): Boundary {
  return { root: realOrSelf(dir), name: 'the data folder' };
}

/**
 * The repository holding `dir`: the nearest folder at or above it with a `.git` entry (a clone or a worktree);
 * without one, `dir` itself.
 */
export function repositoryBoundary(dir: string): Boundary {
  const start = realOrSelf(dir);
  for (let current = start; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return { root: current, name: 'the repository' };
    if (dirname(current) === current) return { root: start, name: 'the data folder' };
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * The real path of `path` (relative to `base`, a folder inside the boundary), or undefined when nothing is there.
 * A ConfigError when it leads outside the boundary, by `..`, an absolute path or a symbolic link.
 */
export function containedPath(
  boundary: Boundary,
  base: string,
  path: string,
  where: PathWhere,
): string | undefined {
  const full = resolve(realOrSelf(base), path);
  const real = realOrUndefined(full);
  if (!isInside(boundary.root, real ?? full)) {
    throw new ConfigError(
      where.file,
      where.keyPath,
      `a path inside ${boundary.name} (symbolic links followed)`,
      `${JSON.stringify(where.given ?? path)}, which leads outside it`,
    );
  }
  return real;
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function realOrSelf(path: string): string {
  return realOrUndefined(resolve(path)) ?? resolve(path);
}
