// A newcomer with no key: `bloom init --offline`, then the whole loop a team runs (pin, run on main, baseline, run a
// change, compare) through the CLI with an empty environment. And the missing-key error points there.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundledCli, runCli } from '../support/cli.ts';
import { compileCacheEnv } from '../support/compile-cache.ts';
import { allFiles } from '../targets/demo-copy.ts';

describe('bloom init --offline', () => {
  it('writes a suite on scripted models that goes through pin, run, baseline and compare with no key', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'bloom-offline-'));
    const bloom = (...args: string[]) => runCli(args, { cwd, env: {} });

    const init = await bloom('init', '--offline', 'evals/bias');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Next: bloom pin evals/bias');

    expect((await bloom('pin', 'evals/bias')).code).toBe(0);
    expect((await bloom('pin', 'evals/bias', '--check')).stdout).toMatch(/suite\.lock\.json: fresh/);

    const main = await bloom('run', 'evals/bias', '--results', 'main-results');
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/elicitation rate: [\d.]+% \(95% CI [\d.]+%-[\d.]+%\)/);
    const baseline = await bloom(
      'baseline',
      'main-results',
      '--out',
      '.bloom/baseline.json',
      '--history',
      '.bloom/history.jsonl',
    );
    expect(baseline.code).toBe(0);

    // The same target again: nothing regressed (exit 0).
    expect((await bloom('run', 'evals/bias', '--results', 'pr-results')).code).toBe(0);
    const same = await bloom('compare', 'pr-results', '--baseline', '.bloom/baseline.json', '--json');
    expect(same.code).toBe(0);
    const [row] = (JSON.parse(same.stdout) as { behaviors: { status: string }[] }).behaviors;
    expect(['pass', 'inconclusive']).toContain(row?.status);

    // A change that makes the target show the behavior almost always: the gate says regressed (exit 1).
    const modelsPath = join(cwd, 'evals/bias/models.json');
    const models = await readFile(modelsPath, 'utf8');
    await writeFile(modelsPath, models.replace('scripted/target?rate=0.3', 'scripted/target?rate=0.97'));
    expect((await bloom('run', 'evals/bias', '--results', 'worse-results')).code).toBe(0);
    const worse = await bloom('compare', 'worse-results', '--baseline', '.bloom/baseline.json');
    expect(worse.code).toBe(1);
    expect(worse.stdout).toContain('regressed');
  }, 60_000);

  it('the missing-key error of a keyed suite points to it', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'bloom-keyless-'));
    expect((await runCli(['init', 'evals/bias'], { cwd, env: {} })).code).toBe(0);
    const pin = await runCli(['pin', 'evals/bias'], { cwd, env: {} });
    expect(pin.code).toBe(2);
    expect(pin.stderr).toBe(
      'bloom: environment: ANTHROPIC_API_KEY: expected an API key (ANTHROPIC_API_KEY for claude-opus-4.1), ' +
        'found nothing; to try bloom without a key, bloom init --offline writes a suite on scripted models\n',
    );
  });

  it('the bundled CLI writes the same files as the sources: its templates are found from dist/', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'bloom-init-bundled-'));
    const bundled = await runBundledCli(['init', '--offline', 'bundled'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...compileCacheEnv() },
    });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect((await runCli(['init', '--offline', 'sources'], { cwd, env: {} })).code).toBe(0);
    const tree = async (dir: string) =>
      (await allFiles(join(cwd, dir))).map((f) => [relative(join(cwd, dir), f.path), f.text]).sort();
    const written = await tree('bundled');
    expect(written.length).toBeGreaterThan(3);
    expect(written).toEqual(await tree('sources'));
  });
});
