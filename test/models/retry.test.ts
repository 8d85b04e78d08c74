import { describe, expect, it } from 'vitest';
import { MalformedResponseError, ModelCallError, redactSecrets } from '../../src/models/errors.ts';
import { backoffDelay, callWithRetry, classifyFailure, parseRetryAfter } from '../../src/models/retry.ts';
import { HttpTargetError } from '../../src/targets/http.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per retry, caps it, and jitters within it', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0.999)).toBe(999);
    expect(backoffDelay(3, 1000, 60_000, () => 0.5)).toBe(2000);
    expect(backoffDelay(20, 1000, 60_000, () => 0.5)).toBe(30_000);
    expect(backoffDelay(4, 1000, 60_000, () => 0)).toBe(0);
  });
});

describe('classifyFailure', () => {
  it('retries malformed bodies and refuses unknown errors', () => {
    expect(classifyFailure(new SyntaxError('Unexpected end of JSON'))).toMatchObject({
      kind: 'malformed',
      retryable: true,
    });
    expect(classifyFailure(new MalformedResponseError('no choices'))).toMatchObject({ retryable: true });
    expect(classifyFailure(new Error('bug'))).toMatchObject({ kind: 'unknown', retryable: false });
  });
  it('reads a status carried by non-SDK errors (scripted provider, other targets)', () => {
    const err = Object.assign(new Error('scripted target failure'), { status: 400 });
    expect(classifyFailure(err)).toMatchObject({ kind: 'client', retryable: false, status: 400 });
    const busy = Object.assign(new Error('busy'), { status: 503 });
    expect(classifyFailure(busy)).toMatchObject({ kind: 'server', retryable: true });
  });
  it('treats socket errors anywhere in the cause chain as connection failures', () => {
    const cause = Object.assign(new Error('read'), { code: 'ECONNRESET' });
    expect(classifyFailure(new TypeError('terminated', { cause }))).toMatchObject({ kind: 'connection' });
  });
});

describe('callWithRetry', () => {
  it('stops retrying when the caller aborts, without another attempt', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const run = callWithRetry(
      { modelId: 'm/x', signal: controller.signal, sleep: async () => {} },
      async () => {
        attempts++;
        controller.abort(new Error('cancelled'));
        throw new SyntaxError('bad body');
      },
    );
    await expect(run).rejects.toThrow('bad body');
    expect(attempts).toBe(1);
  });

  it('redacts secrets from the final message', async () => {
    const run = callWithRetry({ modelId: 'm/x', secrets: ['hunter2-secret'] }, async () => {
      throw Object.assign(new Error('key hunter2-secret rejected'), { status: 401 });
    });
    const error = (await run.catch((e: unknown) => e)) as ModelCallError;
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error.message).toMatch(/^m\/x: HTTP 401/);
    expect(error.message).not.toContain('hunter2');
  });

  it("waits an agent's retry-after, not its own backoff", async () => {
    const slept: number[] = [];
    let attempts = 0;
    const value = await callWithRetry(
      { modelId: 'http:POST agent', sleep: async (ms: number) => void slept.push(ms), random: () => 0 },
      async () => {
        if (++attempts === 1)
          throw new HttpTargetError(429, 'slow down', new Headers({ 'retry-after': '7' }));
        return 'ok';
      },
    );
    expect(value.value).toBe('ok');
    expect(slept).toEqual([7000]);
  });

  it('counts 429s apart from faults: a call told to wait many times is not lost', async () => {
    const limited = () => Object.assign(new Error('slow down'), { status: 429 });
    let attempts = 0;
    const ok = await callWithRetry({ modelId: 'm/x', sleep: async () => {}, maxAttempts: 3 }, async () => {
      if (++attempts <= 10) throw limited();
      return 'done';
    });
    expect(ok).toEqual({ value: 'done', attempts: 11 });

    attempts = 0;
    const always = callWithRetry({ modelId: 'm/x', sleep: async () => {}, maxRateLimited: 4 }, async () => {
      attempts++;
      throw limited();
    });
    await expect(always).rejects.toThrow('gave up after 5 attempts');

    // Faults keep their own budget after 429s: two 429s, then 5xx until maxAttempts faults.
    attempts = 0;
    const faulty = callWithRetry({ modelId: 'm/x', sleep: async () => {}, maxAttempts: 3 }, async () => {
      attempts++;
      throw attempts <= 2 ? limited() : Object.assign(new Error('down'), { status: 503 });
    });
    await expect(faulty).rejects.toThrow('gave up after 5 attempts');

    // An agent allowed one attempt: said in the singular.
    const once = callWithRetry({ modelId: 'm/x', sleep: async () => {}, maxAttempts: 1 }, async () => {
      throw Object.assign(new Error('down'), { status: 503 });
    });
    await expect(once).rejects.toThrow(/gave up after 1 attempt\)$/);
  });

  it('redacts anything shaped like an API key', () => {
    expect(redactSecrets('bad key sk-proj-abcdef123456 here', [])).toBe('bad key [redacted] here');
  });
});
