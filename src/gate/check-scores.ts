// What a judge check speaks for. A check compares the judge of today with the judge that made some stored scores;
// it speaks for a run's own scores only when they were made by today's judge too. So the check records the scores
// it was made beside (their digest), a run whose scores came from elsewhere (served by the call cache, resumed
// from an earlier invocation, joined from shards) has some of its own scores re-scored with the rest, and a check
// kept in the call cache is found again only by a run whose scores are the same, word for word.

import { createHash } from 'node:crypto';
import type { JudgmentFile } from '../formats/judgment.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { resultPaths } from '../formats/results-folder.ts';
import { type Transcript, transcriptSchema } from '../formats/transcript.ts';
import { modelCacheIdentity } from '../pipeline/call-cache/identity.ts';
import type { AfterJudgment } from '../pipeline/execute.ts';
import { canonicalJson } from '../suite/canonical.ts';
import { JUDGE_SAMPLE_SIZE } from './judge-sample.ts';
import type { CheckAgainst } from './results-files.ts';

export interface Stamp {
  commit: string | null;
  created_at: string;
}

/**
 * The key a check is kept under: the judge, which baseline's sample it re-scored, and every judgment record the
 * decision reads (judgment.json's judgments and failed ones, the judge's own words included; the highlights' message
 * ids, which a rollout drawn anew renumbers, left out). A judge called again answers in other words, so only a run
 * whose every score is the same finds the same key.
 */
export function scoresDigest(
  ctx: AfterJudgment['ctx'],
  judgment: JudgmentFile | undefined,
  on: { against: CheckAgainst; stamp: Stamp; sample: unknown[] },
): string {
  const text = canonicalJson({
    kind: 'judge-check',
    judge: modelCacheIdentity(ctx.models.judge),
    against: on.against,
    baseline: on.stamp,
    sample: on.sample,
    judgments: judgment?.judgments.map(({ highlights: _ids, ...record }) => record) ?? null,
    failed: judgment?.failed_judgments ?? null,
  });
  return createHash('sha256').update(text).digest('hex');
}

export interface OwnScore {
  variation: number;
  repetition: number;
  presence: number;
  transcript: Transcript;
}

const spread = (variation: number, repetition: number) =>
  createHash('sha256').update(`${variation}/${repetition}`).digest('hex');

/** Up to JUDGE_SAMPLE_SIZE of the run's scored rollouts whose scores this invocation did not make (`madeHere`: the
 * cells it did), the same ones every time (spread over scenarios by a hash of their cell), with their transcripts:
 * re-scored beside the baseline's sample. */
export async function ownSample(
  behaviorDir: string,
  judgment: JudgmentFile | undefined,
  madeHere: ReadonlySet<string>,
): Promise<OwnScore[]> {
  const paths = resultPaths(behaviorDir);
  const scored = (judgment?.judgments ?? [])
    .filter(
      (j) =>
        typeof j.behavior_presence === 'number' &&
        !madeHere.has(`v${j.variation_number}r${j.repetition_number}`),
    )
    .map((j) => ({ j, key: spread(j.variation_number, j.repetition_number) }))
    .sort((a, b) => a.key.localeCompare(b.key) || a.j.variation_number - b.j.variation_number)
    .slice(0, JUDGE_SAMPLE_SIZE)
    .map(({ j }) => j);
  const out: OwnScore[] = [];
  for (const j of scored) {
    const transcript = await readFormatIfExists(
      paths.transcript(j.variation_number, j.repetition_number),
      transcriptSchema,
    );
    if (transcript && j.behavior_presence !== null) {
      out.push({
        variation: j.variation_number,
        repetition: j.repetition_number,
        presence: j.behavior_presence,
        transcript,
      });
    }
  }
  return out;
}
