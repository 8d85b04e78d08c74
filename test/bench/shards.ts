// Issue 16's benchmarks: a pinned suite split into shards that run as separate processes, then `bloom merge`.
// (1) On the latency server: the slowest of 4 shards (each at the one-piece run's max_concurrent) against the
// one-piece run's wall / 4. (2) Bloom's published grid, 16 targets x 4 behaviors x 100 rollouts x 3 repetitions =
// 19,200 scripted rollouts, as 4 shards in parallel, then the merge: its total time and peak memory. Until one
// suite holds several targets, each target is its own results folder (--target, one per target).

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { startFaultServer } from '../support/fault-server/index.ts';
import { type Measured, runMeasured } from './measure.ts';
import { BEHAVIOR, type BenchSuite, benchSuite, rolloutsOf } from './suites.ts';
import { wireEnv } from './wire.ts';

/** Every shard and merge seals and verifies with one key, as a matrix shares BLOOM_RESULTS_KEY. */
const SHARED = { BLOOM_RESULTS_KEY: 'bench-shared-results-key', SOURCE_DATE_EPOCH: '1767225600' };
export const SHARDS = 4;

function ensureOk(what: string, m: Measured): void {
  if (m.code !== 0) throw new Error(`${what}: bloom exited ${m.code}\n${m.stderr.slice(-2000)}`);
}

async function judgedCount(behaviorDir: string): Promise<number> {
  const judgment = JSON.parse(await readFile(join(behaviorDir, 'judgment.json'), 'utf8')) as {
    judgments: unknown[];
    failed_judgments?: unknown[];
  };
  return judgment.judgments.length + (judgment.failed_judgments?.length ?? 0);
}

export interface SpeedupResult {
  rollouts: number;
  onePiece: Measured;
  shards: Measured[];
  /** The same shards again, one after another: each with the machine to itself, as on a runner of its own. */
  shardsAlone: Measured[];
  merge: Measured;
  /** The merged judgment.json's records equal the one-piece run's (under SOURCE_DATE_EPOCH). */
  sameAsOnePiece: boolean;
}

/** `suite` pinned, then run in one piece, as 4 parallel shards, and as the same 4 shards one at a time (a runner
 * each, as a matrix gives them), against one server at `latencyMs`. */
export async function shardSpeedup(
  root: string,
  cli: string,
  suite: Omit<BenchSuite, 'wire'>,
  how: { latencyMs: number; wire: boolean },
): Promise<SpeedupResult> {
  const name = `shard-speedup-${how.wire ? 'wire' : 'scripted'}-${how.latencyMs}ms`;
  const data = await benchSuite(root, name, {
    ...suite,
    wire: how.wire,
    ...(how.wire ? {} : { scriptedLatencyMs: how.latencyMs }),
  });
  const pinServer = await startFaultServer({ latency: { kind: 'fixed', ms: 0 } });
  try {
    const pinEnv = how.wire ? { ...wireEnv(pinServer), ...SHARED } : SHARED;
    ensureOk('pin', await runMeasured(cli, ['pin', data], pinEnv, root, 60_000));
  } finally {
    await pinServer.close();
  }
  // In-process models wait in the CLI itself: the server is then idle.
  const server = await startFaultServer({ latency: { kind: 'fixed', ms: how.latencyMs } });
  try {
    const env = how.wire ? { ...wireEnv(server), ...SHARED } : SHARED;
    const one = join(root, `${name}-one`);
    const onePiece = await runMeasured(cli, ['run', data, '--results', one], env, root, 240_000);
    ensureOk('one-piece run', onePiece);
    const dirs = Array.from({ length: SHARDS }, (_, i) => join(root, `${name}-shard-${i + 1}`));
    const shards = await Promise.all(
      dirs.map((dir, i) =>
        runMeasured(
          cli,
          ['run', data, '--shard', `${i + 1}/${SHARDS}`, '--results', dir],
          env,
          root,
          240_000,
        ),
      ),
    );
    for (const [i, m] of shards.entries()) ensureOk(`shard ${i + 1}`, m);
    const shardsAlone: Measured[] = [];
    for (let i = 0; i < SHARDS; i++) {
      const dir = join(root, `${name}-alone-${i + 1}`);
      const args = ['run', data, '--shard', `${i + 1}/${SHARDS}`, '--results', dir];
      const alone = await runMeasured(cli, args, env, root, 240_000);
      ensureOk(`shard ${i + 1} alone`, alone);
      shardsAlone.push(alone);
    }
    const out = join(root, `${name}-merged`);
    const merge = await runMeasured(
      cli,
      ['merge', ...dirs, '--out', out, '--data', data],
      env,
      root,
      120_000,
    );
    ensureOk('merge', merge);
    const records = async (results: string) =>
      JSON.stringify(JSON.parse(await readFile(join(results, BEHAVIOR, 'judgment.json'), 'utf8')).judgments);
    return {
      rollouts: rolloutsOf({ ...suite, wire: how.wire }),
      onePiece,
      shards,
      shardsAlone,
      merge,
      sameAsOnePiece: (await records(out)) === (await records(one)),
    };
  } finally {
    await server.close();
  }
}

