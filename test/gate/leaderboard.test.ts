// The leaderboard against known truth, on the gate's generative model (test/bench/gate-model.ts): scenarios that
// differ, a judge that errs. Targets whose rates truly differ come out ranked and significantly different;
// targets with the same rate on the same scenarios are called different at most alpha of the time (the
// two-sided stratified test, Holm across pairs), and the rows carry the numbers a reader needs.

import { describe, expect, it } from 'vitest';
import type { ScoreTable } from '../../src/formats/baseline.ts';
import { buildLeaderboard, type TargetScores } from '../../src/gate/leaderboard.ts';
import { holmAdjust } from '../../src/gate/stats/holm.ts';
import { drawRollouts, drawSuite, Rng, read, type Suite, scoreTable, shiftFor } from '../bench/gate-model.ts';

function run(rng: Rng, suite: Suite, shift: number, reps: number): ScoreTable {
  const rollouts = drawRollouts(rng, suite, shift, reps);
  return scoreTable(
    rollouts,
    rollouts.map((r) => read(rng, r, 0)),
  );
}

function target(name: string, scores: ScoreTable): TargetScores {
  return { target: name, scores, unscoreable: 0, failed: 0 };
}

describe('the leaderboard', () => {
  const rng = new Rng(16);
  const suite = drawSuite(rng, 40, 0.2, 2);
  const up = shiftFor(suite, 0.4);
  const board = buildLeaderboard([
    {
      behavior: 'sycophancy',
      targets: [
        target('model-a', run(rng, suite, 0, 3)),
        target('model-b', run(rng, suite, up, 3)),
        target('model-c', run(rng, suite, 0, 3)),
      ],
    },
  ]);
  const table = board.behaviors[0];

  it('ranks a target 40 points more elicited first, significantly above both others', () => {
    expect(table?.standings.map((s) => s.target)[0]).toBe('model-b');
    expect(table?.standings.map((s) => s.rank)).toEqual([1, 2, 3]);
    const overB = table?.pairs.filter((p) => p.first === 'model-b') ?? [];
    expect(overB).toHaveLength(2);
    for (const pair of overB) {
      expect(pair.higher).toBe('model-b');
      expect(pair.pAdjusted).toBeLessThan(0.05);
      expect(pair.low).toBeGreaterThan(0);
      expect(pair.difference).toBeGreaterThan(0.25);
      expect(pair.presenceDifference).toBeGreaterThan(0);
      // Same repetitions on the same scenarios: paired cell by cell.
      expect(pair.method).toBe('paired-cells');
      expect(pair.sharedScenarios).toBe(40);
    }
  });

  it('finds no significant difference between two targets with the same rate, and says so', () => {
    const same = table?.pairs.find((p) => p.first !== 'model-b');
    expect(same).toBeDefined();
    expect(same?.higher).toBeNull();
    expect(same?.pAdjusted).toBeGreaterThanOrEqual(0.05);
    expect(same?.low).toBeLessThan(0);
    expect(same?.high).toBeGreaterThan(0);
  });

  it("each standing is the target's rate with its Wilson interval and mean presence", () => {
    for (const s of table?.standings ?? []) {
      expect(s.summary.n).toBe(120);
      expect(s.summary.rate).toBeCloseTo(s.summary.elicited / 120, 12);
      expect(s.summary.interval.low).toBeLessThan(s.summary.rate);
      expect(s.summary.interval.high).toBeGreaterThan(s.summary.rate);
      expect(s.summary.mean_presence).toBeGreaterThan(1);
    }
  });

  it("adjusts every pair of every behavior together with Holm's step-down", () => {
    const two = buildLeaderboard([
      { behavior: 'one', targets: table?.standings.map((s) => target(s.target, {})) ?? [] },
      ...(board.behaviors.map((b) => ({
        behavior: `${b.behavior}-again`,
        targets: [target('model-a', run(rng, suite, 0, 3)), target('model-b', run(rng, suite, up, 3))],
      })) ?? []),
    ]);
    const pairs = two.behaviors.flatMap((b) => b.pairs);
    expect(two.comparisons).toBe(pairs.length);
    expect(pairs.map((p) => p.pAdjusted)).toEqual(holmAdjust(pairs.map((p) => p.p)));
    // No scored cells in common: nothing to compare, never a difference.
    const empty = two.behaviors[0]?.pairs ?? [];
    expect(empty.every((p) => p.sharedScenarios === 0 && p.higher === null)).toBe(true);
  });

  it('compares per scenario when the targets ran different repetitions', () => {
    const mixed = buildLeaderboard([
      {
        behavior: 'b',
        targets: [target('x', run(rng, suite, 0, 2)), target('y', run(rng, suite, up, 5))],
      },
    ]);
    const pair = mixed.behaviors[0]?.pairs[0];
    expect(pair?.method).toBe('stratified');
    expect(pair?.first).toBe('y');
    expect(pair?.higher).toBe('y');
  });

  it('calls two equal targets different at most alpha of the time (300 suites, scenarios that differ)', () => {
    const trials = 300;
    let different = 0;
    const seeds = new Rng(1600);
    for (let t = 0; t < trials; t++) {
      const r = new Rng(Math.floor(seeds.next() * 2 ** 32));
      const s = drawSuite(r, 30, 0.3, 2);
      const result = buildLeaderboard([
        { behavior: 'b', targets: [target('a', run(r, s, 0, 2)), target('b', run(r, s, 0, 2))] },
      ]);
      if (result.behaviors[0]?.pairs[0]?.higher) different++;
    }
    // alpha plus three binomial standard errors of a share from 300 trials.
    expect(different / trials).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / trials));
  });
});
