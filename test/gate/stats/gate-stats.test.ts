// The statistics behind the gate's decision, each against an independent reference: exact enumeration of the
// permutation distribution, scipy's bivariate normal and Student t (values in the comments were printed by
// scipy 1.17), gsDesign's published Hwang-Shih-DeCani boundaries, and a Monte Carlo of Brownian motion.

import { describe, expect, it } from 'vitest';
import type { ScoreTable } from '../../../src/formats/baseline.ts';
import { PRESENCE_WEIGHT, testLook } from '../../../src/gate/increase-test.ts';
import {
  detectableChange,
  informationFractions,
  rolloutsForDetectable,
  sequentialPIncrease,
} from '../../../src/gate/sequential.ts';
import {
  efficacyBoundaries,
  hwangShihDeCani,
  repeatedPValue,
} from '../../../src/gate/stats/group-sequential.ts';
import {
  bivariateUpper,
  equivalentZ,
  maxOfTwoUpperTail,
  weightedMinP,
  weightedMinPUpperTail,
} from '../../../src/gate/stats/max-of-two.ts';
import { normalCdf } from '../../../src/gate/stats/normal.ts';
import {
  permutationMaxT,
  type StratumValues,
  stratifiedChange,
  stratifiedPair,
} from '../../../src/gate/stats/stratified.ts';
import { studentQuantileUpper, studentUpperTail } from '../../../src/gate/stats/student-t.ts';
import { drawRollouts, drawSuite, Rng, read, scoreTable } from '../../bench/gate-model.ts';

