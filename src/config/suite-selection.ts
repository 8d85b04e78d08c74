// Which Bloom data folders a command or the action runs: folders, paths to a seed.yaml, or globs of either,
// expanded the same way by both fronts (`bloom run 'evals/*'` and the action's `suite: evals/*/seed.yaml`).

import { globSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

export interface SelectionIo {
  /** Paths matching `pattern` under `cwd` (relative or absolute). */
  glob: (pattern: string, cwd: string) => string[];
  isDirectory: (path: string) => boolean;
}

export const nodeSelectionIo: SelectionIo = {
  glob: (pattern, cwd) => globSync(pattern, { cwd }),
  isDirectory: (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false,
};

const GLOB_CHARS = /[*?[\]{}]/;

/** A seed.yaml stands for its folder. */
function folderOf(path: string): string {
  return basename(path) === 'seed.yaml' ? dirname(path) : path;
}

/**
 * Absolute data folders, in the order given, globs expanded (sorted) and duplicates dropped. `fail` makes the
 * one-line error for a glob that matches no folder.
 */
export function selectSuites(
  patterns: readonly string[],
  cwd: string,
  io: SelectionIo,
  fail: (expected: string, found: string) => Error,
): string[] {
  const suites: string[] = [];
  for (const pattern of patterns) {
    if (!GLOB_CHARS.test(pattern)) {
      suites.push(folderOf(resolve(cwd, pattern)));
      continue;
    }
    const matches = io
      .glob(pattern, cwd)
      .map((match) => folderOf(isAbsolute(match) ? match : join(cwd, match)))
      .filter((path) => io.isDirectory(path))
      .sort();
    if (matches.length === 0) throw fail(`a folder matching the glob ${pattern}`, 'no match');
    suites.push(...matches);
  }
  return [...new Set(suites)];
}
