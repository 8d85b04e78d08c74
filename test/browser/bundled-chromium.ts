// The browser the tests drive ships inside an npm package, @sparticuz/chromium: a brotli-compressed headless
// Chromium for Linux x64 that `npm install` brings like any other file (the package has no install script and
// downloads nothing), so a machine with only Node and npm runs the browser tests. It is unpacked once into
// node_modules/.cache: by our own postinstall (scripts/unpack-test-browser.mjs), else by the first test to need it.
//
// The package's own executablePath() unpacks into the shared OS temp folder and returns whatever
// /tmp/chromium holds, even half-written by a concurrent test worker; this unpacks beside the project and
// renames a finished file into place, so concurrent workers never start a torn binary.

import { createReadStream, createWriteStream } from 'node:fs';
import { access, chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';

/** Another browser for a machine the bundled one does not run on (it is built for Linux x64 only). */
export const CHROMIUM_ENV = 'BLOOM_TEST_CHROMIUM';

/** The browser to launch: $BLOOM_TEST_CHROMIUM when set, else the bundled one, unpacked on first use. */
export async function chromiumExecutable(env: NodeJS.ProcessEnv): Promise<string> {
  const chosen = env[CHROMIUM_ENV];
  if (chosen) return chosen;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `@sparticuz/chromium runs on Linux x64 only, not ${process.platform}-${process.arch}: ` +
        `set ${CHROMIUM_ENV} to a Chromium or Chrome executable`,
    );
  }
  return unpackBundled(packageRoot());
}

/** node_modules/@sparticuz/chromium, found from its entry point. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium')));
  while (!dir.endsWith(join('@sparticuz', 'chromium'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('@sparticuz/chromium is not installed: run npm install');
    dir = parent;
  }
  return dir;
}

async function unpackBundled(root: string): Promise<string> {
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  // node_modules/.cache/, the usual home of tools' caches: removed with node_modules, one folder per version.
  const dir = join(root, '..', '..', '.cache', `sparticuz-chromium-${version}`);
  const executable = join(dir, 'chromium');
  await mkdir(dir, { recursive: true });
  // One worker unpacks (2 s of CPU) while the others wait for its file, rather than each unpacking its own copy.
  const lock = `${executable}.lock`;
  for (;;) {
    if (await exists(executable)) return executable;
    const taken = await writeFile(lock, String(process.pid), { flag: 'wx' }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        return false;
      },
    );
    if (taken) break;
    if (await abandoned(lock)) await rm(lock, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Whoever holds the lock removes what an interrupted unpacking left (an `npm install` stopped with Ctrl-C).
  for (const name of await readdir(dir)) {
    if (name.endsWith('.partial')) await rm(join(dir, name), { force: true });
  }
  const partial = `${executable}.${process.pid}.partial`;
  try {
    await pipeline(
      createReadStream(join(root, 'bin', 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(partial),
    );
    await chmod(partial, 0o755);
    await rename(partial, executable);
  } finally {
    await rm(partial, { force: true });
    await rm(lock, { force: true });
  }
  return executable;
}

/** An unpacking takes seconds: a lock older than two minutes, or whose process is gone, was left by a killed run
 * (its pid may since name another process, so age decides too). */
async function abandoned(lock: string): Promise<boolean> {
  const [text, info] = await Promise.all([
    readFile(lock, 'utf8').catch(() => ''),
    stat(lock).catch(() => null),
  ]);
  if (!info) return false;
  if (Date.now() - info.mtimeMs > 120_000) return true;
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
