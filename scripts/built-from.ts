// What dist/ is built from, as one hash: every file under src/ but the notes beside the code (Markdown outside the
// `bloom init` templates, which the build copies), the build scripts and the lock (the dependencies' versions).
// `npm run build` writes it to dist/built-from.sha256; the tests compare it with the working tree
// (test/support/fresh-dist.ts), so a change to src/ is never tested through a dist/ built before it.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const STAMP = 'dist/built-from.sha256';
const INPUTS = ['src', 'scripts/build.mjs', 'scripts/built-from.ts', 'package-lock.json'];

/** Every file under `path` (relative to `root`; a file is itself), as paths relative to `root`. */
async function filesUnder(root: string, path: string): Promise<string[]> {
  if (!(await stat(join(root, path))).isDirectory()) return [path];
  const entries = await readdir(join(root, path), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}

/** The hash of the build's inputs under `root`: each file's path and bytes, in path order. */
export async function builtFrom(root: string): Promise<string> {
  const files = (await Promise.all(INPUTS.map((input) => filesUnder(root, input))))
    .flat()
    .map((file) => file.split(sep).join('/'))
    .filter((file) => !file.endsWith('.md') || file.startsWith('src/cli/templates/'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(await readFile(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}
