// A batch item's custom id is how a killed run finds its batch again: the same request, the same id. The judge
// check re-scores transcripts the run already judged, so its requests carry a salt that gives them ids of their
// own, and an earlier batch holding the judgment's answer is never taken for the check's.

import { describe, expect, it } from 'vitest';
import { customIdOf } from '../../src/models/batch.ts';
import type { CompletionRequest } from '../../src/models/types.ts';

const request: CompletionRequest = {
  purpose: 'judge',
  sampleKey: 'v3r2/judge/1',
  maxTokens: 4000,
  messages: [
    { role: 'system', content: 'Score the transcript.' },
    { role: 'user', content: 'The transcript.' },
  ],
};

describe('batch custom ids', () => {
  it('are the same for the same request, and another with a salt, whatever the meta', () => {
    const id = customIdOf('anthropic/claude-judge', request);
    expect(customIdOf('anthropic/claude-judge', { ...request, meta: { any: 'thing' } })).toBe(id);
    const salted = customIdOf('anthropic/claude-judge', { ...request, batchSalt: 'check-1' });
    expect(salted).not.toBe(id);
    expect(customIdOf('anthropic/claude-judge', { ...request, batchSalt: 'check-2' })).not.toBe(salted);
    expect(salted).toMatch(/^[0-9a-f]{40}$/);
  });
});