/** Bloom's published grid: 4 behaviors of 20 scenarios x 5 variations x 3 repetitions (1 turn, 1 judge sample). */
export const GRID = {
  targets: 16,
  behaviors: 4,
  suite: { scenarios: 20, dimensions: 4, reps: 3, maxTurns: 1, samples: 1 },
};

export interface GridResult {
  rollouts: number;
  /** Each shard's 16 target runs, one after another (the 4 shards in parallel). */
  shardWallMs: number[];
  shardPeakRssMb: number;
  /** The 16 merges (one process per target, joining its 4 behaviors), one after another. */
  mergeWallMs: number;
  mergeCpuMs: number;
  mergePeakRssMb: number;
  merged: number;
}

/** A behavior of its own name (the demo's description), so the 4 behaviors are 4 suites. */
async function gridSuite(root: string, k: number, maxConcurrent: number): Promise<string> {
  const name = `grid-behavior-${k}`;
  const dir = await benchSuite(root, name, { ...GRID.suite, maxConcurrent, wire: false });
  const behaviorsPath = join(dir, 'behaviors.json');
  const behaviors = JSON.parse(await readFile(behaviorsPath, 'utf8')) as Record<string, string>;
  await writeFile(behaviorsPath, JSON.stringify({ ...behaviors, [name]: behaviors[BEHAVIOR] }, null, 2));
  const seedPath = join(dir, 'seed.yaml');
  const seed = parseDocument(await readFile(seedPath, 'utf8'));
  seed.setIn(['behavior', 'name'], name);
  await writeFile(seedPath, seed.toString());
  return dir;
}

const targetOf = (j: number) => `scripted/target?rate=0.${10 + j * 5}&spread=0.15&seed=${j}`;

export async function gridAtScale(root: string, cli: string, maxConcurrent: number): Promise<GridResult> {
  const suites: { dir: string; behavior: string }[] = [];
  for (let k = 1; k <= GRID.behaviors; k++) {
    const dir = await gridSuite(root, k, maxConcurrent);
    ensureOk('pin', await runMeasured(cli, ['pin', dir], SHARED, root, 120_000));
    suites.push({ dir, behavior: `grid-behavior-${k}` });
  }
  const targets = Array.from({ length: GRID.targets }, (_, j) => j + 1);
  const shardRoot = (i: number, j: number) => join(root, 'grid', `shard-${i}`, `target-${j}`);
  const chains = await Promise.all(
    Array.from({ length: SHARDS }, async (_, s) => {
      const i = s + 1;
      let wallMs = 0;
      let peak = 0;
      for (const j of targets) {
        const args = [
          'run',
          ...suites.map((x) => x.dir),
          '--target',
          targetOf(j),
          '--shard',
          `${i}/${SHARDS}`,
        ];
        const m = await runMeasured(cli, [...args, '--results', shardRoot(i, j)], SHARED, root, 600_000);
        ensureOk(`grid shard ${i}, target ${j}`, m);
        wallMs += m.wallMs;
        peak = Math.max(peak, m.maxRssMb);
      }
      return { wallMs, peak };
    }),
  );
  let mergeWallMs = 0;
  let mergeCpuMs = 0;
  let mergePeakRssMb = 0;
  let merged = 0;
  for (const j of targets) {
    const out = join(root, 'grid', 'merged', `target-${j}`);
    const pieces = Array.from({ length: SHARDS }, (_, s) => shardRoot(s + 1, j));
    const data = suites.flatMap((suite) => ['--data', suite.dir]);
    const m = await runMeasured(
      cli,
      ['merge', ...pieces, '--out', out, ...data, '--target', targetOf(j)],
      SHARED,
      root,
      120_000,
    );
    ensureOk(`grid merge, target ${j}`, m);
    mergeWallMs += m.wallMs;
    mergeCpuMs += m.cpuMs;
    mergePeakRssMb = Math.max(mergePeakRssMb, m.maxRssMb);
    for (const suite of suites) merged += await judgedCount(join(out, suite.behavior));
  }
  return {
    rollouts: GRID.targets * GRID.behaviors * rolloutsOf({ ...GRID.suite, maxConcurrent, wire: false }),
    shardWallMs: chains.map((c) => c.wallMs),
    shardPeakRssMb: Math.max(...chains.map((c) => c.peak)),
    mergeWallMs,
    mergeCpuMs,
    mergePeakRssMb,
    merged,
  };
}
