// `npm run bench:leaderboard`: the leaderboard's pairwise test against known truth, on the gate's model
// (gate-model.ts: scenario rates Beta(mu kappa, (1 - mu) kappa), a judge that errs). Two targets run the same
// scenarios; how often is the pair called different when their rates are equal (goal: at most alpha, 5%), and
// how often when one is 10 or 20 points higher (power)? Prints a markdown table; nothing here is asserted (the
// test suite asserts a smaller version in test/gate/leaderboard.test.ts).

import { buildLeaderboard } from '../../src/gate/leaderboard.ts';
import { drawRollouts, drawSuite, Rng, read, scoreTable, shiftFor } from './gate-model.ts';

const TRIALS = process.argv.includes('--quick') ? 400 : 2000;
const RATE = 0.25;

interface Design {
  scenarios: number;
  reps: number;
}

/** Share of suites where the pair is called different, and where the higher target is named correctly. */
function trial(
  seed: number,
  kappa: number,
  design: Design,
  points: number,
): { different: number; right: number } {
  const seeds = new Rng(seed);
  let different = 0;
  let right = 0;
  for (let t = 0; t < TRIALS; t++) {
    const rng = new Rng(Math.floor(seeds.next() * 2 ** 32));
    const suite = drawSuite(rng, design.scenarios, RATE, kappa);
    const shift = shiftFor(suite, points);
    const target = (name: string, by: number) => {
      const rollouts = drawRollouts(rng, suite, by, design.reps);
      const scores = scoreTable(
        rollouts,
        rollouts.map((r) => read(rng, r, 0)),
      );
      return { target: name, scores, unscoreable: 0, failed: 0 };
    };
    const board = buildLeaderboard([{ behavior: 'b', targets: [target('base', 0), target('up', shift)] }]);
    const higher = board.behaviors[0]?.pairs[0]?.higher;
    if (higher) different++;
    if (higher === 'up') right++;
  }
  return { different: different / TRIALS, right: right / TRIALS };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rows = [
  '| kappa | scenarios x reps | equal: called different | +10 points: found | +20 points: found |',
];
rows.push('| ---: | --- | ---: | ---: | ---: |');
const started = Date.now();
for (const kappa of [50, 2, 0.5]) {
  for (const design of [
    { scenarios: 30, reps: 2 },
    { scenarios: 100, reps: 1 },
  ]) {
    const equal = trial(16_001, kappa, design, 0);
    const ten = trial(16_002, kappa, design, 0.1);
    const twenty = trial(16_003, kappa, design, 0.2);
    rows.push(
      `| ${kappa} | ${design.scenarios} x ${design.reps} | ${pct(equal.different)} | ${pct(ten.right)} | ${pct(twenty.right)} |`,
    );
  }
}
console.log(`Leaderboard pairs, ${TRIALS} suites per cell, base rate ${pct(RATE)}, alpha 0.05 two-sided:\n`);
console.log(rows.join('\n'));
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);

// Bloom's published grid: 16 targets x 4 behaviors x (100 scenarios x 3 repetitions), ranked in one board.
const grid = new Rng(16_004);
const behaviors = [0.05, 0.1, 0.25, 0.5].map((rate, b) => {
  const suite = drawSuite(grid, 100, rate, 1);
  return {
    behavior: `behavior-${b + 1}`,
    targets: Array.from({ length: 16 }, (_, t) => {
      const rollouts = drawRollouts(grid, suite, shiftFor(suite, (t % 5) * 0.03), 3);
      const scores = scoreTable(
        rollouts,
        rollouts.map((r) => read(grid, r, 0)),
      );
      return { target: `model-${t + 1}`, scores, unscoreable: 0, failed: 0 };
    }),
  };
});
const ranking = performance.now();
const board = buildLeaderboard(behaviors);
console.log(
  `\nBloom's grid, 16 targets x 4 behaviors x 300 rollouts: ${board.comparisons} pairs ranked in ` +
    `${((performance.now() - ranking) / 1000).toFixed(2)} s`,
);
