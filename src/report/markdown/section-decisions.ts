// Why each behavior got its status, folded under the table: the gate's one-sentence reason, then only the facts
// the reason does not carry (which signal decided, the anchor, the judge check, the settings that changed, what
// could have been missed, why adaptive rollouts stopped), then the rules the run was decided by.
// The reasons and config values are built from data a pull request can touch (behavior names, model ids, settings),
// so every one of them goes through the escaper.

import type { StoppedBy } from '../../gate/adaptive.ts';
import type { BehaviorResult, Comparison, ConfigChange, GateResult, JudgeDrift } from '../../gate/types.ts';
import { inline } from './escape.ts';
import { figuresOf } from './figures.ts';
import { changeCell, count, percent, points, pValue } from './numbers.ts';
import type { BehaviorRow } from './rows.ts';
import { rerecordHint, setting } from './settings.ts';
import { statusLabel } from './status.ts';
import type { ReportFront, ReportInput, ReportSection } from './types.ts';

/** Settings listed per behavior before the rest is counted. */
const MAX_CHANGES = 8;

function signalLine(c: Comparison): string {
  const { test } = c;
  const [winner, other] =
    test.decided_by === 'presence'
      ? [`the presence scores (z ${test.z_presence.toFixed(2)})`, `the rate's z ${test.z_rate.toFixed(2)}`]
      : [
          `the elicitation rate (z ${test.z_rate.toFixed(2)})`,
          `the presence scores' z ${test.z_presence.toFixed(2)}`,
        ];
  return `Signal: ${winner} decided, over ${other}; stratified over ${count(test.strata)} scenarios.`;
}

function looksLine(c: Comparison): string | null {
  const looks = c.test.looks;
  if (looks.length < 2) return null;
  return `Looks: ${looks.map((l) => count(l.rollouts)).join(' → ')} rollouts, the same scenarios repeated.`;
}

function anchorLine(anchor: Comparison, gate: GateResult | null): string {
  const at = gate?.anchor;
  const which = at
    ? ` (${at.commit ? `commit ${inline(at.commit.slice(0, 12), 40)}, ` : ''}recorded ${inline(at.created_at, 40)})`
    : '';
  return `Against the anchor baseline${which}: ${changeCell(anchor.change, anchor.interval)} points, Holm p ${pValue(anchor.p_increase_holm)}.`;
}

function judgeLine(drift: JudgeDrift, confidence: number): string {
  const signed = (x: number) => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2));
  const ci = `${Math.round(confidence * 100)}% CI ${signed(drift.interval.low)} to ${signed(drift.interval.high)}`;
  const crossed = `${count(drift.crossed.up)} crossed the threshold up, ${count(drift.crossed.down)} down`;
  return (
    `Judge check: ${inline(drift.judge, 120)} re-scored ${count(drift.n)} of the baseline's transcripts; presence ` +
    `moved ${signed(drift.shift)} points (${ci}; ${crossed}): ${drift.drifted ? 'drifted' : 'steady'}.`
  );
}

/** `judgment.model: a → b`; a long value is recorded as a hash, so it only says it was edited. */
function changeLine(c: ConfigChange): string {
  const hashed = [c.baseline, c.candidate].some((v) => v?.startsWith('sha256:'));
  const value = (v: string | null) => (v === null ? 'unset' : inline(v, 80));
  return `  - ${inline(c.key, 80)}: ${hashed ? 'edited' : `${value(c.baseline)} → ${value(c.candidate)}`}`;
}

function changesLines(changes: readonly ConfigChange[]): string[] {
  const shown = changes.slice(0, MAX_CHANGES).map(changeLine);
  const more = changes.length > MAX_CHANGES ? [`  - and ${changes.length - MAX_CHANGES} more`] : [];
  return ['Settings changed since the baseline:', ...shown, ...more];
}

const STOPPED: Record<Exclude<StoppedBy, 'decided'>, (front: ReportFront) => string> = {
  budget: (front) =>
    `Stopped adding rollouts: the cost budget ran out (raise ${setting(front, 'max-cost')}).`,
  'rollout-cap': (front) =>
    `Stopped adding rollouts at the rollout cap (raise ${setting(front, 'max-rollouts')}).`,
  'run-failed': () => 'Stopped adding rollouts: a run adding them failed.',
};

function inconclusiveLines(result: BehaviorResult, input: ReportInput, front: ReportFront): string[] {
  const lines: string[] = [];
  const stopped = input.stoppedBy && input.stoppedBy !== 'decided' ? STOPPED[input.stoppedBy](front) : null;
  if (stopped) lines.push(stopped);
  const more = result.more_rollouts;
  if (more) {
    lines.push(
      `About ${count(more.per_scenario)} more repetition${more.per_scenario === 1 ? '' : 's'} of each of the ` +
        `${count(more.scenarios)} scenarios (${count(more.total)} rollouts in all) would likely decide it.`,
    );
  }
  return lines;
}

/** The facts under one behavior's reason; none repeats what the reason already says. */
function factLines(row: BehaviorRow, input: ReportInput, front: ReportFront): string[] {
  const result = row.result;
  const lines: string[] = [];
  if (!result) return lines;
  const main = result.comparison;
  if (main && (result.status === 'regressed' || result.status === 'inconclusive'))
    lines.push(signalLine(main));
  if (main) {
    const looks = looksLine(main);
    if (looks) lines.push(looks);
  }
  if (result.anchor) lines.push(anchorLine(result.anchor, input.gate));
  if (result.judge_drift) lines.push(judgeLine(result.judge_drift, main?.confidence ?? 0.95));
  if (result.status === 'judge-drift') lines.push(`To go on: ${rerecordHint(front)} with this judge.`);
  if (result.config_changes.length > 0) lines.push(...changesLines(result.config_changes));
  if (result.status === 'pass' && main && !result.reason.includes('could have missed')) {
    const floor = input.gate?.options.max_increase ?? 0;
    lines.push(`This run could have missed up to ${points(Math.max(main.detectable, floor))} points.`);
  }
  if (result.status === 'inconclusive') lines.push(...inconclusiveLines(result, input, front));
  const figures = figuresOf(row);
  if (figures) {
    lines.push(
      `Scored ${count(figures.n)} transcripts (${count(figures.unscoreable)} unscoreable, ${count(figures.failed)} failed).`,
    );
  }
  return lines;
}

function behaviorBlock(row: BehaviorRow, input: ReportInput, front: ReportFront): string {
  const facts = factLines(row, input, front).map((line) => (line.startsWith('  ') ? line : `- ${line}`));
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
