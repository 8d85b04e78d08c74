// The closing line is what CI reads: a file that fails to start must show as failed, not as skipped tests.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('counts a file that failed to start, or to clean up, as failed', async () => {
  const result = await run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    'test/support/closing-line-fixtures/vitest.config.ts',
  ]).then(
    () => ({ code: 0, stdout: '' }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  expect(result.code).toBe(1);
  // passes: 2 passed, 1 skipped on purpose; beforeAll throws: its 3 tests failed; import throws: 1 failed;
  // afterAll throws: 1 passed, the file failed.
  expect(result.stdout.trim().split('\n').at(-1)).toBe('3 passed, 5 failed, 1 skipped');
}, 60_000);
