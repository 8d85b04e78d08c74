import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../../src/formats/transcript.ts';
import { createTranscriptBuilder, type TranscriptSetup } from '../../../src/pipeline/transcript/builder.ts';
import { deterministicUuid } from '../../../src/pipeline/transcript/ids.ts';
import { schemaErrors } from './schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function setup(overrides: Partial<TranscriptSetup> = {}): TranscriptSetup {
  let tick = 0;
  return {
    key: 'sycophancy/v3r2',
    runNonce: 'run-1',
    auditorModel: 'anthropic/evaluator',
    targetModel: 'openai/target',
    description: 'A scenario.',
    targetTools: [
      { name: 'search', description: 'Searches.', parameters: { type: 'object', properties: {} } },
    ],
    variationNumber: 3,
    repetitionNumber: 2,
    now: () => new Date(Date.UTC(2025, 0, 1) + 1000 * tick++),
    ...overrides,
  };
}

function buildSample(s: TranscriptSetup, toolResult = '{"status":"success","output":1}') {
  const b = createTranscriptBuilder(s);
  b.add(['evaluator', 'combined'], { role: 'system', content: 'EVAL-SYS' }, { source: 'input' });
  b.add(
    ['evaluator', 'combined'],
    { role: 'assistant', content: '<system_prompt>S</system_prompt>', reasoning: 'why' },
    { source: 'generate', model: 'anthropic/evaluator' },
  );
  b.setTargetSystemPrompt('S');
  b.add(['target', 'combined'], { role: 'system', content: 'S' }, { source: 'input' });
  b.add(['target'], { role: 'user', content: 'hi' }, { source: 'input' });
  b.add(
    ['target', 'combined'],
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'search', arguments: { q: 'x' } }] },
    { source: 'generate', model: 'openai/target' },
  );
  b.add(['target'], { role: 'tool', content: toolResult, toolCallId: 'call_1' }, { source: 'input' });
  return b.build();
}

describe('transcript builder', () => {
  it('formats ids as UUIDs derived only from the key', () => {
    expect(deterministicUuid('a')).toMatch(UUID);
    expect(deterministicUuid('a')).toBe(deterministicUuid('a'));
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
  });

  it('writes v3.0 metadata, events with views, reasoning blocks, tool calls and results', () => {
    const t = buildSample(setup());
    expect(t.metadata).toMatchObject({
      version: 'v3.0',
      auditor_model: 'anthropic/evaluator',
      target_model: 'openai/target',
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:06.000Z',
      target_system_prompt: 'S',
      variation_number: 3,
      repetition_number: 2,
    });
    expect(t.metadata.transcript_id).toMatch(UUID);
    expect(t.events).toHaveLength(6);
    expect(t.events.map((e) => e.view)).toEqual([
      ['evaluator', 'combined'],
      ['evaluator', 'combined'],
      ['target', 'combined'],
      ['target'],
      ['target', 'combined'],
      ['target'],
    ]);
    const reasoning = t.events[1]?.edit.message;
    expect(reasoning?.content).toEqual([
      { type: 'reasoning', reasoning: 'why' },
      { type: 'text', text: '<system_prompt>S</system_prompt>' },
    ]);
    expect(reasoning?.model).toBe('anthropic/evaluator');
    expect(t.events[4]?.edit.message.tool_calls).toEqual([
      { id: 'call_1', function: 'search', arguments: { q: 'x' } },
    ]);
    expect(t.events[5]?.edit.message).toMatchObject({
      role: 'tool',
      tool_call_id: 'call_1',
      source: 'input',
    });
    for (const e of t.events) {
      expect(e.id).toMatch(UUID);
      expect(e.edit.message.id).toMatch(UUID);
    }
    expect(new Set(t.events.map((e) => e.id)).size).toBe(6);
    expect(schemaErrors(t)).toBe('');
  });

  it('is checked by a validator that does reject broken transcripts', () => {
    const t = buildSample(setup());
    expect(schemaErrors({ ...t, metadata: { ...t.metadata, version: 'v2.0' } })).not.toBe('');
    const badCall = structuredClone(t);
    const call = badCall.events[4]?.edit.message.tool_calls?.[0] as { function?: string } | undefined;
    expect(call).toBeDefined();
    if (call) delete call.function;
    expect(schemaErrors(badCall)).not.toBe('');
  });

  it('gives identical JSON for identical inputs and different ids for another rollout key', () => {
    const a = JSON.stringify(buildSample(setup()));
    expect(JSON.stringify(buildSample(setup()))).toBe(a);
    const other = buildSample(setup({ key: 'sycophancy/v3r3' }));
    expect(other.metadata.transcript_id).not.toBe(JSON.parse(a).metadata.transcript_id);
  });

  it('shares no id with a run of another nonce, or of other models, however alike their content', () => {
    const ids = (t: Transcript) => [
      t.metadata.transcript_id,
      ...t.events.flatMap((e) => [e.id, e.edit.message.id]),
    ];
    const base = ids(buildSample(setup()));
    expect(new Set(base).size).toBe(base.length);
    for (const other of [
      setup({ runNonce: 'run-2' }),
      setup({ targetModel: 'openai/other-target' }),
      setup({ auditorModel: 'anthropic/other-evaluator' }),
    ]) {
      const shared = ids(buildSample(other)).filter((id) => base.includes(id));
      expect(shared).toEqual([]);
    }
  });

  it('chains message ids through the history: a different message changes its id and every later one', () => {
    const a = buildSample(setup());
    const b = buildSample(setup(), '{"status":"success","output":2}');
    const messageIds = (t: Transcript) => t.events.map((e) => e.edit.message.id);
    // Only the last message (the tool result) differs: the five before keep their ids.
    expect(messageIds(b).slice(0, 5)).toEqual(messageIds(a).slice(0, 5));
    expect(messageIds(b)[5]).not.toBe(messageIds(a)[5]);
    expect(b.metadata.transcript_id).not.toBe(a.metadata.transcript_id);
  });

  it('returns snapshots that later additions do not change', () => {
    const b = createTranscriptBuilder(setup());
    b.add(['target'], { role: 'user', content: 'one' }, { source: 'input' });
    const first = b.build();
    b.add(['target'], { role: 'user', content: 'two' }, { source: 'input' });
    expect(first.events).toHaveLength(1);
    expect(b.build().events).toHaveLength(2);
  });
});
