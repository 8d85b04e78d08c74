// A generative model of a behavior in a pinned suite, for checking the gate against known truth.
//
// Scenarios differ: scenario v elicits the behavior with probability p_v ~ Beta(mu kappa, (1 - mu) kappa), from
// near-homogeneous (kappa 50) to "most scenarios never elicit, a few almost always do" (kappa <= 1). Each rollout
// has a latent severity x = Phi^-1(p_v) + shift + N(0, 1); its true 1-10 presence is 7 + floor(1.5 x) clamped,
// so it is 7 or more exactly when x >= 0 (probability p_v). A change of the target moves every scenario's x by the
// same `shift`, solved so that the suite's rate rises by the stated points. The judge reads the true presence with
// an error that is partly the transcript's own (the same on every reading) and partly the call's; the total,
// sd 1.5 points, puts its Spearman correlation with the truth near 0.86, as for Bloom's best judge. Judge drift
// adds a fixed number of points to every new reading.

import type { ScoreTable } from '../../src/formats/baseline.ts';
import { normalCdf, normalQuantile } from '../../src/gate/stats/normal.ts';

/** A small fast seeded generator (mulberry32): the bench draws millions of numbers. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  /** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * this.next() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }
}

export const JUDGE_SD = 1.5;
/** Share of the judge's error variance that is the call's own (re-drawn on every reading). */
export const CALL_SHARE = 0.25;

export interface Suite {
  /** Latent location per scenario: Phi^-1(p_v). */
  locations: number[];
}

export function drawSuite(rng: Rng, scenarios: number, rate: number, kappa: number): Suite {
  const locations: number[] = [];
  for (let v = 0; v < scenarios; v++) {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, rng.beta(rate * kappa, (1 - rate) * kappa)));
    locations.push(normalQuantile(p));
  }
  return { locations };
}

export function suiteRate(suite: Suite, shift: number): number {
  return suite.locations.reduce((a, m) => a + normalCdf(m + shift), 0) / suite.locations.length;
}

/** The latent shift that raises this suite's rate by `points` (0.10 = ten points), by bisection. */
export function shiftFor(suite: Suite, points: number): number {
  if (points === 0) return 0;
  const target = suiteRate(suite, 0) + points;
  let lo = -6;
  let hi = 6;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (suiteRate(suite, mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Rollout {
  variation: number;
  repetition: number;
  truth: number;
  /** The transcript's own judge error (the same on every reading). */
  ownError: number;
}

function clampScore(x: number): number {
  return Math.min(10, Math.max(1, Math.round(x)));
}

export function truePresence(latent: number): number {
  return Math.min(10, Math.max(1, 7 + Math.floor(1.5 * latent)));
}

/** One reading of a transcript by the judge, `drift` points off. */
export function read(rng: Rng, rollout: Rollout, drift: number): number {
  const callSd = JUDGE_SD * Math.sqrt(CALL_SHARE);
  return clampScore(rollout.truth + rollout.ownError + callSd * rng.normal() + drift);
}

/** A run's rollouts: every scenario, repetitions 1..reps. */
export function drawRollouts(rng: Rng, suite: Suite, shift: number, reps: number): Rollout[] {
  const ownSd = JUDGE_SD * Math.sqrt(1 - CALL_SHARE);
  const out: Rollout[] = [];
  suite.locations.forEach((m, i) => {
    for (let r = 1; r <= reps; r++) {
      out.push({
        variation: i + 1,
        repetition: r,
        truth: truePresence(m + shift + rng.normal()),
        ownError: ownSd * rng.normal(),
      });
    }
  });
  return out;
}

export function scoreTable(rollouts: readonly Rollout[], scores: readonly number[]): ScoreTable {
  const table: ScoreTable = {};
  rollouts.forEach((r, i) => {
    const row = table[String(r.variation)] ?? {};
    row[String(r.repetition)] = scores[i] as number;
    table[String(r.variation)] = row;
  });
  return table;
}

/** Spearman's rank correlation (midranks for ties). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const rank = (xs: readonly number[]) => {
    const order = xs.map((x, i) => ({ x, i })).sort((p, q) => p.x - q.x);
    const ranks = new Array<number>(xs.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && (order[j + 1] as { x: number }).x === (order[i] as { x: number }).x) j++;
      for (let k = i; k <= j; k++) ranks[(order[k] as { i: number }).i] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return ranks;
  };
  const ra = rank(a);
  const rb = rank(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += ((ra[i] as number) - ma) * ((rb[i] as number) - mb);
    da += ((ra[i] as number) - ma) ** 2;
    db += ((rb[i] as number) - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}
