import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScoredRecord } from '../../src/formats/judgment.ts';
import { resultPaths } from '../../src/formats/results-folder.ts';
import {
  type JudgedSlot,
  judgedSuiteOf,
  judgeOutcomeOf,
  readAhead,
  writeJudgmentFile,
} from '../../src/pipeline/assemble.ts';
import type { JudgeResult } from '../../src/pipeline/judgment/index.ts';
import { judgedSuite, MAX_META_TRANSCRIPTS } from '../../src/pipeline/metajudgment/index.ts';
import { buildJudgmentFile } from '../../src/stats/index.ts';
import { RunError } from '../../src/util/errors.ts';
import { writeJsonAtomic } from '../../src/util/fs.ts';
import { scoredRecord } from '../support/judgments.ts';
import { FakeClient, makeContext } from './ideation/fake-context.ts';

function record(variation: number, repetition: number): ScoredRecord {
  return scoredRecord(variation, repetition, (variation * 3 + repetition) % 10 || 1, {
    justification: `why ${variation}/${repetition}`,
    summary: `summary ${variation}/${repetition}`,
    full_judgment_response: `<summary>summary ${variation}/${repetition}</summary>`,
    individual_samples: [{ sample_index: 1, behavior_presence: 5 }],
    highlights: [{ index: 1, description: 'd', quoted_text: 'q', message_id: 'm' }],
    unrealism: repetition === 2 ? null : variation + 0.5,
  });
}

const scored = (r: ScoredRecord): JudgeResult => ({
  ok: true,
  record: r,
  judgeOutput: {
    response: '',
    summary: r.summary,
    num_samples: 1,
    scores: {},
    justification: '',
    highlights: [],
  },
});

/** A suite on disk as the orchestrator leaves it: judge files, and slots in plan order (not sorted). */
async function suite(variations: number[], reps: number) {
  const dir = await mkdtemp(join(tmpdir(), 'bloom-assemble-'));
  const paths = resultPaths(dir);
  const { ctx } = makeContext(new FakeClient(() => ''));
  ctx.data.seed.judgment.additional_qualities = ['unrealism'];
  const slots: JudgedSlot[] = [];
  const records: ScoredRecord[] = [];
  for (const variation of variations) {
    for (let repetition = 1; repetition <= reps; repetition++) {
      const slot: JudgedSlot = { variation, repetition, hasTranscript: variation !== 4 };
      let judge: JudgeResult | undefined;
      if (variation === 3 && repetition === 1) judge = { ok: false, error: 'HTTP 500' };
      else if (variation === 3)
        judge = { ok: false, unscoreable: true, reason: 'no score', responses: ['x'] };
      else if (variation !== 4) {
        records.push(record(variation, repetition));
        judge = scored(record(variation, repetition));
        await writeJsonAtomic(paths.judgeResult(variation, repetition), judge);
      }
      if (judge) slot.judged = judgeOutcomeOf(variation, repetition, judge);
      slots.push(slot);
    }
  }
  return { ctx, paths, slots, records };
}

describe('judgeOutcomeOf', () => {
  it('keeps a scored record’s number and null fields, in order, and a failure’s reason', () => {
    expect(judgeOutcomeOf(2, 2, scored(record(2, 2)))).toEqual({
      ok: true,
      scores: {
        variation_number: 2,
        repetition_number: 2,
        behavior_presence: 8,
        num_samples: 1,
        unrealism: null,
      },
    });
    expect(Object.keys((judgeOutcomeOf(2, 1, scored(record(2, 1))) as { scores: object }).scores)).toEqual([
      'variation_number',
      'repetition_number',
      'behavior_presence',
      'num_samples',
      'unrealism',
    ]);
    expect(judgeOutcomeOf(3, 1, { ok: false, error: 'HTTP 500' })).toEqual({
      ok: false,
      failure: { variation_number: 3, repetition_number: 1, unscoreable: false, error: 'HTTP 500' },
    });
  });
});

describe('writeJudgmentFile', () => {
  it('writes the bytes of the file built from every record in memory, records read back in sorted order', async () => {
    const { ctx, paths, slots, records } = await suite([2, 3, 1, 4], 2);
    const identity = { suite_hash: 's', config_hash: 'c', target_id: 't' };
    const statistics = await writeJudgmentFile(
      ctx,
      paths,
      slots,
      { metajudgment_scores: { meta_diversity: 6 } },
      identity,
    );
    const seed = ctx.data.seed;
    const expected = buildJudgmentFile({
      behaviorName: seed.behavior.name,
      examples: seed.behavior.examples,
      model: seed.judgment.model,
      reasoningEffort: seed.evaluator_reasoning_effort,
      totalConversations: 6,
      qualities: ['unrealism'],
      judgments: records,
      failures: [
        { variation_number: 3, repetition_number: 1, unscoreable: false, error: 'HTTP 500' },
        { variation_number: 3, repetition_number: 2, unscoreable: true, error: 'no score' },
      ],
      failedRolloutCount: 2,
      metajudgment: { metajudgment_scores: { meta_diversity: 6 } },
    });
    // judgment.json ends with the identity of the run that wrote it.
    await writeJsonAtomic(join(paths.judgment, '..', 'expected.json'), {
      ...expected,
      run_identity: identity,
    });
    const written = await readFile(paths.judgment, 'utf8');
    expect(written).toBe(await readFile(join(paths.judgment, '..', 'expected.json'), 'utf8'));
    expect(JSON.parse(written).judgments.map((j: ScoredRecord) => j.variation_number)).toEqual([1, 1, 2, 2]);
    expect(statistics).toEqual(expected.summary_statistics);
  });

  it('fails rather than write a judgment.json without a scored record whose judge file is gone', async () => {
    const { ctx, paths, slots } = await suite([1], 2);
    await writeJsonAtomic(paths.judgeResult(1, 2), { ok: false, error: 'overwritten' });
    await expect(writeJudgmentFile(ctx, paths, slots, {}, {})).rejects.toBeInstanceOf(RunError);
  });
});

describe('judgedSuiteOf', () => {
  it('gives the meta-judge what the records in memory would: count, quality keys, the same even sample', async () => {
    const { paths, slots, records } = await suite([5, 1, 2], 120);
    const scores = slots.flatMap((s) => (s.judged?.ok ? [s.judged.scores] : []));
    const judged = await judgedSuiteOf(paths, scores);
    // Plan order (5 first), as the orchestrator keeps its slots.
    const inPlanOrder = [
      ...records.filter((r) => r.variation_number === 5),
      ...records.filter((r) => r.variation_number !== 5),
    ];
    expect(judged.shown).toHaveLength(MAX_META_TRANSCRIPTS);
    expect(judged).toEqual(judgedSuite(inPlanOrder));
  });
});

describe('readAhead', () => {
  it('yields in order with at most `ahead` reads in flight, and a failure at its turn', async () => {
    let inFlight = 0;
    let most = 0;
    const read = async (n: number) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, (7 - n) % 3));
      inFlight--;
      if (n === 6) throw new Error('six');
      return n * 10;
    };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const v of readAhead([1, 2, 3, 4, 5, 6, 7], 3, read)) seen.push(v);
      })(),
    ).rejects.toThrow('six');
    expect(seen).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(3);
  });
});
