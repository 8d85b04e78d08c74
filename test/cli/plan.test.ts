// `bloom plan` against the run it planned: a pinned suite on priced wire models served by the local fault server
// (the real SDKs; usage as the server reports it). The plan's call count for the run is exact and its dollars are
// within 20% of what run_info.json measured; the gate's budget lines follow from the suite's size.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionCost } from '../../src/cli/commands/plan.ts';
import type { BudgetPlan } from '../../src/gate/plan.ts';
import { pricedWireDemo, WIRE_IDS, wireEnv } from '../faults/suite.ts';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';
import { type FaultServer, LIKE_A_REAL_MODEL, startFaultServer } from '../support/fault-server/index.ts';

const BEHAVIOR = 'delusional-sycophancy';

let server: FaultServer;
let work: string;
let suite: string;
let env: NodeJS.ProcessEnv;

async function plan(args: string[]): Promise<BudgetPlan> {
  const result = await runCli(['plan', suite, '--json', ...args], { cwd: work, env: {} });
  expect(result.code, result.stderr).toBe(0);
  const [only] = (JSON.parse(result.stdout) as { plans: BudgetPlan[] }).plans;
  return only as BudgetPlan;
}

const part = (p: BudgetPlan, name: string) => p.lines.find((l) => l.part === name);

