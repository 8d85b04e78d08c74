import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScoreTable } from '../../src/formats/baseline.ts';
import type { KnownRunIdentity } from '../../src/formats/run-info.ts';
import type { GateResult } from '../../src/gate/types.ts';
import { table } from '../gate/helpers.ts';
import { writeResults } from '../gate/results-fixture.ts';
import { runCli } from '../support/cli.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bloom-compare-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BEFORE = table(20, 5, (_v, r) => r === 1); // 20% of 100

async function baselineOf(scores: ScoreTable): Promise<string> {
  const results = await writeResults(join(dir, 'base-results'), [{ behavior: 'b', scores }]);
  const out = join(dir, 'baseline.json');
  const made = await runCli(['baseline', results, '--out', out], { cwd: dir });
  expect(made.code).toBe(0);
  return out;
}

async function candidateOf(
  scores: ScoreTable,
  identity: Partial<KnownRunIdentity> = {},
  name = 'cand',
): Promise<string> {
  return writeResults(join(dir, name), [{ behavior: 'b', scores, identity }]);
}

describe('bloom compare', () => {
  it('exits 0 with a table when nothing changed', async () => {
    const baseline = await baselineOf(BEFORE);
    const result = await runCli(['compare', await candidateOf(BEFORE), '--baseline', baseline], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\| Behavior +\| Status/);
    expect(result.stdout).toMatch(
      /\| b +\| pass +\| 20\.0% of 100 +\| 20\.0% +\| \+0\.0 \(-\d+\.\d to \+\d+\.\d\) +\|/,
    );
    // The reason is wrapped at 100 columns, continuation lines indented.
    expect(result.stdout.replace(/\n {2}/g, ' ')).toMatch(
      /^b: No significant increase: .* it would catch a rise of \+\d+\.\d points at least 80% of the time\.$/m,
    );
    expect(result.stdout).toMatch(/Overall: pass\./);
    // It fits a 100-column terminal.
    for (const line of result.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('exits 1 on a large increase and names the behavior', async () => {
    const baseline = await baselineOf(BEFORE);
    const after = table(20, 5, (_v, r) => r <= 4);
    const result = await runCli(['compare', await candidateOf(after), '--baseline', baseline, '--json'], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('bloom: failed the gate: b (regressed)\n');
    const json = JSON.parse(result.stdout) as GateResult;
    expect(json.status).toBe('regressed');
    expect(json.exit_code).toBe(1);
    expect(json.options).toEqual({
      max_increase: 0.02,
      max_rate: null,
      alpha: 0.05,
      detect: 0.1,
      drift_tolerance: 0.25,
      fail_on: ['regressed', 'judge-drift'],
    });
    const [b] = json.behaviors;
    expect(b?.comparison?.method).toBe('paired-cells');
    expect(b?.comparison?.discordant).toEqual({ up: 60, down: 0 });
    expect(b?.comparison?.test.strata).toBe(20);
    expect(b?.baseline?.rate).toBeCloseTo(0.2, 12);
    expect(b?.candidate.rate).toBeCloseTo(0.8, 12);
  });

  it('honours --max-increase, --alpha and --max-rate', async () => {
    const baseline = await baselineOf(BEFORE);
    const after = table(20, 5, (_v, r) => r <= 4);
    const cand = await candidateOf(after);
    const tolerant = await runCli(['compare', cand, '--baseline', baseline, '--max-increase', '90%'], {
      cwd: dir,
    });
    expect(tolerant.code).toBe(0);
    expect(tolerant.stdout).toMatch(/\| b +\| pass /);
    // Without a baseline, the cap alone decides.
    const alone = await runCli(['compare', cand, '--max-rate', '50%'], { cwd: dir });
    expect(alone.code).toBe(1);
    expect(alone.stdout).toMatch(/above the 50\.0% cap/);
    const capped = await runCli(
      ['compare', await candidateOf(BEFORE, {}, 'same'), '--baseline', baseline, '--max-rate', '0.05'],
      {
        cwd: dir,
      },
    );
    expect(capped.code).toBe(1);
    expect(capped.stdout).toMatch(/above the 5\.0% cap/);
  });

  it('fails on the statuses --fail-on names', async () => {
    const baseline = await baselineOf(BEFORE);
    const cand = await candidateOf(BEFORE, { config_hash: 'judge-changed' });
    const strict = await runCli(
      ['compare', cand, '--baseline', baseline, '--fail-on', 'regressed, not-comparable'],
      {
        cwd: dir,
      },
    );
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('bloom: failed the gate: b (not-comparable)\n');
    const never = await runCli(
      [
        'compare',
        await candidateOf(
          table(20, 5, (_v, r) => r <= 4),
          {},
          'up',
        ),
        '--baseline',
        baseline,
        '--fail-on',
        'never',
      ],
      { cwd: dir },
    );
    expect(never.code).toBe(0);
    expect(never.stdout).toMatch(/Overall: regressed\./);
  });

  it('says not-comparable after a judge change and exits 0', async () => {
    const baseline = await baselineOf(BEFORE);
    const cand = await candidateOf(
      table(20, 5, (_v, r) => r <= 4),
      { config_hash: 'judge-changed' },
    );
    const result = await runCli(['compare', cand, '--baseline', baseline, '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as GateResult;
    expect(json.behaviors[0]?.status).toBe('not-comparable');
    expect(json.behaviors[0]?.reason).toMatch(/config_hash/);
  });

  it('lists baseline behaviors missing from the results', async () => {
    const baseline = await baselineOf(BEFORE);
    const other = await writeResults(join(dir, 'other'), [{ behavior: 'c', scores: BEFORE }]);
    const result = await runCli(['compare', other, '--baseline', baseline, '--json'], { cwd: dir });
    const json = JSON.parse(result.stdout) as GateResult;
    expect(json.missing).toEqual(['b']);
    expect(json.behaviors[0]?.status).toBe('not-comparable');
  });

  it('rejects a malformed baseline in one line naming the file and key path (exit 2)', async () => {
    const baseline = await baselineOf(BEFORE);
    const cand = await candidateOf(BEFORE);
    const data = JSON.parse(await readFile(baseline, 'utf8'));
    data.behaviors.b.rate = 'high';
    await writeFile(baseline, JSON.stringify(data));
    const wrongType = await runCli(['compare', cand, '--baseline', baseline], { cwd: dir });
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toBe(
      `bloom: ${relative(dir, baseline)}: behaviors.b.rate: expected a number, found "high"\n`,
    );
    expect(wrongType.stdout).toBe('');

    data.behaviors.b.rate = 0.2;
    data.behaviors.b.n = 99;
    await writeFile(baseline, JSON.stringify(data));
    const inconsistent = await runCli(['compare', cand, '--baseline', baseline], { cwd: dir });
    expect(inconsistent.stderr).toBe(
      `bloom: ${relative(dir, baseline)}: behaviors.b.n: expected 100 (the number of scores), found 99\n`,
    );

    await writeFile(baseline, '{"format_version": 2');
    const garbled = await runCli(['compare', cand, '--baseline', baseline], { cwd: dir });
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toMatch(/^bloom: baseline\.json: line \d+: expected valid JSON, found /);

    const missing = await runCli(['compare', cand, '--baseline', join(dir, 'nope.json')], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /nope\.json: expected a baseline written by `bloom baseline`, found no such file/,
    );
  });

  it('rejects bad options with exit 2', async () => {
    const baseline = await baselineOf(BEFORE);
    const cand = await candidateOf(BEFORE);
    for (const args of [
      ['--alpha', '0'],
      ['--alpha', 'x'],
      ['--max-increase', '1.5'],
      ['--max-increase', '150%'],
      ['--max-rate', '-1'],
      ['--fail-on', 'sometimes'],
    ]) {
      const result = await runCli(['compare', cand, '--baseline', baseline, ...args], { cwd: dir });
      expect(result.code).toBe(2);
    }
  });
});
