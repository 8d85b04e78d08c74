// vitest's globalSetup: the tests' temporary folders go in a folder of their own on a RAM file system (Linux's
// /dev/shm), removed when the run ends. The tests make and delete tens of thousands of files (atomic writes,
// copied workspaces, results folders); on a disk file system, allocating their inodes took as much kernel time
// as the tests took to compute (ext4's search for a free inode past recently deleted ones). Workers started
// after this inherit TMPDIR, which os.tmpdir() reads; children whose environment a test builds from nothing keep
// the system's. Set BLOOM_TEST_TMPDIR to choose another parent folder; without /dev/shm, or with less than 2 GB free
// there (a container's default is 64 MB), nothing changes.

import { accessSync, chmodSync, constants, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

const RAM = '/dev/shm';
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
  return () => rmSync(dir, { recursive: true, force: true });
}
