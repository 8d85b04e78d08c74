import { describe, expect, it } from 'vitest';
import type { JudgmentFile, JudgmentRecord } from '../../../src/formats/judgment.ts';
import type { BehaviorFolder } from '../../../src/formats/results-folder.ts';
import type { Transcript } from '../../../src/formats/transcript.ts';
import { buildViewerData } from '../../../src/report/viewer/model.ts';
import { readBehaviorFiles } from '../../../src/report/viewer/read.ts';
import { judgmentRecord } from '../../support/judgments.ts';

const BLOOM_STUDY = 'fixtures/bloom/conflict-sensitivity-run';

function judgment(
  variation: number,
  repetition: number,
  presence: number | null,
  extra = {},
): JudgmentRecord {
  return judgmentRecord(variation, repetition, presence, {
    justification: 'because',
    summary: 'what happened',
    unrealism: 3,
    ...extra,
  });
}

function judgmentFile(judgments: JudgmentRecord[], failed: unknown[] = []): JudgmentFile {
  return {
    behavior_name: 'flattery',
    examples: [],
    model: 'judge-model',
    reasoning_effort: 'low',
    total_conversations: judgments.length,
    summary_statistics: {
      average_behavior_presence_score: 0,
      min_behavior_presence_score: 0,
      max_behavior_presence_score: 0,
      elicitation_rate: 0,
      total_judgments: 0,
    },
    judgments,
    failed_judgments: failed,
    successful_count: judgments.length,
    failed_count: failed.length,
    metajudgment_scores: { meta_diversity: 6 },
    metajudgment_justification: 'varied',
    metajudgment_response: '<diversity_score>6</diversity_score>\n<report>\nline one\nline two\n</report>',
  };
}

function transcript(messages: { view: string[]; role: string; id: string; content: unknown }[]): Transcript {
  return {
    metadata: {
      transcript_id: 't',
      auditor_model: 'evaluator-model',
      target_model: 'target-model',
      created_at: '',
      updated_at: '',
      version: 'v3.0',
      description: 'd',
      target_system_prompt: 'be good',
      target_tools: [{ name: 'lookup', description: 'looks up', parameters: {} }],
    },
    events: messages.map((m, i) => ({
      type: 'transcript_event',
      id: `e${i}`,
      timestamp: '',
      view: m.view,
      edit: { operation: 'add', message: { role: m.role, id: m.id, content: m.content } },
    })) as Transcript['events'],
  };
}

describe('buildViewerData on a Python Bloom results folder', () => {
  it('lists every judged rollout, with or without its transcript file', async () => {
    const files = await readBehaviorFiles(BLOOM_STUDY);
    const data = buildViewerData({ title: 't', behaviors: [files] });
    const behavior = data.behaviors[0];
    expect(behavior?.name).toBe('conflict-insensitivity');
    expect(behavior?.rows).toHaveLength(90);
    expect(behavior?.rows.filter((r) => r.hasTranscript).map((r) => r.key)).toEqual(['v1r1']);
    expect(behavior?.suite).toMatchObject({ n: 90, elicited: 15, unscoreable: 0, failedRollouts: 0 });
    expect(behavior?.suite.low).toBeCloseTo(0.104, 3);
    expect(behavior?.qualities).toEqual(['unrealism', 'evaluation_awareness', 'evaluation_invalidity']);
    // Bloom writes the dimension as a <dimension> prefix on variations; base scenarios have none.
    expect(behavior?.rows[0]?.dimension).toBe('base');
    expect(behavior?.rows[1]?.dimension).not.toBe('base');
    expect(behavior?.rows[1]?.description).not.toMatch(/<dimension>/);
    expect(behavior?.dimensions[0]).toBe('base');
    const missing = behavior?.details.v2r1;
    expect(missing?.transcript).toBeNull();
    expect(missing?.judge?.highlights.length).toBeGreaterThan(0);
    const v1r1 = behavior?.details.v1r1;
    // Only the combined view: the evaluator's prompts to itself and the target's inputs are dropped.
    expect(v1r1?.transcript?.messages).toHaveLength(10);
    expect(v1r1?.transcript?.messages.filter((m) => m.speaker === 'target').map((m) => m.role)).toEqual([
      'system',
      'assistant',
      'assistant',
      'assistant',
    ]);
    expect(v1r1?.transcript?.messages[2]?.reasoning[0]).toMatch(/realistic system prompt/);
    // judgment.json names no message; the transcript's judge_output parts do, and the viewer takes the id there.
    const first = v1r1?.judge?.highlights[0];
    expect(first?.message_id).toBe('35e76600-a640-4f2d-8d3b-3ffd5a67ba5c');
    const quoted = v1r1?.transcript?.messages.find((m) => m.id === first?.message_id);
    expect(quoted?.text).toContain(first?.quoted_text);
  });
});

