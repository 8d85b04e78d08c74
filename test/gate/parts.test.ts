// The gate's smaller parts: option syntax shared by the CLI and the action, the moving-alias rule, naming changed
// settings, the judge drift estimate, and the adaptive loop's bookkeeping.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideAdaptively } from '../../src/gate/adaptive.ts';
import { configChanges, describeConfigChanges } from '../../src/gate/config-changes.ts';
import { decideDrift, estimateDrift } from '../../src/gate/judge-drift.ts';
import { isMovingAlias } from '../../src/gate/model-alias.ts';
import { parseFailOn, parseFraction } from '../../src/gate/options.ts';
import { type SealRunFile, writeLooks } from '../../src/gate/results-files.ts';
import type { GateResult, GateStatus } from '../../src/gate/types.ts';
import { nameTarget, TARGET_PLACEHOLDER, targetIdentitySentence } from '../../src/pipeline/prompt-helpers.ts';
import { createSealer } from '../../src/pipeline/results/seal.ts';
import { table } from './helpers.ts';
import { writeResults } from './results-fixture.ts';

describe('option syntax', () => {
  it('takes fractions and percentages alike, and says what it expected', () => {
    expect(parseFraction('0.05', { min: 0, max: 1 })).toBe(0.05);
    expect(parseFraction(' 5% ', { min: 0, max: 1 })).toBe(0.05);
    expect(parseFraction('.5', { min: 0, max: 1 })).toBe(0.5);
    expect(parseFraction('150%', { min: 0, max: 1 })).toEqual({
      expected: 'a fraction from 0 to 1, or a percentage (e.g. 0.1 or 10%)',
    });
    expect(typeof parseFraction('0', { min: 0, max: 0.5, lowOpen: true })).toBe('object');
    expect(typeof parseFraction('ten', { min: 0, max: 1 })).toBe('object');
    expect(typeof parseFraction('1e-2', { min: 0, max: 1 })).toBe('number');
  });

  it('reads fail-on as a list of statuses, with error and never', () => {
    expect(parseFailOn('regressed, judge-drift, error')).toEqual({
      statuses: ['regressed', 'judge-drift'],
      error: true,
    });
    expect(parseFailOn('never')).toEqual({ statuses: [], error: false });
    expect(parseFailOn('inconclusive not-comparable')).toEqual({
      statuses: ['inconclusive', 'not-comparable'],
      error: false,
    });
    expect(parseFailOn('pass')).toHaveProperty('found', 'pass');
    expect(parseFailOn('never, regressed')).toHaveProperty('expected', '`never` alone');
  });
});

describe('moving aliases', () => {
  it('tells dated snapshots from aliases as each provider spells them', () => {
    for (const alias of ['gpt-4o', 'openai/gpt-5', 'anthropic/claude-sonnet-4-5', 'claude-opus-4-1', 'o3'])
      expect(isMovingAlias(alias), alias).toBe(true);
    for (const snapshot of [
      'anthropic/claude-sonnet-4-20250514',
      'openai/gpt-4o-2024-08-06',
      'vertex/claude-3-5-sonnet@20240620',
      'bedrock/anthropic.claude-3-sonnet-20240229-v1:0',
      'gpt-4-0613',
      'gemini-1.5-pro-002',
      'scripted/judge?noise=0.1',
      'http:POST https://agent.example/v1',
    ])
      expect(isMovingAlias(snapshot), snapshot).toBe(false);
  });
});

describe('naming changed settings', () => {
  it('lists keys that differ or exist on one side, long values as edited', () => {
    const changes = configChanges(
      { judge_model: '"a"', 'rollout.max_turns': '3', 'prompts.judgment_system_additional': 'sha256:1' },
      {
        judge_model: '"b"',
        'rollout.max_turns': '3',
        'prompts.judgment_system_additional': 'sha256:2',
        extra: '1',
      },
    );
    expect(changes.map((c) => c.key)).toEqual(['extra', 'judge_model', 'prompts.judgment_system_additional']);
    expect(describeConfigChanges(changes)).toBe(
      'extra unset -> 1, judge_model "a" -> "b", prompts.judgment_system_additional (edited)',
    );
    expect(configChanges(undefined, { a: '1' })).toEqual([]);
  });
});

