import { describe, expect, it } from 'vitest';
import {
  createProgress,
  estimateRemainingMs,
  formatDuration,
  formatTokens,
  type ProgressStream,
  renderBar,
} from '../../src/report/progress.ts';

interface FakeStream {
  stream: ProgressStream;
  writes: string[];
  text: () => string;
}

function fakeStream(isTTY: boolean, columns = 100): FakeStream {
  const writes: string[] = [];
  const stream = {
    isTTY,
    columns,
    write(chunk: string | Uint8Array) {
      writes.push(String(chunk));
      return true;
    },
  } as unknown as ProgressStream;
  return { stream, writes, text: () => writes.join('') };
}

function fakeClock(start = 0) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting escape codes is the point
const ESCAPE = /\x1b/;

describe('pure helpers', () => {
  it('estimates the remaining time from the rate so far', () => {
    expect(estimateRemainingMs(12, 48, 60_000)).toBe(180_000);
    expect(estimateRemainingMs(1, 4, 1000)).toBe(3000);
  });

  it('has no estimate before anything is done or after everything is', () => {
    expect(estimateRemainingMs(0, 10, 5000)).toBeUndefined();
    expect(estimateRemainingMs(10, 10, 5000)).toBeUndefined();
  });

  it('formats durations and token counts compactly', () => {
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_345)).toBe('12.3k');
    expect(formatTokens(1_250_000)).toBe('1.3M');
  });

  it('fills the bar in proportion to progress', () => {
    expect(renderBar(5, 10, 10)).toBe('[#####-----]');
    expect(renderBar(0, 0, 4)).toBe('[####]');
  });
});

describe('on a TTY', () => {
  it('redraws one line per stage with \\r and a line clear, ending it with a newline', () => {
    const out = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress(out.stream, { now: clock.now });
    progress.onProgress({ stage: 'rollout', done: 0, total: 4 });
    clock.advance(10_000);
    progress.onProgress({ stage: 'rollout', done: 1, total: 4, failed: 1 });
    progress.tokens(1500);
    clock.advance(10_000);
    progress.onProgress({ stage: 'rollout', done: 4, total: 4, failed: 1 });

    const draws = out.writes.filter((w) => w.startsWith('\r\x1b[2K'));
    expect(draws.length).toBeGreaterThanOrEqual(4);
    expect(out.text().split('\n')).toHaveLength(2); // one finished line, then nothing
    expect(draws[1]).toContain('rollout');
    expect(draws[1]).toContain('1/4 (1 failed)');
    expect(draws[1]).toContain('ETA 30s'); // 1 unit in 10 s, 3 left
    expect(draws[2]).toContain('1.5k tokens');
    expect(out.writes.at(-1)).toContain('4/4 (1 failed)');
    expect(out.writes.at(-1)).toContain('done in 20s');
    expect(out.writes.at(-1)?.endsWith('\n')).toBe(true);
  });

  it('keeps interleaved stages apart: each finishes on its own line, the live line shows the latest', () => {
    const out = fakeStream(true);
    const clock = fakeClock();
    const progress = createProgress(out.stream, { now: clock.now });
    progress.onProgress({ stage: 'rollout', done: 0, total: 2 });
    progress.onProgress({ stage: 'judgment', done: 0, total: 2 });
    progress.onProgress({ stage: 'rollout', done: 1, total: 2 });
    progress.onProgress({ stage: 'judgment', done: 1, total: 2 });
    progress.onProgress({ stage: 'rollout', done: 2, total: 2 });
    progress.onProgress({ stage: 'judgment', done: 2, total: 2 });
    progress.finish();
    const finished = out
      .text()
      .split('\n')
      .filter((l) => l.includes('done in'));
    expect(finished.map((l) => l.slice(l.lastIndexOf('[2K') + 3).split(' ')[0])).toEqual([
      'rollout',
      'judgment',
    ]);
  });

  it('keeps each drawn line narrower than the terminal so \\r redraws it whole', () => {
    const out = fakeStream(true, 40);
    const progress = createProgress(out.stream, { now: () => 0 });
    progress.onProgress({ stage: 'metajudgment', done: 1, total: 1000 });
    const line = (out.writes[0] ?? '').replace('\r\x1b[2K', '');
    expect(line.length).toBeLessThan(40);
  });

  it('closes the previous stage when the next one starts, and finish closes the last', () => {
    const out = fakeStream(true);
    const progress = createProgress(out.stream, { now: () => 0 });
    progress.onProgress({ stage: 'understanding', done: 0, total: 2 });
    progress.onProgress({ stage: 'ideation', done: 0, total: 1 });
    progress.finish();
    progress.finish();
    const lines = out.text().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('understanding');
    expect(lines[1]).toContain('ideation');
  });
});

