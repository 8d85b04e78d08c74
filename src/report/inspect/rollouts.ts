// Every rollout the results folder knows of, from any file that mentions one (rollout.json, judgment.json's
// judgments and failed_judgments, transcripts), with what became of it. Python Bloom writes no rollout.json
// and a study may ship only a few transcripts, so judgment.json alone must be enough.

import type { JudgmentRecord } from '../../formats/judgment.ts';
import { rolloutKey } from '../../formats/results-folder.ts';
import type { Transcript } from '../../formats/transcript.ts';
import type { BloomResults } from './results.ts';

export type SampleStatus = 'scored' | 'unscoreable' | 'judgment_failed' | 'rollout_failed' | 'not_judged';

export interface RolloutEntry {
  key: string;
  variation: number;
  repetition: number;
  status: SampleStatus;
  description?: string;
  judgment?: JudgmentRecord;
  transcript?: Transcript;
  /** Why the rollout or its judgment failed, or why the judge's answer could not be scored. */
  reason?: string;
}

interface FailedJudgmentLike {
  variation_number: number;
  repetition_number: number;
  unscoreable?: boolean;
  error?: string;
}

function isFailedJudgment(value: unknown): value is FailedJudgmentLike {
  const v = value as Partial<FailedJudgmentLike> | null;
  return typeof v?.variation_number === 'number' && typeof v.repetition_number === 'number';
}

function statusOf(judged: boolean, rolloutError?: string, failure?: FailedJudgmentLike): SampleStatus {
  if (judged) return 'scored';
  if (rolloutError !== undefined) return 'rollout_failed';
  if (failure) return failure.unscoreable ? 'unscoreable' : 'judgment_failed';
  return 'not_judged';
}

export function collectRollouts(results: BloomResults): RolloutEntry[] {
  const byKey = new Map<string, { variation: number; repetition: number }>();
  const note = (variation: number, repetition: number) =>
    byKey.set(rolloutKey(variation, repetition), { variation, repetition });

  const rolloutRecords = new Map(
    (results.rollout?.rollouts ?? []).map((r) => [rolloutKey(r.variation_number, r.repetition_number), r]),
  );
  const judgments = new Map(
    results.judgment.judgments.map((j) => [rolloutKey(j.variation_number, j.repetition_number), j]),
  );
  const failures = new Map(
    (results.judgment.failed_judgments ?? [])
      .filter(isFailedJudgment)
      .map((f) => [rolloutKey(f.variation_number, f.repetition_number), f]),
  );
  for (const r of rolloutRecords.values()) note(r.variation_number, r.repetition_number);
  for (const j of judgments.values()) note(j.variation_number, j.repetition_number);
  for (const f of failures.values()) note(f.variation_number, f.repetition_number);
  for (const key of Object.keys(results.transcripts)) {
    const match = /^v(\d+)r(\d+)$/.exec(key);
    if (match) note(Number(match[1]), Number(match[2]));
  }

  const entries = [...byKey.entries()].map(([key, { variation, repetition }]): RolloutEntry => {
    const record = rolloutRecords.get(key);
    const failure = failures.get(key);
    const judgment = judgments.get(key);
    const transcript = results.transcripts[key];
    const status = statusOf(judgment !== undefined, record?.error, failure);
    const reason =
      status === 'rollout_failed' ? record?.error : status !== 'scored' ? failure?.error : undefined;
    const description =
      judgment?.variation_description ??
      record?.variation_description ??
      results.ideation?.variations[variation - 1]?.description ??
      transcript?.metadata.description;
    return { key, variation, repetition, status, description, judgment, transcript, reason };
  });
  return entries.sort((a, b) => a.variation - b.variation || a.repetition - b.repetition);
}
