// The file system refusing a write is not a bug in this tool: a read-only results folder and a file-size limit
// the kernel enforces (as a full disk would) each end `bloom run` with one line naming the file and why, exit 74,
// and leave only whole files behind. Real refusals of a real kernel, in a subprocess as a user runs the CLI.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeErrno, EXIT, FileSystemError } from '../../src/util/errors.ts';
import { BLOOM_BIN } from '../support/cli.ts';
import { compileCacheEnv } from '../support/compile-cache.ts';
import { snapshot } from './workspace.ts';

interface Ran {
  code: number | null;
  stderr: string;
}

/** Root's capabilities that skip permission checks on files: without them, root meets a mode as its owner would. */
const DAC_CAPABILITIES = '-dac_override,-dac_read_search,-fowner';
/** setpriv, where it is there and may drop them (a container without CAP_SETPCAP may not). */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find(
  (path) =>
    existsSync(path) &&
    spawnSync(path, ['--bounding-set', DAC_CAPABILITIES, '--', '/bin/sh', '-c', 'exit 0']).status === 0,
);

/**
 * `bloom <args>` in `cwd`. `unprivileged`: when the tests run as root (root ignores permissions), without the
 * capabilities that let it, by setpriv; where there is no setpriv, as nobody (uid 65534), who must then be able
 * to reach node and the sources (a clone inside a 0700 folder cannot be). `fileSizeBlocks`: under that file-size
 * limit (ulimit -f), which the kernel enforces on every write.
 */
function bloom(
  cwd: string,
  args: string[],
  options: { fileSizeBlocks?: number; unprivileged?: boolean } = {},
): Promise<Ran> {
  const asRoot = options.unprivileged === true && process.getuid?.() === 0;
  const dropCapabilities = asRoot && SETPRIV !== undefined;
  const dropUser = asRoot && !dropCapabilities;
  const [command, argv] = options.fileSizeBlocks
    ? [
        '/bin/sh',
        ['-c', `ulimit -f ${options.fileSizeBlocks} && exec "$0" "$@"`, process.execPath, BLOOM_BIN, ...args],
      ]
    : dropCapabilities
      ? [
          SETPRIV as string,
          [
            '--bounding-set',
            DAC_CAPABILITIES,
            '--inh-caps',
            DAC_CAPABILITIES,
            '--',
            process.execPath,
            BLOOM_BIN,
            ...args,
          ],
        ]
      : [process.execPath, [BLOOM_BIN, ...args]];
  const child = spawn(command, argv as string[], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      XDG_STATE_HOME: join(cwd, 'state'),
      // The run's code cache; none for nobody, who could not write it (and would leave bin/bloom.js's default one,
      // owned by nobody, in the system's /tmp).
      ...(dropUser ? { NODE_DISABLE_COMPILE_CACHE: '1' } : compileCacheEnv()),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(dropUser ? { uid: 65534, gid: 65534 } : {}),
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

async function workspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'bloom-fs-'));
  await cp('fixtures/demo', join(root, 'data'), { recursive: true });
  // Readable by the unprivileged user the read-only case runs as.
  await chmod(root, 0o755);
  return root;
}

describe('a write the file system refuses', () => {
  it('a read-only results folder: one line naming the file, exit 74, nothing written', async () => {
    const ws = await workspace();
    await mkdir(join(ws, 'results'));
    await chmod(join(ws, 'results'), 0o555);
    const before = await snapshot(join(ws, 'results'));
    const ran = await bloom(ws, ['run', 'data', '--results', 'results'], { unprivileged: true });
    expect(ran.stderr).toBe(
      'bloom: results/delusional-sycophancy/.bloom/run.lock: could not create: permission denied (EACCES)\n',
    );
    expect(ran.code).toBe(EXIT.io);
    expect(await snapshot(join(ws, 'results'))).toEqual(before);
  }, 30_000);

  it('an unreadable results folder is said to be unreadable, not missing (exit 2)', async () => {
    const ws = await workspace();
    await mkdir(join(ws, 'results'));
    await chmod(join(ws, 'results'), 0o000);
    const ran = await bloom(ws, ['report', 'results'], { unprivileged: true });
    expect(ran.stderr).toBe('bloom: results: expected a results folder, found permission denied (EACCES)\n');
    expect(ran.code).toBe(EXIT.config);
  }, 30_000);

  it('a file-size limit hit mid-run (as a full disk): one line, exit 74, whole files, and a clean resume', async () => {
    const ws = await workspace();
    const ran = await bloom(ws, ['run', 'data', '--results', 'results'], { fileSizeBlocks: 16 });
    expect(ran.code).toBe(EXIT.io);
    expect(ran.stderr).toMatch(
      /^bloom: results\/delusional-sycophancy\/\S+: could not \S+( \S+)?: the file is too large \(EFBIG\)\n$/m,
    );
    expect(ran.stderr.split('\n').filter((line) => line.startsWith('bloom: '))).toHaveLength(1);

    const dir = join(ws, 'results', 'delusional-sycophancy');
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      expect(entry.name, 'no temp file left behind').not.toMatch(/\.tmp$/);
      if (entry.name.endsWith('.json')) {
        const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
        expect(() => JSON.parse(text), entry.name).not.toThrow();
      }
    }
    const resumed = await bloom(ws, ['run', 'data', '--results', 'results']);
    expect(resumed.stderr).not.toMatch(/^bloom: /m);
    expect(resumed.code).toBe(0);
  }, 60_000);
});

describe('FileSystemError', () => {
  it('says in words what each refusal means, keeping the code', () => {
    const cases: [string, string][] = [
      ['ENOSPC', 'the disk is full (ENOSPC)'],
      ['EROFS', 'the file system is read-only (EROFS)'],
      ['EACCES', 'permission denied (EACCES)'],
      ['EDQUOT', 'the disk quota is used up (EDQUOT)'],
      ['EWHATEVER', 'EWHATEVER'],
    ];
    for (const [code, words] of cases) {
      const error = new FileSystemError('out/x.json', 'write', Object.assign(new Error('raw'), { code }));
      expect(error.message).toBe(`out/x.json: could not write: ${words}`);
      expect(error.exitCode).toBe(EXIT.io);
      expect(describeErrno(code)).toBe(words);
    }
  });
});
