// Faults survived: a 100-rollout suite run through the real Anthropic and OpenAI SDKs against the local fault
// server gives the scripted provider's results, with 20% of calls faulted, and after SIGKILLs at any moment.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { unitDraw } from '../support/fault-server/draws.ts';
import { type FaultServer, startFaultServer } from '../support/fault-server/index.ts';
import {
  BEHAVIOR,
  filesUnder,
  judgmentOf,
  readJson,
  resultDigests,
  runInfoOf,
  transcriptCount,
  withoutMessageIds,
  withoutTimestamps,
} from './results.ts';
import { kill, spawnRun, waitUntil } from './subprocess.ts';
import { FIXED_EPOCH, hundredRolloutSuite, ROLLOUTS, WIRE_IDS, wireEnv } from './suite.ts';

const MIXED_FAULTS = {
  server_error: 0.05,
  rate_limit: 0.03,
  stall: 0.02,
  reset: 0.04,
  truncate: 0.03,
  malformed: 0.03,
};

const tempDir = (label: string) => mkdtemp(join(tmpdir(), `bloom-faults-${label}-`));

/** Every result file (transcripts, judge files, judgment.json, ...) equal to the byte; run_info.json aside. */
async function expectSameBytes(results: string, reference: string): Promise<void> {
  const [a, b] = [await resultDigests(results), await resultDigests(reference)];
  expect(Object.keys(a).length).toBeGreaterThan(ROLLOUTS * 2);
  expect(a).toEqual(b);
}

async function runToEnd(data: string, results: string, env: Record<string, string> = {}): Promise<void> {
  const run = await runCli(['run', data, '--results', results], { env });
  expect(run.code, run.stderr).toBe(0);
}

/** Every transcript's content, timestamps removed, by file name. */
async function transcripts(
  results: string,
  pick: (transcript: Record<string, unknown>) => unknown = (t) => t,
): Promise<Record<string, unknown>> {
  const names = (await filesUnder(join(results, BEHAVIOR))).filter((f) =>
    /^transcript_v\d+r\d+\.json$/.test(f),
  );
  const entries = await Promise.all(
    names.map(async (f) => [f, withoutTimestamps(pick(await readJson(join(results, BEHAVIOR, f))))] as const),
  );
  return Object.fromEntries(entries);
}

let servers: FaultServer[] = [];
let wireData: string;
/** The fault-free run through the wire: what every faulted or killed run must reproduce. */
let clean: string;
let cleanServer: FaultServer;

