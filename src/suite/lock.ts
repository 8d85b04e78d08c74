// suite.lock.json: the pinned understanding and scenarios, the evaluator models that wrote them, and a hash
// per input that shaped them. Written in one fixed key order so a re-pin diffs cleanly in review.

import { basename, dirname, join } from 'node:path';
import { containedPath, dataFolderBoundary } from '../config/contain.ts';
import { readConfigText } from '../config/read.ts';
import type { BloomData } from '../config/types.ts';
import type { Ideation } from '../formats/ideation.ts';
import { LOCK_FILE, LOCK_FORMAT_VERSION, type SuiteLock, suiteLockSchema } from '../formats/lock.ts';
import type { Understanding } from '../formats/understanding.ts';
import { parseOrThrow } from '../formats/zod-issue.ts';
import { ConfigError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/fs.ts';
import { parseJsonText } from '../util/json-text.ts';
import { canonicalize, hashOf } from './canonical.ts';
import { changedInputs, hashInputs, type SuiteModels, suiteInputs } from './inputs.ts';

/** Where a data folder's lock lives. */
export function lockPathOf(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

/** The hash over everything in the lock but the hash itself. */
export function lockContentHash(lock: Omit<SuiteLock, 'suite_hash'>): string {
  const { format_version, behavior, evaluator_models, inputs, understanding, ideation } = lock;
  return hashOf({ format_version, behavior, evaluator_models, inputs, understanding, ideation });
}

export function buildLock(
  data: BloomData,
  models: SuiteModels,
  understanding: Understanding,
  ideation: Ideation,
): SuiteLock {
  const body = {
    format_version: LOCK_FORMAT_VERSION,
    behavior: data.seed.behavior.name,
    evaluator_models: { understanding: models.understanding.id, ideation: models.ideation.id },
    inputs: hashInputs(suiteInputs(data, models)),
    understanding,
    ideation,
  } as const;
  return { ...body, suite_hash: lockContentHash(body) };
}

/** The file's text: top-level keys in reading order, everything below them sorted. */
export function lockText(lock: SuiteLock): string {
  const ordered = {
    format_version: lock.format_version,
    behavior: lock.behavior,
    suite_hash: lock.suite_hash,
    evaluator_models: canonicalize(lock.evaluator_models),
    inputs: canonicalize(lock.inputs),
    understanding: canonicalize(lock.understanding),
    ideation: canonicalize(lock.ideation),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export async function writeLock(path: string, lock: SuiteLock): Promise<void> {
  await writeFileAtomic(path, lockText(lock));
}

/** Parses and validates a lock's text; `shown` names the file in errors. */
export function parseLock(shown: string, text: string): SuiteLock {
  const lock: SuiteLock = parseOrThrow(shown, suiteLockSchema, parseJsonText(shown, text));
  const expected = lockContentHash(lock);
  if (lock.suite_hash !== expected) {
    throw new ConfigError(
      shown,
      'suite_hash',
      'the hash of the lock contents (the lock was edited after pinning; re-pin with bloom pin)',
      lock.suite_hash.slice(0, 12),
    );
  }
  return lock;
}

/** The lock at `path`, validated, or undefined when there is none. A link leading out of its folder is refused. */
export async function readLock(path: string, shown: string): Promise<SuiteLock | undefined> {
  const dir = dirname(path);
  const real = containedPath(dataFolderBoundary(dir), dir, basename(path), { file: shown, keyPath: '' });
  const text = real === undefined ? undefined : await readConfigText(real);
  return text === undefined ? undefined : parseLock(shown, text);
}

/** Labels of the inputs that changed since the lock was written. */
export function staleInputs(lock: SuiteLock, data: BloomData, models: SuiteModels): string[] {
  return changedInputs(lock.inputs, hashInputs(suiteInputs(data, models)));
}

/** Throws the one-line ConfigError (exit 2) naming every changed input when the lock is stale. */
export function assertFresh(lock: SuiteLock, data: BloomData, models: SuiteModels, shown: string): void {
  const changed = staleInputs(lock, data, models);
  if (changed.length === 0) return;
  throw new ConfigError(
    shown,
    'inputs',
    'to match the data folder',
    `changed: ${changed.join(', ')} (re-pin with bloom pin)`,
  );
}

/** The data folder's lock, validated and fresh, or undefined when it has none. `shownDir` is for errors. */
export async function readFreshLock(
  data: BloomData,
  models: SuiteModels,
  shownDir: string,
): Promise<SuiteLock | undefined> {
  const shown = lockPathOf(shownDir);
  const lock = await readLock(lockPathOf(data.dir), shown);
  if (lock) assertFresh(lock, data, models, shown);
  return lock;
}
