import { describe, expect, it } from 'vitest';
import { holmAdjust, weightedHolmAdjust } from '../../../src/gate/stats/holm.ts';
import { mantelHaenszel } from '../../../src/gate/stats/mantel-haenszel.ts';
import { newcombePaired, newcombeUnpaired } from '../../../src/gate/stats/newcombe.ts';
import { normalCdf, normalQuantile, twoSidedZ } from '../../../src/gate/stats/normal.ts';
import { wilson } from '../../../src/stats/wilson.ts';

describe('normal distribution', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326348)).toBeCloseTo(0.01, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(twoSidedZ(0.05)).toBeCloseTo(1.959964, 5);
    expect(twoSidedZ(0.1)).toBeCloseTo(1.644854, 5);
  });
});

describe('Wilson interval (the rates shown everywhere)', () => {
  it('matches the textbook value for 10 of 24', () => {
    const ci = wilson(10, 24, 1.959964);
    expect(ci.low).toBeCloseTo(0.2447, 4);
    expect(ci.high).toBeCloseTo(0.6117, 4);
  });
});

describe('Holm step-down adjustment', () => {
  it('adjusts by hand-computed values, in input order', () => {
    // Sorted: 0.01 * 3 = 0.03; 0.03 * 2 = 0.06; max(0.06, 0.04 * 1) = 0.06.
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06].map((x) => expect.closeTo(x, 12)));
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([0.02])).toEqual([0.02]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('weighted (Holm 1979): steps down by p / w against alpha over the weights still standing', () => {
    // p / w: 0.025, 0.1, 0.3, 0.02. In that order from the smallest, weights standing 1.0, 0.9, 0.5, 0.1:
    // 0.02 x 1.0 = 0.02; 0.025 x 0.9 = 0.0225; 0.1 x 0.5 = 0.05; max(0.05, 0.3 x 0.1 = 0.03) = 0.05.
    const adjusted = weightedHolmAdjust([0.01, 0.04, 0.03, 0.002], [0.4, 0.4, 0.1, 0.1]);
    expect(adjusted).toEqual([0.0225, 0.05, 0.05, 0.02].map((x) => expect.closeTo(x, 12)));
    // Unweighted Holm gives the 0.04 and the 0.03 0.06 each (0.03 x 2): the weight on the 0.04 brings it to 0.05.
    expect(holmAdjust([0.01, 0.04, 0.03, 0.002])[1]).toBeCloseTo(0.06, 12);
    // Equal weights of any size are Holm exactly.
    const p = [0.013, 0.2, 0.004, 0.05, 0.6];
    expect(weightedHolmAdjust(p, [0.2, 0.2, 0.2, 0.2, 0.2])).toEqual(
      holmAdjust(p).map((x) => expect.closeTo(x, 12)),
    );
  });
});

describe('Newcombe intervals for a difference of rates', () => {
  it('paired (method 10) matches the published example (Cavo et al. 2012, Fagerland et al. ch. 8)', () => {
    const ci = newcombePaired({ both: 59, candidateOnly: 6, baselineOnly: 16, neither: 80 }, 1.959964);
    expect(ci.estimate).toBeCloseTo(-0.0621, 4);
    expect(ci.low).toBeCloseTo(-0.1186, 4);
    expect(ci.high).toBeCloseTo(-0.0046, 4);
  });

  it('paired: identical runs give a symmetric interval around 0', () => {
    const ci = newcombePaired({ both: 10, candidateOnly: 0, baselineOnly: 0, neither: 14 }, 1.959964);
    expect(ci.estimate).toBe(0);
    expect(ci.low).toBeCloseTo(-ci.high, 12);
    expect(ci.high).toBeGreaterThan(0);
  });

  it('unpaired hybrid score (method 10) matches the published example (Perondi et al. 2004)', () => {
    const ci = newcombeUnpaired({ elicited: 7, n: 34 }, { elicited: 1, n: 34 }, 1.959964);
    expect(ci.estimate).toBeCloseTo(0.1765, 4);
    expect(ci.low).toBeCloseTo(0.0189, 4);
    expect(ci.high).toBeCloseTo(0.3404, 4);
  });
});

describe('Mantel-Haenszel with Sato variance', () => {
  it('reduces to McNemar and the paired Wald variance with one pair per stratum', () => {
    const pairs = [
      ...Array.from({ length: 7 }, () => [1, 0]), // up
      ...Array.from({ length: 2 }, () => [0, 1]), // down
      ...Array.from({ length: 5 }, () => [1, 1]),
      ...Array.from({ length: 6 }, () => [0, 0]),
    ];
    const result = mantelHaenszel(
      pairs.map(([now, then]) => ({
        candidateElicited: now as number,
        candidateN: 1,
        baselineElicited: then as number,
        baselineN: 1,
      })),
    );
    const n = 20;
    expect(result.estimate).toBeCloseTo((7 - 2) / n, 12);
    expect(result.variance).toBeCloseTo((7 + 2 - (7 - 2) ** 2 / n) / n ** 2, 12);
  });

  it('weights strata with different repetition counts', () => {
    const result = mantelHaenszel([
      { candidateElicited: 3, candidateN: 3, baselineElicited: 1, baselineN: 2 },
      { candidateElicited: 0, candidateN: 3, baselineElicited: 0, baselineN: 2 },
    ]);
    // w = 3 * 2 / 5 per stratum; numerator (3*2 - 1*3)/5 + 0 = 0.6; estimate = 0.6 / 2.4 = 0.25.
    expect(result.estimate).toBeCloseTo(0.25, 12);
  });
});