beforeAll(async () => {
  wireData = await hundredRolloutSuite(WIRE_IDS);
  cleanServer = await startFaultServer();
  servers.push(cleanServer);
  clean = await tempDir('clean');
  await runToEnd(wireData, clean, wireEnv(cleanServer));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('a 100-rollout suite against the fault server', () => {
  it('fault-free, gives the scripted provider run in every judgment and summary statistic', async () => {
    const scripted = await tempDir('scripted');
    await runToEnd(await hundredRolloutSuite(), scripted, { SOURCE_DATE_EPOCH: FIXED_EPOCH });
    // Transcript ids derive from the models' ids too (anthropic/scripted-evaluator against scripted/evaluator), so the
    // message ids highlights name differ between the two runs; everything else must match.
    const [wire, reference] = [await judgmentOf(clean), await judgmentOf(scripted)].map(
      withoutMessageIds,
    ) as [Record<string, unknown>, Record<string, unknown>];
    expect(wire.judgments).toHaveLength(ROLLOUTS);
    expect(wire.summary_statistics).toEqual(reference.summary_statistics);
    expect(wire.judgments).toEqual(reference.judgments);
    // Apart from those, only the judge's id differs, and with the ids the identity of the run that judgment.json
    // records.
    const apart = { model: '', run_identity: null };
    expect({ ...wire, ...apart }).toEqual({ ...reference, ...apart });

    const stats = cleanServer.stats();
    expect(stats.ok).toBe(stats.requests);
    expect(Object.values(stats.faults).every((n) => n === 0)).toBe(true);
    // The same calls per stage as the scripted run. On a loaded machine a call can pass the 500 ms timeout and
    // be sent again, so the server may see a request more than the calls: never more than the CLI's attempts.
    const scriptedUsage = (await runInfoOf(scripted)).usage.byPurpose;
    const wireUsage = (await runInfoOf(clean)).usage.byPurpose;
    expect(Object.keys(stats.byPurpose).sort()).toEqual(Object.keys(scriptedUsage).sort());
    for (const [purpose, requests] of Object.entries(stats.byPurpose)) {
      expect(wireUsage[purpose]?.calls, purpose).toBe(scriptedUsage[purpose]?.calls);
      expect(requests, purpose).toBeGreaterThanOrEqual(wireUsage[purpose]?.calls ?? Infinity);
      expect(requests, purpose).toBeLessThanOrEqual(wireUsage[purpose]?.attempts ?? -1);
    }
  });

  it('with 20% of calls faulted (every kind), keeps every rollout and judgment, identical to the clean run', async () => {
    const server = await startFaultServer({
      seed: 20,
      faults: MIXED_FAULTS,
      latency: { kind: 'uniform', minMs: 0, maxMs: 4 },
    });
    servers.push(server);
    const faulted = await tempDir('faulted');
    await runToEnd(wireData, faulted, wireEnv(server));

    const stats = server.stats();
    const injected = Object.values(stats.faults).reduce((a, b) => a + b, 0);
    expect(injected / stats.requests).toBeGreaterThan(0.15);
    expect(injected / stats.requests).toBeLessThan(0.25);
    for (const [kind, count] of Object.entries(stats.faults)) expect(count, kind).toBeGreaterThan(0);

    expect(await transcriptCount(faulted)).toBe(ROLLOUTS);
    const [a, b] = [await judgmentOf(faulted), await judgmentOf(clean)];
    expect(a.judgments).toHaveLength(ROLLOUTS);
    expect(withoutTimestamps(a.judgments)).toEqual(withoutTimestamps(b.judgments));
    expect(withoutTimestamps(a.summary_statistics)).toEqual(withoutTimestamps(b.summary_statistics));
    expect(withoutTimestamps(a)).toEqual(withoutTimestamps(b));
    expect(await transcripts(faulted)).toEqual(await transcripts(clean));
    await expectSameBytes(faulted, clean);

    // The ledger saw the retries: every call succeeded, some only after several attempts.
    const { totals } = (await readJson(join(faulted, BEHAVIOR, 'run_info.json'))).usage as Record<
      string,
      Record<string, number>
    >;
    expect(totals?.failedCalls).toBe(0);
    expect(totals?.attempts).toBeGreaterThan(totals?.calls ?? Infinity);
  }, 60_000);

  it('killed with SIGKILL mid-run, resumes to the clean results without redoing finished work', async () => {
    // A little latency keeps the child busy long enough to be killed in the middle.
    const server = await startFaultServer({ seed: 3, latency: { kind: 'fixed', ms: 5 } });
    servers.push(server);
    const env = wireEnv(server);
    const results = await tempDir('killed');
    const child = spawnRun(wireData, results, env);
    const state = await waitUntil(async () => (await transcriptCount(results)) >= 10, child, 30_000);
    expect(state).toBe('ready');
    expect(await kill(child)).toBe('SIGKILL');
    const survivors = await transcriptCount(results);
    expect(survivors).toBeLessThan(ROLLOUTS);

    await runToEnd(wireData, results, env);
    // This invocation's own calls (the folder's usage also counts the killed run's).
    const usage = (await runInfoOf(results)).this_run.usage.byPurpose;
    const full = (await runInfoOf(clean)).usage.byPurpose;
    expect(usage.understanding).toBeUndefined();
    expect(usage.ideation).toBeUndefined();
    const rolloutCalls = (u: typeof usage) => (u.evaluator?.calls ?? 0) + (u.target?.calls ?? 0);
    expect(rolloutCalls(usage)).toBeLessThan(rolloutCalls(full));
    expect(withoutTimestamps(await judgmentOf(results))).toEqual(withoutTimestamps(await judgmentOf(clean)));
    expect(await transcripts(results)).toEqual(await transcripts(clean));
    await expectSameBytes(results, clean);
  }, 60_000);

  it('killed at random moments, never leaves a torn JSON file or a temp file posing as a result', async () => {
    const server = await startFaultServer({ seed: 4 });
    servers.push(server);
    const env = wireEnv(server);
    const results = await tempDir('atomic');
    let kills = 0;
    let before = 0;
    // Each round: wait for new files to appear (writes are happening), then kill after a seeded 0-150 ms.
    for (let round = 0; round < 4; round++) {
      const child = spawnRun(wireData, results, env);
      const state = await waitUntil(async () => (await transcriptCount(results)) > before, child, 30_000);
      if (state === 'exited') break;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(unitDraw(4, 'kill', round) * 150)));
      if ((await kill(child)) === 'SIGKILL') kills++;
      before = await transcriptCount(results);

      for (const file of await filesUnder(results)) {
        const name = file.split('/').pop() ?? '';
        if (name.endsWith('.json')) {
          const text = await readFile(join(results, file), 'utf8');
          expect(() => JSON.parse(text), `${file} after kill ${kills}`).not.toThrow();
        } else if (name === 'usage.jsonl') {
          // An append-only log: every finished line parses; a kill can only cut the line being written.
          const lines = (await readFile(join(results, file), 'utf8')).split('\n');
          for (const line of lines.slice(0, -1)) expect(() => JSON.parse(line), file).not.toThrow();
        } else if (name === 'run.lock') {
          // The killed run's lock: its process is gone, so the next run takes it over.
          expect(JSON.parse(await readFile(join(results, file), 'utf8')).pid, file).toBe(child.child.pid);
        } else {
          // The only other files a killed write leaves are hidden temp files that no reader matches.
          expect(name, file).toMatch(/^\.[^/]*\.tmp$/);
        }
      }
    }
    expect(kills).toBeGreaterThanOrEqual(2);

    await runToEnd(wireData, results, env);
    expect(await transcriptCount(results)).toBe(ROLLOUTS);
    expect(withoutTimestamps(await judgmentOf(results))).toEqual(withoutTimestamps(await judgmentOf(clean)));
    expect(await transcripts(results)).toEqual(await transcripts(clean));
    await expectSameBytes(results, clean);
  }, 60_000);
});
