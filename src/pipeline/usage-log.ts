// Every model call's usage, one JSON line per call, appended as calls finish: the per-call record of a results
// folder across every invocation that worked on it (run_info.json keeps the totals), written as it happens so a
// large run never holds it in memory.

import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import type { UsageLedger, UsageRecord } from '../models/ledger.ts';
import type { Purpose } from '../models/types.ts';
import { writingTo } from '../util/errors.ts';

export interface UsageLog {
  write(record: UsageRecord): void;
  /**
   * Called once the results folder holds only this run's files. When the log was set aside with another run's
   * files while open (found.ts moves usage.jsonl too), this invocation's lines leave that file for a new log at
   * the path, and later lines follow them there: the set-aside log keeps only the other run's calls.
   */
  reclaim(): Promise<void>;
  close(): Promise<void>;
}

export async function openUsageLog(path: string, now: () => Date = () => new Date()): Promise<UsageLog> {
  await writingTo(path, 'create', () => mkdir(dirname(path), { recursive: true }));
  // Appended: a resumed run adds its calls to the earlier ones. A kill can cut the last line short; end it, so
  // the fragment stays a line of its own that readers skip rather than a prefix of the next record.
  const tail = await lastByte(path);
  const earlierBytes = (await lstat(path).catch(() => undefined))?.size ?? 0;
  let log: AppendStream | undefined = await appendTo(path);
  if (tail !== undefined && tail !== 0x0a) log.write('\n');
  /** Where this invocation's lines begin in the file, and the lines themselves until reclaim() settles it. */
  const ownStart = earlierBytes + (tail !== undefined && tail !== 0x0a ? 1 : 0);
  let ownLines: string[] | undefined = [];
  return {
    write(record) {
      const line = `${JSON.stringify({ time: now().toISOString(), ...record })}\n`;
      ownLines?.push(line);
      log?.write(line);
    },
    async reclaim() {
      if (!ownLines || !log) return;
      const opened = await log.handle.stat();
      const atPath = await lstat(path).catch(() => undefined);
      if (atPath && atPath.ino === opened.ino && atPath.dev === opened.dev) {
        ownLines = undefined;
        return;
      }
      // Lines written meanwhile wait in ownLines (log is unset) and are written with the rest.
      const moved = log;
      log = undefined;
      await moved.close(ownStart);
      const fresh = await appendTo(path);
      for (const line of ownLines) fresh.write(line);
      ownLines = undefined;
      log = fresh;
    },
    async close() {
      ownLines = undefined;
      await log?.close();
    },
  };
}

interface AppendStream {
  handle: FileHandle;
  write(text: string): void;
  /** Ends the stream and closes the file, first cutting it back to `truncateTo` bytes when given. */
  close(truncateTo?: number): Promise<void>;
}

async function appendTo(path: string): Promise<AppendStream> {
  // Never through a symbolic link: appending would write into whatever file it points at.
  const { O_APPEND, O_CREAT, O_NOFOLLOW, O_WRONLY } = constants;
  const handle = await writingTo(path, 'append to', () =>
    open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW),
  );
  const out = handle.createWriteStream();
  // A failed write (a full disk) must not crash the run mid-call: it is reported when the log is closed.
  let failed = false;
  out.on('error', () => {
    failed = true;
  });
  return {
    handle,
    write(text) {
      if (!failed) out.write(text);
    },
    async close(truncateTo) {
      try {
        if (truncateTo !== undefined && !failed) {
          // Once every queued line is on the file (an empty write calls back after them), cut it back.
          await new Promise<void>((done) => out.write('', () => done()));
          await writingTo(path, 'append to', () => handle.truncate(truncateTo));
        }
      } finally {
        out.end();
        await writingTo(path, 'append to', () => finished(out));
      }
    },
  };
}

/** The file's last byte, without reading a long log whole; undefined for a missing or empty file. */
async function lastByte(path: string): Promise<number | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return undefined;
  try {
    const { size } = await file.stat();
    if (size === 0) return undefined;
    const { buffer } = await file.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0];
  } finally {
    await file.close();
  }
}

const COUNTS = ['inputTokens', 'outputTokens', 'reasoningTokens', 'ms', 'attempts'] as const;

/** A line of the log as a record, or undefined for a line cut short by a kill or not written by us. */
export function parseUsageLine(line: string): UsageRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.purpose !== 'string' || typeof v.modelId !== 'string' || typeof v.ok !== 'boolean')
    return undefined;
  const counts = COUNTS.map((key) => v[key]);
  if (!counts.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) return undefined;
  const [inputTokens, outputTokens, reasoningTokens, ms, attempts] = counts as number[];
  return {
    purpose: v.purpose as Purpose,
    modelId: v.modelId,
    ok: v.ok,
    inputTokens: inputTokens ?? 0,
    outputTokens: outputTokens ?? 0,
    reasoningTokens: reasoningTokens ?? 0,
    ms: ms ?? 0,
    attempts: attempts ?? 0,
    ...optionalCount(v, 'cacheReadTokens'),
    ...optionalCount(v, 'cacheWriteTokens'),
    ...(v.batch === true ? { batch: true } : {}),
  };
}

/** A count written only when nonzero (lines written before caching have none). */
function optionalCount<K extends 'cacheReadTokens' | 'cacheWriteTokens'>(
  v: Record<string, unknown>,
  key: K,
): { [P in K]?: number } {
  const n = v[key];
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? ({ [key]: n } as { [P in K]?: number }) : {};
}

/**
 * Adds the calls an earlier invocation logged (a run resumed after a stop or a kill) to `ledger`, so the folder's
 * totals keep what was spent on the files it reuses. Returns how many calls were found.
 */
export async function replayUsageLog(path: string, ledger: UsageLedger): Promise<number> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return 0;
  let calls = 0;
  // readLines() closes the file when it has been read to the end.
  for await (const line of file.readLines()) {
    const record = parseUsageLine(line);
    if (!record) continue;
    ledger.record(record);
    calls++;
  }
  return calls;
}