describe('buildViewerData', () => {
  const files: BehaviorFolder = {
    judgment: judgmentFile(
      [
        judgment(1, 1, 8, {
          highlights: [{ index: 1, description: 'd', quoted_text: 'q', message_id: 'm2' }],
        }),
        judgment(1, 2, 2),
        judgment(2, 1, null),
      ],
      [{ variation_number: 3, repetition_number: 1, unscoreable: true, error: 'no score' }],
    ),
    ideation: {
      behavior_name: 'b',
      examples: [],
      model: 'm',
      temperature: 1,
      reasoning_effort: 'low',
      num_scenarios: 3,
      variation_dimensions: ['authority'],
      total_evals: 4,
      variations: [
        { description: 'base one', tools: [] },
        { description: 'x', tools: [], dimension: 'authority' },
        { description: '<dimension>tone</dimension> third', tools: [] },
        { description: 'fourth', tools: [] },
      ],
    },
    rollout: {
      metadata: {},
      rollouts: [
        { variation_number: 4, repetition_number: 1, variation_description: 'fourth', error: 'timeout' },
      ],
    },
    transcripts: {
      v1r1: transcript([
        { view: ['evaluator', 'combined'], role: 'system', id: 'm1', content: 'you evaluate' },
        { view: ['target'], role: 'user', id: 'hidden', content: 'not in the combined view' },
        {
          view: ['target', 'combined'],
          role: 'assistant',
          id: 'm2',
          content: [
            { type: 'reasoning', reasoning: 'thinking' },
            { type: 'text', text: 'answer' },
          ],
        },
      ]),
    },
  };

  it('gives each rollout a status: scored, unscoreable (no score) or failed (rollout error)', () => {
    const [behavior] = buildViewerData({ title: 't', behaviors: [files] }).behaviors;
    expect(behavior?.rows.map((r) => [r.key, r.status, r.presence])).toEqual([
      ['v1r1', 'scored', 8],
      ['v1r2', 'scored', 2],
      ['v2r1', 'unscoreable', null],
      ['v3r1', 'unscoreable', null],
      ['v4r1', 'failed', null],
    ]);
    expect(behavior?.rows[4]?.error).toBe('timeout');
    expect(behavior?.suite).toMatchObject({
      n: 2,
      elicited: 1,
      rate: 0.5,
      unscoreable: 2,
      failedRollouts: 1,
    });
  });

  it("takes the dimension from ideation, else from the description's prefix", () => {
    const [behavior] = buildViewerData({ title: 't', behaviors: [files] }).behaviors;
    expect(behavior?.rows.map((r) => r.dimension)).toEqual(['base', 'base', 'authority', 'tone', 'base']);
    expect(behavior?.dimensions).toEqual(['base', 'authority', 'tone']);
  });

  it('keeps the combined view, reasoning apart from text, and the meta-judgment report', () => {
    const [behavior] = buildViewerData({ title: 't', behaviors: [files] }).behaviors;
    const view = behavior?.details.v1r1?.transcript;
    expect(view?.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(view?.messages[1]).toMatchObject({ speaker: 'target', text: 'answer', reasoning: ['thinking'] });
    expect(view?.targetTools).toEqual([{ name: 'lookup', description: 'looks up' }]);
    expect(behavior?.details.v1r1?.judge?.scores).toEqual({ behavior_presence: 8, unrealism: 3 });
    expect(behavior?.suite.metaScores).toEqual({ diversity: 6 });
    expect(behavior?.suite.metaReport).toBe('line one\nline two');
    expect(behavior?.suite.targetModel).toBe('target-model');
  });

  it('compares with a baseline per scenario, largest change first', () => {
    const baseline = { behaviors: { flattery: { scores: { '1': { '1': 2, '2': 2 }, '2': { '1': 5 } } } } };
    const [behavior] = buildViewerData({ title: 't', behaviors: [files], baseline }).behaviors;
    const rows = behavior?.comparison ?? [];
    expect(rows[0]).toMatchObject({ variation: 1, baselineMean: 2, candidateMean: 5, change: 3 });
    expect(rows[0]?.candidate).toEqual({ '1': 8, '2': 2 });
    expect(rows.find((r) => r.variation === 2)).toMatchObject({
      baselineMean: 5,
      candidateMean: null,
      change: null,
    });
    expect(buildViewerData({ title: 't', behaviors: [files] }).behaviors[0]?.comparison).toBeNull();
  });

  it('reads the history loosely: either interval form, other behaviors and bad lines skipped', () => {
    const history = [
      '{"time":"2026-02-01T00:00:00Z","behavior":"flattery","rate":0.4,"interval":[0.2,0.6]}',
      'not json',
      '{"time":"2026-01-01T00:00:00Z","behavior":"flattery","rate":0.3,"low":0.1,"high":0.5}',
      '{"time":"2026-01-01T00:00:00Z","behavior":"other","rate":0.9}',
      '{"time":"2026-01-01T00:00:00Z","behavior":"flattery","rate":"high"}',
    ].join('\n');
    const [behavior] = buildViewerData({ title: 't', behaviors: [files], history }).behaviors;
    const unnamed = { commit: null, target: null, stretch: 0 };
    expect(behavior?.history).toEqual([
      { time: '2026-01-01T00:00:00Z', rate: 0.3, low: 0.1, high: 0.5, ...unnamed },
      { time: '2026-02-01T00:00:00Z', rate: 0.4, low: 0.2, high: 0.6, ...unnamed },
    ]);
  });

  it('names each point by commit and target, and starts a new stretch where suite, config or target changed', () => {
    const line = (day: number, rest: Record<string, string>) =>
      JSON.stringify({
        time: `2026-01-0${day}T00:00:00Z`,
        behavior: 'flattery',
        rate: 0.2,
        interval: [0.1, 0.3],
        suite_hash: 's1',
        config_hash: 'c1',
        target_id: 'model-a',
        commit: `abc${day}def0123`,
        ...rest,
      });
    const history = [
      line(1, {}),
      line(2, {}),
      line(3, { config_hash: 'c2' }),
      line(4, { config_hash: 'c2', target_id: 'model-b' }),
    ].join('\n');
    const [behavior] = buildViewerData({ title: 't', behaviors: [files], history }).behaviors;
    expect(behavior?.history.map((p) => [p.commit, p.target, p.stretch])).toEqual([
      ['abc1def0123', 'model-a', 0],
      ['abc2def0123', 'model-a', 0],
      ['abc3def0123', 'model-a', 1],
      ['abc4def0123', 'model-b', 2],
    ]);
  });
});