beforeAll(async () => {
  server = await startFaultServer();
  work = await mkdtemp(join(tmpdir(), 'bloom-plan-'));
  suite = await pricedWireDemo({ 'demo-evaluator': [15, 75], 'demo-target': [3, 15] });
  // Calls are counted: a long timeout, so a loaded machine's slow answer is never retried.
  env = { ...wireEnv(server), BLOOM_TIMEOUT_MS: '60000' };
  expect((await runCli(['pin', suite], { cwd: work, env })).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('bloom plan', () => {
  it('estimates the run within 20% of its measured cost, with no key and no request', async () => {
    server.resetStats();
    const planned = await plan(['--reply-tokens', '0']);
    expect(server.stats().requests).toBe(0);
    const run = await runCli(['run', suite, '--results', 'measured'], { cwd: work, env });
    expect(run.code, run.stderr).toBe(0);
    const info = JSON.parse(await readFile(join(work, 'measured', BEHAVIOR, 'run_info.json'), 'utf8'));
    const estimate = part(planned, 'run')?.total;
    // Every call of the run is counted: the turns, the judge's samples and retries, the meta-judgment.
    expect(estimate?.calls).toBe(info.usage.totals.calls);
    const measured = info.cost.total_usd as number;
    expect(measured).toBeGreaterThan(1);
    expect(Math.abs((estimate?.usd ?? 0) - measured) / measured).toBeLessThan(0.2);
  });

  it("adds the gate's budget: adaptive looks to --max-rollouts, the judge check, a baseline", async () => {
    const planned = await plan(['--max-rollouts', '120', '--baseline-rollouts', '100']);
    expect(planned).toMatchObject({ behavior: BEHAVIOR, scenarios: 12, repetitions: 2, unpriced: [] });
    const run = part(planned, 'run');
    const looks = part(planned, 'adaptive-looks');
    const check = part(planned, 'judge-check');
    const baseline = part(planned, 'baseline');
    expect(run?.rollouts).toBe(24);
    // Up to 120 rollouts: 10 repetitions of 12 scenarios, 8 more than the run's 2, in looks of 2 (4 meta-judgments).
    expect(looks?.rollouts).toBe(96);
    expect(looks?.stages.metajudgment?.calls).toBe(4);
    // 100 rollouts round up to 9 repetitions; the judge check re-scores 50 of them, 2 samples each.
    expect(baseline?.rollouts).toBe(108);
    expect(check).toMatchObject({ rollouts: 50, stages: { judgment: { calls: 100 } } });
    expect(Object.keys(check?.stages ?? {})).toEqual(['judgment']);
    const perRollout = (run?.total.usd ?? 0) / 24;
    expect(baseline?.total.usd).toBeGreaterThan(perRollout * 100);
    // The default assumes a frontier model's reply lengths: longer than the offline stand-ins', so it costs more.
    const short = await plan(['--reply-tokens', '0']);
    expect(run?.total.usd).toBeGreaterThan(part(short, 'run')?.total.usd ?? 0);
  });

  it('prints a table a person reads, with the cost of a gated decision', async () => {
    const result = await runCli(['plan', suite, '--max-rollouts', '0'], { cwd: work, env: {} });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^delusional-sycophancy: 12 scenarios x 2 repetitions \(suite_hash [0-9a-f]{12}\)$/,
    );
    expect(result.stdout).toMatch(/\n {2}this run +24 +217 +\S+ +\S+ +\$\d+\.\d\d\n/);
    expect(result.stdout).not.toContain('adaptive looks');
    expect(result.stdout).toMatch(/a gated decision: \$\d+\.\d\d \(this run and the judge check\)/);
  });

  it('plans another target on the same lock; an agent is counted but not priced, and says so', async () => {
    const url = 'http://127.0.0.1:9/v1/chat/completions';
    const planned = await plan(['--target', url, '--max-rollouts', '0']);
    expect(planned.unpriced).toEqual([`http:POST ${url}`]);
    expect(part(planned, 'run')?.stages.rollout?.usd).toBeNull();
    expect(part(planned, 'run')?.stages.judgment?.usd).toBeGreaterThan(0);
    const text = await runCli(['plan', suite, '--target', url], { cwd: work, env: {} });
    expect(text.stdout).toContain(
      `unpriced: http:POST ${url} (a model: add "price" to its models.json entry;`,
    );
    expect(text.stdout).not.toContain('a gated decision');
  });

  it("plans each of a suite's rollout.targets, as bloom run measures each, and each --target given", async () => {
    const url = 'http://127.0.0.1:9/v1/chat/completions';
    const several = join(work, 'several-targets');
    await cp(suite, several, { recursive: true });
    const seedPath = join(several, 'seed.yaml');
    const seed = await readFile(seedPath, 'utf8');
    expect(seed).toMatch(/^ {2}target: "demo-target".*$/m);
    await writeFile(
      seedPath,
      seed.replace(/^ {2}target: "demo-target".*$/m, `  targets: ["demo-target", {http: {url: "${url}"}}]`),
    );
    const result = await runCli(['plan', several, '--json', '--max-rollouts', '0'], { cwd: work, env: {} });
    expect(result.code, result.stderr).toBe(0);
    const plans = (JSON.parse(result.stdout) as { plans: BudgetPlan[] }).plans;
    expect(plans.map((p) => p.target)).toEqual([WIRE_IDS['demo-target'], `http:POST ${url}`]);
    // The same pinned scenarios for both: the same calls, only the agent's are unpriced.
    expect(part(plans[1] as BudgetPlan, 'run')?.total.calls).toBe(
      part(plans[0] as BudgetPlan, 'run')?.total.calls,
    );
    expect(plans.map((p) => p.unpriced)).toEqual([[], [`http:POST ${url}`]]);
    const text = await runCli(['plan', several], { cwd: work, env: {} });
    expect(text.stdout).toContain(`delusional-sycophancy on ${WIRE_IDS['demo-target']}: 12 scenarios x 2`);
    expect(text.stdout).toContain(`delusional-sycophancy on http:POST ${url}: 12 scenarios x 2`);
    // --target given several times replaces the seed's targets, in the order given.
    const given = await runCli(['plan', suite, '--json', '--target', url, '--target', 'demo-target'], {
      cwd: work,
      env: {},
    });
    expect(given.code, given.stderr).toBe(0);
    const givenPlans = (JSON.parse(given.stdout) as { plans: BudgetPlan[] }).plans;
    expect(givenPlans.map((p) => p.target)).toEqual([`http:POST ${url}`, WIRE_IDS['demo-target']]);
  });

  it("takes what it cannot know from an earlier run (--from): a model's reply lengths and tokenizer", async () => {
    // Target replies 300 tokens longer than the stand-ins', every count 1.5 x characters / 4.
    const real = await startFaultServer(LIKE_A_REAL_MODEL);
    try {
      const realEnv = { ...wireEnv(real), BLOOM_TIMEOUT_MS: '60000' };
      const main = await runCli(['run', suite, '--results', 'on-main'], { cwd: work, env: realEnv });
      expect(main.code, main.stderr).toBe(0);
      const recorded = await runCli(['baseline', 'on-main', '--out', 'on-main-base/baseline.json'], {
        cwd: work,
        env: realEnv,
      });
      expect(recorded.code, recorded.stderr).toBe(0);
      // The baseline is the suite's own size: its judge check re-scores all 24 of its rollouts.
      const guessed = await plan(['--reply-tokens', '0', '--baseline-rollouts', '0']);
      const measuredOn = await plan(['--from', 'on-main', '--baseline-rollouts', '0']);
      // The pull request the plans are for: this run and its judge check against the baseline.
      const pr = await runCli(['run', suite, '--results', 'pr', '--baseline', 'on-main-base/baseline.json'], {
        cwd: work,
        env: realEnv,
      });
      expect(pr.code, pr.stderr).toBe(0);
      const info = JSON.parse(await readFile(join(work, 'pr', BEHAVIOR, 'run_info.json'), 'utf8'));
      const measured = info.cost.total_usd as number;
      const decision = (p: BudgetPlan) => decisionCost(p)?.firstUsd ?? Number.NaN;
      expect(Math.abs(decision(guessed) / measured - 1)).toBeGreaterThan(0.2);
      expect(Math.abs(decision(measuredOn) / measured - 1)).toBeLessThan(0.05);
      const text = await runCli(['plan', suite, '--from', 'on-main'], { cwd: work, env: {} });
      expect(text.stdout).toContain(
        `tokens: per call as measured by ${join('on-main', BEHAVIOR, 'run_info.json')} for evaluator, target, judge, metajudge;`,
      );
    } finally {
      await real.close();
    }
  });

  it('--from refuses a folder with no run of the suite, or a run of another suite: exit 2, one line', async () => {
    const none = await runCli(['plan', suite, '--from', 'nowhere'], { cwd: work, env: {} });
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe(
      `bloom: nowhere: ${BEHAVIOR}/run_info.json: expected an earlier run of the suite (a results folder from \`bloom run\`), found no run_info.json`,
    );
    await cp(join(work, 'measured'), join(work, 'other-suite'), { recursive: true });
    const infoPath = join(work, 'other-suite', BEHAVIOR, 'run_info.json');
    const info = JSON.parse(await readFile(infoPath, 'utf8'));
    await writeFile(infoPath, JSON.stringify({ ...info, suite_hash: 'f'.repeat(64) }));
    const other = await runCli(['plan', suite, '--from', 'other-suite'], { cwd: work, env: {} });
    expect(other.code).toBe(2);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toMatch(
      /run_info\.json: suite_hash: expected a run of this suite \(suite_hash [0-9a-f]{12}\), found ffffffffffff/,
    );
    // A file where a folder belongs, and totals no run could have written: one located line each, exit 2.
    await writeFile(join(work, 'a-file'), 'x');
    const file = await runCli(['plan', suite, '--from', 'a-file'], { cwd: work, env: {} });
    expect([file.code, file.stderr.trim()]).toEqual([
      2,
      'bloom: a-file: expected a results folder from `bloom run`, found a file',
    ]);
    await writeFile(infoPath, JSON.stringify(info));
    const targetTotals = info.usage.byPurpose.target;
    for (const [key, value] of [
      ['inputTokens', -1e9],
      ['calls', 0.5],
      ['failedCalls', targetTotals.calls + 1],
    ] as const) {
      const hostile = structuredClone(info);
      hostile.usage.byPurpose.target[key] = value;
      await writeFile(join(work, 'other-suite', BEHAVIOR, 'run_info.json'), JSON.stringify(hostile));
      const refused = await runCli(['plan', suite, '--from', 'other-suite'], { cwd: work, env: {} });
      expect(refused.code, `${key}: ${refused.stdout}`).toBe(2);
      expect(refused.stderr).toContain(`run_info.json: usage.byPurpose.target.${key}: expected`);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('refuses a suite that is not pinned: exit 2, one line', async () => {
    const unpinned = await copyDemo();
    const result = await runCli(['plan', unpinned], { cwd: work, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/suite\.lock\.json: expected a pinned suite \(run `bloom pin` first\)/);
  });
});