/** Every way to choose which of a stratum's values are the candidate's, with their counts kept. */
function relabellings(s: StratumValues): number[][] {
  const all = [...s.candidate, ...s.baseline];
  const k = s.candidate.length;
  const out: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === k) {
      out.push(chosen.map((i) => all[i] as number));
      return;
    }
    for (let i = start; i < all.length; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

describe('stratified permutation statistic', () => {
  const strata: StratumValues[] = [
    { candidate: [9, 2], baseline: [2, 2, 8] },
    { candidate: [7], baseline: [1, 3] },
    { candidate: [1, 1], baseline: [1, 1] }, // no variation: adds nothing
    { candidate: [5], baseline: [] }, // one side only: skipped
  ];
  const identity = (x: number) => x;

  it('has the exact mean and variance of the relabelling distribution (enumerated)', () => {
    // Enumerate every joint relabelling of the strata that vary and compute the candidate sum's moments.
    const used = strata.slice(0, 3);
    let sums = [0];
    for (const s of used) {
      const options = relabellings(s).map((c) => c.reduce((a, b) => a + b, 0));
      sums = sums.flatMap((x) => options.map((o) => x + o));
    }
    const mean = sums.reduce((a, b) => a + b, 0) / sums.length;
    const variance = sums.reduce((a, b) => a + (b - mean) ** 2, 0) / sums.length;
    const observed = used.reduce((a, s) => a + s.candidate.reduce((x, y) => x + y, 0), 0);
    const pair = stratifiedPair(strata, identity, identity);
    expect(pair.strata).toBe(3);
    expect(pair.first.excess).toBeCloseTo(observed - mean, 12);
    expect(pair.first.variance).toBeCloseTo(variance, 12);
    expect(pair.correlation).toBeCloseTo(1, 12);
  });

  it('is the Cochran-Mantel-Haenszel statistic on 0/1 values', () => {
    const binary = (x: number) => (x >= 7 ? 1 : 0);
    const pair = stratifiedPair(strata, binary, identity);
    // Stratum 1: a = 1 of n1 = 2, m1 = 2 of N = 5: E = 0.8, V = 2*3*2*3 / (25*4) = 0.36.
    // Stratum 2: a = 1 of n1 = 1, m1 = 1 of N = 3: E = 1/3, V = 1*2*1*2 / (9*2) = 2/9.
    expect(pair.first.excess).toBeCloseTo(1 - 0.8 + 1 - 1 / 3, 12);
    expect(pair.first.variance).toBeCloseTo(0.36 + 2 / 9, 12);
    expect(pair.first.z).toBeCloseTo(pair.first.excess / Math.sqrt(0.36 + 2 / 9), 12);
    expect(pair.correlation).toBeGreaterThan(0.5);
    expect(pair.correlation).toBeLessThan(1);
  });

  it('measures the change per candidate rollout against its own scenario', () => {
    // (9 - 4) + (2 - 4) + (7 - 2) + (1 - 1) * 2, over 5 candidate rollouts in shared strata.
    expect(stratifiedChange(strata, identity)).toBeCloseTo((5 - 2 + 5 + 0 + 0) / 5, 12);
  });
});

describe('the larger of two correlated normals', () => {
  it('matches scipy', () => {
    // 1 - multivariate_normal(cov=[[1,r],[r,1]]).cdf([z,z])
    expect(maxOfTwoUpperTail(2.0, 0.85)).toBeCloseTo(0.03409716950104935, 7);
    expect(maxOfTwoUpperTail(2.5, 0.3)).toBeCloseTo(0.012156884366681386, 7);
    expect(maxOfTwoUpperTail(1.0, -0.4)).toBeCloseTo(0.31063847184663707, 7);
    expect(maxOfTwoUpperTail(3.2, 0.95)).toBeCloseTo(0.0009765457161310387, 8);
  });

  it('is one normal tail at correlation 1 and twice it (less the overlap) at 0', () => {
    expect(maxOfTwoUpperTail(1.7, 1)).toBeCloseTo(normalCdf(-1.7), 12);
    const q = normalCdf(-1.7);
    expect(maxOfTwoUpperTail(1.7, 0)).toBeCloseTo(2 * q - q * q, 7);
    expect(bivariateUpper(0, 0, -0.5)).toBeCloseTo(1 / 6, 7);
  });

  it('turns a p-value back into the z with that tail', () => {
    expect(equivalentZ(0.025)).toBeCloseTo(1.959964, 5);
    expect(equivalentZ(maxOfTwoUpperTail(2.2, 0.8))).toBeLessThan(2.2);
  });
});

describe('the weighted max-T (weighted min-p) of two correlated normals', () => {
  const RATE_WEIGHT = 1 - PRESENCE_WEIGHT;

  it("is today's max-T of the larger z at equal weights", () => {
    for (const [z1, z2, rho] of [
      [2.0, 1.4, 0.85],
      [1.1, 2.5, 0.3],
      [1.0, 0.2, -0.4],
      [3.2, 3.0, 0.95],
      [-0.3, -1.2, 0.7],
    ] as const) {
      expect(weightedMinPUpperTail(z1, z2, 0.5, rho)).toBe(maxOfTwoUpperTail(Math.max(z1, z2), rho));
    }
  });

  it('matches a seeded Monte Carlo of min(p1 / w1, p2 / w2) at unequal weights', () => {
    const rng = new Rng(41);
    const draws = 400_000;
    for (const [z1, z2, w1, rho] of [
      [2.0, 2.6, RATE_WEIGHT, 0.7],
      [2.9, 1.7, RATE_WEIGHT, 0.5],
      [1.5, 1.2, 0.3, -0.3],
    ] as const) {
      const w2 = 1 - w1;
      const seen = Math.min(normalCdf(-z1) / w1, normalCdf(-z2) / w2);
      const s = Math.sqrt(1 - rho * rho);
      let hits = 0;
      for (let i = 0; i < draws; i++) {
        const a = rng.normal();
        const b = rho * a + s * rng.normal();
        if (Math.min(normalCdf(-a) / w1, normalCdf(-b) / w2) <= seen) hits++;
      }
      const p = weightedMinPUpperTail(z1, z2, w1, rho);
      // Four Monte Carlo standard errors (9e-4 at p = 0.05).
      expect(Math.abs(hits / draws - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / draws));
    }
  });

  it('sits between either share alone and Bonferroni, and names the statistic that decided', () => {
    const z1 = 2.2;
    const z2 = 2.4;
    const { t, first } = weightedMinP(z1, z2, RATE_WEIGHT);
    // Q(2.4) / 0.8 = 0.0102 < Q(2.2) / 0.2 = 0.0695: the scores decide, at t = 0.0102.
    expect(first).toBe(false);
    expect(t).toBeCloseTo(normalCdf(-z2) / PRESENCE_WEIGHT, 12);
    const p = weightedMinPUpperTail(z1, z2, RATE_WEIGHT, 0.7);
    expect(p).toBeGreaterThan(PRESENCE_WEIGHT * t);
    expect(p).toBeLessThan(t);
    // A rate far ahead still decides through its small share.
    expect(weightedMinP(4, 1, RATE_WEIGHT).first).toBe(true);
    // A score at the bottom of its range (its p is 1, so p / w reaches 1 / w): a p-value of 1, not more.
    expect(weightedMinPUpperTail(-3, -40, RATE_WEIGHT, 0.7)).toBe(1);
    expect(weightedMinPUpperTail(1.7, 1.7, RATE_WEIGHT, 1)).toBeCloseTo(normalCdf(-1.7), 8);
  });

  it('counts the same statistic over relabellings as the normal tail gives, where the sums are near normal', () => {
    const rng = new Rng(8);
    const strata: StratumValues[] = Array.from({ length: 80 }, (_, v) => {
      const draw = () => Math.min(10, Math.max(1, Math.round(4 + (v % 5) + 2 * rng.normal())));
      return { candidate: [draw()], baseline: [draw(), draw(), draw()] };
    });
    const rate = (x: number) => (x >= 7 ? 1 : 0);
    const identity = (x: number) => x;
    const pair = stratifiedPair(strata, rate, identity);
    const up = weightedMinPUpperTail(pair.first.z, pair.second.z, RATE_WEIGHT, pair.correlation);
    const down = weightedMinPUpperTail(-pair.first.z, -pair.second.z, RATE_WEIGHT, pair.correlation);
    expect(up).toBeGreaterThan(0.005); // a p where the two can be told apart
    expect(up).toBeLessThan(0.1);
    const counted = permutationMaxT(strata, rate, identity, pair, RATE_WEIGHT, 20_000);
    // Monte Carlo error of 20,000 relabellings plus the normal approximation's own.
    expect(Math.abs(counted.increase - up)).toBeLessThan(0.2 * up + 0.002);
    expect(Math.abs(counted.decrease - down)).toBeLessThan(0.2 * (1 - down) + 0.01);
  });

  it('holds its level under no change (seeded simulation of the gate model)', () => {
    const rng = new Rng(2027);
    const looks = 1000;
    let alarms = 0;
    for (let k = 0; k < looks; k++) {
      const suite = drawSuite(rng, 40, 0.25, 2);
      const before = drawRollouts(rng, suite, 0, 3);
      const now = drawRollouts(rng, suite, 0, 1);
      const judged = (rs: typeof now) =>
        scoreTable(
          rs,
          rs.map((r) => read(rng, r, 0)),
        );
      if (testLook(judged(before), judged(now)).pIncrease < 0.05) alarms++;
    }
    // Within three binomial standard errors of 5% (0.7% each at 1,000 looks), on both sides: not never deciding.
    const se = Math.sqrt((0.05 * 0.95) / looks);
    expect(alarms / looks).toBeLessThan(0.05 + 3 * se);
    expect(alarms / looks).toBeGreaterThan(0.05 - 3 * se);
  });
});

describe('Student t', () => {
  it('matches scipy', () => {
    expect(studentUpperTail(2.3, 24)).toBeCloseTo(0.015224792694804461, 10);
    expect(studentQuantileUpper(0.025, 9)).toBeCloseTo(2.2621571627982053, 8);
    expect(studentUpperTail(-1.3, 5)).toBeCloseTo(0.8748496829146615, 10);
  });
});

describe('group-sequential boundaries', () => {
  it("match gsDesign's Hwang-Shih-DeCani bounds (gamma -4, three equal looks, one-sided 0.025)", () => {
    const bounds = efficacyBoundaries([1 / 3, 2 / 3, 1], 0.025, hwangShihDeCani(-4));
    expect(bounds[0]).toBeCloseTo(3.0107, 3);
    expect(bounds[1]).toBeCloseTo(2.5465, 3);
    expect(bounds[2]).toBeCloseTo(1.9992, 3);
  });

  it('cross with total probability alpha under "no change" (Monte Carlo of Brownian motion)', () => {
    const t = [0.5, 0.8, 1];
    const bounds = efficacyBoundaries(t, 0.05, hwangShihDeCani(1));
    // A seeded generator: the same paths every run.
    const rng = new Rng(12345);
    const normal = () => rng.normal();
    const paths = 100_000;
    let crossed = 0;
    for (let p = 0; p < paths; p++) {
      let s = 0;
      let previous = 0;
      for (let j = 0; j < t.length; j++) {
        s += Math.sqrt((t[j] as number) - previous) * normal();
        previous = t[j] as number;
        if (s / Math.sqrt(t[j] as number) >= (bounds[j] as number)) {
          crossed++;
          break;
        }
      }
    }
    // 0.05 +/- 4 standard errors of 100,000 paths.
    expect(Math.abs(crossed / paths - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / paths));
  });

  it('a single look at full information spends all of alpha: the repeated p-value is the normal tail', () => {
    expect(repeatedPValue([2.1], [1], hwangShihDeCani(1), 'test:1')).toBeCloseTo(normalCdf(-2.1), 12);
    // At half the information it has spent only part of alpha, so the same z is weaker evidence.
    const spend = hwangShihDeCani(1);
    expect(repeatedPValue([2.1], [0.5], spend, 'test:1')).toBeCloseTo(normalCdf(-2.1) / spend(0.5), 12);
  });

  it('repeated p-values: a later, stronger look lowers it; a weaker one cannot raise it', () => {
    const fractions = [0.5, 0.8, 1];
    const first = sequentialPIncrease([1.5], fractions.slice(0, 1));
    const stronger = sequentialPIncrease([1.5, 2.6], fractions.slice(0, 2));
    const weaker = sequentialPIncrease([1.5, 0.2], fractions.slice(0, 2));
    expect(stronger).toBeLessThan(first);
    expect(weaker).toBeCloseTo(first, 12);
    // It is exactly the level at which look 2's boundary equals its z.
    const alphaAt = stronger;
    const bounds = efficacyBoundaries(fractions.slice(0, 2), alphaAt, hwangShihDeCani(1));
    expect(bounds[1]).toBeCloseTo(2.6, 2);
  });

  it('repeated p-values: the bisection over the alpha grid gives what a scan of every grid boundary gives', () => {
    // The grid the repeated p-value interpolates on (81 alphas, log-spaced from 1e-8 to 1), scanned whole: the
    // first alpha whose boundary z reaches, and a log-linear step from the one before.
    const grid = Array.from({ length: 81 }, (_, i) => 10 ** (-8 + (8 * i) / 80));
    const spend = hwangShihDeCani(-2);
    const fractions = [0.3, 0.55, 0.9];
    const columns = grid.map((a) => efficacyBoundaries(fractions, a, spend));
    const scanned = (z: number, j: number): number => {
      const column = columns.map((row) => row[j] as number);
      if (z < (column[80] as number)) return 1;
      if (z >= (column[0] as number)) return grid[0] as number;
      const i = column.findIndex((c) => z >= c);
      const [cPrev, c] = [column[i - 1] as number, column[i] as number];
      const [la, lb] = [Math.log(grid[i - 1] as number), Math.log(grid[i] as number)];
      return Math.exp(la + ((cPrev - z) / (cPrev - c)) * (lb - la));
    };
    for (const zs of [
      [0.4, 1.1, 2.2],
      [2.9, 0.1, -1],
      [-0.5, 3.3, 4.7],
      [1.7, 1.9, 2.05],
      [0, 0, 6.2],
    ]) {
      const expected = Math.min(
        repeatedPValue(zs.slice(0, 1), fractions, spend, 'hsd:-2'),
        scanned(zs[1] as number, 1),
        scanned(zs[2] as number, 2),
      );
      expect(repeatedPValue(zs, fractions, spend, 'hsd:-2')).toBe(expected);
    }
  });
});

describe('the sequential plan', () => {
  it('measures information as the inverse variance of a difference of means, reaching 1 at the plan', () => {
    const t = informationFractions([100, 200, 300], 300, 500);
    const info = (n: number) => 1 / (1 / n + 1 / 500);
    expect(t[0]).toBeCloseTo(info(100) / info(300), 12);
    expect(t[2]).toBe(1);
  });

  it('says how many candidate rollouts would bring what a run could miss down to a target', () => {
    // Information must grow by (0.15 / 0.1)^2: 1 / (1/100 + 1/500) * 2.25 = 187.5, so n = 1 / (1/187.5 - 1/500).
    expect(rolloutsForDetectable(100, 500, 0.15, 0.1)).toBe(Math.ceil(1 / (1 / 187.5 - 1 / 500)));
    expect(rolloutsForDetectable(100, 500, 0.08, 0.1)).toBe(100);
    // A small baseline caps what more candidate rollouts can buy.
    expect(rolloutsForDetectable(100, 120, 0.3, 0.1)).toBeNull();
  });
});

describe('what a passing run could have missed', () => {
  it('is not zero where nothing elicits: the rise itself brings the noise (5 rollouts could miss 69 points)', () => {
    const k = 2.5 + 0.841621;
    expect(detectableChange(0, 2.5, { pooledRate: 0, candidateRollouts: 5 })).toBeCloseTo(
      (k * k) / (5 + k * k),
      4,
    );
    expect(detectableChange(0, 2.5, { pooledRate: 0, candidateRollouts: 100 })).toBeCloseTo(
      (k * k) / (100 + k * k),
      4,
    );
  });

  it('grows with the null spread and stays within what the rate can still rise', () => {
    const small = detectableChange(0.02, 2.2, { pooledRate: 0.25, candidateRollouts: 100 });
    const large = detectableChange(0.05, 2.2, { pooledRate: 0.25, candidateRollouts: 100 });
    expect(large).toBeGreaterThan(small);
    expect(small).toBeGreaterThan((2.2 + 0.841621) * 0.02);
    expect(detectableChange(0.2, 2.2, { pooledRate: 0.9, candidateRollouts: 100 })).toBeCloseTo(0.1, 12);
  });
});

describe('few events: counted relabellings instead of the normal tail', () => {
  it('gives the exact tail where the sums are skewed (4 events, 3 of them in the candidate, 1 vs 5 repetitions)', () => {
    // 100 scenarios; the baseline's 5 repetitions score 1 but one 10; the candidate's one repetition scores 10 in 3.
    const baseline: ScoreTable = {};
    const candidateScores: ScoreTable = {};
    for (let v = 1; v <= 100; v++) {
      baseline[v] = { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 };
      candidateScores[v] = { 1: 1 };
    }
    (baseline['3'] as Record<string, number>)['1'] = 10;
    for (const v of ['1', '2', '4']) (candidateScores[v] as Record<string, number>)['1'] = 10;
    const look = testLook(baseline, candidateScores);
    // Each event lands on the candidate's side with chance 1/6: P(3 or 4 of 4) = 4 p^3 (1 - p) + p^4 = 0.0162.
    const p = 1 / 6;
    const exact = 4 * p ** 3 * (1 - p) + p ** 4;
    expect(look.pIncrease).toBeGreaterThan(exact - 0.006);
    expect(look.pIncrease).toBeLessThan(exact + 0.006);
    // The normal tail of the same z would have said about 0.0009.
    expect(normalCdf(-look.zRate)).toBeLessThan(0.002);
  });
});
