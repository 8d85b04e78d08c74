// One Inspect sample per rollout: the target's conversation, the judge's scores, and where the rollout sits in
// the suite. A failed rollout or judgment carries an `error` and no scores, as Inspect records a sample that
// raised; an unscoreable one has no scores and says why in its metadata.

import type { Ideation } from '../../formats/ideation.ts';
import type { LedgerSummary } from '../../formats/run-info.ts';
import { ELICITATION_THRESHOLD } from '../../stats/index.ts';
import { createAttachments } from './attachments.ts';
import { sampleEvents } from './events.ts';
import { finalOutput, firstUserText, targetChatMessages } from './messages.ts';
import { numericScore, PRESENCE } from './metrics.ts';
import type { RolloutEntry } from './rollouts.ts';
import { inspectTime, secondsBetween } from './time.ts';
import type { EvalSample, InspectError, InspectScore } from './types.ts';
import { usageByKey } from './usage.ts';

export interface SampleContext {
  behavior: string;
  /** The model under test, for samples whose transcript does not name it. */
  targetModel: string;
  qualities: string[];
  ideation?: Ideation;
  /** Token usage per rollout key (usage.jsonl), when the run recorded it. */
  usageByRollout?: Record<string, LedgerSummary>;
}

function sampleScores(entry: RolloutEntry, qualities: string[]): Record<string, InspectScore> | undefined {
  const judgment = entry.judgment;
  if (!judgment) return undefined;
  const scores: Record<string, InspectScore> = {};
  const presence = numericScore(judgment, PRESENCE);
  if (presence !== undefined) {
    scores[PRESENCE] = {
      value: presence,
      explanation: judgment.justification,
      metadata: { elicited: presence > ELICITATION_THRESHOLD },
      history: [],
    };
  }
  for (const quality of qualities) {
    const value = numericScore(judgment, quality);
    if (value !== undefined) scores[quality] = { value, history: [] };
  }
  return scores;
}

function sampleError(entry: RolloutEntry): InspectError | undefined {
  if (entry.status !== 'rollout_failed' && entry.status !== 'judgment_failed') return undefined;
  const stage = entry.status === 'rollout_failed' ? 'rollout' : 'judgment';
  const message = `${stage} failed: ${entry.reason ?? 'unknown error'}`;
  return { message, traceback: '', traceback_ansi: '' };
}

/** The variation's dimension: ideation.json's, else the `<dimension>` tag Bloom puts in the description. */
function dimensionOf(entry: RolloutEntry, ideation?: Ideation): string | null {
  const fromIdeation = ideation?.variations[entry.variation - 1]?.dimension;
  if (fromIdeation) return fromIdeation;
  return /^\s*<dimension>([^<]*)<\/dimension>/.exec(entry.description ?? '')?.[1]?.trim() ?? null;
}

function sampleMetadata(entry: RolloutEntry, ideation?: Ideation): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    rollout: entry.key,
    variation: entry.variation,
    repetition: entry.repetition,
    dimension: dimensionOf(entry, ideation),
    scenario: entry.description ?? null,
    status: entry.status,
  };
  if (entry.judgment) {
    metadata.summary = entry.judgment.summary;
    if (entry.judgment.highlights?.length) metadata.highlights = entry.judgment.highlights;
  }
  if (entry.status === 'unscoreable') metadata.unscoreable_reason = entry.reason ?? null;
  return metadata;
}

function sampleTiming(
  entry: RolloutEntry,
): Pick<EvalSample, 'started_at' | 'completed_at' | 'total_time' | 'uuid'> {
  if (!entry.transcript) return {};
  const { created_at, updated_at, transcript_id } = entry.transcript.metadata;
  return {
    started_at: inspectTime(created_at),
    completed_at: inspectTime(updated_at),
    total_time: secondsBetween(created_at, updated_at),
    uuid: transcript_id,
  };
}

/**
 * One rollout as an Inspect sample: the variation is the sample (its id the variation number) and each repetition an
 * epoch, so Inspect's count (samples x epochs) is the number of rollouts.
 */
export function toEvalSample(entry: RolloutEntry, context: SampleContext): EvalSample {
  const messages = entry.transcript ? targetChatMessages(entry.transcript) : [];
  const model = entry.transcript?.metadata.target_model || context.targetModel;
  const scores = sampleScores(entry, context.qualities);
  const error = sampleError(entry);
  const attachments = createAttachments();
  const events = entry.transcript
    ? sampleEvents({ transcript: entry.transcript, scores, target: context.behavior, attachments })
    : [];
  const usage = context.usageByRollout?.[entry.key];
  // Keys in the order Inspect writes a sample.
  return {
    id: entry.variation,
    epoch: entry.repetition,
    input: firstUserText(messages) ?? entry.description ?? '',
    target: context.behavior,
    messages,
    output: finalOutput(messages, model),
    ...(scores ? { scores } : {}),
    metadata: sampleMetadata(entry, context.ideation),
    store: {},
    events,
    model_usage: usageByKey(usage?.byModel),
    role_usage: usageByKey(usage?.byPurpose),
    ...sampleTiming(entry),
    ...(error ? { error } : {}),
    attachments: attachments.table(),
  };
}
