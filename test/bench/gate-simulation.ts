// `npm run bench:gate`: the gate's decision checked against known truth. Pull requests with three behaviors are
// drawn from the model in gate-model.ts (scenario heterogeneity from near-homogeneous to "most never elicit", a
// judge as noisy as Bloom's best, judge drift, creep over six merges) and put through the real decision
// (src/gate/decide.ts with the default options, as `bloom compare` and the action call it), once as a single
// look and once adaptively (more repetitions of the undecided behaviors, up to 300 rollouts each).
// Seeded: the same command prints the same table. `--quick` runs a tenth of the trials.

import { markdownTable } from 'markdown-table';
import { decide } from '../../src/gate/decide.ts';
import { DEFAULT_GATE_OPTIONS, DEFAULT_MAX_ROLLOUTS } from '../../src/gate/options.ts';
import { rateSummary } from '../../src/gate/rate.ts';
import type {
  BaselineBehavior,
  BehaviorResult,
  CandidateBehavior,
  JudgeCheck,
  ScoreTable,
} from '../../src/gate/types.ts';
import {
  drawRollouts,
  drawSuite,
  Rng,
  type Rollout,
  read,
  type Suite,
  scoreTable,
  shiftFor,
  spearman,
} from './gate-model.ts';

const QUICK = process.argv.includes('--quick');
const trialsArg = process.argv.indexOf('--trials');
const TRIALS = trialsArg > 0 ? Number(process.argv[trialsArg + 1]) : QUICK ? 200 : 2000;
const BASE_RATE = 0.25;
const BEHAVIORS = 3;
const JUDGE_SAMPLE = 50;
const floorArg = process.argv.indexOf('--floor');
const OPTIONS =
  floorArg > 0
    ? { ...DEFAULT_GATE_OPTIONS, maxIncrease: Number(process.argv[floorArg + 1]) }
    : DEFAULT_GATE_OPTIONS;
const IDENTITY = { suite_hash: 'suite', config_hash: 'config', target_id: 'target' };

const kappaArg = process.argv.indexOf('--kappa');
const ONLY_KAPPA = kappaArg > 0 ? Number(process.argv[kappaArg + 1]) : null;
const ALL_HETEROGENEITY = [
  { kappa: 50, label: 'near-homogeneous (kappa 50)' },
  { kappa: 5, label: 'moderate (kappa 5)' },
  { kappa: 1, label: 'realistic: most scenarios rarely elicit (kappa 1)' },
  { kappa: 0.5, label: 'strong: most never elicit (kappa 0.5)' },
];
const HETEROGENEITY = ALL_HETEROGENEITY.filter((h) => ONLY_KAPPA === null || h.kappa === ONLY_KAPPA);

interface Design {
  scenarios: number;
  /** Candidate repetitions at the first look (the suite's num_reps) and the baseline's. */
  reps: number;
  baselineReps: number;
}

const breps =
  process.argv.indexOf('--breps') > 0 ? Number(process.argv[process.argv.indexOf('--breps') + 1]) : 3;
