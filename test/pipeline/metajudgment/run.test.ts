import { describe, expect, it } from 'vitest';
import type { Ideation } from '../../../src/formats/ideation.ts';
import type { ScoredRecord } from '../../../src/formats/judgment.ts';
import { judgedSuite } from '../../../src/pipeline/metajudgment/prompts.ts';
import { parseMetajudgeReply, runMetajudgment } from '../../../src/pipeline/metajudgment/run.ts';
import { scoredRecord } from '../../support/judgments.ts';
import { FakeClient, makeContext } from '../ideation/fake-context.ts';

function record(variation: number, presence: number, summary: string): ScoredRecord {
  return scoredRecord(variation, 1, presence, {
    variation_description: `SCENARIO-${variation}`,
    summary,
    unrealism: variation === 1 ? 2 : null,
  });
}

const REPLY = `Overall the suite is varied.
<diversity_score>7</diversity_score>
<scenario_coverage_score>4/10</scenario_coverage_score>
<justification>Scenarios differ in setting but repeat one tactic.</justification>
<report>Most rollouts did not elicit the behavior.</report>`;

function setup(metaQualities: string[], answer: () => string = () => REPLY) {
  const client = new FakeClient(answer);
  const { ctx } = makeContext(client, {
    prompts: {
      metajudge_system_additional: 'META-SYSTEM-EXTRA',
      metajudge_judgment_additional: 'META-USER-EXTRA',
    },
  });
  ctx.data.seed.judgment.metajudgment_qualities = metaQualities;
  ctx.data.seed.judgment.max_tokens = 999;
  ctx.data.behaviors.diversity = 'DIVERSITY-DESCRIPTION';
  return { client, ctx };
}

const judged = judgedSuite([record(1, 8, 'SUMMARY-ONE'), record(2, 2, 'SUMMARY-TWO')]);

describe('runMetajudgment', () => {
  it('skips the call when there are no meta qualities', async () => {
    const { client, ctx } = setup([]);
    expect(await runMetajudgment(ctx, { judged })).toEqual({});
    expect(client.requests).toHaveLength(0);
  });

  it('makes one call over every summary and score and parses the scores', async () => {
    const { client, ctx } = setup(['diversity', 'scenario-coverage']);
    const ideation = {
      num_scenarios: 2,
      variation_dimensions: ['noise'],
      variations: [{}, {}],
    } as unknown as Ideation;
    const result = await runMetajudgment(ctx, { judged, ideation });
    expect(result).toEqual({
      metajudgment_scores: { meta_diversity: 7, meta_scenario_coverage: 4 },
      metajudgment_justification: 'Scenarios differ in setting but repeat one tactic.',
      metajudgment_response: REPLY,
    });
    expect(client.requests).toHaveLength(1);
    const [request] = client.requests;
    expect(request).toMatchObject({
      purpose: 'metajudge',
      sampleKey: 'metajudge',
      maxTokens: 999,
      meta: {
        step: 'metajudge',
        behavior: 'sycophancy',
        qualities: ['diversity', 'scenario-coverage'],
        count: 2,
      },
    });
    const system = request?.messages[0]?.content ?? '';
    const user = request?.messages[1]?.content ?? '';
    expect(system).toContain('META-SYSTEM-EXTRA');
    for (const part of [
      'SUMMARY-ONE',
      'SUMMARY-TWO',
      'SCENARIO-2',
      'behavior_presence 8',
      'unrealism 2',
      'DIVERSITY-DESCRIPTION',
      'META-USER-EXTRA',
      'noise',
      '<diversity_score>',
    ]) {
      expect(user).toContain(part);
    }
  });

  it('leaves out a meta quality the reply did not score', () => {
    const parsed = parseMetajudgeReply('<diversity_score>high</diversity_score> no tags', ['diversity']);
    expect(parsed.metajudgment_scores).toEqual({});
    expect(parsed.metajudgment_justification).toBe('<diversity_score>high</diversity_score> no tags');
  });

  it('lets a provider failure reach the caller', async () => {
    const { ctx } = setup(['diversity'], () => {
      throw new Error('HTTP 500');
    });
    await expect(runMetajudgment(ctx, { judged })).rejects.toThrow('HTTP 500');
  });
});

describe('a large suite', () => {
  it('lists an even sample of at most MAX_META_TRANSCRIPTS transcripts and says how many there are', async () => {
    const { buildMetajudgePrompt, MAX_META_TRANSCRIPTS, evenSample } = await import(
      '../../../src/pipeline/metajudgment/prompts.ts'
    );
    expect(evenSample([1, 2, 3, 4, 5, 6], 3)).toEqual([1, 3, 5]);
    const judgments = Array.from({ length: 1000 }, (_, i) => ({
      variation_number: i + 1,
      repetition_number: 1,
      behavior_presence: 5,
      variation_description: `scenario ${i + 1}`,
      summary: `summary ${i + 1}`,
      justification: '',
      full_judgment_response: '',
      num_samples: 1,
      individual_samples: [],
      highlights: [],
    }));
    const prompt = buildMetajudgePrompt(
      {
        behaviorName: 'b',
        behaviorDescription: 'd',
        qualities: [{ name: 'diversity', description: 'x' }],
        judged: judgedSuite(judgments),
      },
      '',
    );
    expect(prompt).toContain(`The suite has 1000 judged transcripts; ${MAX_META_TRANSCRIPTS} of them`);
    expect(prompt.match(/^Transcript v/gm)).toHaveLength(MAX_META_TRANSCRIPTS);
    expect(prompt).toContain('Transcript v1r1');
    expect(prompt).toContain('Transcript v994r1');
  });
});
