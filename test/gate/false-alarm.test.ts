// The gate against known truth, a smaller run of `npm run bench:gate` (test/bench/gate-trials.ts): pull requests
// with three behaviors drawn from a model with known rates, put through the real decision with the default
// options. When nothing changed, the share of pull requests that fail (regressed or judge-drift) stays at alpha
// up to the simulation's own sampling error, for a single look and for adaptive looks; and the same machinery
// does catch real changes and a drifted judge, so the bound is not met by never deciding.

import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_OPTIONS } from '../../src/gate/options.ts';
import { type Design, runCase } from '../bench/gate-trials.ts';

const TRIALS = 400;
const DESIGN: Design = { scenarios: 60, reps: 1, baselineReps: 5 };
const { alpha } = DEFAULT_GATE_OPTIONS;

/** alpha plus three binomial standard errors of a share estimated from `trials` pull requests. */
function bound(trials: number): number {
  return alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / trials);
}

describe('the gate against known truth', () => {
  for (const adaptive of [false, true]) {
    it(`fails at most alpha of unchanged pull requests (${adaptive ? 'adaptive looks' : 'one look'})`, () => {
      const t = runCase(11, DESIGN, 1, 0, 0, adaptive, TRIALS);
      expect(t.failed / t.prs).toBeLessThanOrEqual(bound(TRIALS));
      // It does decide: unchanged pull requests end pass, not inconclusive.
      expect(t.allPass / t.prs).toBeGreaterThanOrEqual(0.9);
      expect(t.inconclusive).toBe(0);
    });
  }

  it('catches a +20-point rise on one behavior most of the time', () => {
    const t = runCase(12, DESIGN, 1, 0.2, 0, false, 150);
    expect(t.caught / t.prs).toBeGreaterThan(0.8);
  });

  it('adaptive looks catch more of a +10-point rise than one look, spending more rollouts', () => {
    const once = runCase(13, DESIGN, 1, 0.1, 0, false, 150);
    const adaptive = runCase(13, DESIGN, 1, 0.1, 0, true, 150);
    expect(adaptive.caught).toBeGreaterThan(once.caught);
    expect(adaptive.rollouts).toBeGreaterThan(once.rollouts);
  });

  it('calls a one-point judge drift judge-drift, not a regression', () => {
    const t = runCase(14, DESIGN, 1, 0, 1, false, 100);
    expect(t.drift / t.prs).toBeGreaterThan(0.9);
  });
});
