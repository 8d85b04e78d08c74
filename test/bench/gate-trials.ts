// Pull requests through the real decision, for the gate simulation (gate-simulation.ts) and the false-alarm test:
// a recorded baseline per behavior, a candidate drawn from the model in gate-model.ts, a judge check, then
// src/gate/decide.ts with the default options, as a single look or adaptively (more repetitions of the undecided
// behaviors, look by look, up to the rollout cap), exactly as `bloom run --until-decided` and the action loop.

import type { BaselineBehavior, ScoreTable } from '../../src/formats/baseline.ts';
import type { JudgeCheck } from '../../src/formats/judge-check.ts';
import { decide } from '../../src/gate/decide.ts';
import { DEFAULT_GATE_OPTIONS, DEFAULT_MAX_ROLLOUTS } from '../../src/gate/options.ts';
import { rateSummary } from '../../src/gate/rate.ts';
import type { BehaviorResult, CandidateBehavior, GateOptions } from '../../src/gate/types.ts';
import {
  drawRollouts,
  drawSuite,
  Rng,
  type Rollout,
  read,
  type Suite,
  scoreTable,
  shiftFor,
} from './gate-model.ts';

export const BASE_RATE = 0.25;
export const BEHAVIORS = 3;
export const JUDGE_SAMPLE = 50;
const IDENTITY = { suite_hash: 'suite', config_hash: 'config', target_id: 'target' };

export interface Design {
  scenarios: number;
  /** Candidate repetitions at the first look (the suite's num_reps) and the baseline's. */
  reps: number;
  baselineReps: number;
  /** The behavior's base rate (default BASE_RATE). */
  rate?: number;
}

/** One behavior's pinned suite and its recorded baseline. */
interface Recorded {
  suite: Suite;
  entry: BaselineBehavior;
  /** The baseline's rollouts and the scores its judge stored, for the judge check. */
  rollouts: Rollout[];
  stored: number[];
}

function record(rng: Rng, suite: Suite, shift: number, reps: number): Recorded {
  const rollouts = drawRollouts(rng, suite, shift, reps);
  const stored = rollouts.map((r) => read(rng, r, 0));
  const scores = scoreTable(rollouts, stored);
  const entry: BaselineBehavior = {
    ...IDENTITY,
    ...rateSummary(scores, { unscoreable: 0, failed: 0 }),
    scores,
  };
  return { suite, entry, rollouts, stored };
}

function judgeCheck(rng: Rng, baseline: Recorded, drift: number): JudgeCheck {
  const items = [];
  const step = baseline.rollouts.length / JUDGE_SAMPLE;
  for (let k = 0; k < JUDGE_SAMPLE && k * step < baseline.rollouts.length; k++) {
    const i = Math.floor(k * step);
    const r = baseline.rollouts[i] as Rollout;
    items.push({
      variation: r.variation,
      repetition: r.repetition,
      stored: baseline.stored[i] as number,
      rejudged: read(rng, r, drift),
    });
  }
  return { judge: 'judge', items };
}

function limitReps(scores: ScoreTable, reps: number): ScoreTable {
  const out: ScoreTable = {};
  for (const [v, row] of Object.entries(scores)) {
    out[v] = Object.fromEntries(Object.entries(row).filter(([r]) => Number(r) <= reps));
  }
  return out;
}

interface PullRequest {
  results: BehaviorResult[];
  /** Candidate rollouts each behavior used. */
  rollouts: number[];
}

/** Runs one pull request through the decision: a single look, or adaptive looks until decided or capped. */
export function gate(
  rng: Rng,
  design: Design,
  baselines: Recorded[],
  anchors: Recorded[] | null,
  shifts: number[],
  drift: number,
  adaptive: boolean,
  options: GateOptions = DEFAULT_GATE_OPTIONS,
): PullRequest {
  const maxReps = adaptive ? Math.floor(DEFAULT_MAX_ROLLOUTS / design.scenarios) : design.reps;
  const full = baselines.map((b, i) => {
    const rollouts = drawRollouts(rng, b.suite, shifts[i] ?? 0, maxReps);
    return scoreTable(
      rollouts,
      rollouts.map((r) => read(rng, r, drift)),
    );
  });
  const checks = baselines.map((b) => judgeCheck(rng, b, drift));
  const looks = baselines.map(() => [design.reps]);
  const anchor = anchors ? Object.fromEntries(anchors.map((a, i) => [`b${i}`, a.entry])) : null;
  for (;;) {
    const candidates: CandidateBehavior[] = baselines.map((_, i) => {
      const reps = looks[i] as number[];
      const now = reps[reps.length - 1] as number;
      return {
        ...IDENTITY,
        behavior: `b${i}`,
        scores: limitReps(full[i] as ScoreTable, now),
        unscoreable: 0,
        failed: 0,
        looks: { max_repetitions: maxReps, repetitions: reps },
        judge_check: checks[i],
      };
    });
    const results = decide({
      candidates,
      baseline: Object.fromEntries(baselines.map((b, i) => [`b${i}`, b.entry])),
      anchor,
      options,
    });
    const more = results
      .map((r, i) => ({ r, i }))
      .filter(
        ({ r, i }) => r.status === 'inconclusive' && ((looks[i] as number[]).at(-1) as number) < maxReps,
      );
    if (more.length === 0) {
      return {
        results,
        rollouts: looks.map((l) => (l.at(-1) as number) * design.scenarios),
      };
    }
    for (const { i } of more) {
      const l = looks[i] as number[];
      l.push(Math.min(maxReps, (l.at(-1) as number) + design.reps));
    }
  }
}