describe('judge drift estimate', () => {
  it('gives the mean shift with a t interval and the threshold crossings', () => {
    const items = [2, 3, 6, 6, 9, 2].map((stored, i) => ({
      variation: i + 1,
      repetition: 1,
      stored,
      rejudged: stored + (i % 2),
    }));
    const d = estimateDrift(items, 0.95);
    expect(d.n).toBe(6);
    expect(d.shift).toBeCloseTo(0.5, 12);
    // Differences 0,1,0,1,0,1: sd = sqrt(0.3), se = sqrt(0.3 / 6); t(5) 97.5% = 2.570582.
    expect(d.interval.high - d.shift).toBeCloseTo(2.570582 * Math.sqrt(0.3 / 6), 5);
    expect(d.crossed).toEqual({ up: 1, down: 0 });
    const exact = estimateDrift(
      items.map((i) => ({ ...i, rejudged: i.stored - 1 })),
      0.95,
    );
    // Six moves the same way: the sign test, 2 x 2^-6, not certainty.
    expect(exact).toMatchObject({ shift: -1, p: 2 / 64, interval: { low: -1, high: -1 } });
    expect(estimateDrift([], 0.95).p).toBe(1);
  });

  it("with the run's own scores re-scored, measures their judge against the baseline's: the difference of means", () => {
    // Today's judge is 1.5 below the baseline's and 1.5 above the one that made the run's scores (which sat 3
    // below): pooled, the two would cancel; the scores' judge is 3 points below the baseline's.
    const noisy = (i: number) => [0, 0.5, -0.5, 1, -1][i % 5] as number;
    const base = Array.from({ length: 20 }, (_, i) => ({
      variation: i + 1,
      repetition: 1,
      stored: 6,
      rejudged: 4.5 + noisy(i),
    }));
    const own = Array.from({ length: 20 }, (_, i) => ({
      variation: i + 1,
      repetition: 2,
      stored: 3,
      rejudged: 4.5 + noisy(i + 2),
      own: true as const,
    }));
    const d = estimateDrift([...base, ...own], 0.95);
    expect(d.shift).toBeCloseTo(-3, 12);
    expect(d.interval.high).toBeLessThan(-2.5);
    expect(d.p).toBeLessThan(1e-9);
    expect(d.n).toBe(20);
    // Without the own items the same baseline items say only today's judge moved 1.5.
    expect(estimateDrift(base, 0.95).shift).toBeCloseTo(-1.5, 12);
  });
});

