// The facts behind a behavior's status, as plain sentences, for the report's folded reasoning and the viewer's
// decision panel alike: which signal decided, the looks, the anchor, the judge check, how to go on after judge drift,
// the settings that changed, what rise a pass would have caught, why adaptive rollouts stopped and what would decide.
// None repeats what the gate's one-sentence reason already says. Plain text with model ids and setting values in
// it: whoever renders escapes it (the markdown report) or shows it as text (the viewer).

import type { StoppedBy } from '../gate/adaptive.ts';
import { points, pValue } from '../gate/format.ts';
import type { BehaviorResult, Comparison, ConfigChange, JudgeDrift } from '../gate/types.ts';
import { rerecordHint, setting } from './markdown/settings.ts';
import type { ReportFront } from './markdown/types.ts';

/** Settings listed per behavior before the rest is counted. */
const MAX_CHANGES = 8;

export interface FactContext {
  /** The floor on the observed rise (max-increase). */
  maxIncrease: number;
  /** The anchor baseline compared against, when there was one. */
  anchor: { commit: string | null; created_at: string } | null;
  stoppedBy: StoppedBy | null;
  front: ReportFront;
}

const count = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?');
const signed = (x: number) => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2));

/** `+30.0 points (95% CI +18.2 to +41.0)`. */
function change(c: Comparison): string {
  return `${points(c.change)} points (${Math.round(c.confidence * 100)}% CI ${points(c.interval.low)} to ${points(c.interval.high)})`;
}

function signal(c: Comparison): string {
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

function anchorFact(anchor: Comparison, at: FactContext['anchor']): string {
  const which = at
    ? ` (${at.commit ? `commit ${at.commit.slice(0, 12)}, ` : ''}recorded ${at.created_at})`
    : '';
  return `Against the anchor baseline${which}: ${change(anchor)}, Holm p ${pValue(anchor.p_increase_holm)}.`;
}

function judgeFact(drift: JudgeDrift, confidence: number): string {
  const ci = `${Math.round(confidence * 100)}% CI ${signed(drift.interval.low)} to ${signed(drift.interval.high)}`;
  const crossed = `${count(drift.crossed.up)} crossed the threshold up, ${count(drift.crossed.down)} down`;
  return (
    `Judge check: ${drift.judge} re-scored ${count(drift.n)} of the baseline's transcripts; presence moved ` +
    `${signed(drift.shift)} points (${ci}; ${crossed}): ${drift.drifted ? 'drifted' : 'steady'}.`
  );
}

/** `Changed since the baseline: judgment.model: a → b`; a long value is kept as a hash, so it was only edited. */
function changeFacts(changes: readonly ConfigChange[]): string[] {
  const shown = changes.slice(0, MAX_CHANGES).map((c) => {
    const hashed = [c.baseline, c.candidate].some((v) => v?.startsWith('sha256:'));
    const value = (v: string | null) => v ?? 'unset';
    return `Changed since the baseline: ${c.key}: ${hashed ? 'edited' : `${value(c.baseline)} → ${value(c.candidate)}`}.`;
  });
  const more = changes.length - MAX_CHANGES;
  return more > 0 ? [...shown, `And ${more} more settings changed.`] : shown;
}

const STOPPED: Record<Exclude<StoppedBy, 'decided'>, (front: ReportFront) => string> = {
  budget: (front) =>
    `Stopped adding rollouts: the cost budget ran out (raise ${setting(front, 'max-cost')}).`,
  'rollout-cap': (front) =>
    `Stopped adding rollouts at the rollout cap (raise ${setting(front, 'max-rollouts')}).`,
  'run-failed': () => 'Stopped adding rollouts: a run adding them failed.',
};

function inconclusiveFacts(result: BehaviorResult, context: FactContext): string[] {
  const facts: string[] = [];
  const { stoppedBy, front } = context;
  if (stoppedBy && stoppedBy !== 'decided') facts.push(STOPPED[stoppedBy](front));
  const more = result.more_rollouts;
  if (more) {
    facts.push(
      `About ${count(more.per_scenario)} more repetition${more.per_scenario === 1 ? '' : 's'} of each of the ` +
        `${count(more.scenarios)} scenarios (${count(more.total)} rollouts in all) would likely decide it.`,
    );
  }
  return facts;
}

export function decisionFacts(result: BehaviorResult, context: FactContext): string[] {
  const facts: string[] = [];
  const main = result.comparison;
  if (main && (result.status === 'regressed' || result.status === 'inconclusive')) facts.push(signal(main));
  if (main && main.test.looks.length > 1) {
    facts.push(
      `Looks: ${main.test.looks.map((l) => count(l.rollouts)).join(' → ')} rollouts, the same scenarios repeated.`,
    );
  }
  if (result.anchor) facts.push(anchorFact(result.anchor, context.anchor));
  if (result.anchor_skipped) facts.push(`Anchor: ${result.anchor_skipped}.`);
  if (result.judge_drift) facts.push(judgeFact(result.judge_drift, main?.confidence ?? 0.95));
  if (result.status === 'judge-drift')
    facts.push(`To go on: ${rerecordHint(context.front)} with this judge.`);
  facts.push(...changeFacts(result.config_changes));
  if (result.status === 'pass' && main && !result.reason.includes('would catch a rise')) {
    facts.push(
      `This run would catch a rise of ${points(Math.max(main.detectable, context.maxIncrease))} points at least 80% of the time.`,
    );
  }
  if (result.status === 'inconclusive') facts.push(...inconclusiveFacts(result, context));
  return facts;
}
