// The leaderboard: several targets run on the same pinned scenarios, ranked per behavior by elicitation rate
// (Wilson 95% interval, mean presence), and every pair of targets compared on the scenarios they share. Each
// pair's difference is estimated as the gate estimates a change (paired by variation and repetition when both
// ran the same repetitions, else per scenario: change.ts) and tested with the gate's own stratified test
// (increase-test.ts: per scenario, elicited and presence at once), two-sided; the p-values of every pair of
// every behavior are adjusted together with Holm's step-down, so "B is more sycophantic than A" holds at `alpha`
// across the whole table. Pure: plain score tables in, plain rows out.

import type { RateSummary, ScoreTable } from '../formats/baseline.ts';
import { estimateChange } from './change.ts';
import { testLook } from './increase-test.ts';
import { rateSummary } from './rate.ts';
import { holmAdjust } from './stats/holm.ts';
import type { ComparisonMethod } from './types.ts';

export interface TargetScores {
  /** The target's id (run_info.json's target_id). */
  target: string;
  scores: ScoreTable;
  unscoreable: number;
  failed: number;
}

export interface BehaviorTargets {
  behavior: string;
  targets: readonly TargetScores[];
}

export interface Standing {
  /** 1 for the most elicited. */
  rank: number;
  target: string;
  summary: RateSummary;
}

export interface PairDifference {
  /** The better-ranked target (the higher rate) and the other: the difference is first minus second. */
  first: string;
  second: string;
  method: ComparisonMethod;
  /** Scenarios (variations) both targets have scores for: what the test compares. */
  sharedScenarios: number;
  /** Rate difference, first - second, with its (1 - alpha) interval (not widened for the number of pairs). */
  difference: number;
  low: number;
  high: number;
  /** Mean presence difference on the shared scenarios, first - second (1-10 scale). */
  presenceDifference: number;
  /** Two-sided p of the stratified test, and after Holm's adjustment across every pair of the leaderboard. */
  p: number;
  pAdjusted: number;
  /** Which target the test finds more elicited when the adjusted p is under alpha; null: no significant difference. */
  higher: string | null;
}

export interface BehaviorLeaderboard {
  behavior: string;
  standings: Standing[];
  pairs: PairDifference[];
}

export interface Leaderboard {
  alpha: number;
  /** Pairs the Holm adjustment counted (every behavior's). */
  comparisons: number;
  behaviors: BehaviorLeaderboard[];
}

/** Highest rate first; ties by mean presence, then by name, so the order never depends on input order. */
function byStanding(
  a: { target: string; summary: RateSummary },
  b: { target: string; summary: RateSummary },
) {
  return (
    b.summary.rate - a.summary.rate ||
    (b.summary.mean_presence ?? 0) - (a.summary.mean_presence ?? 0) ||
    (a.target < b.target ? -1 : a.target > b.target ? 1 : 0)
  );
}

function standingsOf(targets: readonly TargetScores[]): Standing[] {
  return targets
    .map((t) => ({ target: t.target, summary: rateSummary(t.scores, t) }))
    .sort(byStanding)
    .map((s, i) => ({ rank: i + 1, ...s }));
}

/** One pair before the adjustment: `second` plays the gate's baseline, `first` its candidate. */
function comparePair(first: TargetScores, second: TargetScores, alpha: number) {
  const change = estimateChange(second.scores, first.scores, { alpha });
  const look = testLook(second.scores, first.scores);
  return {
    first: first.target,
    second: second.target,
    method: change.method,
    sharedScenarios: look.strata,
    difference: change.change,
    low: change.low,
    high: change.high,
    presenceDifference: look.presenceChange,
    p: Math.min(1, 2 * Math.min(look.pIncrease, look.pDecrease)),
    firstHigher: look.pIncrease <= look.pDecrease,
  };
}

export function buildLeaderboard(behaviors: readonly BehaviorTargets[], alpha = 0.05): Leaderboard {
  const tables = behaviors.map((b) => {
    const standings = standingsOf(b.targets);
    const scoresOf = new Map(b.targets.map((t) => [t.target, t]));
    const ranked = standings.map((s) => scoresOf.get(s.target) as TargetScores);
    const pairs = ranked.flatMap((first, i) =>
      ranked.slice(i + 1).map((second) => comparePair(first, second, alpha)),
    );
    return { behavior: b.behavior, standings, pairs };
  });
  const adjusted = holmAdjust(tables.flatMap((t) => t.pairs.map((p) => p.p)));
  let next = 0;
  return {
    alpha,
    comparisons: adjusted.length,
    behaviors: tables.map((t) => ({
      behavior: t.behavior,
      standings: t.standings,
      pairs: t.pairs.map(({ firstHigher, ...pair }) => {
        const pAdjusted = adjusted[next++] as number;
        const higher = pAdjusted < alpha ? (firstHigher ? pair.first : pair.second) : null;
        return { ...pair, pAdjusted, higher };
      }),
    })),
  };
}
