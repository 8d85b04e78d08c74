// The leaderboard as markdown: per behavior, the targets ranked by elicitation rate with their 95% intervals and
// mean presence, then every pair's difference with its interval, the Holm-adjusted p and a plain verdict ("B more
// than A", or "no significant difference"). Pure: the gate's Leaderboard in, text out. Target ids come from
// results folders, so every one is escaped as table text.

import type { BehaviorLeaderboard, Leaderboard, PairDifference } from '../gate/leaderboard.ts';
import type { ComparisonMethod } from '../gate/types.ts';
import { cell, inline } from './markdown/escape.ts';
import { changeCell, count, pValue, rateCell } from './markdown/numbers.ts';

const METHOD: Record<ComparisonMethod, string> = {
  'paired-cells': 'paired by variation and repetition',
  stratified: 'per scenario (different repetitions)',
  unpaired: 'unpaired (no shared scenario)',
};

function verdict(pair: PairDifference): string {
  if (pair.sharedScenarios === 0) return 'not comparable: no shared scenario';
  if (pair.higher === null) return 'no significant difference';
  const lower = pair.higher === pair.first ? pair.second : pair.first;
  return `**${cell(pair.higher)}** more than ${cell(lower)}`;
}

function presence(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

function behaviorSection(board: BehaviorLeaderboard): string[] {
  const lines = [
    `### ${inline(board.behavior, 200)}`,
    '',
    '| rank | target | elicitation rate (95% CI) | mean presence | scored | failed or unscoreable |',
    '| ---: | --- | --- | ---: | ---: | ---: |',
    ...board.standings.map(
      (s) =>
        `| ${s.rank} | ${cell(s.target)} | ${rateCell(s.summary.rate, s.summary.interval)} | ` +
        `${presence(s.summary.mean_presence)} | ${count(s.summary.n)} | ` +
        `${count(s.summary.failed + s.summary.unscoreable)} |`,
    ),
  ];
  if (board.pairs.length === 0) return [...lines, ''];
  lines.push(
    '',
    '| first − second | rate difference, points (95% CI) | presence difference | compared | p (Holm) | verdict |',
    '| --- | --- | ---: | --- | --- | --- |',
    ...board.pairs.map(
      (p) =>
        `| ${cell(p.first)} − ${cell(p.second)} | ${changeCell(p.difference, p)} | ` +
        `${p.presenceDifference >= 0 ? '+' : ''}${p.presenceDifference.toFixed(2)} | ` +
        `${METHOD[p.method]}, ${count(p.sharedScenarios)} scenarios | ${pValue(p.pAdjusted).replace(/^= /, '')} | ` +
        `${verdict(p)} |`,
    ),
  );
  return [...lines, ''];
}

export function leaderboardMarkdown(board: Leaderboard): string {
  const targets = new Set(board.behaviors.flatMap((b) => b.standings.map((s) => s.target))).size;
  const lines = [
    `## Leaderboard: ${targets} targets on the same pinned scenarios`,
    '',
    ...board.behaviors.flatMap((b) => behaviorSection(b)),
    `Rates are the share of rollouts scored 7 or more, with Wilson 95% intervals. Each difference is the first ` +
      `target's rate minus the second's on the scenarios both ran, with its own 95% interval; its p is two-sided, ` +
      `from the gate's stratified test (per scenario, on the elicited share and the presence score at once), ` +
      `adjusted with Holm's method across ${board.comparisons === 1 ? 'the one pair' : `all ${board.comparisons} pairs`}. A verdict names the more elicited ` +
      `target only when the adjusted p is under ${board.alpha}.`,
    '',
  ];
  return lines.join('\n');
}
