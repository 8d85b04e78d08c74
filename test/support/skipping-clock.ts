// A clock for the limiter that skips ahead instead of waiting: a wait of N ms moves the clock N ms forward and
// wakes the waiter on the next turn of the event loop. Order and arithmetic stay those of real time; the test
// spends none of it (a retry-after of seconds is honoured in microseconds).

import type { LimiterOptions } from '../../src/models/limiter.ts';

export function skippingClock(): Required<LimiterOptions> & { skipped: () => number } {
  let offset = 0;
  return {
    now: () => performance.now() + offset,
    timers: {
      set: (wake, ms) => {
        offset += ms;
        return setImmediate(wake);
      },
      clear: (handle) => clearImmediate(handle as ReturnType<typeof setImmediate> | undefined),
    },
    skipped: () => offset,
  };
}
