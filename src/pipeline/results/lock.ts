// One run at a time in a behavior's results folder: `.bloom/run.lock`, created exclusively (O_EXCL), naming the
// process that holds it. Two runs in one folder would both spend every call and overwrite each other's files. A
// lock whose process is gone (killed, crashed) is stale and taken over; one held elsewhere is refused in one line.

import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { ConfigError, errnoOf, writingTo } from '../../util/errors.ts';
import { tempPathFor } from '../../util/fs.ts';

export const RUN_LOCK_FILE = 'run.lock';

interface Holder {
  pid: number;
  host: string;
  started_at: string;
  /** Tells this lock from another one by the same pid (a container's pid 1 after a restart). */
  token: string;
}

export interface RunLock {
  readonly path: string;
  /** Removes the lock, and the folders taking it made if nothing else was written into them. */
  release(): Promise<void>;
}

/** Tokens of the locks this process holds. */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errnoOf(error) === 'EPERM';
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const data = JSON.parse(text) as Partial<Holder>;
    if (typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.token === 'string') {
      return { started_at: '', ...data } as Holder;
    }
  } catch {}
  return undefined;
}

/** Stale: its process is gone on this machine (or is this process, which does not hold it). */
function isStale(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !held.has(holder.token);
  return !isAlive(holder.pid);
}

/** A lock file with no readable holder (not written by this tool): given a minute, stale. */
const UNREADABLE_GRACE_MS = 60_000;

/**
 * Creates the lock with its content in one step: the holder is written to a temp file, then hard-linked to the
 * lock's name, which fails if it exists (O_EXCL's guarantee, without a moment where the lock is empty). Where the
 * file system has no hard links, an O_EXCL create and a write.
 */
async function createExclusive(path: string, holder: Holder): Promise<boolean> {
  const text = `${JSON.stringify(holder)}\n`;
  const tmp = tempPathFor(path);
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  } finally {
    await rm(tmp, { force: true });
  }
  try {
    await writeFile(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw error;
  }
}

/** Takes the folder's run lock, or throws a ConfigError (exit 2) naming the run that holds it. */
export async function lockResultsFolder(behaviorDir: string, cwd: string): Promise<RunLock> {
  const path = join(behaviorDir, '.bloom', RUN_LOCK_FILE);
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    started_at: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const firstMade = await writingTo(path, 'create', () => mkdir(dirname(path), { recursive: true }));
  // Through a link, every write of the run would land outside the results folder (a pull request can commit one).
  for (const dir of [behaviorDir, dirname(path)]) {
    if ((await lstat(dir)).isSymbolicLink()) {
      throw new ConfigError(dir, '', 'a folder of the results', 'a symbolic link');
    }
  }
  for (let attempt = 0; ; attempt++) {
    if (await writingTo(path, 'create', () => createExclusive(path, holder))) break;
    const text = await readFile(path, 'utf8').catch(() => '');
    const other = parseHolder(text);
    const stale = other ? isStale(other) : await olderThan(path, UNREADABLE_GRACE_MS);
    if (!stale || attempt > 0) throw lockedError(path, other, cwd);
    await rm(path, { force: true });
  }
  held.add(holder.token);
  return {
    path,
    async release() {
      held.delete(holder.token);
      const current = parseHolder(await readFile(path, 'utf8').catch(() => ''));
      if (current?.token === holder.token) await rm(path, { force: true });
      if (firstMade) await removeEmptyFolders(dirname(path), firstMade);
    },
  };
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info === undefined || Date.now() - info.mtimeMs > ms;
}

function lockedError(path: string, holder: Holder | undefined, cwd: string): ConfigError {
  const who = holder
    ? `run ${holder.pid} on ${holder.host}${holder.started_at ? ` since ${holder.started_at}` : ''}`
    : 'a lock of unknown origin';
  return new ConfigError(
    path,
    '',
    'no other run in this results folder',
    `${who} (wait for it to finish, use another --results folder, or delete ${relative(cwd, path) || path} if no run is active)`,
  );
}

/** From `dir` up to `top`, each folder removed while it is empty: a run refused at once leaves nothing behind. */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    if (current === top || dirname(current) === current) return;
  }
}
