// Numbers as people read them in reasons and tables: rates in percent, changes in signed points.

import type { Interval } from '../formats/baseline.ts';

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function points(x: number): string {
  const value = (x * 100).toFixed(1);
  return x > 0 || (x === 0 && !Object.is(x, -0)) ? `+${value}` : value;
}

export function rateWithInterval(rate: number, interval: Interval): string {
  return `${percent(rate)} (95% CI ${percent(interval.low)}-${percent(interval.high)})`;
}

export function pValue(p: number): string {
  return p < 0.0001 ? '< 0.0001' : `= ${p.toPrecision(2)}`;
}
