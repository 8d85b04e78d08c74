// One FIFO limiter shared by every model client of a run: at most `max_concurrent` calls on the wire, and, once a
// provider answers 429, a pace: new calls start at least `interval` apart.
//
// The pace is a feedback loop on the provider's answers. A 429 widens the interval (once per wave of calls that
// overlapped, so a burst of 429s counts once); each success narrows it a little. Where it settles depends on
// what a 429 costs. With a retry-after, little: the provider says when it has room again, the next start moves
// to exactly then, and the early call only retries. So the pace runs close, about one call in four drawing a
// 429, which is what keeps a strict limit busy when calls reach the provider a few ms early or late (pacing
// safely behind it left a third of a 40/s limit unused in the bench). Without one, an early call wastes a
// whole interval, so the pace stays further back (about one in twelve).
// Callers hold a slot only while a request is on the wire; retry sleeps happen outside.

export type SlotOutcome = 'ok' | 'rate_limited' | 'error';

export interface Slot {
  /**
   * Frees the slot; the outcome feeds the adaptive pace, and a 429's retry-after holds every new start until
   * then (the provider said no sooner). Calling it twice is harmless.
   */
  release(outcome: SlotOutcome, retryAfterMs?: number): void;
}

export interface LimiterOptions {
  /** Clock in ms, and the timer that waits for the next start: tests pass a clock that skips ahead instead. */
  now?: () => number;
  timers?: LimiterTimers;
}

