// `bloom plan | head -1`: a reader that closes the pipe early ends the command quietly, never with a stack.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOOM_BIN } from '../support/cli.ts';
import { compileCacheEnv } from '../support/compile-cache.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('a closed stdout pipe', () => {
  it('ends the command with its exit code and no EPIPE stack', async () => {
    const child = spawn(process.execPath, [BLOOM_BIN, 'plan', 'fixtures/pinned-demo'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...compileCacheEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the command writes a line: every write it makes meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
  });
});
