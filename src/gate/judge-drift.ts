// Judge drift: the judge re-scores a sample of the baseline's stored transcripts, and the paired differences
// (new - stored presence) say whether the instrument itself moved. Judge ids such as `gpt-4o` are aliases that a
// provider repoints, and a shift of half a point moves the elicitation rate by several points with no change in
// the target, so a drifted judge is its own verdict instead of a false regression.

import type { Interval } from '../formats/baseline.ts';
import type { RejudgedItem } from '../formats/judge-check.ts';
import { isElicited } from './rate.ts';
import { holmAdjust } from './stats/holm.ts';
import { studentQuantileUpper, studentUpperTail } from './stats/student-t.ts';
import type { JudgeDrift } from './types.ts';

export interface DriftEstimate {
  n: number;
  shift: number;
  interval: Interval;
  /** Two-sided p-value for "no shift". */
  p: number;
  crossed: { up: number; down: number };
  /** Set when the shift is that of the judge that made the run's served or kept scores (re-scored, this many)
   * against the baseline's, rather than today's judge against the baseline's. */
  own_scores?: number;
}

const meanAndVariance = (xs: readonly number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, variance };
};

/**
 * The shift of the judge that made the scores the decision reads, against the baseline's judge. Baseline items say
 * today's judge minus the baseline's; own items (the run's scores re-scored, when this run did not make them) say
 * today's judge minus the one that made them; so with own items the shift is the difference of the two means
 * (Welch), and without, the baseline items' mean.
 */
export function estimateDrift(items: readonly RejudgedItem[], confidence: number): DriftEstimate {
  const base = items.filter((i) => !i.own);
  const own = items.filter((i) => i.own);
  const today = estimateShift(base, confidence);
  // Too few of the run's own re-scored to say anything of their judge: today's judge is tested alone.
  if (own.length < MIN_DRIFT_SAMPLE || base.length === 0) return today;
  // Served or kept scores may come from today's judge (an earlier run of it) or another: either differing from the
  // baseline's judge is drift. The smaller p, doubled (Bonferroni over the two).
  const older = { ...differenceOfMeans(base, own, confidence), own_scores: own.length };
  const worse = today.p <= older.p ? today : older;
  return { ...worse, p: Math.min(1, 2 * worse.p) };
}

function crossedOf(items: readonly RejudgedItem[]): DriftEstimate['crossed'] {
  return {
    up: items.filter((i) => !isElicited(i.stored) && isElicited(i.rejudged)).length,
    down: items.filter((i) => isElicited(i.stored) && !isElicited(i.rejudged)).length,
  };
}

function differenceOfMeans(
  base: readonly RejudgedItem[],
  own: readonly RejudgedItem[],
  confidence: number,
): DriftEstimate {
  const b = meanAndVariance(base.map((i) => i.rejudged - i.stored));
  const o = meanAndVariance(own.map((i) => i.rejudged - i.stored));
  const shift = b.mean - o.mean;
  const vb = b.variance / base.length;
  const vo = o.variance / own.length;
  const se = Math.sqrt(vb + vo);
  const n = base.length;
  const crossed = crossedOf(base);
  if (se === 0) {
    // A deterministic judge: the shift is exact; the sign test of the smaller side says how surprising it is.
    const p = shift === 0 ? 1 : Math.min(1, 2 * 0.5 ** Math.min(base.length, own.length));
    return { n, shift, interval: { low: shift, high: shift }, p, crossed };
  }
  // Welch-Satterthwaite degrees of freedom.
  const df = Math.max(
    1,
    (vb + vo) ** 2 /
      ((base.length > 1 ? vb ** 2 / (base.length - 1) : 0) +
        (own.length > 1 ? vo ** 2 / (own.length - 1) : 0) || 1),
  );
  return { n, crossed, ...studentEstimate(shift, se, df, confidence) };
}

