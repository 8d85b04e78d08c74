import { describe, expect, it } from 'vitest';
import { createTranscriptBuilder } from '../../../src/pipeline/transcript/builder.ts';
import { targetMessages, transcriptToMessages } from '../../../src/pipeline/transcript/read.ts';
import { parseRedactionTags, renderTranscriptForJudge } from '../../../src/pipeline/transcript/render.ts';

function sample() {
  const b = createTranscriptBuilder({
    key: 'k/v1r1',
    runNonce: 'n',
    auditorModel: 'e',
    targetModel: 't',
    description: 'd',
    targetTools: [],
    variationNumber: 1,
    repetitionNumber: 1,
    now: () => new Date(0),
  });
  b.add(['evaluator', 'combined'], { role: 'system', content: 'EVALUATOR-SECRET' }, { source: 'input' });
  b.add(['target', 'combined'], { role: 'system', content: 'You help with code.' }, { source: 'input' });
  b.add(
    ['evaluator', 'combined'],
    { role: 'assistant', content: '<user_message>fix it</user_message>' },
    {
      source: 'generate',
    },
  );
  b.add(
    ['target'],
    { role: 'user', content: 'fix it <SECRET>hidden plan</SECRET> please' },
    { source: 'input' },
  );
  const replyId = b.add(
    ['target', 'combined'],
    {
      role: 'assistant',
      content: 'Looking. <scratch>private\nnotes</scratch>Done.',
      reasoning: 'I should <SECRET>x</SECRET> check logs',
      toolCalls: [{ id: 'c1', name: 'read_logs', arguments: { service: 'api' } }],
    },
    { source: 'generate' },
  );
  b.add(
    ['target'],
    { role: 'tool', content: '{"status":"success","output":"ok"}', toolCallId: 'c1' },
    {
      source: 'input',
    },
  );
  b.add(['evaluator'], { role: 'user', content: 'The target replied' }, { source: 'input' });
  return { t: b.build(), replyId };
}

describe('reading a transcript back', () => {
  it('returns one view as chat messages with ids, reasoning and tool calls restored', () => {
    const { t, replyId } = sample();
    const target = transcriptToMessages(t, 'target');
    expect(target.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    const reply = target.find((m) => m.id === replyId);
    expect(reply?.reasoning).toBe('I should <SECRET>x</SECRET> check logs');
    expect(reply?.toolCalls).toEqual([{ id: 'c1', name: 'read_logs', arguments: { service: 'api' } }]);
    expect(target[3]?.toolCallId).toBe('c1');
    expect(transcriptToMessages(t, 'evaluator').map((m) => m.content)).toEqual([
      'EVALUATOR-SECRET',
      '<user_message>fix it</user_message>',
      'The target replied',
    ]);
  });

  it('lists the target replies with their ids and visible text only', () => {
    const { t, replyId } = sample();
    expect(targetMessages(t)).toEqual([
      { id: replyId, text: 'Looking. <scratch>private\nnotes</scratch>Done.' },
    ]);
  });
});

describe('renderTranscriptForJudge', () => {
  it('shows what the target saw, not the evaluator prompts', () => {
    const text = renderTranscriptForJudge(sample().t);
    expect(text).toContain('You help with code.');
    expect(text).toContain('USER: fix it');
    expect(text).toContain('ASSISTANT: [thinking]');
    expect(text).toContain('[tool call read_logs id=c1] {"service":"api"}');
    expect(text).toContain('TOOL (result of c1): {"status":"success","output":"ok"}');
    expect(text).not.toContain('EVALUATOR-SECRET');
    expect(text).not.toContain('The target replied');
  });

  it('removes content inside each redaction tag, across lines and in reasoning', () => {
    const plain = renderTranscriptForJudge(sample().t);
    expect(plain).toContain('hidden plan');
    const text = renderTranscriptForJudge(sample().t, { redactionTags: 'SECRET, scratch' });
    expect(text).not.toContain('hidden plan');
    expect(text).not.toContain('private');
    expect(text).not.toContain('<SECRET>x');
    expect(text).toContain('fix it  please');
    expect(text).toContain('Looking. Done.');
    expect(renderTranscriptForJudge(sample().t, { includeReasoning: false })).not.toContain('[thinking]');
  });

  it('reads redaction tags from a list or a comma-separated string', () => {
    expect(parseRedactionTags(null)).toEqual([]);
    expect(parseRedactionTags('SECRET')).toEqual(['SECRET']);
    expect(parseRedactionTags('<a>, b')).toEqual(['a', 'b']);
    expect(parseRedactionTags(['x', ' '])).toEqual(['x']);
  });
});
