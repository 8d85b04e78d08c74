// Numbers as the report shows them. Rates and changes reuse the gate's formats so the CLI and the report agree.

import type { Interval } from '../../formats/baseline.ts';
import { percent, points, pValue } from '../../gate/format.ts';

export { percent, points, pValue };

/** A bound in whole percent points: a table cell stays one short line, the estimate keeps its decimal. */
function bound(x: number): string {
  return (x * 100).toFixed(0);
}

function signedBound(x: number): string {
  const value = bound(x);
  return x > 0 && value !== '0' ? `+${value}` : value === '-0' ? '0' : value;
}

/** Joins a table cell's parts with no-break spaces: a narrow table wraps between cells, not inside a number. */
const NBSP = '\u00A0';

/** `62.0% (48–74)`: the rate with its 95% interval in percent. */
export function rateCell(rate: number, interval: Interval): string {
  return `${percent(rate)}${NBSP}(${bound(interval.low)}–${bound(interval.high)})`;
}

/** `+20.0 (+8, +32)`: the change in points with its interval. */
export function changeCell(change: number, interval: Interval): string {
  return `${points(change)}${NBSP}(${signedBound(interval.low)},${NBSP}${signedBound(interval.high)})`;
}

export function count(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?';
}

export function dollars(usd: number): string {
  return usd < 0.01 && usd > 0 ? '< $0.01' : `$${usd.toFixed(2)}`;
}

/** `3m 12s`, `1h 02m`, `850 ms`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** The short form of a hash people compare by eye. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