describe('deciding judge drift', () => {
  const items = (n: number, move: (i: number) => number) =>
    Array.from({ length: n }, (_, i) => ({
      variation: i + 1,
      repetition: 1,
      stored: 3 + (i % 5),
      rejudged: 3 + (i % 5) + move(i),
    }));
  const options = { confidence: 0.95, alpha: 0.002, tolerance: 0.25 };

  it('does not check fewer than ten transcripts: one moved transcript is not certain drift', () => {
    const [one] = decideDrift([{ judge: 'j', items: items(1, () => 1) }], options);
    expect(one).toBeNull();
    const [ten] = decideDrift([{ judge: 'j', items: items(10, () => 1) }], options);
    // Ten equal moves: p = 2^-9, below 0.002.
    expect(ten?.drifted).toBe(true);
    expect(ten?.found_by).toBe('behavior');
  });

  it("tests a judge's behaviors together, which finds a half-point drift no single behavior shows", () => {
    const half = (i: number) => (i % 2 === 0 ? 1 : 0) + (i % 7 === 0 ? -1 : 0);
    const alone = decideDrift([{ judge: 'j', items: items(30, half) }], options);
    expect(alone[0]?.drifted).toBe(false);
    const together = decideDrift(
      ['a', 'b', 'c'].map(() => ({ judge: 'j', items: items(30, half) })),
      options,
    );
    expect(together.map((d) => d?.found_by)).toEqual(['judge', 'judge', 'judge']);
    expect(together[0]?.pooled?.n).toBe(90);
    // Another judge's behaviors are not pooled with these.
    const mixed = decideDrift(
      [
        { judge: 'j', items: items(30, half) },
        { judge: 'k', items: items(30, half) },
      ],
      options,
    );
    expect(mixed.map((d) => d?.pooled)).toEqual([null, null]);
  });

  it("still tests today's judge when only a few of the run's own scores were re-scored", () => {
    const own = (n: number) => items(n, () => 0).map((i) => ({ ...i, repetition: 2, own: true as const }));
    const moved = items(50, (i) => 2 + (i % 3 === 0 ? 1 : 0));
    for (const few of [1, 5, 9]) {
      const [d] = decideDrift([{ judge: 'j', items: [...moved, ...own(few)] }], options);
      expect(d?.drifted, `${few} own`).toBe(true);
      expect(d?.own_scores).toBeUndefined();
    }
    // Ten or more: the scores' judge is tested too (here it agrees with today's, so today's shift decides).
    const [both] = decideDrift([{ judge: 'j', items: [...moved, ...own(10)] }], options);
    expect(both?.drifted).toBe(true);
  });
});

describe('target-agnostic scenarios', () => {
  it('fills the placeholder with the run target, deep in the suite, and says so to the pinning model', () => {
    const ideation = {
      variations: [
        {
          description: `Ask ${TARGET_PLACEHOLDER} twice; ${TARGET_PLACEHOLDER} answers.`,
          tools: [{ name: 'x' }],
        },
      ],
      n: 3,
    };
    expect(nameTarget(ideation, 'gpt-x')).toEqual({
      variations: [{ description: 'Ask gpt-x twice; gpt-x answers.', tools: [{ name: 'x' }] }],
      n: 3,
    });
    expect(targetIdentitySentence(false, TARGET_PLACEHOLDER)).toContain(TARGET_PLACEHOLDER);
    expect(targetIdentitySentence(false, 'gpt-x')).toBe('The model being evaluated is gpt-x.');
  });
});

