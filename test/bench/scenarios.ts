// Each benchmark scenario: one measured run, reduced to the figures its table row needs.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JudgmentFile } from '../../src/formats/judgment.ts';
import type { RunInfo } from '../../src/formats/run-info.ts';
import { decide } from '../../src/gate/decide.ts';
import { DEFAULT_GATE_OPTIONS } from '../../src/gate/options.ts';
import { readBehaviorRun } from '../../src/gate/results.ts';
import { renderReport } from '../../src/report/markdown/index.ts';
import { behaviorDetails, reportIdentity, reportUsage } from '../../src/report/report-input.ts';
import { writeViewer } from '../../src/report/viewer/write.ts';
import { type RecordedModelRequest, startFaultServer } from '../support/fault-server/index.ts';
import { type Measured, runMeasured } from './measure.ts';
import { BEHAVIOR, type BenchSuite, benchSuite, rolloutsOf } from './suites.ts';
import { firstWhen, sampleStats, wireEnv } from './wire.ts';

export const LATENCY_MS = 50;
export const CONCURRENCY = 20;

/** 20 scenarios x (1 + 4 dimensions) x 2 repetitions = 200 rollouts of 3 turns, one judge sample. */
export const SCHEDULING_SUITE: Omit<BenchSuite, 'wire'> = {
  scenarios: 20,
  dimensions: 4,
  reps: 2,
  maxTurns: 3,
  samples: 1,
  maxConcurrent: CONCURRENCY,
};

interface Counts {
  calls: number;
  byPurpose: Record<string, number>;
}

export interface Ideal {
  /** calls x latency / concurrency. */
  throughputMs: number;
  /** The longest chain of dependent calls x latency: understanding, ideation, one rollout and its judgment, meta. */
  criticalPathMs: number;
  idealMs: number;
  which: 'calls x latency / concurrency' | 'critical path';
}

/**
 * Understanding is two dependent calls (behavior, then the example analyses in parallel), ideation two (a batch of
 * scenarios, then each scenario's variations), each rollout a chain of 2 + 2 x turns - 1 calls then its judge
 * samples, metajudgment one. The rollout chain is taken from the counted calls (per rollout), not assumed.
 */
