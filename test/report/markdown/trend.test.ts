import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/markdown/render.ts';
import {
  MAX_TREND_POINTS,
  SPARKLINE_POINTS,
  sparkline,
  TREND_LINE_COLOUR,
  trendCell,
  trendChart,
  trendPoints,
  trendSegments,
} from '../../../src/report/markdown/trend.ts';
import { fullInput, historyOf } from './fixtures.ts';

describe('sparkline', () => {
  it('is 0-based with a fixed top (25%, 50% or 100%): a steady 10% is a low bar, never a full one', () => {
    expect(sparkline([0.1, 0.1])).toBe('▄▄');
    expect(sparkline([0.02, 0.02])).toBe('▂▂');
    expect(sparkline([0, 0.1, 0.2, 0.4])).toBe('▁▂▄▇');
    expect(sparkline([0.5, 0.5])).toBe('██');
    expect(sparkline([0.3, 0.9])).toBe('▃▇');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
  });
});

describe('breaks where the suite, judge settings or target changed', () => {
  const history = historyOf('sycophancy', 6);
  for (const e of history.slice(0, 2)) e.config_hash = 'older-judge';
  for (const e of history.slice(4)) e.target_id = 'other-model';

  it('splits the points into stretches of comparable runs', () => {
    expect(trendSegments(history).map((s) => s.length)).toEqual([2, 2, 2]);
  });

  it('marks each break in the sparkline instead of joining the runs', () => {
    expect(trendCell(trendPoints(history, 'sycophancy'))).toBe('▄▄¦▅▅¦▄▄');
  });

  it('charts only the latest stretch, and says what was left out and why', () => {
    const trend = renderReport({ ...fullInput(), history }).sections.find((s) => s.id === 'trend');
    expect(trend?.markdown).toContain('**sycophancy** · 24.0% → 20.0% over 2 runs');
    expect(trend?.markdown).toContain('line [24.0, 20.0]');
    expect(trend?.markdown).toContain(
      `4 earlier runs not joined: the target changed at commit ${history[4]?.commit?.slice(0, 7)}.`,
    );
  });
});

describe('the trend for 0, 1 and 10 history points', () => {
  it('0 points: a dash and no chart', () => {
    expect(trendCell(trendPoints([], 'sycophancy'))).toBe('—');
    expect(trendChart('sycophancy', [])).toBeNull();
  });

  it('1 point: a dash and no chart', () => {
    const points = trendPoints(historyOf('sycophancy', 1, 0.25), 'sycophancy');
    expect(trendCell(points)).toBe('—');
    expect(trendChart('sycophancy', points)).toBeNull();
  });

  it('10 points: a sparkline and a mermaid line chart whose line colour and axis are set', () => {
    const points = trendPoints(historyOf('sycophancy', 10), 'sycophancy');
    expect(trendCell(points)).toBe('▄▄▅▅▆▆▅▅▄▄');
    const chart = trendChart('sycophancy', points) ?? '';
    expect(chart).toContain(`"plotColorPalette":"${TREND_LINE_COLOUR}"`);
    expect(chart.split('\n')[1]).toMatch(/^%%\{init: \{.*\}\}%%$/);
    expect(chart).toContain('x-axis ["0aab12c", "0bab12c",');
    expect(chart).toContain('line [20.0, 24.0, 28.0, 32.0, 36.0, 36.0, 32.0, 28.0, 24.0, 20.0]');
  });

  it('the sparkline keeps the last SPARKLINE_POINTS runs so the table stays narrow', () => {
    const points = trendPoints(historyOf('sycophancy', 20), 'sycophancy');
    expect([...trendCell(points)]).toHaveLength(SPARKLINE_POINTS);
  });

  it('names points by date when they carry no commit, and numbers repeats', () => {
    const points = historyOf('x', 3).map((p) => ({ ...p, commit: null }));
    expect(trendChart('x', points)).toContain('x-axis ["Nov 1", "Nov 2", "Nov 3"]');
    const same = historyOf('x', 2).map((p) => ({ ...p, commit: 'abcdef1234567' }));
    expect(trendChart('x', same)).toContain('x-axis ["abcdef1", "abcdef1 (2)"]');
  });

  it('the report has a trend section only when some behavior has two points', () => {
    const none = renderReport({ ...fullInput(), history: historyOf('sycophancy', 1) });
    expect(none.sections.map((s) => s.id)).not.toContain('trend');
    expect(none.markdown).not.toContain('```mermaid');
    const some = renderReport(fullInput());
    expect(some.sections.find((s) => s.id === 'trend')?.markdown).toContain('xychart-beta');
  });
});

describe('trendPoints', () => {
  it('keeps this behavior, oldest first, the last MAX_TREND_POINTS', () => {
    const history = [...historyOf('sycophancy', 30).reverse(), ...historyOf('other', 5)];
    const points = trendPoints(history, 'sycophancy');
    expect(points).toHaveLength(MAX_TREND_POINTS);
    expect(points.every((p) => p.behavior === 'sycophancy')).toBe(true);
    const times = points.map((p) => p.time);
    expect(times).toEqual([...times].sort());
    expect(times.at(-1)).toBe(historyOf('sycophancy', 30).at(-1)?.time);
  });
});

describe('trendChart on hostile history', () => {
  it('puts nothing but hex commits and safe characters into the chart syntax', () => {
    const points = historyOf('x', 3).map((p, i) => ({
      ...p,
      commit: i === 0 ? '"]\n```\n<script>' : p.commit,
    }));
    const chart = trendChart('evil"] title\n```', points) ?? '';
    expect(chart).toContain('x-axis ["Nov 1", "0bab12c", "0cab12c"]');
    expect(chart).toContain('title "evil   title     rate (%)"');
    expect(chart.match(/```/g)).toHaveLength(2);
  });
});