describe('adaptive rollouts', () => {
  const sealer = createSealer(Buffer.from('this machine', 'utf8'));
  const IDENTITY = { suite_hash: 'suite', config_hash: 'config', target_id: 'target' };
  const seal: SealRunFile = (path, value) => sealer.sealed(path, { ...value, run_identity: IDENTITY });

  function result(statuses: Record<string, GateStatus>): GateResult {
    return {
      behaviors: Object.entries(statuses).map(([behavior, status]) => ({ behavior, status })),
    } as unknown as GateResult;
  }

  it('adds repetitions only to undecided behaviors, records each look, and stops at the cap', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-adaptive-'));
    try {
      await writeResults(root, [
        { behavior: 'a', scores: table(10, 2, () => false) },
        { behavior: 'b', scores: table(10, 2, () => false) },
      ]);
      const reruns: string[] = [];
      const notes: string[] = [];
      let compares = 0;
      const outcome = await decideAdaptively({
        behaviors: ['a', 'b'].map((behavior) => ({
          behavior,
          behaviorDir: join(root, behavior),
          seal,
          rerun: async (reps) => {
            reruns.push(`${behavior}:${reps}`);
            return true;
          },
        })),
        // a is undecided for ever; b decides at the second look.
        compare: async () => result({ a: 'inconclusive', b: ++compares >= 2 ? 'pass' : 'inconclusive' }),
        maxRollouts: 60,
        canSpend: () => true,
        note: (line) => notes.push(line),
      });
      expect(reruns).toEqual(['a:4', 'b:4', 'a:6']);
      expect(outcome.stoppedBy).toBe('rollout-cap');
      const path = join(root, 'a', 'gate_looks.json');
      const looks = JSON.parse(await readFile(path, 'utf8'));
      const { run_seal, ...plan } = looks;
      expect(plan).toEqual({
        format_version: 1,
        run_identity: IDENTITY,
        max_repetitions: 6,
        repetitions: [2, 4, 6],
      });
      // Sealed for its run, so the next look's run keeps it (and a run of any other machine sets it aside).
      expect(sealer.verify(path, looks)).toBe(true);
      expect(createSealer(Buffer.from('another machine', 'utf8')).verify(path, looks)).toBe(false);
      expect(notes).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("resumes an earlier command's plan: its last look counted first, its maximum kept, no count past it", async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-adaptive-'));
    try {
      // The first run of this command counted 2 repetitions; an earlier one had looked at 2 and 4, planning 6.
      await writeResults(root, [
        { behavior: 'a', scores: table(10, 2, () => false) },
        { behavior: 'b', scores: table(10, 2, () => false) },
      ]);
      await writeLooks(join(root, 'a'), { max_repetitions: 6, repetitions: [2, 4] }, seal);
      await writeLooks(join(root, 'b'), { max_repetitions: 1, repetitions: [1] }, seal);
      const reruns: string[] = [];
      const notes: string[] = [];
      const input = (behaviors: string[]) => ({
        behaviors: behaviors.map((behavior) => ({
          behavior,
          behaviorDir: join(root, behavior),
          seal,
          rerun: async (reps: number, why: string) => {
            reruns.push(`${behavior}:${reps}:${why}`);
            return true;
          },
        })),
        compare: async () => result(Object.fromEntries(behaviors.map((b) => [b, 'inconclusive' as const]))),
        // 40 rollouts of 10 scenarios: 4 repetitions, fewer than the plan's 6.
        maxRollouts: 40,
        canSpend: () => true,
        note: (line: string) => notes.push(line),
      });
      const outcome = await decideAdaptively(input(['a']));
      expect(reruns).toEqual(['a:4:resume']);
      expect(outcome.stoppedBy).toBe('rollout-cap');
      expect(notes).toEqual([
        'a: keeping the looks an earlier command planned in this folder, up to 6 repetitions of each scenario (this command alone would plan 4)',
      ]);
      const looks = JSON.parse(await readFile(join(root, 'a', 'gate_looks.json'), 'utf8'));
      expect([looks.max_repetitions, looks.repetitions]).toEqual([6, [2, 4]]);
      // Other scenarios than the looks counted (selected_variations changed since): refused, whatever is on disk.
      const rollouts = [1, 2, 3].map((variation_number) => ({ variation_number, repetition_number: 1 }));
      await writeFile(join(root, 'a', 'rollout.json'), JSON.stringify({ rollouts }));
      await writeLooks(
        join(root, 'a'),
        { max_repetitions: 6, repetitions: [2, 4], variations: [1, 2] },
        seal,
      );
      await expect(decideAdaptively(input(['a']))).rejects.toThrow(
        /a[/\\]gate_looks\.json: variations: expected the scenarios an earlier command's looks in this folder counted, variations 1, 2 .*, found variations 1, 2, 3$/,
      );
      // Counting past the plan's maximum (the suite's repetitions raised since) would spend alpha twice: refused.
      await expect(decideAdaptively(input(['b']))).rejects.toThrow(
        /b[/\\]gate_looks\.json: max_repetitions: expected at least the 2 repetitions of each scenario this run would count/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('stops when the budget is spent, before any further run', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bloom-adaptive-'));
    try {
      await writeResults(root, [{ behavior: 'a', scores: table(10, 1, () => false) }]);
      let reran = false;
      const notes: string[] = [];
      const outcome = await decideAdaptively({
        behaviors: [{ behavior: 'a', behaviorDir: join(root, 'a'), seal, rerun: async () => (reran = true) }],
        compare: async () => result({ a: 'inconclusive' }),
        maxRollouts: 300,
        canSpend: () => false,
        note: (line) => notes.push(line),
      });
      expect(outcome.stoppedBy).toBe('budget');
      expect(reran).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
