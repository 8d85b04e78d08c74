import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter, type Slot } from '../../src/models/limiter.ts';
import { callWithRetry } from '../../src/models/retry.ts';
import { type ModelServer, startModelServer } from '../support/model-server.ts';
import { anthropicMessage, reply } from '../support/wire.ts';
import { harness } from './clients.ts';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('ConcurrencyLimiter', () => {
  it('never exceeds its limit under load and grants slots in FIFO order', async () => {
    const limiter = new ConcurrencyLimiter(5);
    let active = 0;
    let peak = 0;
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const slot = await limiter.acquire();
        granted.push(i);
        active++;
        peak = Math.max(peak, active);
        await tick((i * 7) % 5);
        active--;
        slot.release('ok');
      }),
    );
    expect(peak).toBe(5);
    expect(granted).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(limiter.stats()).toMatchObject({ active: 0, waiting: 0 });
  });

  it('drops a queued waiter whose signal aborts', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const slot = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.stats().waiting).toBe(0);
    slot.release('ok');
  });

  it('does not hold a slot while a retry sleeps', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const order: string[] = [];
    let wake = (): void => {};
    const first = callWithRetry(
      {
        modelId: 'x/a',
        gate: limiter,
        sleep: () => {
          order.push('a sleeps');
          return new Promise<void>((resolve) => {
            wake = resolve;
          });
        },
      },
      async ({ attempt }) => {
        if (attempt === 1) throw Object.assign(new Error('rate limited'), { status: 429 });
        order.push('a done');
        return 'a';
      },
    );
    await tick(5);
    const second = await callWithRetry({ modelId: 'x/b', gate: limiter }, async () => {
      order.push('b done');
      return 'b';
    });
    wake();
    expect([second.value, (await first).value]).toEqual(['b', 'a']);
    expect(order).toEqual(['a sleeps', 'b done', 'a done']);
  });
});

