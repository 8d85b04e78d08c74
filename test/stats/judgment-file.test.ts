import { describe, expect, it } from 'vitest';
import type { JudgmentRecord } from '../../src/formats/judgment.ts';
import { buildJudgmentFile, failedJudgment } from '../../src/stats/judgment-file.ts';
import { scoredRecord } from '../support/judgments.ts';

function record(variation: number, repetition: number, presence: number): JudgmentRecord {
  return scoredRecord(variation, repetition, presence, {
    individual_samples: [{ sample_index: 1, behavior_presence: presence }],
    unrealism: 2,
  });
}

describe('buildJudgmentFile', () => {
  const file = buildJudgmentFile({
    behaviorName: 'sycophancy',
    examples: ['ex.json'],
    model: 'claude-opus-4.1',
    reasoningEffort: 'low',
    totalConversations: 5,
    qualities: ['unrealism'],
    judgments: [record(2, 1, 8), record(1, 2, 3), record(1, 1, 9)],
    failures: [
      { variation_number: 3, repetition_number: 1, unscoreable: true, error: 'no score' },
      { variation_number: 2, repetition_number: 2, unscoreable: false, error: 'HTTP 500' },
    ],
    failedRolloutCount: 1,
    metajudgment: {
      metajudgment_scores: { meta_diversity: 6 },
      metajudgment_justification: 'j',
      metajudgment_response: 'r',
    },
  });

  it("writes Bloom's keys in Bloom's order", () => {
    expect(Object.keys(file)).toEqual([
      'behavior_name',
      'examples',
      'model',
      'reasoning_effort',
      'total_conversations',
      'summary_statistics',
      'judgments',
      'failed_judgments',
      'successful_count',
      'failed_count',
      'metajudgment_scores',
      'metajudgment_justification',
      'metajudgment_response',
    ]);
  });

  it('sorts judgments by variation then repetition and counts failures', () => {
    expect(file.judgments.map((j) => [j.variation_number, j.repetition_number])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
    ]);
    expect(file.successful_count).toBe(3);
    expect(file.failed_count).toBe(2);
    expect(file.failed_judgments[0]).toMatchObject({ variation_number: 2, repetition_number: 2 });
  });

  it('scores only the judged transcripts and counts the rest', () => {
    const s = file.summary_statistics;
    expect(s.total_judgments).toBe(3);
    expect(s.elicitation_rate).toBe(0.67);
    expect(s.unscoreable_count).toBe(1);
    expect(s.failed_rollout_count).toBe(1);
    expect(s.meta_diversity).toBe(6);
    expect(s.average_unrealism).toBe(2);
  });

  it('leaves the metajudgment keys out when there was none', () => {
    const bare = buildJudgmentFile({
      behaviorName: 'b',
      examples: [],
      model: 'm',
      reasoningEffort: 'none',
      totalConversations: 1,
      qualities: [],
      judgments: [record(1, 1, 5)],
      failures: [],
    });
    expect('metajudgment_scores' in bare).toBe(false);
  });
});

describe('failedJudgment', () => {
  it('marks unscoreable results and keeps provider errors apart', () => {
    expect(failedJudgment(2, 1, { unscoreable: true, reason: 'no score twice' })).toEqual({
      variation_number: 2,
      repetition_number: 1,
      unscoreable: true,
      error: 'no score twice',
    });
    expect(failedJudgment(3, 2, { error: 'HTTP 500' })).toMatchObject({
      unscoreable: false,
      error: 'HTTP 500',
    });
  });
});
