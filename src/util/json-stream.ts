// A large JSON file (judgment.json of a big suite) written piece by piece, with the bytes writeJsonAtomic writes.
// A top-level array may also be given as an async iterable, whose elements are then produced (read back from
// disk) one at a time as they are written: neither the file's text nor all its elements are ever in memory.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { writingTo } from './errors.ts';
import { tempPathFor } from './fs.ts';

type Write = (text: string) => Promise<void>;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** JSON.stringify(value, null, 2) nested one level deeper per `indent`. */
function nested(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** An array at the top level: one element at a time, in JSON.stringify's layout (`[]` when empty). */
async function writeArray(write: Write, items: Iterable<unknown> | AsyncIterable<unknown>): Promise<void> {
  let first = true;
  for await (const item of items) {
    await write(`${first ? '[\n' : ',\n'}    ${nested(item ?? null, '    ')}`);
    first = false;
  }
  await write(first ? '[]' : '\n  ]');
}

/** Writes `path` whole or not at all; a refusal of the file system is a FileSystemError naming `path`. */
export function writeJsonStreamed(path: string, value: Record<string, unknown>): Promise<void> {
  return writingTo(path, 'write', () => streamJson(path, value));
}

async function streamJson(path: string, value: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const out = createWriteStream(tmp);
  // A write still pending when an element fails errors once the stream is destroyed: kept here, not thrown
  // as an uncaught 'error'. A real write error surfaces at the next write or at `finished`.
  let failure: Error | undefined;
  out.on('error', (error) => {
    failure ??= error;
  });
  const write: Write = async (text) => {
    if (failure) throw failure;
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    await write(entries.length === 0 ? '{}' : '{\n');
    for (const [i, [key, v]] of entries.entries()) {
      await write(`  ${JSON.stringify(key)}: `);
      if (Array.isArray(v) || isAsyncIterable(v)) await writeArray(write, v);
      else await write(nested(v, '  '));
      await write(i < entries.length - 1 ? ',\n' : '\n}');
    }
    await write('\n');
    out.end();
    await finished(out);
    await rename(tmp, path);
  } catch (error) {
    // Closed before the temp file is removed, so that an open still under way cannot bring it back.
    await new Promise<void>((resolve) => (out.closed ? resolve() : out.destroy().once('close', resolve)));
    await rm(tmp, { force: true });
    throw error;
  }
}
