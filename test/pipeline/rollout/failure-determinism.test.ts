import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../src/pipeline/rollout/run-rollout.ts';
import { transcriptToMessages } from '../../../src/pipeline/transcript/read.ts';
import { schemaErrors } from '../transcript/schema.ts';
import {
  type Answer,
  conversationVariation,
  FakeClient,
  fixedClock,
  makeContext,
  makeSeed,
  plainTarget,
  scriptedEvaluator,
  simenvVariation,
  understanding,
} from './fake-context.ts';

function failing(answer: Answer, when: (meta: Record<string, unknown>) => boolean, message: string): Answer {
  return (request) => {
    if (when(request.meta ?? {})) throw new Error(message);
    return answer(request);
  };
}

describe('rollout failures', () => {
  it('returns the partial transcript and a one-line error when the target fails mid-rollout', async () => {
    const evaluator = new FakeClient('e', scriptedEvaluator());
    const target = new FakeClient(
      't',
      failing(plainTarget(), (m) => m.turn === 2, '429 rate limited\nretry-after: 30\nbody: MODEL TEXT'),
    );
    const ctx = makeContext(makeSeed({ maxTurns: 3 }), evaluator, target);
    const outcome = await runRollout(ctx, {
      understanding,
      variation: conversationVariation,
      variationNumber: 1,
      repetition: 1,
    });
    expect(outcome.turns).toBe(1);
    expect(outcome.error).toBe('target call failed (turn 2): 429 rate limited');
    const seen = transcriptToMessages(outcome.transcript, 'target');
    expect(seen.map((m) => m.content)).toEqual([
      'TARGET-SYSTEM-PROMPT',
      'USER-MESSAGE-1',
      'TARGET-REPLY-1',
      'USER-MESSAGE-2',
    ]);
    expect(schemaErrors(outcome.transcript)).toBe('');
  });

  it('reports an evaluator failure with its step', async () => {
    const evaluator = new FakeClient(
      'e',
      failing(scriptedEvaluator(), (m) => m.step === 'kickoff', 'connection reset'),
    );
    const target = new FakeClient('t', plainTarget());
    const ctx = makeContext(makeSeed({ maxTurns: 2 }), evaluator, target);
    const outcome = await runRollout(ctx, {
      understanding,
      variation: conversationVariation,
      variationNumber: 1,
      repetition: 1,
    });
    expect(outcome.error).toBe('evaluator call failed (kickoff, turn 1): connection reset');
    expect(outcome.turns).toBe(0);
    expect(target.requests).toHaveLength(0);
    expect(outcome.transcript.metadata.target_system_prompt).toBe('TARGET-SYSTEM-PROMPT');
  });

  it('treats an empty user message as a failure rather than sending it', async () => {
    const evaluator = new FakeClient('e', (r) =>
      r.meta?.step === 'turn' ? '<user_message> </user_message>' : scriptedEvaluator()(r),
    );
    const target = new FakeClient('t', plainTarget());
    const outcome = await runRollout(makeContext(makeSeed({ maxTurns: 2 }), evaluator, target), {
      understanding,
      variation: conversationVariation,
      variationNumber: 1,
      repetition: 1,
    });
    expect(target.requests).toHaveLength(1);
    expect(outcome.turns).toBe(1);
    expect(outcome.error).toMatch(/empty user message \(turn 2\)/);
  });
});

describe('deterministic rollouts', () => {
  async function once(variationNumber: number, runNonce?: string) {
    const evaluator = new FakeClient('e', scriptedEvaluator());
    const target = new FakeClient('t', (r) =>
      r.meta?.round === 1
        ? { content: 'checking', toolCalls: [{ id: 'c1', name: 'read_logs', arguments: {} }] }
        : 'done',
    );
    const ctx = makeContext(makeSeed({ modality: 'simenv', maxTurns: 2 }), evaluator, target);
    const outcome = await runRollout(ctx, {
      understanding,
      variation: simenvVariation,
      variationNumber,
      repetition: 1,
      now: fixedClock(),
      runNonce,
    });
    return JSON.stringify(outcome.transcript, null, 2);
  }

  it('writes identical JSON for identical runs of one nonce, and different ids for another variation', async () => {
    const a = await once(1, 'fixed');
    expect(await once(1, 'fixed')).toBe(a);
    const parsed = JSON.parse(a);
    expect(parsed.metadata.created_at).toBe('2025-11-17T09:00:00.000Z');
    expect(JSON.parse(await once(2, 'fixed')).metadata.transcript_id).not.toBe(parsed.metadata.transcript_id);
    expect(schemaErrors(parsed)).toBe('');
  });

  it("without a nonce, gives two identical runs no id in common (as Python Bloom's random ids)", async () => {
    const ids = (json: string) =>
      [...json.matchAll(/"(?:transcript_)?id": "([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const [a, b] = [ids(await once(1)), ids(await once(1))];
    expect(a.length).toBeGreaterThan(10);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });
});
