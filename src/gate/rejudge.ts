// The judge check, run after a suite's judgment on the same models and cost cap: the current judge re-scores the
// baseline's stored sample of transcripts, and the pairs (stored, new) go to judge_check.json for the decision.
// A check on disk is kept for the scores it was made beside and for the later looks of the command that made it, so
// an adaptive run pays for it once. With the call cache, a check is also kept there beside the exact scores it spoke
// for (check-scores.ts): a re-run whose every score is served is served that check too, and pays for nothing.

import { randomUUID } from 'node:crypto';
import type { Baseline } from '../formats/baseline.ts';
import type { JudgeCheckFile, RejudgedItem } from '../formats/judge-check.ts';
import { judgmentFileSchema } from '../formats/judgment.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { resultPaths } from '../formats/results-folder.ts';
import type { Transcript } from '../formats/transcript.ts';
import { priceOf } from '../models/prices.ts';
import type { ModelClient } from '../models/types.ts';
import { modelCacheIdentity } from '../pipeline/call-cache/identity.ts';
import type { CallCache } from '../pipeline/call-cache/index.ts';
import type { AfterJudgment } from '../pipeline/execute.ts';
import { judgeTranscript } from '../pipeline/judgment/index.ts';
import { canonicalJson } from '../suite/canonical.ts';
import { ConfigError } from '../util/errors.ts';
import { readTextIfExists } from '../util/fs.ts';
import { parseJsonText } from '../util/json-text.ts';
import { forEachPooled } from '../util/pool.ts';
import { ownSample, scoresDigest } from './check-scores.ts';
import { enoughToSay, MIN_DRIFT_SAMPLE } from './judge-drift.ts';
import { readSampleTranscript } from './judge-sample.ts';
import { type CheckAgainst, judgeCheckPath, readJudgeCheck, writeJudgeCheck } from './results-files.ts';

function isTranscriptShape(value: unknown): value is Transcript {
  if (typeof value !== 'object' || value === null) return false;
  const events = (value as { events?: unknown }).events;
  return (
    Array.isArray(events) &&
    events.every((e) => {
      const event = e as { view?: unknown; edit?: { message?: { role?: unknown } } };
      return Array.isArray(event?.view) && typeof event.edit?.message?.role === 'string';
    })
  );
}

/** One re-scoring to make: a baseline transcript, or one of this run's own, with the score stored for it. */
interface ToRescore {
  variation: number;
  repetition: number;
  stored: number;
  transcript: Transcript;
  own?: true;
}

/** Re-judges this behavior's sample from `baseline` (read from `baselineFile`) unless already done. `invocation`
 * names the command run (all its looks) whose judge made the check. */
