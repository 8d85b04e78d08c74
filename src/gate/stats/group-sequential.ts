// Group-sequential testing for adding rollouts until a behavior is decided, without raising the false-alarm
// rate. The z statistic at successive looks behaves like Brownian motion observed at information fractions
// t_1 < t_2 < ... (Jennison & Turnbull 2000, "Group Sequential Methods", ch. 3 and 11): the baseline is shared by
// every look, and the candidate's later looks contain its earlier rollouts, which is exactly that structure.
// Alpha is spent as information accrues (Lan & DeMets 1983) with the Hwang-Shih-DeCani family, so looks may come
// at any fractions and their number need not be fixed in advance. Crossing probabilities are computed by the
// standard numerical recursion over the continuation region (Armitage, McPherson & Rowe 1969; J&T ch. 19).
// Stopping early for "no increase" is not part of the boundaries (non-binding futility), so stopping for any
// other reason can only lower the false-alarm rate.
//
// A repeated p-value (J&T ch. 9) turns the boundaries into one number per look: the smallest alpha at which
// that look's z would have crossed. Its minimum over looks is a valid p-value whatever made the runs stop, so
// it can go into Holm's correction across behaviors like any other.

import { normalCdf } from './normal.ts';

/** Share of alpha spent by information fraction t: 0 at 0, 1 at 1, increasing. */
export type SpendingFunction = (t: number) => number;

/** Hwang, Shih & DeCani (1990): gamma 0 spends linearly; negative gamma saves alpha for later looks (gamma -4 is
 * close to O'Brien-Fleming), positive spends early (gamma 1 is close to Pocock). */
export function hwangShihDeCani(gamma: number): SpendingFunction {
  if (gamma === 0) return (t) => Math.min(1, Math.max(0, t));
  return (t) => {
    const x = Math.min(1, Math.max(0, t));
    return (1 - Math.exp(-gamma * x)) / (1 - Math.exp(-gamma));
  };
}

/** Grid points per look (odd, for Simpson's rule) and how many standard deviations below 0 the grid reaches. */
const GRID = 241;
const REACH = 8;