const DESIGNS: Design[] = [
  { scenarios: 100, reps: 1, baselineReps: breps },
  { scenarios: 50, reps: 2, baselineReps: 2 * breps },
];

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
function gate(
  rng: Rng,
  design: Design,
  baselines: Recorded[],
  anchors: Recorded[] | null,
  shifts: number[],
  drift: number,
  adaptive: boolean,
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
      options: OPTIONS,
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

interface Tally {
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
  return Array.from({ length: BEHAVIORS }, () => drawSuite(rng, design.scenarios, BASE_RATE, kappa));
}

/** Pull requests with `points` more on behavior 0 (null: none changed) and `drift` on the judge. */
function runCase(
  seed: number,
  design: Design,
  kappa: number,
  points: number,
  drift: number,
  adaptive: boolean,
  trials: number,
): Tally {
  const t = emptyTally();
  const rng = new Rng(seed);
  for (let k = 0; k < trials; k++) {
    const ss = suites(rng, design, kappa);
    const baselines = ss.map((s) => record(rng, s, 0, design.baselineReps));
    const shifts = ss.map((s, i) => (i === 0 ? shiftFor(s, points) : 0));
    tallyPr(t, gate(rng, design, baselines, null, shifts, drift, adaptive), points > 0 ? 0 : null);
  }
  return t;
}

/** Six merges of +4 points each on behavior 0; the rolling baseline is re-recorded after every merge, the anchor
 * is the baseline before the first. Caught: some pull request of the six is flagged regressed. */
function runCreep(seed: number, design: Design, kappa: number, adaptive: boolean, trials: number): number {
  const rng = new Rng(seed);
  let caught = 0;
  for (let k = 0; k < trials; k++) {
    const ss = suites(rng, design, kappa);
    const anchors = ss.map((s) => record(rng, s, 0, design.baselineReps));
    let rolling = anchors;
    for (let merge = 1; merge <= 6; merge++) {
      const shifts = ss.map((s, i) => (i === 0 ? shiftFor(s, 0.04 * merge) : 0));
      const pr = gate(rng, design, rolling, anchors, shifts, 0, adaptive);
      if (pr.results[0]?.status === 'regressed') {
        caught++;
        break;
      }
      rolling = ss.map((s, i) => record(rng, s, shifts[i] ?? 0, design.baselineReps));
    }
  }
  return caught / trials;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function judgeSpearman(): number {
  const rng = new Rng(7);
  const truth: number[] = [];
  const judged: number[] = [];
  for (const kappa of [1]) {
    const suite = drawSuite(rng, 2000, BASE_RATE, kappa);
    for (const r of drawRollouts(rng, suite, 0, 1)) {
      truth.push(r.truth);
      judged.push(read(rng, r, 0));
    }
  }
  return spearman(truth, judged);
}

const started = performance.now();
const sections: string[] = [];
let seed = 20_261_205;
for (const design of DESIGNS) {
  const rows: string[][] = [];
  for (const h of HETEROGENEITY) {
    for (const adaptive of [false, true]) {
      const n = TRIALS;
      const unchanged = runCase(seed++, design, h.kappa, 0, 0, adaptive, n);
      const detect = [0.05, 0.1, 0.2].map((p) =>
        runCase(seed++, design, h.kappa, p, 0, adaptive, Math.ceil(n / 2)),
      );
      const drifts = [0.5, 1].map((d) => runCase(seed++, design, h.kappa, 0, d, adaptive, Math.ceil(n / 2)));
      const creep = runCreep(seed++, design, h.kappa, adaptive, Math.ceil(n / 4));
      rows.push([
        h.label,
        adaptive ? `adaptive, <= ${DEFAULT_MAX_ROLLOUTS}` : `one look, ${design.scenarios * design.reps}`,
        pct(unchanged.failed / unchanged.prs),
        pct(unchanged.falseRegressed / unchanged.unchangedBehaviors),
        pct(unchanged.drift / unchanged.prs),
        pct(unchanged.allPass / unchanged.prs),
        pct(unchanged.inconclusive / unchanged.behaviors),
        ...detect.map((d) => pct(d.caught / d.prs)),
        ...drifts.map((d) => pct(d.drift / d.prs)),
        pct(creep),
        (unchanged.rollouts / unchanged.behaviors).toFixed(0),
      ]);
      process.stderr.write(
        `. ${h.label} ${adaptive ? 'adaptive' : 'one look'} ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
      );
    }
  }
  sections.push(
    `${design.scenarios} scenarios x ${design.reps} repetition${design.reps === 1 ? '' : 's'} per look; baseline ${design.scenarios} x ${design.baselineReps} = ${design.scenarios * design.baselineReps} rollouts.\n\n${markdownTable(
      [
        [
          'Scenario heterogeneity',
          'Candidate rollouts',
          'Unchanged PR fails',
          'regressed per behavior',
          'judge-drift',
          'Unchanged PR all pass',
          'inconclusive',
          '+5 caught',
          '+10 caught',
          '+20 caught',
          '0.5-pt drift caught',
          '1-pt drift caught',
          '+24 in six merges caught',
          'Rollouts used (unchanged)',
        ],
        ...rows,
      ],
    )}`,
  );
}

process.stdout.write(
  `Gate simulation: ${BEHAVIORS} behaviors per pull request, base rate ${pct(BASE_RATE)}, default options (floor ${pct(OPTIONS.maxIncrease)}, alpha ${OPTIONS.alpha}, detect ${pct(OPTIONS.detect)}, drift tolerance ${OPTIONS.driftTolerance} points), judge sample ${JUDGE_SAMPLE} per behavior, judge Spearman ${judgeSpearman().toFixed(2)} with the truth.\n` +
    `${TRIALS} unchanged pull requests per row, ${Math.ceil(TRIALS / 2)} per change or drift, ${Math.ceil(TRIALS / 4)} creep sequences (Monte Carlo standard error at 5%: ${pct(Math.sqrt((0.05 * 0.95) / TRIALS))}).\n` +
    `"Unchanged PR fails": share of pull requests with no real change where any behavior came out regressed or judge-drift (the default fail-on). "caught": the changed behavior came out regressed; drift: any behavior came out judge-drift.\n\n` +
    `${sections.join('\n\n')}\n\nTook ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
);
