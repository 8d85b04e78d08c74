// Judgment through the providers' batch APIs (`--batch`), through the real SDKs against the fault server's batch
// endpoints: every judge request goes in a batch and the results equal a run of normal calls; errored and expired
// items and a batch past its time cap fall back to normal calls; a run killed while it waits resumes polling the
// same batch, with no second submission.

import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';
import {
  type FaultServer,
  type RecordedModelRequest,
  startFaultServer,
} from '../support/fault-server/index.ts';
import { BEHAVIOR, readJson, resultDigests } from './results.ts';
import { kill, spawnRun, waitUntil } from './subprocess.ts';
import { wireEnv } from './suite.ts';

/** The demo: 24 rollouts, each judged twice (num_samples 2): 48 judge requests in two rounds. */
const JUDGE_CALLS = 48;

let servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(): Promise<{ server: FaultServer; requests: RecordedModelRequest[] }> {
  const requests: RecordedModelRequest[] = [];
  const started = await startFaultServer({ onRequest: (r) => requests.push(r) });
  servers.push(started);
  return { server: started, requests };
}

/** The demo on one provider's wire format, every role, priced as a Sonnet. */
function demoOn(provider: 'anthropic' | 'openai'): Promise<string> {
  return copyDemo({
    models: (models) => {
      for (const entry of Object.values(models)) {
        entry.id = entry.id.replace('scripted/', `${provider}/scripted-`);
        Object.assign(entry, { price: { input_per_mtok: 3, output_per_mtok: 15 } });
      }
    },
  });
}

const results = () => mkdtemp(join(tmpdir(), 'bloom-batch-'));

function batchEnv(fault: FaultServer): Record<string, string> {
  return { ...wireEnv(fault), BLOOM_BATCH_POLL_MS: '20', BLOOM_BATCH_GATHER_MS: '100' };
}

const judgeRequests = (requests: RecordedModelRequest[]) =>
  requests.filter((r) => r.headers['x-bloom-purpose'] === 'judge').length;

