// vitest's globalSetup: the tests' temporary folders go in a folder of their own on a RAM file system (Linux's
// /dev/shm), removed when the run ends. The tests make and delete tens of thousands of files (atomic writes,
// copied workspaces, results folders); on a disk file system, allocating their inodes took as much kernel time
// as the tests took to compute (ext4's search for a free inode past recently deleted ones). Workers started
// after this inherit TMPDIR, which os.tmpdir() reads; children whose environment a test builds from nothing keep
// the system's. Set BLOOM_TEST_TMPDIR to choose another parent folder; without /dev/shm, nothing changes.

import { accessSync, chmodSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const RAM = '/dev/shm';

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export default function setup(): (() => void) | undefined {
  const parent = process.env.BLOOM_TEST_TMPDIR ?? RAM;
  if (!writable(parent)) return undefined;
  const dir = mkdtempSync(join(parent, 'bloom-tests-'));
  // Open to every user, sticky, as /tmp is: the tests that drop root run as another user inside it.
  chmodSync(dir, 0o1777);
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
