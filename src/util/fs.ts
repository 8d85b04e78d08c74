// File writes that a kill at any moment cannot tear: write a temp file beside the target, then rename.
//
// Whole files are read and written with the synchronous calls, behind these asynchronous functions: a run reads
// and writes thousands of small files, and each asynchronous call goes through libuv's thread pool several times
// (open, stat, read or write, close), which cost more CPU than the copying: the demo's run took 52 ms of CPU that
// way and 41 ms now, a gated run with adaptive looks 430-460 ms and 350 ms (test/bench/gated-run-cpu.ts). A write
// blocks the event loop for the time the kernel takes to copy the bytes into its cache; calls in flight wait that.
// Reads no longer overlap one another's waits either: no slower on a local disk (a resumed folder's check, its
// files out of the page cache), not measured on a network one.

import { randomBytes } from 'node:crypto';
import { type Dirent, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, describeErrno, errnoOf, writingTo } from './errors.ts';

/** Folders this process has made: a run writes thousands of files into a few folders, one mkdir each is enough. */
const madeDirs = new Set<string>();

async function ensureDir(dir: string): Promise<void> {
  const key = resolve(dir);
  if (madeDirs.has(key)) return;
  await mkdir(dir, { recursive: true });
  madeDirs.add(key);
}

/** Tells processes apart (containers sharing a folder may share a pid); drawn once, as random bytes per file cost. */
const PROCESS_TAG = `${process.pid}-${randomBytes(4).toString('hex')}`;
let tempCount = 0;

/** A temp file beside `path`, renamed over it once whole: unique per process and call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${PROCESS_TAG}-${++tempCount}.tmp`);
}

/** Writes `path` whole or not at all; a refusal of the file system is a FileSystemError naming `path`. */
export function writeFileAtomic(path: string, data: string): Promise<void> {
  return writingTo(path, 'write', () => writeWhole(path, data));
}

async function writeWhole(path: string, data: string): Promise<void> {
  await ensureDir(dirname(path));
  const tmp = tempPathFor(path);
  try {
    try {
      writeFileSync(tmp, data);
    } catch (error) {
      // The folder was removed since we made it (a test or a user cleaning up): make it again, once.
      if (errnoOf(error) !== 'ENOENT') throw error;
      madeDirs.delete(resolve(dirname(path)));
      await ensureDir(dirname(path));
      writeFileSync(tmp, data);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
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

/**
 * A file's text; undefined when it does not exist. `missing` lists the error codes that mean "not there" (config
 * files also count a path through a file, ENOTDIR, as missing). Any other refusal (a folder in its place, no
 * permission) is a one-line ConfigError naming the file, as it truly is: never "not there".
 */
export async function readTextIfExists(
  path: string,
  missing: readonly string[] = ['ENOENT'],
): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = errnoOf(error);
    if (missing.includes(code ?? '')) return undefined;
    if (code === undefined) throw error;
    throw new ConfigError(path, '', 'a readable file', describeErrno(code));
  }
  return utf8Text(path, bytes);
}

/** A file that must be there: its text, or a one-line ConfigError saying what was expected and why it failed. */
export async function readRequiredText(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = errnoOf(error);
    throw new ConfigError(path, '', what, code === 'ENOENT' ? 'no such file' : describeErrno(code));
  }
  return utf8Text(path, bytes);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT_UTF8 = new TextDecoder('utf-8');

/**
 * A file's bytes as text: UTF-8 only, a leading byte-order mark dropped (editors on Windows write one). Other bytes
 * (Latin-1, UTF-16) are a one-line ConfigError naming the line, never silently turned into U+FFFD.
 */
export function utf8Text(path: string, bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new ConfigError(path, `line ${firstBadLine(bytes)}`, 'UTF-8 text', 'bytes that are not UTF-8');
  }
}

/** The line of the first byte sequence that is not UTF-8 (a U+FFFD the file really holds is skipped). */
function firstBadLine(bytes: Uint8Array): number {
  const text = LENIENT_UTF8.decode(bytes);
  let at = text.indexOf('\uFFFD');
  while (at !== -1) {
    const offset = Buffer.byteLength(text.slice(0, at));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
    at = text.indexOf('\uFFFD', at + 1);
  }
  return (text.slice(0, Math.max(at, 0)).match(/\n/g)?.length ?? 0) + 1;
}

/**
 * The entries of a folder that must be there, or a one-line ConfigError saying why not: "no such folder" only
 * when it is missing, the truth otherwise (no permission, a file in its place).
 */
export async function readFolder(dir: string, what: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = errnoOf(error);
    throw new ConfigError(dir, '', what, code === 'ENOENT' ? 'no such folder' : describeErrno(code));
  }
}