function phi(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

function simpsonWeights(points: number, step: number): Float64Array {
  const w = new Float64Array(points);
  for (let i = 0; i < points; i++)
    w[i] = ((i === 0 || i === points - 1 ? 1 : i % 2 === 1 ? 4 : 2) * step) / 3;
  return w;
}

/** The part of the score process S_j = Z_j sqrt(t_j) that has not crossed yet, on a grid. */
interface Continuation {
  s: Float64Array;
  /** Sub-density times the Simpson weight at each point, ready to integrate against. */
  weighted: Float64Array;
}

function continuationOn(bottom: number, top: number, density: (s: number) => number): Continuation {
  const high = Math.max(top, bottom + 1e-9);
  const step = (high - bottom) / (GRID - 1);
  const w = simpsonWeights(GRID, step);
  const s = new Float64Array(GRID);
  const weighted = new Float64Array(GRID);
  for (let i = 0; i < GRID; i++) {
    s[i] = bottom + i * step;
    weighted[i] = density(s[i] as number) * (w[i] as number);
  }
  return { s, weighted };
}

/** P(not crossed before, and S at the next look >= b), the increment over `delta` of information. */
function crossing(previous: Continuation, b: number, delta: number): number {
  const sd = Math.sqrt(delta);
  let sum = 0;
  for (let i = 0; i < previous.s.length; i++) {
    sum += (previous.weighted[i] as number) * normalCdf(((previous.s[i] as number) - b) / sd);
  }
  return sum;
}

function upperQuantile(p: number): number {
  // The z with P(Z >= z) = p, by bisection on the same normalCdf the recursion uses (consistent to the last digit).
  if (p <= 0) return Number.POSITIVE_INFINITY;
  if (p >= 1) return Number.NEGATIVE_INFINITY;
  let lo = -40;
  let hi = 40;
  for (let k = 0; k < 200 && hi - lo > 1e-12; k++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(-mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Efficacy boundaries on the z scale, one per look, for information fractions increasing in (0, 1]
 * (a fraction above 1 is read as 1: the last look spends whatever is left). */
export function efficacyBoundaries(
  fractions: readonly number[],
  alpha: number,
  spend: SpendingFunction,
): number[] {
  const bounds: number[] = [];
  let state: Continuation | null = null;
  let previousT = 0;
  for (const [j, raw] of fractions.entries()) {
    const t = Math.min(1, raw);
    if (!(t > previousT)) throw new Error(`information fractions must increase: ${fractions.join(', ')}`);
    const target = alpha * (spend(t) - spend(previousT));
    const sqrtT = Math.sqrt(t);
    const bottom = -REACH * sqrtT;
    // b: the boundary on the S scale, where the continuation region ends.
    let b: number;
    if (state === null) {
      b = upperQuantile(target) * sqrtT;
    } else {
      const prev: Continuation = state;
      const delta = t - previousT;
      if (target <= 0) b = Number.POSITIVE_INFINITY;
      else if (crossing(prev, bottom, delta) <= target) b = Number.NEGATIVE_INFINITY;
      else {
        // crossing(b) falls as b rises: bisect for crossing(b) = target.
        let lo = bottom;
        let hi = 40;
        for (let k = 0; k < 100 && hi - lo > 1e-10; k++) {
          const mid = (lo + hi) / 2;
          if (crossing(prev, mid, delta) > target) lo = mid;
          else hi = mid;
        }
        b = (lo + hi) / 2;
      }
    }
    bounds.push(b / sqrtT);
    if (j === fractions.length - 1) break;
    const top = Math.min(40, Math.max(bottom, b));
    const prev = state;
    const sd = Math.sqrt(t - previousT);
    state = continuationOn(bottom, top, (s) => {
      if (prev === null) return phi(s / sqrtT) / sqrtT;
      let sum = 0;
      for (let i = 0; i < prev.s.length; i++)
        sum += (prev.weighted[i] as number) * phi((s - (prev.s[i] as number)) / sd);
      return sum / sd;
    });
    previousT = t;
  }
  return bounds;
}

/** Alphas at which boundaries are tabulated for repeated p-values: log-spaced from 1e-8 to 1. */
const ALPHA_GRID = Array.from({ length: 81 }, (_, i) => 10 ** (-8 + (8 * i) / 80));
const LAST = ALPHA_GRID.length - 1;
const gridBoundaries = new Map<string, number>();

/** The last look's boundary at ALPHA_GRID[i]. It depends only on the looks up to it, so later looks of the same
 * run find it cached under the same `lookKey` (the spending function and those looks' fractions). */
function gridBoundary(i: number, looks: readonly number[], lookKey: string, spend: SpendingFunction): number {
  const key = `${lookKey}|${i}`;
  const cached = gridBoundaries.get(key);
  if (cached !== undefined) return cached;
  const bound = efficacyBoundaries(looks, ALPHA_GRID[i] as number, spend)[looks.length - 1] as number;
  if (gridBoundaries.size > 65_536) gridBoundaries.clear();
  gridBoundaries.set(key, bound);
  return bound;
}

/** The smallest alpha at which look j (0-based) would have crossed, interpolated in log alpha between the grid's
 * two boundaries around z. */
function repeatedAt(
  z: number,
  j: number,
  fractions: readonly number[],
  spend: SpendingFunction,
  spendKey: string,
): number {
  if (j === 0)
    return Math.min(1, normalCdf(-z) / Math.max(1e-300, spend(Math.min(1, fractions[0] as number))));
  // A look without a fraction, or without a z, never crosses (as a scan of a table without that column found).
  if (j >= fractions.length || Number.isNaN(z)) return 1;
  const looks = fractions.slice(0, j + 1);
  const lookKey = `${spendKey}|${looks.join(',')}`;
  const boundary = (i: number) => gridBoundary(i, looks, lookKey, spend);
  if (z < boundary(LAST)) return 1;
  if (z >= boundary(0)) return ALPHA_GRID[0] as number;
  // Boundaries fall as alpha rises, so z reaches them from some grid point on: bisect for the first, computing
  // about 7 of the 81 boundaries rather than all.
  let below = 0;
  let reached = LAST;
  while (reached - below > 1) {
    const mid = (below + reached) >> 1;
    if (z >= boundary(mid)) reached = mid;
    else below = mid;
  }
  const c = boundary(reached);
  const cPrev = boundary(below);
  const la = Math.log(ALPHA_GRID[below] as number);
  const lb = Math.log(ALPHA_GRID[reached] as number);
  const share = cPrev === c ? 1 : (cPrev - z) / (cPrev - c);
  return Math.exp(la + share * (lb - la));
}

/** Minimum over looks of the repeated p-values: valid whatever stopping rule produced the looks.
 * `spendKey` names the spending function for caching (e.g. "hsd:-2"). */
export function repeatedPValue(
  zs: readonly number[],
  fractions: readonly number[],
  spend: SpendingFunction,
  spendKey: string,
): number {
  const t = fractions.slice(0, zs.length);
  let best = 1;
  for (let j = 0; j < zs.length; j++)
    best = Math.min(best, repeatedAt(zs[j] as number, j, t, spend, spendKey));
  return best;
}
