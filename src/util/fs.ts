// File writes that a kill at any moment cannot tear: write a temp file beside the target, then rename.

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Folders this process has made: a run writes thousands of files into a few folders, one mkdir each is enough. */
const madeDirs = new Set<string>();

async function ensureDir(dir: string): Promise<void> {
  const key = resolve(dir);
  if (madeDirs.has(key)) return;
  await mkdir(dir, { recursive: true });
  madeDirs.add(key);
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function writeFileAtomic(path: string, data: string): Promise<void> {
  await ensureDir(dirname(path));
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data).catch(async (error: NodeJS.ErrnoException) => {
      // The folder was removed since we made it (a test or a user cleaning up): make it again, once.
      if (error.code !== 'ENOENT') throw error;
      madeDirs.delete(resolve(dirname(path)));
      await ensureDir(dirname(path));
      await writeFile(tmp, data);
    });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

export async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Reads and parses a JSON file; undefined when it does not exist. */
export async function readJsonIfExists<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}

/**
 * The same bytes as writeJsonAtomic, written piece by piece: the top-level arrays of a large object (judgment.json's
 * judgments) are serialized one element at a time, so no string of the whole file is ever held in memory.
 */
export async function writeJsonAtomicStreamed(path: string, value: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const out = createWriteStream(tmp);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    await write(entries.length === 0 ? '{}' : '{\n');
    for (const [i, [key, v]] of entries.entries()) {
      await write(`  ${JSON.stringify(key)}: `);
      if (Array.isArray(v) && v.length > 0) {
        await write('[\n');
        for (const [j, item] of v.entries()) {
          const text = JSON.stringify(item ?? null, null, 2).replace(/\n/g, '\n    ');
          await write(`    ${text}${j < v.length - 1 ? ',' : ''}\n`);
        }
        await write('  ]');
      } else {
        await write(JSON.stringify(v, null, 2).replace(/\n/g, '\n  '));
      }
      await write(i < entries.length - 1 ? ',\n' : '\n}');
    }
    await write('\n');
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (error) {
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
}