export interface Tally {
  prs: number;
  /** Pull requests with any behavior failing the default fail-on (regressed or judge-drift). */
  failed: number;
  /** Behaviors flagged regressed among unchanged ones, and their count. */
  falseRegressed: number;
  unchangedBehaviors: number;
  /** The changed behavior flagged regressed. */
  caught: number;
  drift: number;
  allPass: number;
  inconclusive: number;
  behaviors: number;
  rollouts: number;
}

function emptyTally(): Tally {
  return {
    prs: 0,
    failed: 0,
    falseRegressed: 0,
    unchangedBehaviors: 0,
    caught: 0,
    drift: 0,
    allPass: 0,
    inconclusive: 0,
    behaviors: 0,
    rollouts: 0,
  };
}

function tallyPr(t: Tally, pr: PullRequest, changed: number | null): void {
  t.prs++;
  const statuses = pr.results.map((r) => r.status);
  if (statuses.some((s) => s === 'regressed' || s === 'judge-drift')) t.failed++;
  if (statuses.some((s) => s === 'judge-drift')) t.drift++;
  if (statuses.every((s) => s === 'pass' || s === 'improved')) t.allPass++;
  pr.results.forEach((r, i) => {
    t.behaviors++;
    if (r.status === 'inconclusive') t.inconclusive++;
    if (i === changed) {
      if (r.status === 'regressed') t.caught++;
    } else {
      t.unchangedBehaviors++;
      if (r.status === 'regressed') t.falseRegressed++;
    }
  });
  t.rollouts += pr.rollouts.reduce((a, b) => a + b, 0);
}

function suites(rng: Rng, design: Design, kappa: number): Suite[] {
  return Array.from({ length: BEHAVIORS }, () =>
    drawSuite(rng, design.scenarios, design.rate ?? BASE_RATE, kappa),
  );
}

/** Pull requests with `points` more on behavior 0 (null: none changed) and `drift` on the judge. `anchored`: with
 * an anchor too, an older baseline of the same unchanged target recorded separately (as every pull request after
 * the first merge has), so both enter the Holm family. */
export function runCase(
  seed: number,
  design: Design,
  kappa: number,
  points: number,
  drift: number,
  adaptive: boolean,
  trials: number,
  options: GateOptions = DEFAULT_GATE_OPTIONS,
  anchored = false,
): Tally {
  const t = emptyTally();
  const rng = new Rng(seed);
  for (let k = 0; k < trials; k++) {
    const ss = suites(rng, design, kappa);
    const baselines = ss.map((s) => record(rng, s, 0, design.baselineReps));
    const anchors = anchored ? ss.map((s) => record(rng, s, 0, design.baselineReps)) : null;
    const shifts = ss.map((s, i) => (i === 0 ? shiftFor(s, points) : 0));
    tallyPr(
      t,
      gate(rng, design, baselines, anchors, shifts, drift, adaptive, options),
      points > 0 ? 0 : null,
    );
  }
  return t;
}

/** Six merges of +4 points each on behavior 0; the rolling baseline is re-recorded after every merge, the anchor
 * is the baseline before the first. Caught: some pull request of the six is flagged regressed. The first pull
 * request's rolling baseline is the anchor itself, so it is compared once, as `bloom compare` does. */
export function runCreep(
  seed: number,
  design: Design,
  kappa: number,
  adaptive: boolean,
  trials: number,
  options: GateOptions = DEFAULT_GATE_OPTIONS,
): number {
  const rng = new Rng(seed);
  let caught = 0;
  for (let k = 0; k < trials; k++) {
    const ss = suites(rng, design, kappa);
    const anchors = ss.map((s) => record(rng, s, 0, design.baselineReps));
    let rolling = anchors;
    for (let merge = 1; merge <= 6; merge++) {
      const shifts = ss.map((s, i) => (i === 0 ? shiftFor(s, 0.04 * merge) : 0));
      const pr = gate(
        rng,
        design,
        rolling,
        rolling === anchors ? null : anchors,
        shifts,
        0,
        adaptive,
        options,
      );
      if (pr.results[0]?.status === 'regressed') {
        caught++;
        break;
      }
      rolling = ss.map((s, i) => record(rng, s, shifts[i] ?? 0, design.baselineReps));
    }
  }
  return caught / trials;
}
