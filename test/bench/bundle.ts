// The CLI as it ships: bundled with esbuild (as `npm run build` makes dist/cli.js, which bin/bloom.js runs),
// built from the current sources into the bench's scratch folder so the figures never come from a stale dist/.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const banner =
  "import { createRequire as __bloomCreateRequire } from 'node:module'; const require = __bloomCreateRequire(import.meta.url);";

/** Returns the entry script to run with node: the same as bin/bloom.js, compile cache included. */
export async function bundleCli(dir: string): Promise<string> {
  await build({
    entryPoints: { cli: 'src/cli/main.ts' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outdir: dir,
    // Split as scripts/build.mjs splits it: the SDKs and undici in chunks read on first use.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: banner },
    logLevel: 'warning',
  });
  const entry = join(dir, 'bloom.mjs');
  await writeFile(
    entry,
    [
      "import module from 'node:module';",
      'module.enableCompileCache?.();',
      "const { main } = await import('./cli.js');",
      'process.exitCode = await main(process.argv.slice(2));',
      '',
    ].join('\n'),
  );
  return entry;
}
