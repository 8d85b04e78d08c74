import { describe, expect, it } from 'vitest';
import { causeOf, topCauses, type Unscored } from '../../src/pipeline/failure-causes.ts';

const rollout = (error: string): Unscored => ({ stage: 'rollout', error });

describe('failure causes', () => {
  it('names who failed and how, from the one-line errors the pipeline records', () => {
    expect(
      causeOf(
        rollout(
          'target call failed (turn 1): anthropic/claude-sonnet-4-5: HTTP 400 (invalid_request_error): max_tokens: too large',
        ),
      ),
    ).toBe('target HTTP 400');
    expect(
      causeOf(
        rollout(
          'evaluator call failed (conversation, turn 2): openai/gpt-4.1: request timed out (gave up after 6 attempts)',
        ),
      ),
    ).toBe('evaluator timeout');
    expect(
      causeOf(rollout('target call failed (turn 1): http:POST http://x: connection failed: ECONNREFUSED')),
    ).toBe('target connection failed');
    expect(causeOf(rollout('target call failed (turn 1): command:node a.js: exited with code 1: boom'))).toBe(
      'target command failed',
    );
    expect(causeOf(rollout('evaluator wrote an empty user message (turn 2)'))).toBe('rollout other error');
    expect(causeOf(rollout('not run'))).toBe('not run');
    expect(
      causeOf({ stage: 'judgment', error: 'anthropic/claude-opus-4-1: HTTP 529', unscoreable: false }),
    ).toBe('judge HTTP 529');
    expect(causeOf({ stage: 'judgment', error: 'no score, twice', unscoreable: true })).toBe(
      'unscoreable judge reply',
    );
  });

  it('counts them, most frequent first, with the rest summed', () => {
    const http400 = rollout('target call failed (turn 1): m: HTTP 400');
    const timeout = rollout('evaluator call failed (turn 1): m: timed out after 60000 ms');
    const unscoreable: Unscored = { stage: 'judgment', error: 'x', unscoreable: true };
    const http500 = { stage: 'judgment', error: 'm: HTTP 500', unscoreable: false } as const;
    const failures = [timeout, ...Array(20).fill(http400), timeout, unscoreable, http500];
    expect(topCauses(failures)).toBe(
      'target HTTP 400 x 20, evaluator timeout x 2, unscoreable judge reply x 1 and 1 more',
    );
    expect(topCauses([])).toBe('');
  });
});
