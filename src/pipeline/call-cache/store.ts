// The cache folder: one file per key, sharded by the key's first two hex digits (`ab/abcd...json`) so no folder
// holds more than a few thousand files. Entries are written atomically (temp file, then rename) and sealed; several
// runs may share a folder, and two that miss the same key at once both call and both write one whole entry.
// Reading is paranoid: the folder may have been written by someone else (a restored cache, another machine).

import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  type CallCacheEntry,
  callCacheEntrySchema,
  type JudgeCheckRecord,
  judgeCheckRecordSchema,
} from '../../formats/call-cache.ts';
import { errnoOf } from '../../util/errors.ts';
import { writeJsonAtomic } from '../../util/fs.ts';
import type { Sealer } from '../results/seal.ts';

export type Lookup<T> =
  | { kind: 'hit'; entry: T }
  | { kind: 'miss' }
  /** An entry is there but may not be served: unsealed, forged, torn, of another shape, key or client. */
  | { kind: 'refused'; reason: string };

export type CacheLookup = Lookup<CallCacheEntry>;

export class CallCacheStore {
  readonly dir: string;
  private readonly sealer: Sealer;
  private readonly maxEntryBytes: number;

  constructor(dir: string, sealer: Sealer, maxEntryBytes: number) {
    this.dir = dir;
    this.sealer = sealer;
    this.maxEntryBytes = maxEntryBytes;
  }

  pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  read(key: string, client: string): Promise<CacheLookup> {
    return this.readSealed(key, client, callCacheEntrySchema);
  }

  readJudgeCheck(key: string, client: string): Promise<Lookup<JudgeCheckRecord>> {
    return this.readSealed(key, client, judgeCheckRecordSchema);
  }

  private async readSealed<S extends z.ZodType<{ key: string; client: string }>>(
    key: string,
    client: string,
    schema: S,
  ): Promise<Lookup<z.output<S>>> {
    const path = this.pathOf(key);
    const text = await readEntryText(path, this.maxEntryBytes);
    if (text === undefined) return { kind: 'miss' };
    if (typeof text !== 'string') return { kind: 'refused', reason: text.refused };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { kind: 'refused', reason: 'not whole JSON' };
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return { kind: 'refused', reason: 'not an entry' };
    }
    // The seal covers the file's own text (its key order), so it is checked before the shape.
    if (!this.sealer.verify(path, data as Record<string, unknown>))
      return { kind: 'refused', reason: 'seal' };
    const parsed = schema.safeParse(data);
    if (!parsed.success) return { kind: 'refused', reason: 'shape' };
    if (parsed.data.key !== key || parsed.data.client !== client)
      return { kind: 'refused', reason: 'mismatch' };
    return { kind: 'hit', entry: parsed.data };
  }

  /** Sealed under the file's name, so an entry copied to another key's file does not verify. */
  async write(entry: CallCacheEntry | JudgeCheckRecord): Promise<void> {
    const path = this.pathOf(entry.key);
    await writeJsonAtomic(path, this.sealer.sealed(path, entry));
  }
}

/**
 * The entry's text; undefined when there is none; `refused` when it is not a regular file (a link, a folder, a FIFO
 * that would block a read) or is larger than any entry this tool writes. Synchronous calls, as in util/fs.ts: a
 * run serves hundreds of small entries, and the thread pool's round trips cost more than the reading.
 */
async function readEntryText(
  path: string,
  maxBytes: number,
): Promise<string | { refused: string } | undefined> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errnoOf(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { refused: code ?? 'unreadable' };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { refused: 'not a file' };
    if (info.size > maxBytes) return { refused: 'too large' };
    return readFileSync(fd, 'utf8');
  } catch (error) {
    return { refused: errnoOf(error) ?? 'unreadable' };
  } finally {
    closeSync(fd);
  }
}
