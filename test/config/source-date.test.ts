// SOURCE_DATE_EPOCH: a stopped clock for reproducible results, or a one-line error for anything but whole seconds.

import { describe, expect, it } from 'vitest';
import { runNonce, sourceDateClock } from '../../src/config/source-date.ts';
import { ConfigError, EXIT } from '../../src/util/errors.ts';

describe('sourceDateClock', () => {
  it('is absent when the variable is unset or empty', () => {
    expect(sourceDateClock({})).toBeUndefined();
    expect(sourceDateClock({ SOURCE_DATE_EPOCH: '' })).toBeUndefined();
  });

  it('stops at the given second, every time it is read', () => {
    const now = sourceDateClock({ SOURCE_DATE_EPOCH: '1767225600' });
    expect(now?.().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(now?.().getTime()).toBe(now?.().getTime());
    expect(sourceDateClock({ SOURCE_DATE_EPOCH: '0' })?.().toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it.each(['soon', '-5', '1.5', '1e9', ' 17', '2026-01-01'])('refuses %j with a config error', (value) => {
    const attempt = () => sourceDateClock({ SOURCE_DATE_EPOCH: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^environment: SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC/);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).exitCode).toBe(EXIT.config);
    }
  });
});

describe('runNonce', () => {
  it('is random per run when SOURCE_DATE_EPOCH is unset', () => {
    expect(runNonce({})).not.toBe(runNonce({}));
    expect(runNonce({ SOURCE_DATE_EPOCH: '' })).not.toBe(runNonce({ SOURCE_DATE_EPOCH: '' }));
  });

  it('is fixed by SOURCE_DATE_EPOCH, and differs for another time', () => {
    expect(runNonce({ SOURCE_DATE_EPOCH: '1767225600' })).toBe(runNonce({ SOURCE_DATE_EPOCH: '1767225600' }));
    expect(runNonce({ SOURCE_DATE_EPOCH: '1767225601' })).not.toBe(
      runNonce({ SOURCE_DATE_EPOCH: '1767225600' }),
    );
  });

  it('refuses what the clock refuses', () => {
    expect(() => runNonce({ SOURCE_DATE_EPOCH: 'soon' })).toThrow(ConfigError);
  });
});
