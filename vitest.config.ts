import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { DISK_COMPILE_CACHE } from './test/support/ram-tmpdir.ts';
import { SlowFirst } from './test/support/slow-first.ts';

// Node processes the tests start (the workers, the bundled action and CLI) reuse V8's compiled code across the run:
// test/support/compile-cache.ts passes it to children whose environment is built from nothing. Kept here when the
// run has no RAM folder; test/support/ram-tmpdir.ts moves it into that folder when there is one.
process.env.NODE_COMPILE_CACHE ??= DISK_COMPILE_CACHE;

/** Files that need a fresh module registry: @actions/github reads GITHUB_API_URL once, when first loaded. */
const ISOLATED = ['test/action/baseline-artifact.test.ts', 'test/action/shards.test.ts'];

// One garbage-collector thread per worker: the workers already outnumber the cores, and V8's helper threads only
// competed with them for the two (about 2 s of CPU less over the suite, measured in pairs of runs).
const shared = { testTimeout: 20_000, pool: 'forks' as const, execArgv: ['--single-threaded-gc'] };

export default defineConfig({
  test: {
    // Files run side by side, a third more than there are cores: many wait on a child process, a browser or a
    // server while another file computes (vitest's default, one fewer than the cores, ran one file at a time here).
    maxWorkers: Math.max(2, Math.ceil(availableParallelism() * 1.5)),
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    // Temporary folders on a RAM file system; a dist/ built from other sources rebuilt (fresh-dist.ts says why).
    globalSetup: ['./test/support/ram-tmpdir.ts', './test/support/fresh-dist.ts'],
    sequence: { sequencer: SlowFirst },
    // Test files load through Node's own import (Node 24 strips the types, as it does for the CLI run from its
    // sources) rather than Vite's module runner: about 5 s of CPU less over the suite. No test uses vi.mock or
    // import.meta.vitest, the two things the runner or Vitest's loader would be needed for.
    experimental: { viteModuleRunner: false, nodeLoader: false },
    projects: [
      {
        // Most files share a worker's modules: each file loads only what it has not loaded before.
        test: {
          ...shared,
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: ISOLATED,
          isolate: false,
        },
      },
      { test: { ...shared, name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
});
