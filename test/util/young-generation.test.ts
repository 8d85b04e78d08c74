// The young-generation cap, in a child process (V8 flags are per process): an allocation-heavy loop that keeps a
// few MB alive grows the new space to V8's maximum without the cap, and stops near the cap with it.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const MODULE = join(import.meta.dirname, '../../src/util/young-generation.ts');

async function newSpaceMbAfterChurn(cap: boolean): Promise<number> {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { capYoungGeneration } from ${JSON.stringify(MODULE)};
    if (${cap}) capYoungGeneration(8, 5);
    const pause = () => new Promise((r) => setTimeout(r, 1));
    let keep = [];
    for (let round = 0; round < 30; round++) {
      for (let i = 0; i < 20000; i++) {
        keep.push({ i, s: 'x'.repeat(40) + i });
        if (keep.length > 60000) keep = [];
      }
      await pause();
    }
    const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    console.log(s.space_size / 1048576);
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return Number(stdout);
}

describe('capYoungGeneration', () => {
  it('stops the new space from growing past the cap (one doubling of overshoot at most)', async () => {
    // Two processes side by side, not one after the other (a blocking call held the worker ~5 s).
    const [capped, free] = await Promise.all([newSpaceMbAfterChurn(true), newSpaceMbAfterChurn(false)]);
    expect(capped).toBeLessThanOrEqual(16);
    expect(free).toBeGreaterThan(capped);
  }, 60_000);
});