export interface LimiterTimers {
  set(wake: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: LimiterTimers = {
  set: (wake, ms) => setTimeout(wake, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};

export interface LimiterStats {
  max: number;
  active: number;
  waiting: number;
  slowdowns: number;
  /** Minimum time between two call starts, in ms; 0 until a 429 is seen. */
  intervalMs: number;
}

interface Waiter {
  grant: (slot: Slot) => void;
  reject: (reason: unknown) => void;
}

/** The interval never grows past this: a provider asking for longer says so in retry-after. */
const MAX_INTERVAL_MS = 5000;
/** A retry-after longer than this is left to the retrying call alone rather than holding every call. */
const MAX_HOLD_MS = 10_000;
/** Without a shorter retry-after, the first interval is this many times the recent gap between starts. */
const FIRST_WIDEN = 1.5;
/**
 * The first interval when the calls had all started at once (no gap to go by): a retry-after of seconds, a
 * per-minute window's, already holds every start that long; as the pace after it, it would crawl for minutes.
 */
const MAX_FIRST_INTERVAL_MS = 1000;
/** Log-steps of the interval: -1% per success, +4% per 429 with a retry-after, +21% per 429 without. */
const NARROW_STEP = 0.01;
const WIDEN_STEP = 0.04;
const BLIND_WIDEN_STEP = 0.19;
/**
 * Far from the limit, steps grow: from the third widening in a row without a success between, each doubles (up
 * to 2x); after k successes in a row, narrowing is (1 + k/10)x as strong, up to 4x.
 */
const MAX_WIDEN_STEP = Math.LN2;
const NARROW_RAMP = 10;
const MAX_NARROW_BOOST = 4;
/** Timers fire to the millisecond: a start due within one is made now rather than a tick or two late. */
const TICK_MS = 1;

export class ConcurrencyLimiter {
  readonly max: number;
  private readonly now: () => number;
  private active = 0;
  private slowdowns = 0;
  private intervalMs = 0;
  private nextStartAt = 0;
  /** Counts starts, so a 429 can tell whether its call was the latest one to start. */
  private started = 0;
  /** Widenings since the last success, and successes since the last widening. */
  private widenings = 0;
  private successes = 0;
  /** Start times of the latest calls, to size the first interval from the pace that drew the 429. */
  private readonly recentStarts: number[] = [];
  private readonly timers: LimiterTimers;
  private timer: unknown;
  private timerAt = 0;
  /** Bumped at each slowdown; a slot taken before the bump cannot trigger another one. */
  private generation = 0;
  private readonly queue: Waiter[] = [];

  constructor(max: number, options: LimiterOptions = {}) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max_concurrent must be >= 1, got ${max}`);
    this.max = max;
    // Sub-millisecond: against a limit of one call per 25 ms, a whole-ms clock loses a few percent.
    this.now = options.now ?? (() => performance.now());
    this.timers = options.timers ?? REAL_TIMERS;
  }

  acquire(signal?: AbortSignal): Promise<Slot> {
    signal?.throwIfAborted();
    if (this.queue.length === 0 && this.active < this.max && this.now() >= this.nextStartAt - TICK_MS) {
      return Promise.resolve(this.take());
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.drain();
    });
  }

  stats(): LimiterStats {
    return {
      max: this.max,
      active: this.active,
      waiting: this.queue.length,
      slowdowns: this.slowdowns,
      intervalMs: this.intervalMs,
    };
  }

  private take(): Slot {
    const startedAt = this.now();
    this.active++;
    this.nextStartAt = startedAt + this.intervalMs;
    this.recentStarts.push(startedAt);
    if (this.recentStarts.length > this.max * 2) this.recentStarts.shift();
    const generation = this.generation;
    const index = ++this.started;
    let released = false;
    return {
      release: (outcome, retryAfterMs) => {
        if (released) return;
        released = true;
        this.active--;
        const aligned =
          outcome === 'rate_limited' && retryAfterMs !== undefined && retryAfterMs <= MAX_HOLD_MS;
        if (aligned) this.hold(startedAt + retryAfterMs, index === this.started);
        this.record(outcome, generation, aligned ? retryAfterMs : undefined);
        this.drain();
      },
    };
  }

  /**
   * No start before `at`: the 429'd call's start plus its retry-after, so that a call making the same trip
   * reaches the provider when it said it has room. Only the latest call's 429 may bring the next start forward:
   * after a later start, that room may already be taken.
   */
  private hold(at: number, latest: boolean): void {
    this.nextStartAt = latest ? at : Math.max(this.nextStartAt, at);
  }

  private record(outcome: SlotOutcome, generation: number, retryAfterMs: number | undefined): void {
    if (outcome === 'rate_limited') {
      if (generation !== this.generation) return;
      this.generation++;
      this.slowdowns++;
      const base = retryAfterMs === undefined ? BLIND_WIDEN_STEP : WIDEN_STEP;
      const step = Math.min(MAX_WIDEN_STEP, base * 2 ** Math.max(0, this.widenings - 1));
      this.widenings++;
      this.successes = 0;
      this.intervalMs = Math.min(
        MAX_INTERVAL_MS,
        this.intervalMs > 0 ? this.intervalMs * Math.exp(step) : this.firstInterval(retryAfterMs),
      );
    } else if (outcome === 'ok' && this.intervalMs > 0) {
      this.widenings = 0;
      this.successes++;
      const boost = Math.min(MAX_NARROW_BOOST, 1 + this.successes / NARROW_RAMP);
      this.intervalMs *= Math.exp(-NARROW_STEP * boost);
      if (this.intervalMs < 0.5) this.intervalMs = 0;
    }
  }

  /**
   * The provider's time until it has room for one more call, unless longer than 1.5x the recent gap between
   * starts: the pace that drew the 429 was too fast, but a retry-after to the end of a minute's window is no
   * interval between calls. Starts that came all at once have no gap to go by: at most a second, then.
   */
  private firstInterval(retryAfterMs: number | undefined): number {
    const starts = this.recentStarts;
    const gap =
      starts.length < 2 ? 0 : ((starts.at(-1) as number) - (starts[0] as number)) / (starts.length - 1);
    if (retryAfterMs === undefined) return Math.max(1, gap * FIRST_WIDEN);
    return Math.max(1, Math.min(retryAfterMs, gap < 1 ? MAX_FIRST_INTERVAL_MS : gap * FIRST_WIDEN));
  }

  private drain(): void {
    while (this.queue.length > 0 && this.active < this.max) {
      const wait = this.nextStartAt - this.now();
      if (wait > TICK_MS) {
        // A 429 may have brought the next start forward: a timer set for later is set again.
        if (this.timer !== undefined && this.timerAt <= this.nextStartAt) return;
        this.timers.clear(this.timer);
        this.timerAt = this.nextStartAt;
        this.timer = this.timers.set(() => {
          this.timer = undefined;
          this.drain();
        }, Math.ceil(wait));
        return;
      }
      const next = this.queue.shift() as Waiter;
      next.grant(this.take());
    }
  }
}