describe.each(['anthropic', 'openai'] as const)('--batch over %s', (provider) => {
  it('sends every judge request in batches, none as a normal call, and judges as normal calls do', async () => {
    const data = await demoOn(provider);
    const { server: plain } = await server();
    const reference = await results();
    const normal = await runCli(['run', data, '--results', reference], { env: wireEnv(plain) });
    expect(normal.code, normal.stderr).toBe(0);

    const { server: fault, requests } = await server();
    const batched = await results();
    const run = await runCli(['run', data, '--results', batched, '--batch'], { env: batchEnv(fault) });
    expect(run.code, run.stderr).toBe(0);
    // Two rounds: the full judgments, then the re-samples that continue them.
    expect(fault.batches.map((b) => b.items.length)).toEqual([24, 24]);
    expect(run.stderr).toContain(
      `bloom: 24 judge requests submitted as ${provider} batch ${fault.batches[0]?.id}`,
    );
    expect(fault.batches.flatMap((b) => b.items.map((i) => i.purpose)).every((p) => p === 'judge')).toBe(
      true,
    );
    expect(judgeRequests(requests)).toBe(0);
    // Stable prefix first, in either dialect: the judge's fixed instructions, then the scenario and transcript.
    const texts = JSON.stringify(fault.batches[0]?.items[0]?.body);
    expect(texts.indexOf('Reply in this format')).toBeGreaterThan(-1);
    expect(texts.indexOf('Reply in this format')).toBeLessThan(texts.indexOf('<transcript>'));
    // The same transcripts, judge files and judgment as the run of normal calls (and the batch ids beside them).
    const { '.bloom/batches.json': batchFile, ...rest } = await resultDigests(batched);
    expect(batchFile).toBeDefined();
    expect(rest).toEqual(await resultDigests(reference));

    const info = await readJson(join(batched, BEHAVIOR, 'run_info.json'));
    const judge = (info.usage as { byPurpose: Record<string, Record<string, unknown>> }).byPurpose.judge;
    expect(judge?.calls).toBe(JUDGE_CALLS);
    expect(judge?.batch).toMatchObject({ calls: JUDGE_CALLS });
    // Priced at half: the judge stage's list price minus what caching and batching saved is its cost.
    const stage = (info.cost as { by_stage: Record<string, { usd: number; saved_usd: number }> }).by_stage
      .judge;
    const tokens = judge as { inputTokens: number; outputTokens: number };
    const list = (tokens.inputTokens * 3 + tokens.outputTokens * 15) / 1e6;
    expect(stage?.usd).toBeCloseTo(list / 2, 5);
    expect(stage?.saved_usd).toBeCloseTo(list / 2, 5);
    const stored = await readJson(join(batched, BEHAVIOR, '.bloom', 'batches.json'));
    expect((stored.batches as { id: string; state: string }[]).map((b) => [b.id, b.state])).toEqual(
      fault.batches.map((b) => [b.id, 'ended']),
    );
    expect(JSON.stringify(stored)).not.toMatch(/sk-(ant|openai)-fault-test-key/);
  });

  it('makes errored and expired items as normal calls', async () => {
    const data = await demoOn(provider);
    const { server: fault, requests } = await server();
    fault.setBatchBehavior({
      fate: (_id, index) => (index === 3 ? 'errored' : index === 5 ? 'expired' : undefined),
    });
    const out = await results();
    const run = await runCli(['run', data, '--results', out, '--batch'], { env: batchEnv(fault) });
    expect(run.code, run.stderr).toBe(0);
    // Two items of each batch fell back: each made once as a normal call.
    expect(judgeRequests(requests)).toBe(2 * fault.batches.length);
    const judgment = await readJson(join(out, BEHAVIOR, 'judgment.json'));
    expect(judgment.judgments).toHaveLength(24);
  });

  it('cancels a batch past --batch-timeout and makes its requests as normal calls', async () => {
    const data = await demoOn(provider);
    const { server: fault, requests } = await server();
    fault.setBatchBehavior({ neverEnds: true });
    const out = await results();
    const run = await runCli(['run', data, '--results', out, '--batch', '--batch-timeout', '0.3s'], {
      env: batchEnv(fault),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(fault.batches.length).toBeGreaterThan(0);
    expect(fault.batches.every((b) => b.cancelled)).toBe(true);
    expect(run.stderr).toContain('passed the batch time cap: cancelled');
    expect(judgeRequests(requests)).toBe(JUDGE_CALLS);
    const stored = await readJson(join(out, BEHAVIOR, '.bloom', 'batches.json'));
    expect((stored.batches as { state: string }[]).every((b) => b.state === 'cancelled')).toBe(true);
  });
});

describe('--batch, a large round', () => {
  it('is cut into batches of at most the size allowed', async () => {
    const data = await demoOn('anthropic');
    const { server: fault, requests } = await server();
    const out = await results();
    const env = { ...batchEnv(fault), BLOOM_BATCH_MAX_ITEMS: '10' };
    const run = await runCli(['run', data, '--results', out, '--batch'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(fault.batches.map((b) => b.items.length)).toEqual([10, 10, 4, 10, 10, 4]);
    expect(judgeRequests(requests)).toBe(0);
    const stored = await readJson(join(out, BEHAVIOR, '.bloom', 'batches.json'));
    expect(stored.batches).toHaveLength(6);
  });
});

describe('--batch, untrusted and offline', () => {
  it('sets aside a batches.json this machine did not seal, and never polls its batches', async () => {
    const data = await demoOn('anthropic');
    const { server: fault, requests } = await server();
    const out = await results();
    const forged = {
      batches: [
        {
          id: 'msgbatch_someone_elses',
          provider: 'anthropic',
          model: 'anthropic/scripted-evaluator',
          submitted_at: '2026-01-01T00:00:00.000Z',
          custom_ids: ['0123456789abcdef0123'],
          state: 'pending',
        },
      ],
    };
    await mkdir(join(out, BEHAVIOR, '.bloom'), { recursive: true });
    await writeFile(join(out, BEHAVIOR, '.bloom', 'batches.json'), JSON.stringify(forged));
    const run = await runCli(['run', data, '--results', out, '--batch'], { env: batchEnv(fault) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/set aside/);
    expect(fault.batches.map((b) => b.id)).toEqual(['msgbatch_1', 'msgbatch_2']);
    expect(JSON.stringify(requests)).not.toContain('msgbatch_someone_elses');
    const stored = await readFile(join(out, BEHAVIOR, '.bloom', 'batches.json'), 'utf8');
    expect(stored).not.toContain('msgbatch_someone_elses');
  });

  it('changes nothing for the scripted provider, which has no batch API', async () => {
    const out = await results();
    const run = await runCli(['run', 'fixtures/demo', '--results', out, '--batch']);
    expect(run.code, run.stderr).toBe(0);
    const info = await readJson(join(out, BEHAVIOR, 'run_info.json'));
    expect((info.usage as { byPurpose: Record<string, object> }).byPurpose.judge).not.toHaveProperty('batch');
    await expect(readFile(join(out, BEHAVIOR, '.bloom', 'batches.json'))).rejects.toThrow();
  });
});

describe('--batch, killed while waiting', () => {
  it('resumes polling the same batch: no second submission, every judgment made', async () => {
    const data = await demoOn('anthropic');
    const { server: fault, requests } = await server();
    fault.setBatchBehavior({ neverEnds: true });
    const out = await results();
    const stored = join(out, BEHAVIOR, '.bloom', 'batches.json');
    const first = spawnRun(data, out, batchEnv(fault), ['--batch']);
    const state = await waitUntil(
      async () => (await readFile(stored, 'utf8').catch(() => '')).includes('msgbatch_1'),
      first,
      60_000,
    );
    expect(state).toBe('ready');
    await kill(first);
    expect(fault.batches.map((b) => b.id)).toEqual(['msgbatch_1']);

    fault.setBatchBehavior({});
    const resumed = await runCli(['run', data, '--results', out, '--batch'], { env: batchEnv(fault) });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('bloom: batch msgbatch_1 from an earlier run found: polling it again');
    // The first round was found in batches.json and polled; only the re-samples' round was submitted.
    expect(fault.batches.map((b) => b.id)).toEqual(['msgbatch_1', 'msgbatch_2']);
    expect(
      fault.batches[1]?.items.every((i) => !fault.batches[0]?.items.some((j) => j.customId === i.customId)),
    ).toBe(true);
    expect(judgeRequests(requests)).toBe(0);
    const judgment = await readJson(join(out, BEHAVIOR, 'judgment.json'));
    expect(judgment.judgments).toHaveLength(24);
  }, 90_000);
});
