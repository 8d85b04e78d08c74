import { describe, expect, it } from 'vitest';
import { transcriptFileName } from '../../../src/formats/results-folder.ts';
import type { RolloutRecord } from '../../../src/formats/rollout.ts';
import {
  parseSystemPrompt,
  parseToolResponses,
  parseUserMessage,
} from '../../../src/pipeline/rollout/parse.ts';
import { rolloutFile } from '../../../src/pipeline/rollout/rollout-file.ts';

describe('evaluator reply parsing', () => {
  it('reads the system prompt tag, else the whole reply', () => {
    expect(parseSystemPrompt('Here:\n<SYSTEM_PROMPT>\n You are X.\n</SYSTEM_PROMPT> done')).toBe(
      'You are X.',
    );
    expect(parseSystemPrompt('  You are Y.  ')).toBe('You are Y.');
  });

  it('reads the user message, the end marker, or the whole reply', () => {
    expect(parseUserMessage('ok <user_message>hey</user_message>')).toEqual({ end: false, message: 'hey' });
    expect(parseUserMessage('We are done. <end_conversation/>')).toEqual({ end: true });
    expect(parseUserMessage('<end_conversation></end_conversation>')).toEqual({ end: true });
    expect(parseUserMessage('just text')).toEqual({ end: false, message: 'just text' });
    expect(parseUserMessage('<user_message>  </user_message>')).toEqual({ end: false, message: '' });
  });

  it('maps tool responses to calls by id, normalising JSON and flagging gaps', () => {
    const calls = [
      { id: 'a', name: 'one', arguments: {} },
      { id: 'b', name: 'two', arguments: {} },
      { id: 'c', name: 'three', arguments: {} },
    ];
    const reply = `<tool_response id="b">{ "status": "success", "output": [1, 2] }</tool_response>
<tool_response id="a">broken {</tool_response>`;
    const results = parseToolResponses(reply, calls);
    expect([...results.keys()]).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(results.get('a') ?? '')).toEqual({
      status: 'error',
      output: 'The tool one returned a malformed result.',
    });
    expect(results.get('b')).toBe('{"status":"success","output":[1,2]}');
    expect(JSON.parse(results.get('c') ?? '')).toEqual({
      status: 'error',
      output: 'The tool three returned no result.',
    });
  });
});

describe('rollout.json', () => {
  const record = (v: number, r: number, error?: string): RolloutRecord => ({
    variation_number: v,
    variation_description: `scenario ${v}`,
    repetition_number: r,
    modality: 'conversation',
    transcript: transcriptFileName(v, r),
    turns: 2,
    ...(error ? { error } : {}),
  });

  it('sorts rollouts and counts successes and failures', () => {
    const file = rolloutFile(
      [record(2, 1), record(1, 2, 'target call failed (turn 1): boom'), record(1, 1)],
      {
        modality: 'conversation',
      },
    );
    expect(file.rollouts.map((r) => r.transcript)).toEqual([
      'transcript_v1r1.json',
      'transcript_v1r2.json',
      'transcript_v2r1.json',
    ]);
    expect(file).toMatchObject({
      successful_count: 2,
      failed_count: 1,
      total_count: 3,
      metadata: { modality: 'conversation' },
    });
  });
});
