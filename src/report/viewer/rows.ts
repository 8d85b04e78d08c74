// The rollout list: one row per (variation, repetition) found anywhere in the results folder: judgment.json's
// judgments and failed_judgments, rollout.json, and the transcript files. Python Bloom keeps only some
// transcripts, so a row never depends on its file.

import type { JudgmentRecord } from '../../formats/judgment.ts';
import { type BehaviorFolder, rolloutKey } from '../../formats/results-folder.ts';
import type { RolloutRecord } from '../../formats/rollout.ts';
import type { Transcript } from '../../formats/transcript.ts';
import { BASE_DIMENSION, splitDimension } from './dimension.ts';
import type { RolloutRow, RolloutStatus } from './types.ts';

interface Cell {
  variation: number;
  repetition: number;
  judgment?: JudgmentRecord;
  failure?: { unscoreable: boolean; error: string };
  rollout?: Partial<RolloutRecord>;
  transcript?: Transcript;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function cellsOf(files: BehaviorFolder): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const cell = (variation: unknown, repetition: unknown): Cell | undefined => {
    if (typeof variation !== 'number' || typeof repetition !== 'number') return undefined;
    const key = rolloutKey(variation, repetition);
    let found = cells.get(key);
    if (!found) {
      found = { variation, repetition };
      cells.set(key, found);
    }
    return found;
  };
  for (const judgment of files.judgment.judgments ?? []) {
    const c = cell(judgment.variation_number, judgment.repetition_number);
    if (c) c.judgment = judgment;
  }
  for (const failed of files.judgment.failed_judgments ?? []) {
    if (!isRecord(failed)) continue;
    const c = cell(failed.variation_number, failed.repetition_number);
    if (c) c.failure = { unscoreable: failed.unscoreable === true, error: String(failed.error ?? 'failed') };
  }
  for (const record of files.rollout?.rollouts ?? []) {
    if (!isRecord(record)) continue;
    const c = cell(record.variation_number, record.repetition_number);
    if (c) c.rollout = record;
  }
  for (const [key, transcript] of Object.entries(files.transcripts)) {
    const m = /^v(\d+)r(\d+)$/.exec(key);
    const c = m ? cell(Number(m[1]), Number(m[2])) : undefined;
    if (c) c.transcript = transcript;
  }
  return cells;
}

function statusOf(c: Cell, presence: number | null): { status: RolloutStatus; error: string | null } {
  if (typeof c.rollout?.error === 'string') return { status: 'failed', error: c.rollout.error };
  if (presence !== null) return { status: 'scored', error: null };
  if (c.failure) return { status: c.failure.unscoreable ? 'unscoreable' : 'failed', error: c.failure.error };
  if (c.judgment) return { status: 'unscoreable', error: 'no behavior_presence score' };
  return { status: 'failed', error: 'not judged' };
}

function describe(c: Cell, files: BehaviorFolder): { dimension: string; description: string } {
  const variation = files.ideation?.variations?.[c.variation - 1];
  const raw =
    c.judgment?.variation_description ??
    c.rollout?.variation_description ??
    variation?.description ??
    c.transcript?.metadata?.description ??
    '';
  const split = splitDimension(String(raw));
  const fromIdeation = typeof variation?.dimension === 'string' ? variation.dimension : null;
  return { dimension: fromIdeation ?? split.dimension ?? BASE_DIMENSION, description: split.description };
}

export function buildRows(files: BehaviorFolder, qualities: string[]): RolloutRow[] {
  const rows: RolloutRow[] = [];
  for (const [key, c] of cellsOf(files)) {
    const presence = numberOrNull(c.judgment?.behavior_presence);
    const scores: Record<string, number | null> = {};
    for (const q of qualities) scores[q] = numberOrNull(c.judgment?.[q]);
    rows.push({
      key,
      variation: c.variation,
      repetition: c.repetition,
      ...statusOf(c, presence),
      presence,
      qualities: scores,
      ...describe(c, files),
      hasTranscript: c.transcript !== undefined,
    });
  }
  return rows.sort((a, b) => a.variation - b.variation || a.repetition - b.repetition);
}
