// The comparison for a terminal or a CI log: a short table that fits 100 columns, then one wrapped paragraph per
// behavior saying why, then the rules it was decided by.

import { markdownTable } from 'markdown-table';
import { percent, points } from '../gate/format.ts';
import type { BehaviorResult, GateResult } from '../gate/types.ts';
import { safeLogLine } from './markdown/escape.ts';

const WIDTH = 100;
const NAME_WIDTH = 28;

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function rateCell(b: BehaviorResult): string {
  return `${percent(b.candidate.rate)} of ${b.candidate.n}`;
}

function changeCell(b: BehaviorResult): string {
  const c = b.comparison;
  if (!c) return '—';
  return `${points(c.change)} (${points(c.interval.low)} to ${points(c.interval.high)})`;
}

/** Wraps at spaces to `width`, indenting continuation lines. */
function wrap(text: string, width: number, indent = '  '): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

export function renderGateTable(result: GateResult): string {
  // Printed to a terminal or an Actions log: a behavior name (from a results folder) starts no command.
  const name = (b: BehaviorResult) => safeLogLine(b.behavior, 200);
  const rows = result.behaviors.map((b) => [
    shorten(name(b), NAME_WIDTH),
    b.status,
    rateCell(b),
    b.baseline ? percent(b.baseline.rate) : '—',
    changeCell(b),
  ]);
  const table = markdownTable([
    ['Behavior', 'Status', 'Rate', 'Baseline', 'Change, points (95% CI)'],
    ...rows,
  ]);
  const reasons = result.behaviors.map((b) => wrap(`${name(b)}: ${b.reason}`, WIDTH)).join('\n');
  const { max_increase, max_rate, alpha, fail_on } = result.options;
  const compared = result.behaviors.filter((b) => b.comparison).length;
  const rules = wrap(
    `Decided by a stratified test of rate and presence score per scenario, one-sided alpha ${alpha} with Holm across ${compared} comparison${compared === 1 ? '' : 's'}${result.anchor ? ' (baseline and anchor)' : ''}; increases under ${points(max_increase)} points are tolerated${max_rate === null ? '' : `; cap ${percent(max_rate)}`}. Fails on: ${fail_on.length ? fail_on.join(', ') : 'nothing'}.`,
    WIDTH,
    '',
  );
  const missing = result.missing.length
    ? `\n${wrap(`In the baseline but not in these results: ${result.missing.map((n) => safeLogLine(n, 200)).join(', ')}.`, WIDTH, '')}`
    : '';
  const warnings = result.warnings
    .map((w) => `\n${wrap(`Warning: ${safeLogLine(w, 400)}`, WIDTH, '')}`)
    .join('');
  return `${table}\n\n${reasons}\n\n${rules}${missing}${warnings}\nOverall: ${result.status}.\n`;
}