export function idealOf(counts: Counts, rollouts: number, latencyMs: number, concurrency: number): Ideal {
  const p = counts.byPurpose;
  const chain = ((p.evaluator ?? 0) + (p.target ?? 0) + (p.judge ?? 0)) / rollouts;
  const prelude = (p.understanding ? 2 : 0) + (p.ideation ? 2 : 0);
  const criticalPathMs = (prelude + chain + (p.metajudge ? 1 : 0)) * latencyMs;
  const throughputMs = (counts.calls * latencyMs) / concurrency;
  return throughputMs >= criticalPathMs
    ? { throughputMs, criticalPathMs, idealMs: throughputMs, which: 'calls x latency / concurrency' }
    : { throughputMs, criticalPathMs, idealMs: criticalPathMs, which: 'critical path' };
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

interface RunFiles {
  runInfo: RunInfo & { outcome?: { planned: number; transcripts: number; judged: number } };
  rolloutErrors: number;
  rolloutRecords: number;
  judgments: number;
}

export async function readRunFiles(results: string): Promise<RunFiles> {
  const dir = join(results, BEHAVIOR);
  const rollout = await readJson<{ rollouts: { error?: string }[] }>(join(dir, 'rollout.json'));
  const judgment = await readJson<JudgmentFile>(join(dir, 'judgment.json'));
  return {
    runInfo: await readJson(join(dir, 'run_info.json')),
    rolloutRecords: rollout.rollouts.length,
    rolloutErrors: rollout.rollouts.filter((r) => r.error).length,
    judgments: judgment.judgments.length,
  };
}

function ensureOk(what: string, m: Measured): void {
  if (m.code !== 0) throw new Error(`${what}: bloom exited ${m.code}\n${m.stderr.slice(-2000)}`);
}

export interface SchedulingResult {
  measured: Measured;
  rollouts: number;
  calls: number;
  ideal: Ideal;
  /** From the first model request to the last answer, as the server saw them (wire runs only). */
  onWireMs?: number;
  /** The run itself, from run_info.json (no process start, no data loading). */
  runMs: number;
  peakConcurrency?: number;
  /** CPU the server (this process) used meanwhile. */
  serverCpuMs?: number;
  /** The same requests sent straight through the SDKs by a bare script (wire runs only): the floor. */
  floor?: Measured;
}

/**
 * Where the suite comes from. `lock`: a pinned suite (suite.lock.json, written by `bloom pin` before the measured
 * run), as the action runs it on every pull request: rollouts, judgment and the meta-judgment. `seed`: all four
 * stages from seed.yaml, understanding and ideation first.
 */
export type SuiteSource = 'lock' | 'seed';

/** `bloom pin` on the data folder (not measured): afterwards `bloom run` skips understanding and ideation. */
async function pin(root: string, cli: string, data: string, env: Record<string, string>): Promise<void> {
  ensureOk('pin', await runMeasured(cli, ['pin', data], env, root, 60_000));
}

/** 200 rollouts x 3 turns, real SDKs over HTTP against the fault server at a fixed latency. */
export async function schedulingOnWire(
  root: string,
  cli: string,
  source: SuiteSource,
  run = 1,
): Promise<SchedulingResult> {
  const suite = { ...SCHEDULING_SUITE, wire: true };
  const name = `scheduling-wire-${source}-${run}`;
  const data = await benchSuite(root, name, suite);
  if (source === 'lock') {
    const pinServer = await startFaultServer({ latency: { kind: 'fixed', ms: 0 } });
    try {
      await pin(root, cli, data, wireEnv(pinServer));
    } finally {
      await pinServer.close();
    }
  }
  const recorded: RecordedModelRequest[] = [];
  const server = await startFaultServer({
    latency: { kind: 'fixed', ms: LATENCY_MS },
    onRequest: (request) => recorded.push(request),
  });
  try {
    const results = join(root, `results-${name}`);
    const cpu = process.cpuUsage();
    const poll = sampleStats(server);
    const measured = await runMeasured(
      cli,
      ['run', data, '--results', results],
      wireEnv(server),
      root,
      120_000,
    );
    const samples = poll.stop();
    const serverCpu = process.cpuUsage(cpu);
    ensureOk('scheduling (wire)', measured);
    const stats = server.stats();
    const first = firstWhen(samples, (s) => s.requests > 0);
    const last = firstWhen(samples, (s) => s.ok === stats.ok && s.inFlight === 0);
    const files = await readRunFiles(results);
    let floor: Measured | undefined;
    if (source === 'lock') {
      const requestsFile = join(root, `requests-${name}.json`);
      await writeFile(requestsFile, JSON.stringify(recorded));
      floor = await runMeasured(
        join(import.meta.dirname, 'sdk-floor.ts'),
        [requestsFile, server.url, String(CONCURRENCY)],
        {},
        root,
        120_000,
      );
      ensureOk('SDK floor', floor);
    }
    return {
      measured,
      floor,
      rollouts: rolloutsOf(suite),
      calls: stats.requests,
      ideal: idealOf(
        { calls: stats.requests, byPurpose: stats.byPurpose },
        rolloutsOf(suite),
        LATENCY_MS,
        CONCURRENCY,
      ),
      onWireMs: first && last ? last.t - first.t : undefined,
      runMs: files.runInfo.duration_ms ?? Number.NaN,
      peakConcurrency: stats.peakConcurrency,
      serverCpuMs: (serverCpu.user + serverCpu.system) / 1000,
    };
  } finally {
    await server.close();
  }
}

/** The same suite on in-process scripted models that wait 50 ms: the scheduler alone, no HTTP, no SDK. */
export async function schedulingInProcess(
  root: string,
  cli: string,
  source: SuiteSource,
  run = 1,
): Promise<SchedulingResult> {
  const suite = { ...SCHEDULING_SUITE, wire: false, scriptedLatencyMs: LATENCY_MS };
  const name = `scheduling-scripted-${source}-${run}`;
  const data = await benchSuite(root, name, suite);
  if (source === 'lock') await pin(root, cli, data, {});
  const results = join(root, `results-${name}`);
  const measured = await runMeasured(cli, ['run', data, '--results', results], {}, root, 120_000);
  ensureOk('scheduling (in-process)', measured);
  const files = await readRunFiles(results);
  const usage = files.runInfo.usage;
  const byPurpose = Object.fromEntries(Object.entries(usage?.byPurpose ?? {}).map(([k, v]) => [k, v.calls]));
  const calls = usage?.totals?.calls ?? 0;
  return {
    measured,
    rollouts: rolloutsOf(suite),
    calls,
    ideal: idealOf({ calls, byPurpose }, rolloutsOf(suite), LATENCY_MS, CONCURRENCY),
    runMs: files.runInfo.duration_ms ?? Number.NaN,
  };
}

export interface RateLimitResult {
  measured: Measured;
  ratePerSecond: number;
  rollouts: number;
  /** Answered 200 per second over the rollout and judgment window, where demand exceeds the limit. */
  achievedPerSecond: number;
  windowMs: number;
  throttled: number;
  requests: number;
  ok: number;
  lost: number;
  files: RunFiles;
}

/** 100 rollouts x 2 turns at concurrency 20 against a 40 request/s token bucket: 429s with retry-after. */
export async function rateLimits(root: string, cli: string, run = 1): Promise<RateLimitResult> {
  const ratePerSecond = 40;
  const suite: BenchSuite = {
    scenarios: 10,
    dimensions: 4,
    reps: 2,
    maxTurns: 2,
    samples: 1,
    maxConcurrent: CONCURRENCY,
    wire: true,
  };
  const data = await benchSuite(root, `rate-limits-${run}`, suite);
  const server = await startFaultServer({
    latency: { kind: 'fixed', ms: LATENCY_MS },
    ratePerSecond,
    burst: 1,
  });
  try {
    const results = join(root, `results-rate-limits-${run}`);
    const poll = sampleStats(server);
    const measured = await runMeasured(
      cli,
      ['run', data, '--results', results],
      wireEnv(server),
      root,
      180_000,
    );
    const samples = poll.stop();
    ensureOk('rate limits', measured);
    const stats = server.stats();
    // The window where demand exceeds the limit: from the first rollout request to the last judgment answered.
    const judges = stats.byPurpose.judge ?? 0;
    const start = firstWhen(samples, (s) => (s.byPurpose.evaluator ?? 0) > 0);
    const end = firstWhen(samples, (s) => (s.byPurpose.judge ?? 0) === judges && s.inFlight === 0);
    const okAt = (t: number) => samples.find((s) => s.t >= t)?.stats.ok ?? 0;
    const windowMs = start && end ? end.t - start.t : Number.NaN;
    const files = await readRunFiles(results);
    const rollouts = rolloutsOf(suite);
    return {
      measured,
      ratePerSecond,
      rollouts,
      achievedPerSecond: start && end ? (okAt(end.t) - start.stats.ok) / (windowMs / 1000) : Number.NaN,
      windowMs,
      throttled: stats.throttled,
      requests: stats.requests,
      ok: stats.ok,
      lost: rollouts - Math.min(files.rolloutRecords - files.rolloutErrors, files.judgments),
      files,
    };
  } finally {
    await server.close();
  }
}

export interface MemoryResult {
  measured: Measured;
  rollouts: number;
  calls: number;
  results: string;
  files: RunFiles;
}

/** 10,000 scripted rollouts (100 scenarios x 5 variations x 20 repetitions, 1 turn, 1 judge sample). */
export async function tenThousand(root: string, cli: string): Promise<MemoryResult> {
  const suite: BenchSuite = {
    scenarios: 100,
    dimensions: 4,
    reps: 20,
    maxTurns: 1,
    samples: 1,
    maxConcurrent: CONCURRENCY,
    wire: false,
  };
  const data = await benchSuite(root, 'ten-thousand', suite);
  const results = join(root, 'results-ten-thousand');
  const measured = await runMeasured(cli, ['run', data, '--results', results], {}, root, 240_000);
  ensureOk('10,000 rollouts', measured);
  const files = await readRunFiles(results);
  return {
    measured,
    rollouts: rolloutsOf(suite),
    calls: files.runInfo.usage?.totals?.calls ?? 0,
    results,
    files,
  };
}

/** The floor script with no request to send: its process start and SDK loading, subtracted from its CPU per call. */
export async function sdkFloorStartup(root: string): Promise<Measured> {
  const none = join(root, 'no-requests.json');
  await writeFile(none, '[]');
  const measured = await runMeasured(
    join(import.meta.dirname, 'sdk-floor.ts'),
    [none, 'http://127.0.0.1:9', String(CONCURRENCY)],
    {},
    root,
    30_000,
  );
  ensureOk('SDK floor startup', measured);
  return measured;
}

/** `bloom --help`: what starting the process costs, subtracted from CPU per call. */
export async function startup(root: string, cli: string): Promise<Measured> {
  const measured = await runMeasured(cli, ['--help'], {}, root, 30_000);
  ensureOk('startup', measured);
  return measured;
}

export interface ReportingResult {
  markdownMs: number;
  markdownChars: number;
  viewerMs: number;
  viewerBytes: number;
  viewerPath: string;
}

/** The markdown report (as the action builds it, no baseline) and the viewer, for the 10,000-rollout folder. */
export async function reporting(resultsRoot: string): Promise<ReportingResult> {
  const dir = join(resultsRoot, BEHAVIOR);
  let started = performance.now();
  const judgment = await readJson<JudgmentFile>(join(dir, 'judgment.json'));
  const runInfo = await readJson<RunInfo>(join(dir, 'run_info.json'));
  const candidate = await readBehaviorRun(dir);
  const results = decide({
    candidates: [candidate],
    baseline: {},
    options: DEFAULT_GATE_OPTIONS,
  });
  const markdown = renderReport(
    {
      gate: null,
      results,
      details: behaviorDetails([{ behavior: BEHAVIOR, folder: BEHAVIOR, judgment, runInfo }]),
      usage: reportUsage([runInfo]),
      identity: reportIdentity(runInfo, 'bench', null),
    },
    { maxChars: 1_000_000 },
  ).markdown;
  const markdownMs = performance.now() - started;

  started = performance.now();
  const out = await writeViewer({ resultsDir: resultsRoot, behaviorDirs: [dir] });
  const viewerMs = performance.now() - started;
  const { size } = await import('node:fs/promises').then((fs) => fs.stat(out));
  return { markdownMs, markdownChars: markdown.length, viewerMs, viewerBytes: size, viewerPath: out };
}
