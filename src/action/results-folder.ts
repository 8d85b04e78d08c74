// Where the action evaluates: a folder it makes itself, fresh, under the runner's temp folder. Never a folder the
// checkout could hold: a pull request that commits bloom-results/ must not hand the gate its own numbers.

import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../util/env.ts';
import { writingTo } from '../util/errors.ts';

/** A new, empty folder (mkdtemp: made now, by this step, with a name nobody could have chosen in advance). */
export async function createResultsFolder(env: Env): Promise<string> {
  const base = env.RUNNER_TEMP || tmpdir();
  return writingTo(base, 'make a results folder in', async () => {
    await mkdir(base, { recursive: true });
    return mkdtemp(join(base, 'bloom-results-'));
  });
}
