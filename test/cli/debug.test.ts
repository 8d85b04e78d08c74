// seed.yaml's `debug: true` (Bloom's key) is honoured: one stderr line per model call, never model text.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

describe('seed.yaml debug', () => {
  it('true: a line per model call with role, model, tokens and attempts; false: none', async () => {
    const data = await copyDemo();
    const seedPath = join(data, 'seed.yaml');
    await writeFile(seedPath, (await readFile(seedPath, 'utf8')).replace(/^debug: false/m, 'debug: true'));
    const results = await mkdtemp(join(tmpdir(), 'bloom-debug-'));
    const run = await runCli(['run', data, '--results', results]);
    expect(run.code).toBe(0);
    const debug = run.stderr.split('\n').filter((line) => line.startsWith('debug: '));
    const info = JSON.parse(await readFile(join(results, 'delusional-sycophancy', 'run_info.json'), 'utf8'));
    expect(debug).toHaveLength(info.this_run.usage.totals.calls);
    for (const line of debug) {
      expect(line).toMatch(
        /^debug: (understanding|ideation|evaluator|target|judge|metajudge) call to scripted\/\S+: ok, \d+ tokens in, \d+ out, \d+ ms, 1 attempt$/,
      );
    }
    expect(new Set(debug.map((line) => line.split(' ')[1]))).toEqual(
      new Set(['understanding', 'ideation', 'evaluator', 'target', 'judge', 'metajudge']),
    );

    const quiet = await runCli([
      'run',
      'fixtures/demo',
      '--results',
      await mkdtemp(join(tmpdir(), 'bloom-quiet-')),
    ]);
    expect(quiet.stderr).not.toContain('debug: ');
  });
});
