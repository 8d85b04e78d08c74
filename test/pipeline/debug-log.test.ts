import { describe, expect, it } from 'vitest';
import { debugLine } from '../../src/pipeline/debug-log.ts';

describe('debugLine', () => {
  const call = {
    purpose: 'target' as const,
    modelId: 'anthropic/claude-sonnet-4-5',
    ok: true,
    inputTokens: 1200,
    outputTokens: 300,
    reasoningTokens: 0,
    ms: 840,
    attempts: 1,
  };

  it('says what a call cost, and why a failed one failed', () => {
    expect(debugLine(call)).toBe(
      'debug: target call to anthropic/claude-sonnet-4-5: ok, 1200 tokens in, 300 out, 840 ms, 1 attempt',
    );
    expect(
      debugLine({
        ...call,
        ok: false,
        inputTokens: 0,
        outputTokens: 0,
        attempts: 6,
        error: 'HTTP 529 (overloaded)',
      }),
    ).toBe(
      'debug: target call to anthropic/claude-sonnet-4-5: failed after 840 ms, 6 attempts: HTTP 529 (overloaded)',
    );
  });
});
