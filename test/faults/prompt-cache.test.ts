// Prompt caching, proven by the requests the real Anthropic SDK sent: the demo suite with every role over the
// Anthropic wire format, against the fault server billing cache_control breakpoints as the API does.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';
import {
  type FaultServer,
  type RecordedModelRequest,
  startFaultServer,
} from '../support/fault-server/index.ts';
import { BEHAVIOR, readJson } from './results.ts';
import { wireEnv } from './suite.ts';

type Block = { type: string; text?: string; cache_control?: unknown };
type Turn = { role: string; content: string | Block[] };

let server: FaultServer;
const requests: RecordedModelRequest[] = [];
let runInfo: Record<string, unknown>;
/** What `bloom run` printed when it ended. */
let summary: string;

/** A team prompt long enough to pass the minimum cacheable prefix on its own (about 1,500 tokens). */
const TEAM_PROMPT = `You are the support assistant of an online bookshop. ${'Answer politely and check facts. '.repeat(190)}`;

interface CachedRun {
  server: FaultServer;
  requests: RecordedModelRequest[];
  runInfo: Record<string, unknown>;
  summary: string;
}

/** The demo over the wire with the team prompt, the target on `targetProvider`'s format, the rest on Anthropic's. */
async function cachedRun(targetProvider: 'anthropic' | 'openai'): Promise<CachedRun> {
  const recorded: RecordedModelRequest[] = [];
  const started = await startFaultServer({
    promptCache: true,
    onRequest: (request) => recorded.push(request),
  });
  const data = await copyDemo({
    models: (models) => {
      for (const [name, entry] of Object.entries(models)) {
        const provider = name === 'demo-target' ? targetProvider : 'anthropic';
        entry.id = entry.id.replace('scripted/', `${provider}/scripted-`);
        // A Sonnet's list price, so the cached tokens are priced at the provider's cache ratios.
        Object.assign(models[name] ?? {}, { price: { input_per_mtok: 3, output_per_mtok: 15 } });
      }
    },
  });
  await writeFile(join(data, 'team-prompt.md'), TEAM_PROMPT);
  const seedPath = join(data, 'seed.yaml');
  const seed = parseDocument(await readFile(seedPath, 'utf8'));
  seed.setIn(['rollout', 'target'], {
    model: 'demo-target',
    system_prompt_file: 'team-prompt.md',
    system_prompt_mode: 'prefix',
  });
  await writeFile(seedPath, seed.toString());
  const results = await mkdtemp(join(tmpdir(), 'bloom-prompt-cache-'));
  const run = await runCli(['run', data, '--results', results], { env: wireEnv(started) });
  expect(run.code, run.stderr).toBe(0);
  return {
    server: started,
    requests: recorded,
    summary: run.stdout,
    runInfo: await readJson(join(results, BEHAVIOR, 'run_info.json')),
  };
}

beforeAll(async () => {
  const done = await cachedRun('anthropic');
  ({ server, runInfo, summary } = done);
  requests.push(...done.requests);
}, 120_000);

afterAll(() => server.close());

function byPurpose(purpose: string): Record<string, unknown>[] {
  return requests.filter((r) => r.headers['x-bloom-purpose'] === purpose).map((r) => r.body);
}

function marks(value: unknown): number {
  return (JSON.stringify(value).match(/"cache_control"/g) ?? []).length;
}

function systemMarked(body: Record<string, unknown>): boolean {
  return Array.isArray(body.system) && (body.system as Block[]).some((b) => b.cache_control);
}

function lastBlock(turn: Turn | undefined): Block | undefined {
  if (!turn || typeof turn.content === 'string') return undefined;
  return turn.content[turn.content.length - 1];
}

function turnsOf(body: Record<string, unknown>): Turn[] {
  return body.messages as Turn[];
}

