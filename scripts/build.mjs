// Bundles the action and the CLI with esbuild. Deterministic: same sources, same bytes, so CI can check that the
// committed dist/ is fresh. Each has a small entry (dist/index.js, dist/cli.js) that any Node with top-level await
// can load, which checks the Node version and only then imports the bundle (dist/action-bundle.js,
// dist/cli-bundle.js, with the chunks they share in dist/chunks/). An older Node fails to link the bundle itself,
// before any of its code could say why.
import { cp, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { builtFrom, STAMP } from './built-from.ts';

// The @actions packages and some SDK internals still call require(); ESM bundles need it defined.
const banner =
  "import { createRequire as __bloomCreateRequire } from 'node:module'; const require = __bloomCreateRequire(import.meta.url);";

const common = { bundle: true, platform: 'node', format: 'esm', legalComments: 'none', logLevel: 'warning' };

/** The entries' dynamic import of the real module becomes an import of its bundle, left out of the entry. */
const BUNDLE_OF = {
  [resolve('src/action/entry.ts')]: { './index.ts': './action-bundle.js' },
  [resolve('src/cli/entry.ts')]: { './main.ts': './cli-bundle.js' },
};
const bundlesStayExternal = {
  name: 'bundles-stay-external',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/(index|main)\.ts$/ }, (args) => {
      const bundle = BUNDLE_OF[args.importer]?.[args.path];
      return bundle ? { path: bundle, external: true } : undefined;
    });
  },
};

await rm('dist', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { 'action-bundle': 'src/action/index.ts', 'cli-bundle': 'src/cli/main.ts' },
  target: 'node22',
  outdir: 'dist',
  // Code both bundles use sits once in dist/chunks/, and what is imported on first use (each model SDK, undici)
  // in a chunk of its own that a run never reads unless it calls that provider: the action starts on about 0.21 s
  // of CPU instead of 0.26 s, `bloom --version` on 0.08 s instead of 0.11 s, and dist/ is 9.6 MB instead of 16 MB.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: banner },
});
await build({
  ...common,
  entryPoints: { index: 'src/action/entry.ts', cli: 'src/cli/entry.ts' },
  // Old enough to parse on any Node that could be asked to run it, so it can say which one it needs.
  target: 'node16',
  outdir: 'dist',
  plugins: [bundlesStayExternal],
});
// `bloom init` copies these files; in the bundle they sit beside cli-bundle.js.
await cp('src/cli/templates/init', 'dist/init', { recursive: true });
await cp('src/config/seed.schema.json', 'dist/seed.schema.json');
// What this dist/ was built from: the tests rebuild a dist/ whose sources have changed since.
await writeFile(STAMP, `${await builtFrom('.')}\n`);
