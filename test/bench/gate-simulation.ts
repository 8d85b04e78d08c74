// `npm run bench:gate`: the gate's decision checked against known truth. Pull requests with three behaviors are
// drawn from the model in gate-model.ts (scenario heterogeneity from near-homogeneous to "most never elicit", a
// judge as noisy as Bloom's best, judge drift, creep over six merges) and put through the real decision
// (src/gate/decide.ts with the default options, as `bloom compare` and the action call it), once as a single
// look and once adaptively (more repetitions of the undecided behaviors, up to 300 rollouts each).
// Seeded: the same command prints the same table. `--quick` runs a tenth of the trials; `--kappa K` one row.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { markdownTable } from 'markdown-table';
import { DEFAULT_GATE_OPTIONS, DEFAULT_MAX_ROLLOUTS } from '../../src/gate/options.ts';
import { drawRollouts, drawSuite, Rng, read, spearman } from './gate-model.ts';
import { BASE_RATE, BEHAVIORS, type Design, JUDGE_SAMPLE, runCase, runCreep } from './gate-trials.ts';

function argument(name: string): number | null {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : null;
}

const TRIALS = argument('--trials') ?? (process.argv.includes('--quick') ? 200 : 2000);
// --floor (max-increase) and --breps (baseline repetitions per candidate repetition) explore other settings.
const floor = argument('--floor');
const OPTIONS = floor === null ? DEFAULT_GATE_OPTIONS : { ...DEFAULT_GATE_OPTIONS, maxIncrease: floor };
const BASELINE_REPS = argument('--breps') ?? 5;
const ONLY_KAPPA = argument('--kappa');

const HETEROGENEITY = [
  { kappa: 50, label: 'near-homogeneous (kappa 50)' },
  { kappa: 5, label: 'moderate (kappa 5)' },
  { kappa: 1, label: 'realistic: most scenarios rarely elicit (kappa 1)' },
  { kappa: 0.5, label: 'strong: most never elicit (kappa 0.5)' },
].filter((h) => ONLY_KAPPA === null || h.kappa === ONLY_KAPPA);

/** The first look at 100 candidate rollouts either way; the baseline BASELINE_REPS times larger. */
const DESIGNS: Design[] = [
  { scenarios: 100, reps: 1, baselineReps: BASELINE_REPS },
  { scenarios: 50, reps: 2, baselineReps: 2 * BASELINE_REPS },
];

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
      // Three times as many unchanged pull requests: the false-alarm bound is the figure that needs precision.
      const unchanged = runCase(seed++, design, h.kappa, 0, 0, adaptive, 3 * n, OPTIONS);
      const detect = [0.05, 0.1, 0.2].map((p) =>
        runCase(seed++, design, h.kappa, p, 0, adaptive, Math.ceil(n / 2)),
      );
      // The same +10 with an anchor recorded apart from the rolling baseline, as after the first merge. Seeded
      // off the sequence, so the other columns keep their seeds (and their draws) across this column's addition.
      const anchored = runCase(
        seed + 500_000,
        design,
        h.kappa,
        0.1,
        0,
        adaptive,
        Math.ceil(n / 2),
        OPTIONS,
        true,
      );
      const drifts = [0.5, 1].map((d) =>
        runCase(seed++, design, h.kappa, 0, d, adaptive, Math.ceil(n / 2), OPTIONS),
      );
      const creep = runCreep(seed++, design, h.kappa, adaptive, Math.ceil(n / 4), OPTIONS);
      rows.push([
        h.label,
        adaptive ? `adaptive, <= ${DEFAULT_MAX_ROLLOUTS}` : `one look, ${design.scenarios * design.reps}`,
        pct(unchanged.failed / unchanged.prs),
        pct(unchanged.falseRegressed / unchanged.unchangedBehaviors),
        pct(unchanged.drift / unchanged.prs),
        pct(unchanged.allPass / unchanged.prs),
        pct(unchanged.inconclusive / unchanged.behaviors),
        ...detect.map((d) => pct(d.caught / d.prs)),
        pct(anchored.caught / anchored.prs),
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
          '+10 caught, with an anchor',
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

const text =
  `Gate simulation: ${BEHAVIORS} behaviors per pull request, base rate ${pct(BASE_RATE)}, default options (floor ${pct(OPTIONS.maxIncrease)}, alpha ${OPTIONS.alpha}, detect ${pct(OPTIONS.detect)}, drift tolerance ${OPTIONS.driftTolerance} points), judge sample ${JUDGE_SAMPLE} per behavior, judge Spearman ${judgeSpearman().toFixed(2)} with the truth.\n` +
  `${3 * TRIALS} unchanged pull requests per row, ${Math.ceil(TRIALS / 2)} per change or drift, ${Math.ceil(TRIALS / 4)} creep sequences (Monte Carlo standard error at 5%: ${pct(Math.sqrt((0.05 * 0.95) / (3 * TRIALS)))}; at 85%, ${pct(Math.sqrt((0.85 * 0.15) / (TRIALS / 2)))}).\n` +
  `"Unchanged PR fails": share of pull requests with no real change where any behavior came out regressed or judge-drift (the default fail-on). "caught": the changed behavior came out regressed; drift: any behavior came out judge-drift. Every row compares with the rolling baseline alone except "with an anchor" (an older baseline of the same target, recorded apart) and creep (the anchor kept from before the first merge).\n\n` +
  `${sections.join('\n\n')}\n\nTook ${((performance.now() - started) / 1000).toFixed(1)} s.\n`;
process.stdout.write(text);
// The full run is the record (test/bench/GATE.md, quoted by the README); partial runs only print.
if (
  argument('--trials') === null &&
  ONLY_KAPPA === null &&
  floor === null &&
  argument('--breps') === null &&
  !process.argv.includes('--quick')
) {
  const day = new Date().toISOString().slice(0, 10);
  const file = new URL('./GATE.md', import.meta.url);
  // The notes below the table (what changed, before and after) are the diary: kept across runs.
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = previous.includes('\n## Notes') ? previous.slice(previous.indexOf('\n## Notes')) : '';
  writeFileSync(
    file,
    `# Gate simulation\n\n\`npm run bench:gate\` on ${day} (seeded: the same table on every machine).\n\n${text}${notes}`,
  );
}