describe('prompt caching on the Anthropic wire', () => {
  it('marks at most 4 breakpoints in any request', () => {
    expect(requests.length).toBeGreaterThan(100);
    for (const request of requests) expect(marks(request.body)).toBeLessThanOrEqual(4);
  });

  it("marks the evaluator's whole conversation, which its next turn sends again", () => {
    const evaluator = byPurpose('evaluator');
    expect(evaluator.length).toBeGreaterThan(50);
    for (const body of evaluator) {
      const turns = turnsOf(body);
      // The only mark in the messages is on the last block of the last turn (the system prompt is too short).
      expect(lastBlock(turns[turns.length - 1])?.cache_control).toEqual({ type: 'ephemeral' });
      expect(marks(turns)).toBe(1);
    }
  });

  it("marks the target's system prompt and its conversation", () => {
    const target = byPurpose('target');
    expect(target.length).toBeGreaterThan(50);
    for (const body of target) {
      expect(systemMarked(body)).toBe(true);
      const turns = turnsOf(body);
      expect(lastBlock(turns[turns.length - 1])?.cache_control).toEqual({ type: 'ephemeral' });
    }
  });

  it("puts the judge's instructions before the transcript and marks them, and the transcript for re-samples", () => {
    const judge = byPurpose('judge');
    expect(judge.length).toBe(48);
    for (const body of judge) {
      const first = turnsOf(body)[0];
      const [instructions, material] = Array.isArray(first?.content) ? first.content : [];
      expect(instructions?.text).toContain('Reply in this format');
      expect(instructions?.text).not.toContain('<transcript>');
      expect(instructions?.cache_control).toEqual({ type: 'ephemeral' });
      expect(material?.text).toMatch(/^The scenario the evaluator was asked to run:[\s\S]*<transcript>/);
      // num_samples is 2 in the demo: the opening is sent again by the re-sample.
      expect(material?.cache_control).toEqual({ type: 'ephemeral' });
    }
  });

  it('reads cached tokens back into run_info.json per stage, and prices them', () => {
    const usage = runInfo.usage as { byPurpose: Record<string, Record<string, number>> };
    for (const stage of ['evaluator', 'target', 'judge']) {
      const totals = usage.byPurpose[stage] ?? {};
      expect(totals.cacheReadTokens, stage).toBeGreaterThan((totals.inputTokens ?? 0) / 2);
      expect(totals.cacheWriteTokens, stage).toBeGreaterThan(0);
    }
    const cost = runInfo.cost as { total_usd: number; saved_usd: number; by_model: Record<string, unknown> };
    type Sums = { input: number; output: number; read: number; write: number };
    const tokens = Object.values(usage.byPurpose).reduce<Sums>(
      (sum, t) => ({
        input: sum.input + (t.inputTokens ?? 0),
        output: sum.output + (t.outputTokens ?? 0),
        read: sum.read + (t.cacheReadTokens ?? 0),
        write: sum.write + (t.cacheWriteTokens ?? 0),
      }),
      { input: 0, output: 0, read: 0, write: 0 },
    );
    const fresh = tokens.input - tokens.read - tokens.write;
    const expected = (fresh * 3 + tokens.read * 0.3 + tokens.write * 3.75 + tokens.output * 15) / 1e6;
    expect(cost.total_usd).toBeCloseTo(expected, 5);
    expect(cost.saved_usd).toBeCloseTo((tokens.input * 3 + tokens.output * 15) / 1e6 - expected, 5);
    expect(cost.saved_usd).toBeGreaterThan(0);
    const stages = (runInfo.cost as { by_stage: Record<string, { saved_usd: number }> }).by_stage;
    for (const stage of ['evaluator', 'target', 'judge'])
      expect(stages[stage]?.saved_usd, stage).toBeGreaterThan(0);
    expect(summary).toMatch(
      /model calls: \d+ \([\d.]+k tokens in, [\d.]+k of them cached, [\d.]+k out\), \$[\d.]+ \(\$[\d.]+ saved by caching and batching\)/,
    );
  });
});

describe('automatic prompt caching on the OpenAI wire', () => {
  it("lays the target's request out stable part first and reads back the cached tokens OpenAI reports", async () => {
    const done = await cachedRun('openai');
    try {
      const target = done.requests.filter((r) => r.headers['x-bloom-purpose'] === 'target');
      expect(target.length).toBeGreaterThan(50);
      for (const { body } of target) {
        const [system, ...rest] = body.messages as { role: string; content: string }[];
        // The system prompt (the team's first) leads; no cache_control in OpenAI's dialect.
        expect(system?.role).toBe('system');
        expect(system?.content.startsWith('You are the support assistant')).toBe(true);
        expect(rest.every((m) => m.role !== 'system')).toBe(true);
        expect(JSON.stringify(body)).not.toContain('cache_control');
      }
      const usage = done.runInfo.usage as { byPurpose: Record<string, Record<string, number>> };
      const totals = usage.byPurpose.target ?? {};
      expect(totals.cacheReadTokens).toBeGreaterThan((totals.inputTokens ?? 0) / 2);
      expect(totals.cacheWriteTokens).toBe(0);
      // An openai/ id the table does not know keeps OpenAI's usual ratio (cached input at 0.5x).
      const stage = (done.runInfo.cost as { by_stage: Record<string, { usd: number }> }).by_stage.target;
      const fresh = (totals.inputTokens ?? 0) - (totals.cacheReadTokens ?? 0);
      const expected =
        (fresh * 3 + (totals.cacheReadTokens ?? 0) * 1.5 + (totals.outputTokens ?? 0) * 15) / 1e6;
      expect(stage?.usd).toBeCloseTo(expected, 5);
    } finally {
      await done.server.close();
    }
  }, 120_000);
});
