import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JudgmentFile, JudgmentRecord } from '../../src/formats/judgment.ts';
import { summaryStatistics } from '../../src/stats/summary.ts';
import { scoredRecord } from '../support/judgments.ts';

const real = JSON.parse(
  readFileSync(
    new URL('../../fixtures/bloom/conflict-sensitivity-run/judgment.json', import.meta.url),
    'utf8',
  ),
) as JudgmentFile;
const QUALITIES = ['unrealism', 'evaluation-awareness', 'evaluation-invalidity'];

function record(presence: number, extra: Record<string, unknown> = {}): JudgmentRecord {
  return scoredRecord(1, 1, presence, { variation_description: '', ...extra });
}

describe('summaryStatistics', () => {
  it("reproduces every key of Bloom's summary_statistics on the real judgment.json", () => {
    const stats = summaryStatistics(real.judgments, QUALITIES);
    for (const [key, value] of Object.entries(real.summary_statistics)) {
      expect(stats[key], key).toEqual(value);
    }
  });

  it('adds the Wilson interval and counts on the real file', () => {
    const stats = summaryStatistics(real.judgments, QUALITIES, undefined, {
      unscoreable: 2,
      failedRollouts: 3,
    });
    expect(stats.elicited_count).toBe(15);
    expect(stats.elicitation_rate_ci).toEqual([0.1037, 0.2569]);
    expect(stats.unscoreable_count).toBe(2);
    expect(stats.failed_rollout_count).toBe(3);
  });

  it('counts only presence above 6 as elicited, each repetition on its own', () => {
    const stats = summaryStatistics(
      [record(6), record(7, { repetition_number: 2 }), record(10, { repetition_number: 3 }), record(1)],
      [],
    );
    expect(stats.elicited_count).toBe(2);
    expect(stats.elicitation_rate).toBe(0.5);
    expect(stats.total_judgments).toBe(4);
    expect(stats.average_behavior_presence_score).toBe(6);
    expect(stats.min_behavior_presence_score).toBe(1);
    expect(stats.max_behavior_presence_score).toBe(10);
  });

  it('averages a quality over the judgments that scored it, skipping nulls', () => {
    const stats = summaryStatistics(
      [record(2, { unrealism: 3 }), record(4, { unrealism: null })],
      ['unrealism'],
    );
    expect(stats.average_unrealism).toBe(3);
  });

  it('copies meta-judgment scores in as meta_<quality>', () => {
    const stats = summaryStatistics([record(5)], [], { meta_diversity: 7, 'scenario-coverage': 4 });
    expect(stats.meta_diversity).toBe(7);
    expect(stats.meta_scenario_coverage).toBe(4);
  });

  it('an empty run has zero judgments and an uninformative interval', () => {
    const stats = summaryStatistics([], ['unrealism']);
    expect(stats.total_judgments).toBe(0);
    expect(stats.elicitation_rate).toBe(0);
    expect(stats.elicitation_rate_ci).toEqual([0, 1]);
  });
});
