// Every model call's usage, one JSON line per call, appended as calls finish: the per-call record of a run
// (run_info.json keeps the totals), written as it happens so a large run never holds it in memory.

import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import type { UsageRecord } from '../models/ledger.ts';
import { writingTo } from '../util/errors.ts';

export interface UsageLog {
  write(record: UsageRecord): void;
  close(): Promise<void>;
}

export async function openUsageLog(path: string, now: () => Date = () => new Date()): Promise<UsageLog> {
  await writingTo(path, 'create', () => mkdir(dirname(path), { recursive: true }));
  // Appended: a resumed run adds its calls to the earlier ones. A kill can cut the last line short; end it, so
  // the fragment stays a line of its own that readers skip rather than a prefix of the next record.
  const tail = await lastByte(path);
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
  if (tail !== undefined && tail !== 0x0a) out.write('\n');
  return {
    write(record) {
      if (!failed) out.write(`${JSON.stringify({ time: now().toISOString(), ...record })}\n`);
    },
    async close() {
      out.end();
      await writingTo(path, 'append to', () => finished(out));
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
