// The prompt-caching and batch-price rows: the pinned bench suite with every role over the Anthropic wire format,
// run against the fault server billing cache_control breakpoints as the API does (a prefix up to a breakpoint is
// read from the cache when the run sent it before, written otherwise), then again with --batch. Priced at Claude
// Sonnet 4's list price ($3 / $15 per million tokens; cache reads 0.1x, 5-minute writes 1.25x, batch 0.5x).

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunInfo, UsageTotals } from '../../src/formats/run-info.ts';
import { startFaultServer } from '../support/fault-server/index.ts';
import { runMeasured } from './measure.ts';
import { SCHEDULING_SUITE } from './scenarios.ts';
import { BEHAVIOR, benchSuite, rolloutsOf } from './suites.ts';
import { wireEnv } from './wire.ts';

export const SONNET = { input: 3, output: 15 };

/** Every role over the Anthropic SDK: evaluator, judge and the target. */
const ANTHROPIC_IDS: Record<string, string> = {
  'demo-evaluator': 'anthropic/scripted-evaluator',
  'demo-target': 'anthropic/scripted-target?rate=0.35&spread=0.15&seed=7',
};

export interface StageShare {
  stage: string;
  inputTokens: number;
  readShare: number;
}

export interface CachingResult {
  rollouts: number;
  calls: number;
  /** Input tokens per rollout, every one billed at the input price (what the same requests cost uncached). */
  uncachedInputPerRollout: number;
  /** The same input billed as cached: fresh at 1x, reads at 0.1x, writes at 1.25x, in input-token equivalents. */
  cachedInputPerRollout: number;
  /** Dollars per rollout: list, with prompt caching, with caching and the judge through a batch. */
  listUsd: number;
  cachedUsd: number;
  cachedBatchUsd: number;
  stages: StageShare[];
}

async function runInfoOf(results: string): Promise<RunInfo> {
  return JSON.parse(await readFile(join(results, BEHAVIOR, 'run_info.json'), 'utf8')) as RunInfo;
}

async function runOnce(
  root: string,
  cli: string,
  data: string,
  name: string,
  args: string[],
): Promise<RunInfo> {
  const server = await startFaultServer({ promptCache: true });
  try {
    const results = join(root, `results-${name}`);
    const env = { ...wireEnv(server), BLOOM_BATCH_POLL_MS: '50', BLOOM_BATCH_GATHER_MS: '200' };
    const measured = await runMeasured(cli, ['run', data, '--results', results, ...args], env, root, 300_000);
    if (measured.code !== 0)
      throw new Error(`${name}: bloom exited ${measured.code}\n${measured.stderr.slice(-2000)}`);
    return await runInfoOf(results);
  } finally {
    await server.close();
  }
}

export async function promptCaching(root: string, cli: string): Promise<CachingResult> {
  const suite = { ...SCHEDULING_SUITE, wire: true };
  const data = await benchSuite(root, 'caching', suite);
  const modelsPath = join(data, 'models.json');
  const models = JSON.parse(await readFile(modelsPath, 'utf8')) as Record<string, Record<string, unknown>>;
  for (const [name, entry] of Object.entries(models)) {
    entry.id = ANTHROPIC_IDS[name] ?? entry.id;
    entry.price = { input_per_mtok: SONNET.input, output_per_mtok: SONNET.output };
  }
  await writeFile(modelsPath, JSON.stringify(models, null, 2));
  const pinServer = await startFaultServer();
  try {
    const pinned = await runMeasured(cli, ['pin', data], wireEnv(pinServer), root, 60_000);
    if (pinned.code !== 0) throw new Error(`pin: bloom exited ${pinned.code}\n${pinned.stderr.slice(-2000)}`);
  } finally {
    await pinServer.close();
  }

  const cached = await runOnce(root, cli, data, 'caching', []);
  const batched = await runOnce(root, cli, data, 'caching-batch', ['--batch']);
  const rollouts = rolloutsOf(suite);
  const totals = cached.usage?.totals as UsageTotals;
  const read = totals.cacheReadTokens ?? 0;
  const write = totals.cacheWriteTokens ?? 0;
  const fresh = totals.inputTokens - read - write;
  const list = (totals.inputTokens * SONNET.input + totals.outputTokens * SONNET.output) / 1e6;
  const stages = Object.entries(cached.usage?.byPurpose ?? {}).map(([stage, t]) => ({
    stage,
    inputTokens: t.inputTokens,
    readShare: t.inputTokens > 0 ? (t.cacheReadTokens ?? 0) / t.inputTokens : 0,
  }));
  return {
    rollouts,
    calls: totals.calls,
    uncachedInputPerRollout: totals.inputTokens / rollouts,
    cachedInputPerRollout: (fresh + 0.1 * read + 1.25 * write) / rollouts,
    listUsd: list / rollouts,
    cachedUsd: (cached.cost?.total_usd ?? Number.NaN) / rollouts,
    cachedBatchUsd: (batched.cost?.total_usd ?? Number.NaN) / rollouts,
    stages,
  };
}
