// The gate as a user runs it with the CLI: a suite pinned once, a baseline recorded with its judge sample, then
// pull-request runs with `bloom run --baseline` (and --until-decided). The evaluator and judge are served over the
// Anthropic wire format by the fault server, which can shift every judge score (a provider that changed the model
// behind the same id). Checked: an unchanged run passes and its judge check finds no drift; a judge one point off
// is `judge-drift`; the same lock gates another model, an HTTP agent and a command without re-pinning; more
// repetitions stay comparable with the old baseline; adaptive looks are recorded and end decided.

import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Baseline } from '../../src/formats/baseline.ts';
import type { GateResult } from '../../src/gate/types.ts';
import { createSealer } from '../../src/pipeline/results/seal.ts';
import { wireEnv } from '../faults/suite.ts';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';
import { type FaultServer, startFaultServer } from '../support/fault-server/index.ts';
import { shellQuoted } from '../support/shell.ts';

const BEHAVIOR = 'delusional-sycophancy';
const AGENTS = resolve('fixtures/agents');
const TOKEN = 'gated-run-agent-token-5e6f7a';
/** A target a little off the baseline's: adaptive looks take several looks to decide it. */
const ADAPTIVE = ['--target', 'scripted/target?rate=0.5&spread=0.15&seed=7', '--until-decided'];

let server: FaultServer;
let agent: ChildProcess;
let agentUrl: string;
let work: string;
let suite: string;
let env: NodeJS.ProcessEnv;

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

async function gate(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const result = await runCli(['run', suite, ...args, '--baseline', 'base/baseline.json', '--json'], {
    cwd: work,
    env: { ...env, ...extraEnv },
  });
  const json = result.stdout.slice(result.stdout.indexOf('{\n'));
  return { ...result, gate: JSON.parse(json) as GateResult };
}

/** The pinned suite with other rollout settings (the same lock and identity: how many rollouts is sample size). */
async function suiteWith(name: string, rollout: { num_reps?: number; selected_variations?: number[] }) {
  const copy = join(work, name);
  await cp(suite, copy, { recursive: true });
  const seedPath = join(copy, 'seed.yaml');
  const seed = parseDocument(await readFile(seedPath, 'utf8'));
  for (const [key, value] of Object.entries(rollout)) seed.setIn(['rollout', key], value);
  await writeFile(seedPath, seed.toString());
  return copy;
}

/** Writes gate_looks.json into `results` as a run of its identity would, sealed under `key`; returns its path. */
async function writeSealedLooks(
  results: string,
  plan: { max_repetitions: number; repetitions: number[] },
  key: string,
): Promise<string> {
  const dir = join(work, results, BEHAVIOR);
  const info = await readJson<Record<string, unknown>>(join(dir, 'run_info.json'));
  const run_identity = {
    suite_hash: info.suite_hash,
    config_hash: info.config_hash,
    target_id: info.target_id,
  };
  const path = join(dir, 'gate_looks.json');
  const looks = { format_version: 1, ...plan, run_identity };
  await writeFile(path, JSON.stringify(createSealer(Buffer.from(key, 'utf8')).sealed(path, looks)));
  return path;
}

beforeAll(async () => {
  server = await startFaultServer();
  work = await mkdtemp(join(tmpdir(), 'bloom-gated-'));
  suite = await copyDemo({
    models: (models) => {
      (models['demo-evaluator'] as { id: string }).id = 'anthropic/scripted-evaluator';
    },
  });
  env = { ...wireEnv(server), ECHO_AGENT_TOKEN: TOKEN };
  agent = spawn(process.execPath, [join(AGENTS, 'echo-agent-server.mjs'), '0'], {
    env: { ...process.env, ECHO_AGENT_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: agent.stdout as NodeJS.ReadableStream })) {
    const url = /listening on (\S+)/.exec(line)?.[1];
    if (url) {
      agentUrl = url;
      break;
    }
  }
  expect((await runCli(['pin', suite], { cwd: work, env })).code).toBe(0);
  expect((await runCli(['run', suite, '--results', 'main'], { cwd: work, env })).code).toBe(0);
  const recorded = await runCli(['baseline', 'main', '--out', 'base/baseline.json'], { cwd: work, env });
  expect(recorded.code).toBe(0);
}, 120_000);

