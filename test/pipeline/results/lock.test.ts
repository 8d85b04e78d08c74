// The run lock on a real file system: one holder at a time, stale locks of dead processes taken over, live or
// foreign ones refused in one line, nothing left behind when a run is refused at once.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockResultsFolder, RUN_LOCK_FILE } from '../../../src/pipeline/results/lock.ts';
import { ConfigError, EXIT } from '../../../src/util/errors.ts';

async function behaviorDir(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'bloom-lock-')), 'results', 'sycophancy');
}

const lockPath = (dir: string) => join(dir, '.bloom', RUN_LOCK_FILE);

async function plant(dir: string, holder: Record<string, unknown>): Promise<void> {
  await mkdir(join(dir, '.bloom'), { recursive: true });
  await writeFile(lockPath(dir), JSON.stringify(holder));
}

async function refusal(dir: string): Promise<ConfigError> {
  const error = await lockResultsFolder(dir, tmpdir()).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  expect(child.status).toBe(0);
  return child.pid;
}

describe('lockResultsFolder', () => {
  it('is held by one run at a time, names the holder, and can be taken again once released', async () => {
    const dir = await behaviorDir();
    const lock = await lockResultsFolder(dir, tmpdir());
    const holder = JSON.parse(await readFile(lockPath(dir), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });

    const error = await refusal(dir);
    expect(error.exitCode).toBe(EXIT.config);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toContain(`expected no other run in this results folder, found run ${process.pid}`);

    await lock.release();
    expect(existsSync(lockPath(dir))).toBe(false);
    await (await lockResultsFolder(dir, tmpdir())).release();
  });

  it("takes over a lock whose process is gone (a killed run's)", async () => {
    const dir = await behaviorDir();
    await plant(dir, { pid: deadPid(), host: hostname(), started_at: '2026-01-01T00:00:00Z', token: 'old' });
    const lock = await lockResultsFolder(dir, tmpdir());
    expect(JSON.parse(await readFile(lockPath(dir), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('refuses a lock of a live process, and one taken on another machine', async () => {
    const dir = await behaviorDir();
    // pid 1 is always alive (as another user's, EPERM, it still counts as alive).
    await plant(dir, { pid: 1, host: hostname(), started_at: '2026-01-01T00:00:00Z', token: 'live' });
    expect((await refusal(dir)).message).toMatch(/found run 1 on .* since 2026-01-01T00:00:00Z/);

    await plant(dir, { pid: deadPid(), host: 'another-runner', token: 'far' });
    expect((await refusal(dir)).message).toMatch(/found run \d+ on another-runner .*delete .*run\.lock/);
  });

  it('gives an unreadable lock a minute before taking it over', async () => {
    const dir = await behaviorDir();
    await mkdir(join(dir, '.bloom'), { recursive: true });
    await writeFile(lockPath(dir), 'not a lock');
    expect((await refusal(dir)).message).toContain('a lock of unknown origin');
    const old = new Date(Date.now() - 120_000);
    await utimes(lockPath(dir), old, old);
    await (await lockResultsFolder(dir, tmpdir())).release();
  });

  it('leaves no folder behind when nothing else was written, and keeps folders that hold results', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-lock-'));
    const dir = join(root, 'results', 'sycophancy');
    await (await lockResultsFolder(dir, tmpdir())).release();
    expect(existsSync(join(root, 'results'))).toBe(false);

    const lock = await lockResultsFolder(dir, tmpdir());
    await writeFile(join(dir, 'judgment.json'), '{}');
    await lock.release();
    expect(existsSync(join(dir, 'judgment.json'))).toBe(true);
    expect(existsSync(lockPath(dir))).toBe(false);
  });

  it('refuses a behavior folder or .bloom/ that is a symbolic link (writes would land elsewhere)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-lock-'));
    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    await mkdir(join(root, 'results'));
    await symlink(elsewhere, join(root, 'results', 'sycophancy'));
    expect((await refusal(join(root, 'results', 'sycophancy'))).message).toMatch(
      /sycophancy: expected a folder of the results, found a symbolic link$/,
    );

    const dir = await behaviorDir();
    await mkdir(dir, { recursive: true });
    await symlink(elsewhere, join(dir, '.bloom'));
    expect((await refusal(dir)).message).toMatch(
      /\.bloom: expected a folder of the results, found a symbolic link$/,
    );
    expect(existsSync(join(elsewhere, RUN_LOCK_FILE))).toBe(false);
  });
});
