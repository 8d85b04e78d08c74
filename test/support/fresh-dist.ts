// vitest's globalSetup: the tests that start the bundled action and CLI run dist/, so a dist/ built from other
// sources than the working tree's (src/ changed, no `npm run build` since) is rebuilt before any test runs, and
// the run says so. Otherwise a bug in src/ could pass those tests, run against the code before it. CI builds first
// and refuses a dist/ that differs from a fresh build, so this only ever rebuilds on a developer's machine.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtFrom, STAMP } from '../../scripts/built-from.ts';

function stamp(): string {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return '';
  }
}

export default async function setup(): Promise<void> {
  if (stamp() === (await builtFrom('.'))) return;
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (build.status !== 0) throw new Error(`dist/ is stale and npm run build failed:\n${build.stderr}`);
  process.stderr.write(
    'dist/ was built from other sources than these: rebuilt it (commit it with your change)\n',
  );
}
