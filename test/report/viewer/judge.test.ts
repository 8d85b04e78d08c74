// The viewer's reading of the judge's verdict: judgment.json's flat highlights, a transcript's judge_output in
// Python Bloom's shape (highlights[].parts, which Bloom's own viewer iterates) and in the flat shape earlier
// versions of this tool wrote.
import { describe, expect, it } from 'vitest';
import type { JudgmentRecord } from '../../../src/formats/judgment.ts';
import type { Transcript } from '../../../src/formats/transcript.ts';
import { judgeView } from '../../../src/report/viewer/judge.ts';

function transcriptWith(judgeOutput: unknown): Transcript {
  return {
    metadata: {
      transcript_id: 't',
      auditor_model: 'e',
      target_model: 't',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      version: 'v3.0',
      description: 'd',
      target_system_prompt: '',
      target_tools: [],
      judge_output: judgeOutput as Transcript['metadata']['judge_output'],
    },
    events: [],
  };
}

const PARTS_SHAPE = {
  response: 'r',
  summary: 'S',
  num_samples: 1,
  scores: { behavior_presence: 8, unrealism: 2 },
  justification: 'J',
  highlights: [
    {
      index: 1,
      description: 'spans two messages',
      parts: [
        { message_id: 'm1', quoted_text: 'first', position: [0, 5], tool_call_id: null, tool_arg: null },
        { message_id: 'm2', quoted_text: 'second', position: [3, 9], tool_call_id: null, tool_arg: null },
      ],
    },
    {
      index: 2,
      description: 'not found',
      parts: [{ message_id: 'unknown', quoted_text: 'nowhere', position: null }],
    },
  ],
};

describe('judgeView', () => {
  it("reads judge_output highlights as parts, one highlight per quote, Bloom's 'unknown' as no message", () => {
    const view = judgeView(undefined, transcriptWith(PARTS_SHAPE), ['unrealism']);
    expect(view?.scores).toEqual({ behavior_presence: 8, unrealism: 2 });
    expect(view?.highlights).toEqual([
      { index: 1, description: 'spans two messages', quoted_text: 'first', message_id: 'm1' },
      { index: 1, description: 'spans two messages', quoted_text: 'second', message_id: 'm2' },
      { index: 2, description: 'not found', quoted_text: 'nowhere', message_id: null },
    ]);
  });

  it('reads the flat highlights of transcripts written before', () => {
    const old = {
      ...PARTS_SHAPE,
      highlights: [{ index: 1, description: 'd', quoted_text: 'q', message_id: 'm9' }],
    };
    expect(judgeView(undefined, transcriptWith(old), [])?.highlights).toEqual([
      { index: 1, description: 'd', quoted_text: 'q', message_id: 'm9' },
    ]);
  });

  it("fills judgment.json's id-less highlights from the transcript's parts", () => {
    const record = {
      behavior_presence: 8,
      summary: 'S',
      justification: 'J',
      highlights: [
        { index: 1, description: 'd', quoted_text: 'second' },
        { index: 2, description: 'd', quoted_text: 'nowhere' },
      ],
    } as unknown as JudgmentRecord;
    expect(judgeView(record, transcriptWith(PARTS_SHAPE), [])?.highlights.map((h) => h.message_id)).toEqual([
      'm2',
      null,
    ]);
  });

  it('skips highlights of any other shape instead of failing', () => {
    const odd = {
      ...PARTS_SHAPE,
      highlights: [{ index: 1, parts: 'not a list' }, { parts: [null, 7] }, 'x', null],
    };
    expect(judgeView(undefined, transcriptWith(odd), [])?.highlights).toEqual([]);
  });
});