describe('without a TTY', () => {
  it('prints plain lines with no escape codes, at most every 10% or 5 s, and at stage end', () => {
    const out = fakeStream(false);
    const clock = fakeClock();
    const progress = createProgress(out.stream, { now: clock.now });
    for (let done = 0; done <= 48; done++) {
      clock.advance(100);
      progress.onProgress({ stage: 'rollout', done, total: 48, failed: done >= 12 ? 1 : 0 });
      progress.tokens(100);
    }
    progress.finish();
    const lines = out.text().trimEnd().split('\n');
    expect(out.text()).not.toMatch(ESCAPE);
    expect(out.text()).not.toContain('\r');
    expect(lines.length).toBe(10); // one per tenth crossed, the last being the end
    expect(lines).toContain('rollout 5/48, ETA 4s'); // 0.5 s for 5 units (from the first event), 43 left
    expect(lines.at(-1)).toBe('rollout 48/48 (1 failed), done in 5s');
  });

  it('prints a line after 5 s even when under 10% has passed', () => {
    const out = fakeStream(false);
    const clock = fakeClock();
    const progress = createProgress(out.stream, { now: clock.now });
    progress.onProgress({ stage: 'judgment', done: 0, total: 100 });
    clock.advance(4000);
    progress.onProgress({ stage: 'judgment', done: 1, total: 100 });
    expect(out.writes).toHaveLength(0);
    clock.advance(1000);
    progress.onProgress({ stage: 'judgment', done: 2, total: 100 });
    expect(out.writes).toEqual(['judgment 2/100, ETA 4m 05s\n']);
  });

  it('reports interleaved stages independently, each at its own 10% steps', () => {
    const out = fakeStream(false);
    const progress = createProgress(out.stream, { now: () => 0 });
    for (let i = 1; i <= 10; i++) {
      progress.onProgress({ stage: 'rollout', done: i, total: 10 });
      progress.onProgress({ stage: 'judgment', done: i - 1, total: 10 });
    }
    progress.onProgress({ stage: 'judgment', done: 10, total: 10 });
    const lines = out.text().trim().split('\n');
    expect(lines.filter((l) => l.startsWith('rollout'))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('judgment'))).toHaveLength(10);
    expect(lines.at(-1)).toMatch(/^judgment 10\/10/);
  });

  it('ends an unfinished stage with its last numbers when the next stage starts', () => {
    const out = fakeStream(false);
    const progress = createProgress(out.stream, { now: () => 0 });
    progress.onProgress({ stage: 'rollout', done: 1, total: 100, failed: 1 });
    progress.onProgress({ stage: 'judgment', done: 0, total: 3 });
    progress.finish();
    expect(out.text().split('\n')[0]).toBe('rollout 1/100 (1 failed), ETA --');
    expect(out.text().split('\n')[1]).toMatch(/^judgment 0\/3/);
  });

  it('shows units reused from disk as reused: no 10% steps for them, and an ETA from the new work only', () => {
    const out = fakeStream(false);
    const clock = fakeClock();
    const progress = createProgress(out.stream, { now: clock.now });
    // A resumed run: 18 of 24 transcripts were on disk and are read at once, then 6 are rolled out, 1 s each.
    for (let done = 0; done <= 18; done++)
      progress.onProgress({ stage: 'rollout', done, total: 24, reused: done });
    expect(out.writes).toEqual([]);
    for (let fresh = 1; fresh <= 6; fresh++) {
      clock.advance(1000);
      progress.onProgress({ stage: 'rollout', done: 18 + fresh, total: 24, reused: 18 });
    }
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toBe('rollout 19/24 (18 reused), ETA 5s'); // 1 new unit in 1 s, 5 left
    expect(lines.at(-1)).toBe('rollout 24/24 (18 reused), done in 6s');
    expect(lines).toHaveLength(6);
  });

  it('prints a repeated final event only once and keeps notes on one line', () => {
    const out = fakeStream(false);
    const progress = createProgress(out.stream, { now: () => 0 });
    progress.onProgress({ stage: 'ideation', done: 1, total: 1, note: 'batch 1\nof 1' });
    progress.onProgress({ stage: 'ideation', done: 1, total: 1 });
    progress.finish();
    expect(out.writes).toEqual(['ideation 1/1, done in 0s - batch 1 of 1\n']);
  });
});
