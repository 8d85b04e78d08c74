// Reading and comparing results folders.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';

export const BEHAVIOR = 'delusional-sycophancy';

export async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8'));
}

export function judgmentOf(results: string): Promise<Record<string, unknown>> {
  return readJson(join(results, BEHAVIOR, 'judgment.json'));
}

type Usage = { byPurpose: Record<string, { calls: number; attempts: number }> };

/** run_info.json: `usage` is the folder's over every invocation, `this_run` the last invocation's. */
export function runInfoOf(results: string): Promise<{ usage: Usage; this_run: { usage: Usage } }> {
  return readJson(join(results, BEHAVIOR, 'run_info.json')) as never;
}

const TIMESTAMP_KEY = /(^|_)(at|timestamp|time)$/;

/** A deep copy without the keys `drop` matches. */
function withoutKeys(value: unknown, drop: RegExp): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutKeys(item, drop));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !drop.test(key))
      .map(([key, inner]) => [key, withoutKeys(inner, drop)]),
  );
}

/** A deep copy without timestamp fields (keys like created_at, timestamp), the only part allowed to differ. */
export function withoutTimestamps(value: unknown): unknown {
  return withoutKeys(value, TIMESTAMP_KEY);
}

/** A deep copy without message ids: they name the run's models, so runs on other model ids have others. */
export function withoutMessageIds(value: unknown): unknown {
  return withoutKeys(value, /^message_id$/);
}

// Files are read synchronously, and the one folder polled every 10 ms listed so: an asynchronous read is four
// trips through libuv's thread pool per file, which cost more CPU than the reading. Recursive listings stay
// asynchronous (one call), because Node 24's recursive readdirSync follows links to folders.
export async function transcriptCount(results: string): Promise<number> {
  let files: string[];
  try {
    files = readdirSync(join(results, BEHAVIOR));
  } catch {
    return 0;
  }
  return files.filter((f) => /^transcript_v\d+r\d+\.json$/.test(f)).length;
}

/**
 * Every file under `dir`, relative, recursively. One asynchronous listing: unlike Node 24's readdirSync, it does not
 * follow a link to a folder.
 */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** Files that record how a particular run went (when, how long, every attempt): the rest must match to the byte. */
const RUN_RECORDS = new Set(['run_info.json', 'usage.jsonl']);

/** A sha256 of every result file of the suite, by name: all but the run's own records and hidden temp files. */
export async function resultDigests(results: string): Promise<Record<string, string>> {
  const dir = join(results, BEHAVIOR);
  const names = (await filesUnder(dir))
    .filter((f) => !RUN_RECORDS.has(f) && !basename(f).startsWith('.'))
    .sort();
  const digest = (f: string) =>
    createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  return Object.fromEntries(names.map((f) => [f, digest(f)] as const));
}
