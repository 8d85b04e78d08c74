// What a gated decision costs and what the call cache saves, on the local fault server (the real SDKs, usage as
// the server reports it): a pinned 100-rollout suite on priced models, its baseline recorded with --call-cache, then
// the baseline re-recorded on an unchanged main and an unchanged pull request gated again with the cache kept, and
// `bloom plan`'s estimate of the same decision against what run_info.json measured.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decisionCost } from '../../src/cli/commands/plan.ts';
import { type BudgetPlan, planBudget } from '../../src/gate/plan.ts';
import { planSuite } from '../../src/pipeline/plan/index.ts';
import {
  type FaultServerOptions,
  LIKE_A_REAL_MODEL,
  startFaultServer,
} from '../support/fault-server/index.ts';
import { runMeasured } from './measure.ts';
import { BEHAVIOR, type BenchSuite, benchSuite, rolloutsOf } from './suites.ts';
import { wireEnv } from './wire.ts';

/** 10 scenarios x 5 variations x 2 repetitions = 100 rollouts of 3 turns, one judge sample. */
export const COST_SUITE: BenchSuite = {
  scenarios: 10,
  dimensions: 4,
  reps: 2,
  maxTurns: 3,
  samples: 1,
  maxConcurrent: 20,
  wire: true,
};

/** Dollars per million tokens in and out: an Opus-class evaluator and judge, a Sonnet-class target (list prices). */
export const COST_PRICES = { 'demo-evaluator': [15, 75], 'demo-target': [3, 15] } as const;

interface Run {
  requests: number;
  byPurpose: Record<string, number>;
  info: {
    cost: { total_usd: number };
    usage: { totals: { calls: number } };
    call_cache: { served: number; refused: number; saved_usd: number | null } | null;
  };
}

export interface CostResult {
  rollouts: number;
  /** Recording the baseline on main, with the cache. */
  main: Run;
  /** The baseline re-recorded on an unchanged main, cache kept. */
  mainAgain: Run;
  /** A pull request gated without the cache; the same pull request gated with it kept, then again. */
  gated: Run;
  gatedFirst: Run;
  gatedAgain: Run;
  /** The plan's estimate of the run and of the judge check (stand-ins' reply lengths, no adaptive looks). */
  planned: { runUsd: number; judgeCheckUsd: number; runCalls: number; judgeCheckCalls: number };
  /** On a server like a real model (longer target replies, another tokenizer): the plan with the stand-ins'
   * replies and the plan measured on the baseline's run (--from), against the gated decision measured there. */
  likeReal: { guessedUsd: number; fromUsd: number; measuredUsd: number };
}

export async function costAndCache(root: string, cli: string): Promise<CostResult> {
  const data = await benchSuite(root, 'cost', COST_SUITE);
  const modelsPath = join(data, 'models.json');
  const models = JSON.parse(await readFile(modelsPath, 'utf8')) as Record<string, Record<string, unknown>>;
  for (const [name, [input, output]] of Object.entries(COST_PRICES)) {
    (models[name] as Record<string, unknown>).price = { input_per_mtok: input, output_per_mtok: output };
  }
  await writeFile(modelsPath, JSON.stringify(models, null, 2));
  const stand = { evaluator: 0, target: 0, judge: 0, metajudge: 0 };
  const planOf = async (from?: string) =>
    planBudget(
      await planSuite({
        dataDir: data,
        cwd: root,
        replyTokens: stand,
        ...(from ? { from: { shown: from, dir: join(root, from) } } : {}),
      }),
      { maxRollouts: 0, baselineRollouts: 0 },
    );
  const { bloom, run, close } = await benchServer(cli, data, root);
  try {
    await bloom(['pin', data]);
    const plan = await planOf();
    const part = (name: string) => plan.lines.find((l) => l.part === name)?.total;
    const cache = ['--call-cache', join(root, 'call-cache')];
    const main = await run('cost-main', cache);
    await bloom(['baseline', join(root, 'cost-main'), '--out', join(root, 'cost-base', 'baseline.json')]);
    const mainAgain = await run('cost-main-again', cache);
    const gate = ['--baseline', join(root, 'cost-base', 'baseline.json')];
    const gated = await run('cost-pr', gate);
    // The pull request gated with the cache kept, then again: the second is the unchanged re-run.
    const gatedFirst = await run('cost-pr-cached', [...gate, ...cache]);
    const gatedAgain = await run('cost-pr-again', [...gate, ...cache]);
    return {
      rollouts: rolloutsOf(COST_SUITE),
      main,
      mainAgain,
      gated,
      gatedFirst,
      gatedAgain,
      planned: {
        runUsd: part('run')?.usd ?? Number.NaN,
        judgeCheckUsd: part('judge-check')?.usd ?? Number.NaN,
        runCalls: part('run')?.calls ?? Number.NaN,
        judgeCheckCalls: part('judge-check')?.calls ?? Number.NaN,
      },
      likeReal: await planOnARealModel(cli, data, root, planOf),
    };
  } finally {
    await close();
  }
}

/** The local fault server (`options`: like a real model or not) and the CLI run against it. */
async function benchServer(cli: string, data: string, root: string, options: FaultServerOptions = {}) {
  const server = await startFaultServer(options);
  const env = { ...wireEnv(server), BLOOM_RESULTS_KEY: 'bench-call-cache-key' };
  const bloom = async (args: string[]) => {
    const m = await runMeasured(cli, args, env, root, 300_000);
    if (m.code !== 0 && m.code !== 1)
      throw new Error(`bloom ${args[0]} exited ${m.code}\n${m.stderr.slice(-2000)}`);
  };
  const run = async (results: string, extra: string[]): Promise<Run> => {
    server.resetStats();
    await bloom(['run', data, '--results', join(root, results), ...extra]);
    const { requests, byPurpose } = server.stats();
    const info = JSON.parse(await readFile(join(root, results, BEHAVIOR, 'run_info.json'), 'utf8'));
    return { requests, byPurpose, info };
  };
  return { bloom, run, close: () => server.close() };
}

/** What a gated decision costs by the plan: this run and the judge check (as `bloom plan` prints it). */
const decisionUsd = (plan: BudgetPlan) => decisionCost(plan)?.firstUsd ?? Number.NaN;

/** On a server like a real model: the baseline recorded, the plan guessed and measured on it, the gated run. */
async function planOnARealModel(
  cli: string,
  data: string,
  root: string,
  planOf: (from?: string) => Promise<BudgetPlan>,
): Promise<CostResult['likeReal']> {
  const { bloom, run, close } = await benchServer(cli, data, root, LIKE_A_REAL_MODEL);
  try {
    await run('real-main', []);
    await bloom(['baseline', join(root, 'real-main'), '--out', join(root, 'real-base', 'baseline.json')]);
    const guessedUsd = decisionUsd(await planOf());
    const fromUsd = decisionUsd(await planOf('real-main'));
    const gated = await run('real-pr', ['--baseline', join(root, 'real-base', 'baseline.json')]);
    return { guessedUsd, fromUsd, measuredUsd: gated.info.cost.total_usd };
  } finally {
    await close();
  }
}