export async function checkJudge(
  run: AfterJudgment,
  baselineFile: string,
  baseline: Baseline,
  against: CheckAgainst = 'baseline',
  invocation: string = randomUUID(),
): Promise<void> {
  const { ctx, understanding, ideation, identity, sealer } = run;
  const behavior = ctx.data.seed.behavior.name;
  const entry = Object.hasOwn(baseline.behaviors, behavior) ? baseline.behaviors[behavior] : undefined;
  const sample = entry?.judge_sample ?? [];
  // Only a comparable baseline is worth checking against: another suite's scenarios or settings are not compared.
  if (
    !entry ||
    sample.length === 0 ||
    entry.suite_hash !== identity.suite_hash ||
    entry.config_hash !== identity.config_hash
  ) {
    return;
  }
  const stamp = { commit: baseline.commit, created_at: baseline.created_at };
  const judge = ctx.models.judge.id;
  // A check whose re-judgments mostly failed (the budget ran out, replies unscoreable) says nothing about a sample
  // that could: it is made again, never kept on disk or in the call cache, nor served from it.
  const says = (items: readonly RejudgedItem[]) => enoughToSay(items) || sample.length < MIN_DRIFT_SAMPLE;
  const path = judgeCheckPath(ctx.behaviorDir, against);
  const existing = await readJudgeCheck(ctx.behaviorDir, against);
  // Read once: the scores the check speaks for, and those it may re-score.
  const judgment = await readFormatIfExists(resultPaths(ctx.behaviorDir).judgment, judgmentFileSchema);
  const digest = scoresDigest(ctx, judgment, { against, stamp, sample });
  const kept = run.callCache && {
    cache: run.callCache,
    key: digest,
    client: modelCacheIdentity(ctx.models.judge).client,
  };
  // Kept only when this run made it (sealed on this machine, same identity) for this baseline and judge: a check
  // committed into a results folder could claim anything.
  const ours =
    existing !== undefined &&
    // The seal covers the file's own text, so it is checked on the JSON as read, not the parsed (reordered) form.
    sealer.verify(
      path,
      parseJsonText(path, (await readTextIfExists(path)) ?? 'null') as Record<string, unknown>,
    ) &&
    canonicalJson(existing.run_identity ?? null) === canonicalJson(identity) &&
    existing.judge === judge &&
    existing.baseline.commit === stamp.commit &&
    existing.baseline.created_at === stamp.created_at &&
    says(existing.items);
  const madeHere = ours && existing.made_in === invocation;
  // A check speaks for the scores it was made beside, and for the later looks of the command that made it by
  // calling the judge, when that judge made their scores too (minutes apart, none served); for nothing else.
  const sameJudgeLater = madeHere && !existing.from_call_cache && run.scores.served === 0;
  if (ours && (existing.scores_digest === digest || sameJudgeLater)) {
    if (kept && sameJudgeLater) await keepCheck(kept, existing);
    return;
  }
  const write = (check: Omit<JudgeCheckFile, 'format_version' | 'run_identity' | 'judge' | 'baseline'>) =>
    writeJudgeCheck(
      ctx.behaviorDir,
      sealer.sealed(path, {
        format_version: 1 as const,
        run_identity: { ...identity },
        judge,
        baseline: stamp,
        ...check,
        scores_digest: digest,
        made_in: invocation,
      }),
      against,
    );
  // Every score of this run the same, word for word, as those a check was kept with: that check is served (counted
  // once per check, however many looks it is served to).
  const served =
    kept &&
    (await kept.cache.judgeCheck(
      kept.key,
      kept.client,
      priceOf(ctx.models.judge),
      madeHere && existing?.check_id !== undefined ? existing.check_id : undefined,
    ));
  if (served && says(served.items)) {
    await write({
      items: served.items,
      from_call_cache: true,
      check_id: served.check_id,
      made_with: { calls: served.calls, usage: served.usage },
    });
    return;
  }
  const toRescore: ToRescore[] = [];
  for (const [index, item] of sample.entries()) {
    const keyPath = `behaviors.${behavior}.judge_sample[${index}]`;
    const text = await readSampleTranscript(baselineFile, item, keyPath);
    const data = parseJsonText(baselineFile, text);
    if (!isTranscriptShape(data)) {
      throw new ConfigError(baselineFile, keyPath, 'a Bloom transcript (metadata and events)', item.file);
    }
    toRescore.push({
      variation: item.variation,
      repetition: item.repetition,
      stored: item.presence,
      transcript: data,
    });
  }
  // Scores this invocation did not make (served, resumed, joined from shards) may be another judge's: some of them
  // are re-scored too, so a judge that moved and came back is seen between them and today's.
  const own = await ownSample(ctx.behaviorDir, judgment, run.scores.madeHere);
  for (const o of own) {
    toRescore.push({
      variation: o.variation,
      repetition: o.repetition,
      stored: o.presence,
      transcript: o.transcript,
      own: true,
    });
  }
  const checkId = randomUUID();
  // The same for the same check (a resumed one finds its batch again), never a judgment's.
  const batchSalt = `judge-check:${against}:${digest}`;
  const made = { calls: 0, usage: { inputTokens: 0, outputTokens: 0 } };
  const judgeClient = ctx.clients.judge;
  const counted: ModelClient = {
    id: judgeClient.id,
    // Its own batch items: a transcript already judged must be judged again, not found in the batch that did.
    complete: async (request) => {
      const result = await judgeClient.complete({ ...request, batchSalt });
      made.calls++;
      made.usage.inputTokens += result.usage.inputTokens;
      made.usage.outputTokens += result.usage.outputTokens;
      return result;
    },
  };
  const checking = { ...ctx, clients: { ...ctx.clients, judge: counted } };
  const items: (RejudgedItem | undefined)[] = new Array(toRescore.length);
  // Judged through a batch (--batch), every re-judgment is asked at once: one batch, not one per max_concurrent.
  await forEachPooled(
    toRescore.map((r, index) => ({ index, r })),
    ctx.judgeBatches ? toRescore.length : Math.max(1, ctx.data.seed.max_concurrent),
    async ({ index, r }) => {
      const variation = ideation.variations[r.variation - 1];
      if (!variation) return;
      const result = await judgeTranscript(checking, {
        understanding,
        variation,
        variationNumber: r.variation,
        repetition: r.repetition,
        transcript: r.transcript,
      });
      // An unscoreable or failed re-judgment says nothing about drift: that transcript is left out.
      if (result.ok) {
        items[index] = {
          variation: r.variation,
          repetition: r.repetition,
          stored: r.stored,
          rejudged: result.record.behavior_presence,
          ...(r.own ? { own: true as const } : {}),
        };
      }
    },
  );
  const check = {
    items: items.filter((i): i is RejudgedItem => i !== undefined),
    from_call_cache: false,
    check_id: checkId,
    own_scores: own.length,
    made_with: made,
  };
  await write(check);
  if (kept && says(check.items)) await keepCheck(kept, check);
}

/** Keeps a check made by calling the judge in the call cache, under the digest of the scores it speaks for. */
async function keepCheck(
  kept: { cache: CallCache; key: string; client: string },
  check: Pick<JudgeCheckFile, 'items' | 'made_with' | 'check_id'>,
): Promise<void> {
  if (!check.made_with || !check.check_id) return;
  const { calls, usage } = check.made_with;
  await kept.cache.keepJudgeCheck({
    key: kept.key,
    client: kept.client,
    check_id: check.check_id,
    items: check.items,
    calls,
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens },
  });
}

/** The judge check against the baseline, and against the anchor when there is one that is another run. */
export function judgeChecks(
  baseline: { file: string; baseline: Baseline },
  anchor: { file: string; baseline: Baseline } | null,
): (run: AfterJudgment) => Promise<void> {
  const distinct =
    anchor &&
    !(
      anchor.baseline.created_at === baseline.baseline.created_at &&
      anchor.baseline.commit === baseline.baseline.commit
    );
  // One id for the command's whole run, every look included: a check it made by calling the judge speaks for them.
  const invocation = randomUUID();
  return async (run) => {
    await checkJudge(run, baseline.file, baseline.baseline, 'baseline', invocation);
    if (distinct) await checkJudge(run, anchor.file, anchor.baseline, 'anchor', invocation);
  };
}
