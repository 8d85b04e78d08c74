// A pull request that commits a judge check into the CLI's results folder: the decision reads
// judge_check_anchor.json to drop an anchor whose judge moved, so a forged one claiming a moved judge would hide
// creep since the anchor. The anchor here has no judge sample (recorded before baselines kept one), so no check of
// its own is made that would overwrite the file; the run sets the unsealed file aside and compares the anchor.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/gate/types.ts';
import { pricedWireDemo, wireEnv } from '../faults/suite.ts';
import { runCli } from '../support/cli.ts';
import { type FaultServer, startFaultServer } from '../support/fault-server/index.ts';

const BEHAVIOR = 'delusional-sycophancy';
const LOW_TARGET = 'openai/scripted-target?rate=0.05&spread=0.05&seed=7';
const PR_TARGET = 'openai/scripted-target?rate=0.5&spread=0.15&seed=9';

let server: FaultServer;
let work: string;
let suite: string;
let env: NodeJS.ProcessEnv;

async function gate(args: string[]) {
  const r = await runCli(['run', suite, ...args], { cwd: work, env });
  const gated = JSON.parse(r.stdout.slice(r.stdout.indexOf('{\n'))) as GateResult;
  return { code: r.code, behavior: gated.behaviors[0] };
}

beforeAll(async () => {
  server = await startFaultServer();
  work = await mkdtemp(join(tmpdir(), 'bloom-forged-check-'));
  suite = await pricedWireDemo({ 'demo-evaluator': [3, 15], 'demo-target': [1, 5] });
  env = { ...wireEnv(server), BLOOM_RESULTS_KEY: 'forged-check-key', BLOOM_TIMEOUT_MS: '60000' };
  const ok = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const r = await runCli(args, { cwd: work, env: { ...env, ...extra } });
    expect(r.code, r.stderr).toBe(0);
  };
  await ok(['pin', suite]);
  await ok(['run', suite, '--results', 'main']);
  await ok(['baseline', 'main', '--out', 'base/baseline.json']);
  // An older anchor of the same target id at a low rate, recorded before baselines kept a judge sample.
  await ok(['run', suite, '--results', 'old', '--target', LOW_TARGET]);
  await ok(['baseline', 'old', '--out', 'anc/anchor.json'], { SOURCE_DATE_EPOCH: '1700000000' });
  const anchor = JSON.parse(await readFile(join(work, 'anc/anchor.json'), 'utf8'));
  const { target_id } = JSON.parse(await readFile(join(work, 'base/baseline.json'), 'utf8'));
  anchor.target_id = target_id;
  for (const b of Object.values(anchor.behaviors) as Record<string, unknown>[]) {
    delete b.judge_sample;
    b.target_id = target_id;
  }
  await writeFile(join(work, 'anc/anchor.json'), JSON.stringify(anchor, null, 2));
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('a judge check committed into bloom-results/', () => {
  const args = [
    '--baseline',
    'base/baseline.json',
    '--anchor',
    'anc/anchor.json',
    '--json',
    '--target',
    PR_TARGET,
  ];

  it('is set aside: the anchor is still compared and the creep since it still fails the run', async () => {
    const control = await gate(['--results', 'control', ...args]);
    expect([control.code, control.behavior?.status]).toEqual([1, 'regressed']);
    expect(control.behavior?.reason).toContain('since the anchor');
    // "The judge moved by -5 points since the anchor": what would drop the anchor from the comparison.
    const forged = {
      format_version: 1,
      judge: 'anthropic/scripted-evaluator',
      baseline: { commit: null, created_at: '2023-11-14T22:13:20.000Z' },
      items: Array.from({ length: 24 }, (_, i) => ({
        variation: (i % 12) + 1,
        repetition: 1 + Math.floor(i / 12),
        stored: 8,
        rejudged: 3,
      })),
    };
    await mkdir(join(work, 'bloom-results', BEHAVIOR), { recursive: true });
    await writeFile(join(work, 'bloom-results', BEHAVIOR, 'judge_check_anchor.json'), JSON.stringify(forged));
    const pr = await gate(args);
    expect([pr.code, pr.behavior?.status]).toEqual([1, 'regressed']);
    expect(pr.behavior?.reason).toBe(control.behavior?.reason);
  });
});
