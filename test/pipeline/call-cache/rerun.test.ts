// The call cache across runs, as a user runs it: a pinned suite whose evaluator, target and judge are served over
// the Anthropic and OpenAI wire formats by the local fault server, which counts every request. Recorded on main with
// `--call-cache`, then a baseline re-recorded on an unchanged main and a pull request's gated run both make no
// paid call (a re-run is served the judge check kept beside the very scores it serves; a judge that moved is seen
// as soon as it scores anything, an adaptive look included); an entry with
// a wrong seal, one sealed by another machine's key and a torn one are refused, re-called and overwritten.

import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallCacheStats } from '../../../src/formats/call-cache.ts';
import type { GateResult } from '../../../src/gate/types.ts';
import { pricedWireDemo, wireEnv } from '../../faults/suite.ts';
import { runCli } from '../../support/cli.ts';
import { type FaultServer, startFaultServer } from '../../support/fault-server/index.ts';
import { type ModelServer, startModelServer } from '../../support/model-server.ts';
import { openaiCompletion, reply } from '../../support/wire.ts';

const BEHAVIOR = 'delusional-sycophancy';

let server: FaultServer;
let work: string;
let suite: string;
let env: NodeJS.ProcessEnv;
/** Requests the first run made: every one stored, in these files. */
let firstRequests: number;
let firstEntries: string[];

interface RunInfo {
  call_cache: CallCacheStats | null;
  cost: { total_usd: number };
  this_run: { usage: { totals: { calls: number } } };
}

const gateOf = (stdout: string) => JSON.parse(stdout.slice(stdout.indexOf('{\n'))) as GateResult;
const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;
const runInfo = (results: string) => readJson<RunInfo>(join(work, results, BEHAVIOR, 'run_info.json'));

async function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  server.resetStats();
  const result = await runCli(['run', suite, ...args], { cwd: work, env: { ...env, ...extraEnv } });
  return { ...result, requests: server.stats().requests, byPurpose: server.stats().byPurpose };
}

/** A copy of the cache without the judge's answers: a run over it pays for every score. */
async function copyWithoutScores(folder: string): Promise<void> {
  await cp(join(work, 'cache'), join(work, folder), { recursive: true });
  for (const file of await entryFiles(folder)) {
    if ((await readJson<{ purpose?: string }>(file)).purpose === 'judge') await rm(file);
  }
}

/** A cache (a copy without the judge's answers) whose scores a judge `shift` points off gave, in a run with no
 * baseline and so no check. */
async function scoredByMovedJudge(cache: string, results: string, shift: number): Promise<void> {
  await copyWithoutScores(cache);
  server.setJudgeShift(shift);
  try {
    const local = await run(['--results', results, '--call-cache', cache]);
    expect(local.code, local.stderr).toBe(0);
  } finally {
    server.setJudgeShift(0);
  }
}

async function entryFiles(folder = 'cache'): Promise<string[]> {
  const files: string[] = [];
  for (const shard of await readdir(join(work, folder))) {
    for (const name of await readdir(join(work, folder, shard))) {
      if (name.endsWith('.json')) files.push(join(work, folder, shard, name));
    }
  }
  return files.sort();
}