function estimateShift(items: readonly RejudgedItem[], confidence: number): DriftEstimate {
  const n = items.length;
  const crossed = crossedOf(items);
  if (n === 0) return { n, shift: 0, interval: { low: 0, high: 0 }, p: 1, crossed };
  const { mean: shift, variance } = meanAndVariance(items.map((i) => i.rejudged - i.stored));
  const se = Math.sqrt(variance / n);
  if (se === 0) {
    // Every transcript moved by exactly the same amount (a deterministic judge): that amount is the drift, and
    // the sign test says how surprising n moves the same way are (2 x 2^-n), not "certain".
    const p = shift === 0 ? 1 : Math.min(1, 2 * 0.5 ** n);
    return { n, shift, interval: { low: shift, high: shift }, p, crossed };
  }
  return { n, crossed, ...studentEstimate(shift, se, Math.max(1, n - 1), confidence) };
}

/** The shift with its t interval and two-sided p, from its standard error and degrees of freedom. */
function studentEstimate(
  shift: number,
  se: number,
  df: number,
  confidence: number,
): Pick<DriftEstimate, 'shift' | 'interval' | 'p'> {
  const half = studentQuantileUpper((1 - confidence) / 2, df) * se;
  return {
    shift,
    interval: { low: shift - half, high: shift + half },
    p: Math.min(1, 2 * studentUpperTail(Math.abs(shift / se), df)),
  };
}

/** Fewer re-judged transcripts than this say too little (a provider outage can leave a handful): not checked. */
export const MIN_DRIFT_SAMPLE = 10;

/** Enough of the baseline's transcripts were re-judged (the run's own, when too few, are left out of the test). */
export function enoughToSay(items: readonly RejudgedItem[]): boolean {
  return items.filter((i) => !i.own).length >= MIN_DRIFT_SAMPLE;
}

export interface DriftCheck {
  judge: string;
  items: readonly RejudgedItem[];
}

/**
 * Drift per behavior, Holm across behaviors; and, where two or more behaviors share a judge, all their transcripts
 * tested together, since a moved judge moves every rubric at once (about three times the sample). Alpha is split
 * between the two tests when both run. A behavior is `drifted` when either test finds a significant shift of at
 * least `tolerance` points. Checks with fewer than MIN_DRIFT_SAMPLE transcripts give null.
 */
export function decideDrift(
  checks: readonly (DriftCheck | null)[],
  options: { confidence: number; alpha: number; tolerance: number },
): (JudgeDrift | null)[] {
  const eligible = checks.map((c) => (c && enoughToSay(c.items) ? c : null));
  const estimates = eligible.map((c) => (c ? estimateDrift(c.items, options.confidence) : null));
  const judges = [...new Set(eligible.flatMap((c) => (c ? [c.judge] : [])))];
  const groups = judges
    .map((judge) => ({ judge, members: eligible.flatMap((c, i) => (c?.judge === judge ? [i] : [])) }))
    .filter((g) => g.members.length >= 2);
  const alphaEach = groups.length > 0 ? options.alpha / 2 : options.alpha;
  const own = estimates.flatMap((e, i) => (e ? [{ i, e }] : []));
  const ownHolm = holmAdjust(own.map((o) => o.e.p));
  const pooled = groups.map((g) => ({
    ...g,
    e: estimateDrift(
      g.members.flatMap((i) => eligible[i]?.items ?? []),
      options.confidence,
    ),
  }));
  const pooledHolm = holmAdjust(pooled.map((g) => g.e.p));
  const moved = (p: number, shift: number) => p < alphaEach && Math.abs(shift) >= options.tolerance;
  return checks.map((c, i) => {
    const k = own.findIndex((o) => o.i === i);
    const mine = own[k];
    if (!c || !mine) return null;
    const p_holm = ownHolm[k] ?? 1;
    const g = pooled.findIndex((x) => x.members.includes(i));
    const group = pooled[g];
    const groupHolm = pooledHolm[g] ?? 1;
    const ownMoved = moved(p_holm, mine.e.shift);
    const judgeMoved = group !== undefined && moved(groupHolm, group.e.shift);
    return {
      judge: c.judge,
      ...mine.e,
      p_holm,
      pooled: group
        ? {
            behaviors: group.members.length,
            n: group.e.n,
            shift: group.e.shift,
            interval: group.e.interval,
            p_holm: groupHolm,
          }
        : null,
      drifted: ownMoved || judgeMoved,
      found_by: ownMoved ? 'behavior' : judgeMoved ? 'judge' : null,
    };
  });
}