describe('ConcurrencyLimiter pace (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A limiter on fake timers, and `acquire` that reports when the slot was granted. */
  function paced(max: number) {
    vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const limiter = new ConcurrencyLimiter(max, { now: () => Date.now() });
    const acquireAt = async (): Promise<{ slot: Slot; at: number }> => {
      const slot = await limiter.acquire();
      return { slot, at: Date.now() };
    };
    return { limiter, acquireAt };
  }

  it('does not pace at all before the first 429, whatever else fails', async () => {
    const { limiter, acquireAt } = paced(4);
    for (let i = 0; i < 50; i++) {
      const { slot, at } = await acquireAt();
      expect(at).toBe(0);
      slot.release(i % 3 === 0 ? 'error' : 'ok');
    }
    expect(limiter.stats()).toMatchObject({ intervalMs: 0, slowdowns: 0 });
  });

  it('starts pacing at the retry-after of the first 429, widening once per overlapping wave', async () => {
    const { limiter, acquireAt } = paced(8);
    const wave: Awaited<ReturnType<typeof acquireAt>>[] = [];
    for (let i = 0; i < 4; i++) {
      wave.push(await acquireAt());
      await vi.advanceTimersByTimeAsync(10);
    }
    for (const { slot } of wave) slot.release('rate_limited', 12); // at t = 40: one slowdown, not four
    expect(limiter.stats()).toMatchObject({ slowdowns: 1, intervalMs: 12 });
    // Held until the latest start plus its retry-after (t = 42), then paced 12 ms apart.
    const a = acquireAt();
    const b = acquireAt();
    await vi.advanceTimersByTimeAsync(20);
    expect([(await a).at, (await b).at]).toEqual([42, 54]);
    (await a).slot.release('ok');
    expect(limiter.stats().intervalMs).toBeLessThan(12); // a success narrows the pace
    (await b).slot.release('ok');
  });

  it('takes no retry-after longer than 1.5x the recent gap between starts as the first interval', async () => {
    const { limiter, acquireAt } = paced(8);
    const starts: Slot[] = [];
    for (let i = 0; i < 3; i++) {
      starts.push((await acquireAt()).slot);
      await vi.advanceTimersByTimeAsync(100);
    }
    for (const slot of starts) slot.release('rate_limited', 9000); // the end of a minute's window, say
    expect(limiter.stats().intervalMs).toBe(150);
  });

  it('after a burst of starts meets a long retry-after, holds that long but paces at most a second apart', async () => {
    const { limiter, acquireAt } = paced(8);
    const burst = await Promise.all(Array.from({ length: 8 }, () => acquireAt()));
    for (const { slot } of burst) slot.release('rate_limited', 8000); // a per-minute token limit, say
    expect(limiter.stats().intervalMs).toBe(1000);
    const first = acquireAt();
    const second = acquireAt();
    await vi.advanceTimersByTimeAsync(9100);
    expect([(await first).at, (await second).at]).toEqual([8000, 9000]);
  });

  it("moves the next start to the latest call's retry-after, even sooner than the pace", async () => {
    const { limiter, acquireAt } = paced(8);
    (await acquireAt()).slot.release('rate_limited', 100); // the pace is now 100 ms
    await vi.advanceTimersByTimeAsync(100);
    const first = await acquireAt();
    expect(first.at).toBe(100);
    vi.setSystemTime(103);
    first.slot.release('rate_limited', 7); // the provider has room at t = 107, not t = 204
    const next = acquireAt();
    await vi.advanceTimersByTimeAsync(10);
    expect((await next).at).toBe(107);
    expect(limiter.stats().intervalMs).toBeGreaterThan(100);
  });

  it("does not bring the next start forward for an older call's 429, and only holds up to 10 s", async () => {
    const { limiter, acquireAt } = paced(8);
    (await acquireAt()).slot.release('rate_limited', 100);
    await vi.advanceTimersByTimeAsync(100);
    const older = await acquireAt(); // t = 100
    await vi.advanceTimersByTimeAsync(104);
    const newer = await acquireAt(); // t = 204; the next start is due at 304
    older.slot.release('rate_limited', 5); // room at 105 says nothing now that a later call has started
    older.slot.release('rate_limited', 5); // a second release is ignored
    newer.slot.release('rate_limited', 60_000); // a minute is for that call alone: the pace goes on
    const next = acquireAt();
    await vi.advanceTimersByTimeAsync(200);
    expect((await next).at).toBeGreaterThanOrEqual(303);
    expect((await next).at).toBeLessThanOrEqual(305);
    expect(limiter.stats()).toMatchObject({ active: 1, waiting: 0 });
  });

  it('widens more for a 429 without retry-after, and escalates while 429s come back to back', async () => {
    const aligned = paced(8);
    (await aligned.acquireAt()).slot.release('rate_limited', 100);
    await vi.advanceTimersByTimeAsync(100);
    (await aligned.acquireAt()).slot.release('rate_limited', 100);
    const withRetryAfter = aligned.limiter.stats().intervalMs;
    vi.useRealTimers();

    const blind = paced(8);
    (await blind.acquireAt()).slot.release('rate_limited', 100);
    await vi.advanceTimersByTimeAsync(100);
    (await blind.acquireAt()).slot.release('rate_limited');
    expect(withRetryAfter).toBeGreaterThan(100);
    expect(blind.limiter.stats().intervalMs).toBeGreaterThan(withRetryAfter * 1.1);

    // From 1.5 ms (1.5x the gap of starts 1 ms apart) to a 40 ms pace in few waves.
    vi.useRealTimers();
    const { limiter, acquireAt } = paced(8);
    const burst: Slot[] = [];
    for (let i = 0; i < 8; i++) {
      burst.push((await acquireAt()).slot);
      await vi.advanceTimersByTimeAsync(1);
    }
    for (const slot of burst) slot.release('rate_limited', 40);
    expect(limiter.stats().intervalMs).toBe(1.5);
    let waves = 1;
    while (limiter.stats().intervalMs < 40) {
      const next = acquireAt();
      await vi.advanceTimersByTimeAsync(50);
      (await next).slot.release('rate_limited', 40);
      waves++;
    }
    expect(waves).toBeLessThanOrEqual(10);
  });

  it('narrows back to no pace at all after a run of successes', async () => {
    const { limiter, acquireAt } = paced(8);
    (await acquireAt()).slot.release('rate_limited', 50);
    let successes = 0;
    while (limiter.stats().intervalMs > 0) {
      const next = acquireAt();
      await vi.advanceTimersByTimeAsync(60);
      (await next).slot.release('ok');
      successes++;
    }
    expect(successes).toBeLessThan(150);
    const starts = await Promise.all(Array.from({ length: 8 }, () => acquireAt()));
    expect(new Set(starts.map((s) => s.at)).size).toBe(1); // all at once again
  });
});

