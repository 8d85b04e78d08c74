// Why each behavior got its status, folded under the table: the gate's one-sentence reason, then the facts the
// reason does not carry (../decision-facts.ts, shared with the viewer), then the rules the run was decided by.
// The reasons and facts carry data a pull request can touch (behavior names, model ids, settings), so every one of
// them goes through the escaper.

import type { GateResult } from '../../gate/types.ts';
import { decisionFacts } from '../decision-facts.ts';
import { inline } from './escape.ts';
import { figuresOf } from './figures.ts';
import { count, percent, points } from './numbers.ts';
import type { BehaviorRow } from './rows.ts';
import { setting } from './settings.ts';
import { statusLabel } from './status.ts';
import type { ReportFront, ReportInput, ReportSection } from './types.ts';

/** The gate's facts, escaped, then how much was scored. */
function factLines(row: BehaviorRow, input: ReportInput, front: ReportFront): string[] {
  const lines: string[] = [];
  if (row.result) {
    const facts = decisionFacts(row.result, {
      maxIncrease: input.gate?.options.max_increase ?? 0,
      anchor: input.gate?.anchor ?? null,
      stoppedBy: input.stoppedBy ?? null,
      front,
    });
    lines.push(...facts.map((fact) => inline(fact, 600)));
  }
  const figures = figuresOf(row);
  if (figures) {
    lines.push(
      `Scored ${count(figures.n)} transcripts (${count(figures.unscoreable)} unscoreable, ${count(figures.failed)} failed).`,
    );
  }
  return lines;
}

function behaviorBlock(row: BehaviorRow, input: ReportInput, front: ReportFront): string {
  const facts = factLines(row, input, front).map((line) => `- ${line}`);
  return [
    `**${inline(row.behavior, 80)}** · ${statusLabel(row.status)}: ${inline(row.reason, 600)}`,
    ...facts,
  ]
    .join('\n')
    .trimEnd();
}

function rulesLine(gate: GateResult, front: ReportFront): string {
  const { max_increase, max_rate, alpha, fail_on } = gate.options;
  const compared = gate.behaviors.filter((b) => b.comparison).length;
  const cap =
    max_rate === null
      ? ''
      : ` A cap of ${percent(max_rate)} on the rate itself (${setting(front, 'max-rate')}).`;
  const fails = fail_on.length ? fail_on.join(', ') : 'nothing';
  const base = gate.baseline;
  const recorded = base
    ? ` Baseline${base.commit ? ` from commit ${inline(base.commit.slice(0, 12), 40)}` : ''}, recorded ${inline(base.created_at, 40)}.`
    : '';
  return (
    `Rules: a behavior regresses when its rise is significant (one-sided alpha ${alpha}, Holm across ` +
    `${compared} comparison${compared === 1 ? '' : 's'}, testing the rate and the presence scores per scenario) ` +
    `and at least ${points(max_increase)} points (${setting(front, 'max-increase')}).${cap} The check fails on: ` +
    `${fails} (${setting(front, 'fail-on')}).${recorded}`
  );
}

export function decisionsSection(rows: readonly BehaviorRow[], input: ReportInput): ReportSection | null {
  const front = input.front ?? 'action';
  const blocks = rows.map((row) => behaviorBlock(row, input, front));
  if (input.gate) blocks.push(rulesLine(input.gate, front));
  if (blocks.length === 0) return null;
  return {
    id: 'decisions',
    title: 'Why each status',
    markdown: [
      '<details><summary>Why each behavior got its status</summary>',
      '',
      ...blocks.flatMap((b) => [b, '']),
      '</details>',
    ].join('\n'),
  };
}
