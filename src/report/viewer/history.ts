// The trend: a history .jsonl (one run per line, written by the gate) read loosely. A line needs time,
// behavior and rate; the interval may be {low, high} or interval: [low, high]. Other lines are skipped.
// Each point names its commit and target; runs of another suite, config or target start a new stretch, and the
// chart breaks between stretches instead of joining them.

import type { HistoryPoint } from './types.ts';

function isFraction(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

interface ParsedPoint extends Omit<HistoryPoint, 'stretch'> {
  behavior: string;
  /** suite, config and target joined: what must match for two runs to be compared. */
  identity: string;
}

function parseLine(line: string): ParsedPoint | null {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null) return null;
  const { time, behavior, rate } = entry;
  if (typeof time !== 'string' || typeof behavior !== 'string' || !isFraction(rate)) return null;
  const pair = Array.isArray(entry.interval) ? entry.interval : [entry.low, entry.high];
  const low = isFraction(pair[0]) ? pair[0] : rate;
  const high = isFraction(pair[1]) ? pair[1] : rate;
  const target = text(entry.target_id);
  const identity = JSON.stringify([text(entry.suite_hash), text(entry.config_hash), target]);
  return { time, behavior, rate, low, high, commit: text(entry.commit), target, identity };
}

/** Points per behavior, oldest first, each with the index of its stretch of comparable runs. */
export function parseHistory(text: string): Map<string, HistoryPoint[]> {
  const byBehavior = new Map<string, ParsedPoint[]>();
  for (const line of text.split('\n')) {
    const point = line.trim() ? parseLine(line) : null;
    if (!point) continue;
    const list = byBehavior.get(point.behavior) ?? [];
    list.push(point);
    byBehavior.set(point.behavior, list);
  }
  const out = new Map<string, HistoryPoint[]>();
  for (const [behavior, list] of byBehavior) {
    list.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    let stretch = 0;
    out.set(
      behavior,
      list.map(({ behavior: _behavior, identity, ...point }, i) => {
        if (i > 0 && identity !== list[i - 1]?.identity) stretch += 1;
        return { ...point, stretch };
      }),
    );
  }
  return out;
}
