// Building, reading and writing the baseline and its history. Everything is validated before anything is
// written, and every write is atomic, so bad input never leaves a torn or half-updated file.

import { readFile } from 'node:fs/promises';
import type { Baseline, BaselineBehavior, JudgeSampleEntry } from '../formats/baseline.ts';
import { baselineSchema } from '../formats/baseline.ts';
import type { HistoryEntry } from '../formats/history.ts';
import { historyEntrySchema } from '../formats/history.ts';
import { parseOrThrow } from '../formats/zod-issue.ts';
import { ConfigError, describeValue } from '../util/errors.ts';
import { utf8Text, writeFileAtomic, writeJsonAtomic } from '../util/fs.ts';
import { parseJsonText } from '../util/json-text.ts';
import { rateSummary } from './rate.ts';
import type { CandidateBehavior } from './types.ts';

/** The one value every behavior shares, or null when they differ. */
function shared<T>(values: readonly T[]): T | null {
  const [first] = values;
  return first !== undefined && values.every((v) => v === first) ? first : null;
}

export function buildBaseline(
  behaviors: readonly CandidateBehavior[],
  stamp: { commit: string | null; createdAt: string },
  samples: ReadonlyMap<string, JudgeSampleEntry[]> = new Map(),
): Baseline {
  const entries: Record<string, BaselineBehavior> = {};
  for (const b of behaviors) {
    const sample = samples.get(b.behavior);
    entries[b.behavior] = {
      suite_hash: b.suite_hash,
      config_hash: b.config_hash,
      target_id: b.target_id,
      ...rateSummary(b.scores, b),
      scores: b.scores,
      ...(b.config_parts ? { config_parts: b.config_parts } : {}),
      ...(b.models ? { judge: b.models.judge } : {}),
      ...(sample && sample.length > 0 ? { judge_sample: sample } : {}),
    };
  }
  return {
    format_version: 2,
    suite_hash: shared(behaviors.map((b) => b.suite_hash)),
    config_hash: shared(behaviors.map((b) => b.config_hash)),
    target_id: shared(behaviors.map((b) => b.target_id)),
    commit: stamp.commit,
    created_at: stamp.createdAt,
    behaviors: entries,
  };
}

export function historyEntries(baseline: Baseline): HistoryEntry[] {
  return Object.entries(baseline.behaviors).map(([behavior, b]) => ({
    time: baseline.created_at,
    commit: baseline.commit,
    target_id: b.target_id,
    suite_hash: b.suite_hash,
    config_hash: b.config_hash,
    behavior,
    n: b.n,
    elicited: b.elicited,
    rate: b.rate,
    interval: [b.interval.low, b.interval.high],
  }));
}

async function readText(file: string, what: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(file, '', what, code);
  }
  return utf8Text(file, bytes);
}

/** A figure recomputed from the scores may differ from the stored one by float rounding only. */
const SAME = 1e-9;

/** Figures a hand edit could make disagree with the scores they summarize: each is recomputed and compared. */
function checkConsistency(file: string, baseline: Baseline): void {
  for (const [name, b] of Object.entries(baseline.behaviors)) {
    const path = `behaviors.${name}`;
    const expected = rateSummary(b.scores, b);
    if (b.n !== expected.n) {
      throw new ConfigError(file, `${path}.n`, `${expected.n} (the number of scores)`, String(b.n));
    }
    if (b.elicited !== expected.elicited) {
      throw new ConfigError(
        file,
        `${path}.elicited`,
        `${expected.elicited} (scores above 6)`,
        String(b.elicited),
      );
    }
    const figures: [string, number | null, number | null, string][] = [
      ['rate', b.rate, expected.rate, 'elicited / n'],
      ['interval.low', b.interval.low, expected.interval.low, 'the Wilson 95% lower bound of elicited / n'],
      [
        'interval.high',
        b.interval.high,
        expected.interval.high,
        'the Wilson 95% upper bound of elicited / n',
      ],
      ['mean_presence', b.mean_presence, expected.mean_presence, 'the mean of the scores'],
    ];
    for (const [key, found, want, what] of figures) {
      const differs = found === null || want === null ? found !== want : Math.abs(found - want) > SAME;
      if (differs) throw new ConfigError(file, `${path}.${key}`, `${want} (${what})`, String(found));
    }
  }
}

export async function readBaseline(file: string): Promise<Baseline> {
  const text = await readText(file, 'a readable baseline file');
  if (text === undefined)
    throw new ConfigError(file, '', 'a baseline written by `bloom baseline`', 'no such file');
  const baseline = parseOrThrow(file, baselineSchema, parseJsonText(file, text));
  checkConsistency(file, baseline);
  return baseline;
}

/** Validates every existing line (blank lines allowed); returns the text to append to. */
export async function readHistory(file: string): Promise<{ text: string; entries: HistoryEntry[] }> {
  const text = (await readText(file, 'a readable history file')) ?? '';
  const entries: HistoryEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw new ConfigError(file, `line ${i + 1}`, 'one JSON object per line', describeValue(line));
    }
    let entry: HistoryEntry;
    try {
      entry = parseOrThrow(file, historyEntrySchema, data);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const [expected, found] = splitExpected(error);
      throw new ConfigError(
        file,
        `line ${i + 1}${error.keyPath ? `: ${error.keyPath}` : ''}`,
        expected,
        found,
      );
    }
    entries.push(entry);
  });
  return { text, entries };
}

/** The "expected ..., found ..." halves of a ConfigError's message. */
function splitExpected(error: ConfigError): [string, string | undefined] {
  const m = /: expected (.*?)(?:, found (.*))?$/.exec(error.message);
  return [m?.[1] ?? 'a valid history line', m?.[2]];
}

export async function writeBaselineAndHistory(
  baseline: Baseline,
  files: { out: string; history: string; historyText: string },
): Promise<void> {
  const prefix =
    files.historyText === '' || files.historyText.endsWith('\n')
      ? files.historyText
      : `${files.historyText}\n`;
  const lines = historyEntries(baseline).map((e) => JSON.stringify(e));
  await writeJsonAtomic(files.out, baseline);
  await writeFileAtomic(files.history, `${prefix}${lines.join('\n')}\n`);
}
