// Facts about the run that several parts of the log need, each taken from the most direct file that records
// it: run_info.json (ours), then rollout.json, then the transcripts, then judgment.json's write time.

import { stableShortId } from './ids.ts';
import type { BloomResults } from './results.ts';
import { inspectTime } from './time.ts';

export interface RunFacts {
  behavior: string;
  targetModel: string;
  startedAt: string;
  completedAt: string;
  /** Repetitions per scenario: Inspect's epochs. */
  epochs: number;
  evalId: string;
  runId: string;
  taskId: string;
}

function transcriptTimes(results: BloomResults, key: 'created_at' | 'updated_at'): string[] {
  return Object.values(results.transcripts)
    .map((t) => t.metadata[key])
    .filter((time) => typeof time === 'string' && time !== '')
    .map(inspectTime)
    .sort();
}

function targetModelOf(results: BloomResults): string {
  const fromTranscript = Object.values(results.transcripts).find((t) => t.metadata.target_model)?.metadata
    .target_model;
  const fromRollout = results.rollout?.metadata?.target;
  return (
    results.runInfo?.models?.target ??
    results.runInfo?.target_id ??
    (typeof fromRollout === 'string' ? fromRollout : undefined) ??
    fromTranscript ??
    'unknown'
  );
}

function runTimes(results: BloomResults): { startedAt: string; completedAt: string } {
  const info = results.runInfo;
  if (info?.started_at) {
    const start = new Date(info.started_at).getTime();
    const end = new Date(start + (info.duration_ms ?? 0)).toISOString();
    return { startedAt: inspectTime(info.started_at), completedAt: inspectTime(end) };
  }
  const fallback = inspectTime(results.judgmentWrittenAt);
  return {
    startedAt: transcriptTimes(results, 'created_at')[0] ?? fallback,
    completedAt: transcriptTimes(results, 'updated_at').at(-1) ?? fallback,
  };
}

function epochsOf(results: BloomResults): number {
  const reps = results.rollout?.metadata?.num_reps;
  if (typeof reps === 'number' && reps > 0) return reps;
  return Math.max(1, ...results.judgment.judgments.map((j) => j.repetition_number));
}

export function runFacts(results: BloomResults): RunFacts {
  const behavior = results.judgment.behavior_name;
  const targetModel = targetModelOf(results);
  const times = runTimes(results);
  // Same results, same ids: the id hashes what identifies the run and what it found.
  const fingerprint = [
    behavior,
    targetModel,
    times.startedAt,
    results.runInfo?.suite_hash ?? '',
    results.runInfo?.config_hash ?? '',
    JSON.stringify(
      results.judgment.judgments.map((j) => [j.variation_number, j.repetition_number, j.behavior_presence]),
    ),
  ];
  return {
    behavior,
    targetModel,
    ...times,
    epochs: epochsOf(results),
    evalId: stableShortId('eval', ...fingerprint),
    runId: stableShortId('run', ...fingerprint),
    taskId: stableShortId('task', ...fingerprint),
  };
}