beforeAll(async () => {
  server = await startFaultServer();
  work = await mkdtemp(join(tmpdir(), 'bloom-call-cache-'));
  // Priced (the wire ids are in no price table), so what a served call saved is in dollars.
  suite = await pricedWireDemo({ 'demo-evaluator': [3, 15], 'demo-target': [1, 5] });
  // Requests are counted: a long timeout, so a loaded machine's slow answer is never retried (a second request).
  env = { ...wireEnv(server), BLOOM_RESULTS_KEY: 'call-cache-test-key', BLOOM_TIMEOUT_MS: '60000' };
  expect((await runCli(['pin', suite], { cwd: work, env })).code).toBe(0);
  const first = await run(['--results', 'main', '--call-cache', 'cache']);
  expect(first.code, first.stderr).toBe(0);
  firstRequests = first.requests;
  firstEntries = await entryFiles();
  const recorded = await runCli(['baseline', 'main', '--out', 'base/baseline.json'], { cwd: work, env });
  expect(recorded.code, recorded.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('bloom run --call-cache', () => {
  it('stores every answer the first run paid for, one sealed file per call', async () => {
    const info = await runInfo('main');
    expect(firstRequests).toBeGreaterThan(24 * 3);
    expect(info.call_cache?.stored).toBe(firstRequests);
    expect(info.call_cache?.served).toBe(0);
    expect(info.this_run.usage.totals.calls).toBe(firstRequests);
    const files = await entryFiles();
    expect(files).toHaveLength(firstRequests);
    const entry = await readJson<{ key: string; run_seal: string }>(files[0] as string);
    expect(files[0]).toContain(`${entry.key.slice(0, 2)}/${entry.key}.json`);
    expect(entry.run_seal).toMatch(/^[0-9a-f]{64}$/);
  });

  it('re-records the baseline on an unchanged main with 0 requests and the same results', async () => {
    const again = await run(['--results', 'main-again', '--call-cache', 'cache']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.requests).toBe(0);
    const info = await runInfo('main-again');
    expect(info.call_cache?.served).toBe(firstRequests);
    expect(info.call_cache?.refused).toBe(0);
    expect(info.this_run.usage.totals.calls).toBe(0);
    expect(Object.keys(info.call_cache?.by_purpose ?? {}).sort()).toEqual([
      'evaluator',
      'judge',
      'metajudge',
      'target',
    ]);
    const judgment = (results: string) => readFile(join(work, results, BEHAVIOR, 'judgment.json'), 'utf8');
    expect(await judgment('main-again')).toBe(await judgment('main'));
    expect(again.stdout).toContain(`  model calls: 0 (0 tokens in, 0 out), $0\n`);
    // Saved: what the first run paid, to the cent.
    const paid = (await runInfo('main')).cost.total_usd;
    expect(paid).toBeGreaterThan(0.1);
    expect(info.call_cache?.saved_usd).toBeCloseTo(paid, 6);
    const usd = `$${paid.toFixed(2)}`;
    expect(again.stdout).toContain(
      `  call cache: ${firstRequests} calls served (saved ${usd}), 0 stored, 0 refused\n`,
    );
    const comment = await runCli(['report', 'main-again', '--comment'], { cwd: work, env });
    const by = info.call_cache?.by_purpose ?? {};
    expect(comment.stdout).toContain(
      `Estimated cost $0.00 · 0 calls made · ${firstRequests} calls served from the call cache (evaluator ` +
        `${by.evaluator?.served}, target ${by.target?.served}, judge ${by.judge?.served}, metajudge 1; saved about ${usd})`,
    );
  });

  it('gates a pull request paying only for its judge check, then re-runs it with no paid call at all', async () => {
    const gateArgs = ['--call-cache', 'cache', '--baseline', 'base/baseline.json', '--json'];
    // Every score is served, but no check was ever kept with them (main was not gated): it is made fresh, and as
    // this run did not make its scores, 24 of them are re-scored beside the baseline's 24 (2 samples each).
    const pr = await run(['--results', 'pr', ...gateArgs]);
    expect(pr.code, pr.stderr).toBe(0);
    expect(pr.byPurpose).toEqual({ judge: 96 });
    expect((await runInfo('pr')).call_cache?.bypassed).toBe(96);
    const made = await readJson<{ own_scores: number }>(join(work, 'pr', BEHAVIOR, 'judge_check.json'));
    expect(made.own_scores).toBe(24);
    // The same pull request again: the same scores word for word, so the check kept beside them is served.
    const again = await run(['--results', 'pr-again', ...gateArgs]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.requests).toBe(0);
    expect(gateOf(again.stdout).behaviors[0]?.status).toBe('pass');
    const info = await runInfo('pr-again');
    expect(info.call_cache?.served).toBe(firstRequests + 96);
    expect(info.call_cache?.by_purpose['judge-check']).toEqual({ served: 96, stored: 0, refused: 0 });
    expect(info.call_cache?.bypassed).toBe(0);
    const check = await readJson<{ items: unknown[]; from_call_cache: boolean }>(
      join(work, 'pr-again', BEHAVIOR, 'judge_check.json'),
    );
    expect(check.items).toHaveLength(48);
    expect(check.from_call_cache).toBe(true);
  });

  it('sees scores a moved judge gave in a run with no check, even once the judge has moved back', async () => {
    // A run without --baseline (no check) scores with a moved judge, and the cache keeps those scores.
    await scoredByMovedJudge('cache-local', 'local-moved', -3);
    // The judge is back; the gated run is served the moved judge's scores, and re-scoring some of them shows it.
    const gated = await run([
      '--results',
      'local-gated',
      '--call-cache',
      'cache-local',
      '--baseline',
      'base/baseline.json',
      '--json',
    ]);
    expect(gated.code).toBe(1);
    expect(gateOf(gated.stdout).behaviors[0]?.status).toBe('judge-drift');
  });

  it('sees a judge that moved as soon as it scores anything, adaptive looks included', async () => {
    server.setJudgeShift(1);
    try {
      const gateArgs = ['--call-cache', 'cache', '--baseline', 'base/baseline.json', '--json'];
      // Nothing scored afresh: the served scores are the unmoved judge's, and so is their check.
      const unchanged = await run(['--results', 'moved-unscored', ...gateArgs]);
      expect(unchanged.requests).toBe(0);
      expect(gateOf(unchanged.stdout).behaviors[0]?.status).toBe('pass');
      // A look that adds repetitions pays the moved judge for their scores: the check is made again, fresh.
      const looks = await run([
        '--results',
        'moved-looks',
        ...gateArgs,
        '--until-decided',
        '--max-rollouts',
        '96',
      ]);
      expect(looks.code).toBe(1);
      expect(gateOf(looks.stdout).behaviors[0]?.status).toBe('judge-drift');
    } finally {
      server.setJudgeShift(0);
    }
  });

  it("measures the judge that made served scores against the baseline's, not against today's judge", async () => {
    // Scored 4 points low with no check; then the judge sits 2 points low: today's judge is 2 from the baseline's
    // and 2 from the scores' (pooled, the two would cancel), the scores' judge 4 from the baseline's.
    await scoredByMovedJudge('cache-twice', 'twice-local', -4);
    server.setJudgeShift(-2);
    try {
      const args = ['--call-cache', 'cache-twice', '--baseline', 'base/baseline.json', '--json'];
      const gated = await run(['--results', 'twice-gated', ...args]);
      expect(gated.code).toBe(1);
      const drift = gateOf(gated.stdout).behaviors[0];
      expect(drift?.status).toBe('judge-drift');
      expect(drift?.judge_drift?.shift).toBeLessThan(-2);
      expect(drift?.reason).toContain(
        "and 24 of this run's (scored earlier, by the judge as it was then), the judge behind this run's scores differs",
      );
    } finally {
      server.setJudgeShift(0);
    }
  });

  it("keeps a moved judge's verdict with the scores it gave: a re-run serving them fails the same way", async () => {
    // A cache without the judge's answers: every score is paid, so the check is made fresh (and kept).
    await copyWithoutScores('cache-no-scores');
    server.setJudgeShift(1);
    try {
      const args = ['--call-cache', 'cache-no-scores', '--baseline', 'base/baseline.json', '--json'];
      const moved = await run(['--results', 'moved', ...args]);
      expect(moved.code).toBe(1);
      expect(gateOf(moved.stdout).behaviors[0]?.status).toBe('judge-drift');
      // 24 transcripts x 2 samples scored, then the 24 sampled baseline transcripts x 2 re-scored.
      expect(moved.byPurpose.judge).toBe(96);
      // The judge moves back; a re-run serves the moved judge's scores, so it gets their check: still drift.
      server.setJudgeShift(0);
      const again = await run(['--results', 'moved-again', ...args]);
      expect(again.code).toBe(1);
      expect(again.requests).toBe(0);
      expect(gateOf(again.stdout).behaviors[0]?.status).toBe('judge-drift');
    } finally {
      server.setJudgeShift(0);
    }
  });

  it('refuses an entry with a wrong seal, a torn one and a forged answer; re-calls them and overwrites them', async () => {
    // Three of the answers the first run stored (later runs added kept checks and adaptive looks' answers).
    const [wrongSeal, torn, forged] = firstEntries;
    const sealed = await readJson<Record<string, unknown>>(wrongSeal as string);
    await writeFile(wrongSeal as string, JSON.stringify({ ...sealed, run_seal: 'f'.repeat(64) }, null, 2));
    await writeFile(torn as string, (await readFile(torn as string, 'utf8')).slice(0, 40));
    const answer = await readJson<{ result: { message: { content: string } } }>(forged as string);
    answer.result.message.content = 'forged: this behavior never happens';
    await writeFile(forged as string, JSON.stringify(answer, null, 2));

    const after = await run(['--results', 'after-forgery', '--call-cache', 'cache']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.requests).toBe(3);
    const info = await runInfo('after-forgery');
    expect(info.call_cache?.refused).toBe(3);
    expect(info.call_cache?.served).toBe(firstRequests - 3);
    expect(info.call_cache?.stored).toBe(3);
    const judgment = (results: string) => readFile(join(work, results, BEHAVIOR, 'judgment.json'), 'utf8');
    expect(await judgment('after-forgery')).toBe(await judgment('main'));

    const healed = await run(['--results', 'healed', '--call-cache', 'cache']);
    expect(healed.requests).toBe(0);
  });

  it("serves nothing sealed under another machine's key: every entry is refused and called afresh", async () => {
    const other = await run(['--results', 'other-key', '--call-cache', 'cache'], {
      BLOOM_RESULTS_KEY: 'another-machine-key',
    });
    expect(other.code, other.stderr).toBe(0);
    expect(other.requests).toBe(firstRequests);
    const info = await runInfo('other-key');
    expect(info.call_cache?.refused).toBe(firstRequests);
    expect(info.call_cache?.served).toBe(0);
  });

  it('refuses a --call-cache that is a file: exit 2, one line, no call', async () => {
    await writeFile(join(work, 'not-a-folder'), 'x');
    const result = await run(['--results', 'file-cache', '--call-cache', 'not-a-folder']);
    expect(result.code).toBe(2);
    expect(result.requests).toBe(0);
    expect(result.stderr.trim()).toBe(
      'bloom: not-a-folder: expected a folder for the call cache (made when missing), found a file',
    );
  });

  it('makes every call without --call-cache, and run_info.json says there was no cache', async () => {
    const plain = await run(['--results', 'plain']);
    expect(plain.requests).toBe(firstRequests);
    expect((await runInfo('plain')).call_cache).toBeNull();
  });
});

describe('an HTTP agent target', () => {
  let agent: ModelServer;
  beforeAll(async () => {
    agent = await startModelServer();
    agent.setFallback(() =>
      reply(openaiCompletion({ text: 'I hear you. Let us look at the evidence together.' })),
    );
  });
  afterAll(() => agent.close());

  const targetFile = async (name: string, extra: string) => {
    await writeFile(join(work, name), `http:\n  url: ${agent.url}/v1/chat/completions\n${extra}`);
    return name;
  };
  const agentRun = async (results: string, target: string) => {
    agent.requests.length = 0;
    const result = await run(['--results', results, '--target', target, '--call-cache', 'cache']);
    expect(result.code, result.stderr).toBe(0);
    return { agentRequests: agent.requests.length, info: await runInfo(results) };
  };

  it('is called every time unless its config opts in with call_cache: true', async () => {
    const stateful = await targetFile('agent.yaml', '');
    const first = await agentRun('agent-1', stateful);
    expect(first.agentRequests).toBeGreaterThan(24);
    const second = await agentRun('agent-2', stateful);
    expect(second.agentRequests).toBe(first.agentRequests);
    expect(second.info.call_cache?.bypassed).toBe(first.agentRequests);
    expect(second.info.call_cache?.by_purpose.target).toBeUndefined();

    const deterministic = await targetFile('agent-cached.yaml', '  call_cache: true\n');
    const stored = await agentRun('agent-3', deterministic);
    expect(stored.agentRequests).toBe(first.agentRequests);
    expect(stored.info.call_cache?.by_purpose.target?.stored).toBe(first.agentRequests);
    const served = await agentRun('agent-4', deterministic);
    expect(served.agentRequests).toBe(0);
    expect(served.info.call_cache?.by_purpose.target?.served).toBe(first.agentRequests);
  });

  it('stores no secret: an agent echoing its bearer token has it redacted before the answer is kept', async () => {
    const token = 'agent-bearer-token-5f1c9e2a7b';
    agent.setFallback((request) =>
      reply(openaiCompletion({ text: `I was called with ${String(request.headers.authorization)}.` })),
    );
    try {
      const echo = await targetFile(
        'agent-echo.yaml',
        `  headers:\n    Authorization: "Bearer \${ECHO_TOKEN}"\n  call_cache: true\n`,
      );
      agent.requests.length = 0;
      const result = await run(['--results', 'echo', '--target', echo, '--call-cache', 'cache'], {
        ECHO_TOKEN: token,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(agent.requests.length).toBeGreaterThan(0);
      const stored = await Promise.all((await entryFiles()).map((f) => readFile(f, 'utf8')));
      expect(stored.some((text) => text.includes('I was called with'))).toBe(true);
      expect(stored.filter((text) => text.includes(token.slice(0, 12)))).toEqual([]);
    } finally {
      agent.setFallback(() =>
        reply(openaiCompletion({ text: 'I hear you. Let us look at the evidence together.' })),
      );
    }
  });

  it('refuses call_cache on a session agent (it keeps state a served turn would skip): exit 2, one line', async () => {
    const session = await targetFile('agent-session.yaml', '  session: session\n  call_cache: true\n');
    const result = await runCli(['run', suite, '--results', 'session', '--target', session], {
      cwd: work,
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'bloom: agent-session.yaml: http.call_cache: expected call_cache only with session: stateless ' +
        '(a session agent keeps state the cache cannot replay), found true with session: session',
    );
  });
});