afterAll(async () => {
  agent?.kill();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('bloom run --baseline', () => {
  it('records a judge sample with the baseline, and an unchanged run re-judges it and passes', async () => {
    const baseline = await readJson<Baseline>(join(work, 'base', 'baseline.json'));
    const sample = baseline.behaviors[BEHAVIOR]?.judge_sample ?? [];
    expect(sample).toHaveLength(24);
    expect(baseline.behaviors[BEHAVIOR]?.judge).toBe('anthropic/scripted-evaluator');

    const run = await gate(['--results', 'same']);
    expect(run.stderr).not.toMatch(/failed the gate/);
    expect(run.code).toBe(0);
    const [b] = run.gate.behaviors;
    expect(b?.status).toBe('pass');
    expect(b?.judge_drift?.n).toBe(24);
    expect(b?.judge_drift?.shift).toBe(0);
    expect(b?.judge_drift?.drifted).toBe(false);
    const check = await readJson<{ items: { stored: number; rejudged: number }[] }>(
      join(work, 'same', BEHAVIOR, 'judge_check.json'),
    );
    expect(check.items.every((i) => i.stored === i.rejudged)).toBe(true);
  });

  it('calls a judge whose scores moved by one point judge-drift, and fails', async () => {
    server.setJudgeShift(1);
    try {
      const run = await gate(['--results', 'drifted']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`failed the gate: ${BEHAVIOR} (judge-drift)`);
      const [b] = run.gate.behaviors;
      expect(b?.status).toBe('judge-drift');
      expect(b?.judge_drift?.drifted).toBe(true);
      // Scores of 10 cannot rise: the mean shift is a little under one point.
      expect(b?.judge_drift?.shift).toBeGreaterThan(0.7);
      expect(b?.judge_drift?.shift).toBeLessThanOrEqual(1);
      expect(b?.reason).toMatch(/^The judge moved: re-scoring 24 of the baseline's transcripts/);
    } finally {
      server.setJudgeShift(0);
    }
  });

  it('never passes with the judge unchecked: a check the budget starved leaves the behavior undecided', async () => {
    // The same suite with every model priced, as --max-cost requires (a price is no part of a run).
    const priced = join(work, 'priced');
    await cp(suite, priced, { recursive: true });
    const modelsPath = join(priced, 'models.json');
    const models = JSON.parse(await readFile(modelsPath, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const entry of Object.values(models)) entry.price = { input_per_mtok: 3, output_per_mtok: 15 };
    await writeFile(modelsPath, JSON.stringify(models, null, 2));
    const gatePriced = async (results: string, maxCost: string, more: string[] = []) => {
      const args = ['run', priced, '--results', results, '--max-cost', maxCost, ...more];
      const r = await runCli([...args, '--baseline', 'base/baseline.json', '--json'], { cwd: work, env });
      const [behavior] = (JSON.parse(r.stdout.slice(r.stdout.indexOf('{\n'))) as GateResult).behaviors;
      return { ...r, behavior };
    };
    const unchecked =
      /^Not decided: the judge could not be checked \(\d of the baseline's 24 sample transcripts re-scored, 10 needed; /;
    // Enough for the run's rollouts and judgments ($1.50 fails the run), not for re-scoring the baseline's 24 sample
    // transcripts ($1.80 re-scores 11): the scripted models' tokens, and so the costs, are the same every time.
    const starved = await gatePriced('starved', '1.65', ['--call-cache', 'starved-cache']);
    const check = await readJson<{ items: unknown[] }>(join(work, 'starved', BEHAVIOR, 'judge_check.json'));
    expect(check.items.length).toBeLessThan(10);
    expect(starved.behavior?.judge_drift).toBeNull();
    expect(starved.behavior?.status).toBe('inconclusive');
    expect(starved.behavior?.reason).toMatch(unchecked);
    expect(starved.behavior?.judge_unchecked).toEqual({ rescored: check.items.length, sample: 24 });

    // With --until-decided, no look is added for it (more rollouts would not check the judge, and would run out).
    const adaptive = await gatePriced('starved-adaptive', '1.65', ['--until-decided']);
    expect(adaptive.code).toBe(0);
    expect(adaptive.stderr).not.toMatch(/not decided yet/);
    expect(adaptive.behavior?.reason).toMatch(unchecked);

    // With the budget for it, the same run is checked and decided: the short check is made again, neither kept on
    // disk nor served from the call cache that run filled.
    const paid = await gatePriced('starved', '5', ['--call-cache', 'starved-cache']);
    expect(paid.behavior?.judge_drift?.n).toBe(24);
    expect(paid.behavior?.status).toBe('pass');
  });

  it('drops the anchor, saying why, when the judge moved since it was recorded (no false creep)', async () => {
    // The anchor was recorded with the old judge (base/); the judge then moved and main recorded a new baseline.
    server.setJudgeShift(1);
    try {
      expect((await runCli(['run', suite, '--results', 'main-moved'], { cwd: work, env })).code).toBe(0);
      const rec = await runCli(['baseline', 'main-moved', '--out', 'moved/baseline.json'], {
        cwd: work,
        env,
      });
      expect(rec.code).toBe(0);
      const run = await runCli(
        [
          'run',
          suite,
          '--results',
          'after-move',
          '--baseline',
          'moved/baseline.json',
          '--anchor',
          'base/baseline.json',
          '--json',
        ],
        { cwd: work, env },
      );
      const result = JSON.parse(run.stdout.slice(run.stdout.indexOf('{\n'))) as GateResult;
      const [b] = result.behaviors;
      expect(b?.judge_drift?.drifted).toBe(false);
      expect(b?.anchor).toBeNull();
      expect(b?.anchor_skipped).toMatch(/^the judge moved by \+0\.\d\d points since the anchor was recorded/);
      expect(b?.status).toBe('pass');
      expect(run.code).toBe(0);
    } finally {
      server.setJudgeShift(0);
    }
  });

  it('gates another model, an HTTP agent and a command on the same lock, without re-pinning', async () => {
    const lock = await readFile(join(suite, 'suite.lock.json'), 'utf8');
    const httpTarget = join(work, 'http-agent.yaml');
    await writeFile(
      httpTarget,
      `http:\n  url: ${agentUrl}/v1/chat/completions\n  headers:\n    Authorization: "Bearer \${ECHO_AGENT_TOKEN}"\n`,
    );
    // The command: a shell agent answering JSON, in about one conversation turn in three with the sentence the
    // scripted judge looks for (a shell starts in a millisecond, node in tens, and this run calls it about 60 times;
    // fixtures/agents/cli-agent.mjs itself is run as written in targets/examples).
    const commandAgent = join(work, 'command-agent.sh');
    await writeFile(
      commandAgent,
      [
        'sum=$(cksum | cut -d " " -f 1)',
        'if [ $((sum % 3)) -eq 0 ]; then',
        `  printf '%s' '{"content": "You are right. Scripted signal: I am exhibiting ${BEHAVIOR}."}'`,
        'else',
        `  printf '%s' '{"content": "I hear you, but I do not think the evidence supports that."}'`,
        'fi',
        '',
      ].join('\n'),
    );
    const commandTarget = join(work, 'command-agent.yaml');
    await writeFile(commandTarget, `command: sh ${shellQuoted(commandAgent)}\ntimeout_ms: 10000\n`);
    const targets = {
      model: 'scripted/target?rate=0.9&spread=0.05&seed=3',
      http: httpTarget,
      command: commandTarget,
    };
    const baseline = await readJson<Baseline>(join(work, 'base', 'baseline.json'));
    for (const [name, target] of Object.entries(targets)) {
      const run = await gate(['--results', `target-${name}`, '--target', target]);
      expect(run.stderr, name).not.toMatch(/re-pin|stale/);
      const [b] = run.gate.behaviors;
      expect(b?.status, name).not.toBe('not-comparable');
      expect(b?.comparison, name).not.toBeNull();
      expect(b?.candidate.suite_hash, name).toBe(baseline.behaviors[BEHAVIOR]?.suite_hash);
      expect(b?.candidate.target_id, name).not.toBe(baseline.behaviors[BEHAVIOR]?.target_id);
    }
    // The model that shows the behavior far more often is caught on the same scenarios.
    const model = await gate(['--results', 'target-model-again', '--target', targets.model]);
    expect(model.gate.behaviors[0]?.status).toBe('regressed');
    expect(await readFile(join(suite, 'suite.lock.json'), 'utf8')).toBe(lock);
  });

  it('compares a run with more repetitions with the old baseline, per scenario', async () => {
    const more = await suiteWith('more-reps', { num_reps: 3 });
    const run = await runCli(
      ['run', more, '--results', 'more', '--baseline', 'base/baseline.json', '--json'],
      {
        cwd: work,
        env,
      },
    );
    const result = JSON.parse(run.stdout.slice(run.stdout.indexOf('{\n'))) as GateResult;
    const [b] = result.behaviors;
    expect(b?.status).not.toBe('not-comparable');
    expect(b?.candidate.n).toBe(36);
    expect(b?.comparison?.method).toBe('stratified');
    expect(b?.comparison?.test.strata).toBe(12);
  });

  it('--until-decided adds repetitions look by look and ends decided, within --max-rollouts', async () => {
    const args = ['--results', 'adaptive', ...ADAPTIVE, '--max-rollouts', '96'];
    const run = await gate(args);
    const looks = await readJson<{ max_repetitions: number; repetitions: number[] }>(
      join(work, 'adaptive', BEHAVIOR, 'gate_looks.json'),
    );
    expect(looks.max_repetitions).toBe(8);
    expect(looks.repetitions[0]).toBe(2);
    expect(looks.repetitions.length).toBeGreaterThan(1);
    const [b] = run.gate.behaviors;
    expect(b?.comparison?.test.looks.map((l) => l.repetitions)).toEqual(looks.repetitions);
    expect(b?.candidate.n).toBe(12 * (looks.repetitions.at(-1) ?? 0));
    // Decided, or capped at the last look (where a look always decides): never left inconclusive.
    expect(['pass', 'regressed']).toContain(b?.status);
    expect(run.stderr).toMatch(/not decided yet; running \d+ repetitions/);
    // Each look kept the files of the looks before it, the looks' own record included.
    expect(run.stderr).not.toMatch(/set aside/);

    // Run again on its folder, it resumes the recorded looks: the same decision, and no conversation held again
    // (the judge check and the meta-judgment are made again for the set it counts).
    const evaluatorCalls = server.stats().byPurpose.evaluator;
    const again = await gate(args);
    expect(server.stats().byPurpose.evaluator).toBe(evaluatorCalls);
    expect(again.stderr).toContain(
      `${BEHAVIOR}: resuming the looks an earlier command recorded; counting its ${looks.repetitions.at(-1)} repetitions`,
    );
    expect(again.stderr).not.toMatch(/set aside|not decided yet/);
    const [resumed] = again.gate.behaviors;
    expect(resumed?.status).toBe(b?.status);
    expect(resumed?.candidate.n).toBe(b?.candidate.n);
    expect(resumed?.comparison?.test.looks).toEqual(b?.comparison?.test.looks);
  });

  it('records a single look too: a later --until-decided on its folder keeps that decision, never looks again', async () => {
    const once = await gate(['--results', 'once', ...ADAPTIVE.slice(0, 2)]);
    const looks = await readJson<Record<string, unknown>>(join(work, 'once', BEHAVIOR, 'gate_looks.json'));
    expect([looks.max_repetitions, looks.repetitions]).toEqual([2, [2]]);
    expect(looks.variations).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const [first] = once.gate.behaviors;
    // One look is its plan's last: it spent all of alpha and decided. Looking again (here the adaptive design's
    // first look is undecided, and would add looks) would spend alpha twice.
    expect(['pass', 'regressed']).toContain(first?.status);
    const again = await gate(['--results', 'once', ...ADAPTIVE, '--max-rollouts', '96']);
    expect(again.stderr).toContain(
      `${BEHAVIOR}: the looks an earlier command planned in this folder ended at 2 repetitions of each scenario: this command adds none, and that decision stands`,
    );
    expect(again.stderr).not.toMatch(/not decided yet/);
    const [b] = again.gate.behaviors;
    expect([b?.status, b?.candidate.n]).toEqual([first?.status, first?.candidate.n]);

    // Nor may the suite count more (its num_reps raised): refused before any call, the folder as it was.
    const calls = server.stats().requests;
    const raised = await runCli(
      [
        'run',
        await suiteWith('three-reps', { num_reps: 3 }),
        '--results',
        'once',
        ...ADAPTIVE.slice(0, 2),
        '--baseline',
        'base/baseline.json',
      ],
      { cwd: work, env },
    );
    expect(raised.code).toBe(2);
    expect(raised.stderr).toMatch(
      /^bloom: once\/delusional-sycophancy\/gate_looks\.json: max_repetitions: expected at least the 3 repetitions of each scenario this run would count \(an earlier command's looks in this folder were planned to 2: set the suite's num_reps back to at most 2 to keep its decision, or use a new --results folder with fresh rollouts, none served from a call cache this folder's runs filled\), found 2$/m,
    );
    // Nor other scenarios (selected_variations changed): the same, before any call.
    const fewer = await runCli(
      [
        'run',
        await suiteWith('six-scenarios', { selected_variations: [1, 2, 3, 4, 5, 6] }),
        ...['--results', 'once', ...ADAPTIVE.slice(0, 2), '--baseline', 'base/baseline.json'],
      ],
      { cwd: work, env },
    );
    expect(fewer.code).toBe(2);
    expect(fewer.stderr).toMatch(
      /^bloom: once\/delusional-sycophancy\/gate_looks\.json: variations: expected the scenarios an earlier command's looks in this folder counted, variations 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 \(selected_variations changed since: set it back to keep that decision, or use a new --results folder with fresh rollouts\), found variations 1, 2, 3, 4, 5, 6$/m,
    );
    expect(server.stats().requests).toBe(calls);
    const files = await readdir(join(work, 'once', BEHAVIOR));
    expect(files.filter((f) => f.startsWith('transcript_'))).toHaveLength(24);

    // A plan an earlier version wrote names no scenarios: the rollout.json on disk (its run's) stands for them.
    const key = { BLOOM_RESULTS_KEY: 'older-plan-key-7f3a9c' };
    expect((await gate(['--results', 'older', ...ADAPTIVE.slice(0, 2)], key)).code).not.toBe(2);
    await writeSealedLooks('older', { max_repetitions: 2, repetitions: [2] }, key.BLOOM_RESULTS_KEY);
    const before = server.stats().requests;
    const older = await runCli(
      [
        'run',
        await suiteWith('six-scenarios-again', { selected_variations: [1, 2, 3, 4, 5, 6] }),
        ...['--results', 'older', ...ADAPTIVE.slice(0, 2), '--baseline', 'base/baseline.json'],
      ],
      { cwd: work, env: { ...env, ...key } },
    );
    expect(older.code).toBe(2);
    expect(older.stderr).toMatch(
      /gate_looks\.json: variations: expected the scenarios .* found variations 1, 2, 3, 4, 5, 6$/m,
    );
    expect(server.stats().requests).toBe(before);
  });

  it('sets aside looks it did not write: committed ones can neither end the looks nor spend alpha', async () => {
    const args = ['--target', 'scripted/target?rate=0.5&spread=0.15&seed=7'];
    expect((await gate(['--results', 'committed', ...args])).code).not.toBe(2);
    // The strongest forgery a pull request can commit: the run's own identity (public inputs), sealed under a key
    // that is not this machine's, saying the run is at its last look already.
    const path = await writeSealedLooks('committed', { max_repetitions: 2, repetitions: [2] }, 'attacker');

    const run = await gate(['--results', 'committed', ...args, '--until-decided', '--max-rollouts', '96']);
    expect(run.stderr).toMatch(/set aside \d+ files of another run \(not sealed by bloom on this machine/);
    const looks = await readJson<{ max_repetitions: number; repetitions: number[] }>(path);
    expect(looks.max_repetitions).toBe(8);
    const [b] = run.gate.behaviors;
    expect(b?.comparison?.test.looks.map((l) => l.repetitions)).toEqual(looks.repetitions);
    expect(['pass', 'regressed']).toContain(b?.status);
  });

  it("resumes a plan left after its first look within this command's --max-rollouts, the design unchanged", async () => {
    // An earlier command that stopped after its first look, sealed under a key the test knows.
    const key = { BLOOM_RESULTS_KEY: 'gated-run: this machine' };
    expect((await gate(['--results', 'capped', ...ADAPTIVE.slice(0, 2)], key)).code).not.toBe(2);
    const plan = { max_repetitions: 8, repetitions: [2] };
    const path = await writeSealedLooks('capped', plan, key.BLOOM_RESULTS_KEY);

    const run = await gate(['--results', 'capped', ...ADAPTIVE, '--max-rollouts', '48'], key);
    expect(run.stderr).not.toMatch(/set aside/);
    expect(run.stderr).toContain(
      `${BEHAVIOR}: keeping the looks an earlier command planned in this folder, up to 8 repetitions of each scenario`,
    );
    const looks = await readJson<{ max_repetitions: number; repetitions: number[] }>(path);
    // The planned maximum stays the earlier command's (the looks' information fractions are measured against it);
    // this command's cap of 48 rollouts (4 repetitions of 12 scenarios) only stops the looks sooner.
    expect(looks.max_repetitions).toBe(8);
    expect(Math.max(...looks.repetitions)).toBeLessThanOrEqual(4);
    const [b] = run.gate.behaviors;
    expect(b?.candidate.n).toBeLessThanOrEqual(48);
    expect(b?.comparison?.test.looks.map((l) => l.repetitions)).toEqual(looks.repetitions);
  });

  it('refuses --until-decided without a baseline, in one line', async () => {
    const run = await runCli(['run', suite, '--until-decided'], { cwd: work, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('bloom: bloom run: --until-decided: expected a --baseline to decide against\n');
  });
});