describe('ConcurrencyLimiter against a token bucket (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  interface Provider {
    ratePerSecond: number;
    burst: number;
    latencyMs: number;
    /** Send retry-after (the time until a token, as the fault server does). */
    retryAfter: boolean;
    /** Extra ms on the way to the provider, per call. */
    transit?: () => number;
  }

  /**
   * `workers` callers each make calls one after another, retrying 429s after the retry-after (or 100 ms), until
   * `calls` succeeded. Throughput is successes per second from the first start to the last success.
   */
  async function againstBucket(provider: Provider, workers: number, calls: number) {
    vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const limiter = new ConcurrencyLimiter(workers, { now: () => Date.now() });
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    let tokens = provider.burst;
    let last = 0;
    const take = (): number => {
      const now = Date.now();
      tokens = Math.min(provider.burst, tokens + ((now - last) / 1000) * provider.ratePerSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - tokens) / provider.ratePerSecond) * 1000);
    };
    let ok = 0;
    let limited = 0;
    let active = 0;
    let peak = 0;
    let firstStart = -1;
    let lastOk = 0;
    const call = async (): Promise<void> => {
      for (;;) {
        const slot = await limiter.acquire();
        if (firstStart < 0) firstStart = Date.now();
        peak = Math.max(peak, ++active);
        await sleep(provider.transit?.() ?? 0);
        const wait = take();
        if (wait === 0) {
          await sleep(provider.latencyMs);
          active--;
          slot.release('ok');
          ok++;
          lastOk = Date.now();
          return;
        }
        await sleep(1);
        active--;
        limited++;
        slot.release('rate_limited', provider.retryAfter ? wait : undefined);
        await sleep(provider.retryAfter ? wait : 100);
      }
    };
    let remaining = calls;
    let done = false;
    const all = Promise.all(
      Array.from({ length: workers }, async () => {
        while (remaining-- > 0) await call();
      }),
    ).then(() => {
      done = true;
    });
    while (!done) await vi.advanceTimersByTimeAsync(100);
    await all;
    const perSecond = ok / ((lastOk - firstStart) / 1000);
    return { share: perSecond / provider.ratePerSecond, limitedShare: limited / (ok + limited), peak };
  }

  /** Deterministic pseudo-random transit times of 0 to 4 ms. */
  function jitter(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % 5;
    };
  }

  it('settles near a strict limit of 40/s with burst 1 (the bench fault server)', async () => {
    const result = await againstBucket(
      { ratePerSecond: 40, burst: 1, latencyMs: 50, retryAfter: true },
      20,
      400,
    );
    expect(result.share).toBeGreaterThanOrEqual(0.95);
    expect(result.limitedShare).toBeLessThan(0.3); // 19 of them from the first 20 calls, made all at once
    expect(result.peak).toBeLessThanOrEqual(20);
  });

  it('keeps most of the limit when calls reach the provider a few ms early or late', async () => {
    const provider = { ratePerSecond: 40, burst: 1, latencyMs: 50, retryAfter: true, transit: jitter(7) };
    const result = await againstBucket(provider, 20, 400);
    expect(result.share).toBeGreaterThanOrEqual(0.9);
    expect(result.limitedShare).toBeLessThan(0.3);
  });

  it('without retry-after, stays further back: fewer 429s, still most of the limit', async () => {
    const result = await againstBucket(
      { ratePerSecond: 40, burst: 1, latencyMs: 50, retryAfter: false },
      20,
      400,
    );
    expect(result.share).toBeGreaterThanOrEqual(0.8);
    expect(result.limitedShare).toBeLessThan(0.2);
  });

  it('uses a per-minute style limit with a large burst and slow calls', async () => {
    // 120 requests a minute, 30 banked, 3 s calls, 20 at a time: 6.7 calls/s wanted, 2/s allowed.
    const provider = { ratePerSecond: 2, burst: 30, latencyMs: 3000, retryAfter: true, transit: jitter(3) };
    const result = await againstBucket(provider, 20, 300);
    expect(result.share).toBeGreaterThanOrEqual(0.95);
    expect(result.peak).toBeLessThanOrEqual(20);
  });
});

describe('limiter shared by real clients', () => {
  let server: ModelServer;
  beforeAll(async () => {
    server = await startModelServer();
  });
  afterAll(() => server.close());

  it('keeps requests in flight at the server within max_concurrent', async () => {
    server.setFallback(reply(anthropicMessage({ text: 'ok' }), 15));
    const { client, ledger } = harness(server, 'anthropic/claude-test', { maxConcurrent: 3 });
    await Promise.all(
      Array.from({ length: 24 }, () =>
        client.complete({ purpose: 'judge', maxTokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      ),
    );
    expect(server.maxInFlight).toBe(3);
    expect(ledger.summary().totals.calls).toBe(24);
  });
});
