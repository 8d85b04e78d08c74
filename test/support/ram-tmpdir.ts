// vitest's globalSetup: the tests' temporary folders go in a folder of their own on a RAM file system (Linux's
// /dev/shm), removed when the run ends. The tests make and delete tens of thousands of files (atomic writes,
// copied workspaces, results folders); on a disk file system, allocating their inodes took as much kernel time
// as the tests took to compute (ext4's search for a free inode past recently deleted ones). Workers started
// after this inherit TMPDIR, which os.tmpdir() reads; children whose environment a test builds from nothing keep
// the system's. Set BLOOM_TEST_TMPDIR to choose another parent folder; without /dev/shm, or with less than 2 GB free
// there (a container's default is 64 MB), nothing changes.
//
// V8's compile cache goes there too (unless NODE_COMPILE_CACHE was set before vitest started). A cold cache on disk
// is thousands of files created at once, several processes writing each: on ext4 that made a clean clone's first
// run 5-6 s slower than the next (58.5 s against 52.1 s, mostly kernel time). Filled in RAM, a cold cache costs
// about what a warm one saves (51.2-53.5 s cold against 51.1 s warm), so nothing is kept between runs.

import { accessSync, chmodSync, constants, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const RAM = '/dev/shm';
/** vitest.config.ts's default for the compile cache: moved into the RAM folder; one the user chose stays. */
export const DISK_COMPILE_CACHE = resolve('node_modules/.cache/test-compile-cache');
/** The suite writes a few hundred MB at its peak; a container's /dev/shm is often 64 MB, then /tmp it is. */
const ENOUGH_BYTES = 2 * 1024 ** 3;

function roomy(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize >= ENOUGH_BYTES;
  } catch {
    return false;
  }
}

export default function setup(): (() => void) | undefined {
  const parent = process.env.BLOOM_TEST_TMPDIR ?? RAM;
  if (!roomy(parent)) return undefined;
  const dir = mkdtempSync(join(parent, 'bloom-tests-'));
  // Open to every user, sticky, as /tmp is: the tests that drop root run as another user inside it.
  chmodSync(dir, 0o1777);
  process.env.TMPDIR = dir;
  if (process.env.NODE_COMPILE_CACHE === DISK_COMPILE_CACHE)
    process.env.NODE_COMPILE_CACHE = join(dir, 'compile-cache');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  // Removed when the run ends, and again as vitest exits: its workers write their compile cache as they exit,
  // after this teardown, and would leave a folder of it behind.
  process.once('exit', remove);
  return remove;
}
