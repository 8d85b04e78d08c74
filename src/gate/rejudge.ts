// The judge check, run after a suite's judgment on the same models and cost cap: the current judge re-scores the
// baseline's stored sample of transcripts, and the pairs (stored, new) go to judge_check.json for the decision.
// A check already on disk for the same baseline and judge is kept, so a resumed or adaptive run pays for it once.
// With the call cache, a check is also kept there beside the exact scores it spoke for (scoresDigest): a re-run whose
// every score is served from the cache is served that check too, and pays for nothing.

import { createHash } from 'node:crypto';
import type { Baseline } from '../formats/baseline.ts';
import type { RejudgedItem } from '../formats/judge-check.ts';
import { judgmentFileSchema } from '../formats/judgment.ts';
import { readFormatIfExists } from '../formats/read.ts';
import { resultPaths } from '../formats/results-folder.ts';
import type { Transcript } from '../formats/transcript.ts';
import { priceOf } from '../models/prices.ts';
import type { ModelClient, Usage } from '../models/types.ts';
import { modelCacheIdentity } from '../pipeline/call-cache/identity.ts';
import type { CallCache } from '../pipeline/call-cache/index.ts';
import type { AfterJudgment } from '../pipeline/execute.ts';
import { judgeTranscript } from '../pipeline/judgment/index.ts';
import { canonicalJson } from '../suite/canonical.ts';
import { ConfigError } from '../util/errors.ts';
import { readTextIfExists } from '../util/fs.ts';
import { parseJsonText } from '../util/json-text.ts';
import { forEachPooled } from '../util/pool.ts';
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

/** Re-judges this behavior's sample from `baseline` (read from `baselineFile`) unless already done. */
export async function checkJudge(
  run: AfterJudgment,
  baselineFile: string,
  baseline: Baseline,
  against: CheckAgainst = 'baseline',
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
  const path = judgeCheckPath(ctx.behaviorDir, against);
  const existing = await readJudgeCheck(ctx.behaviorDir, against);
  const kept = run.callCache && {
    cache: run.callCache,
    key: await scoresDigest(ctx, { against, stamp, sample }),
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
    canonicalJson(existing.run_identity ?? null) === canonicalJson(identity);
  if (
    existing &&
    ours &&
    existing.judge === judge &&
    existing.baseline.commit === stamp.commit &&
    existing.baseline.created_at === stamp.created_at &&
    // A check served from the cache speaks for the scores it was kept with, not for ones a later look added.
    (!existing.from_call_cache || existing.scores_digest === kept?.key)
  ) {
    // One this run made by calling the judge speaks for every look's scores: kept for these too.
    if (kept && !existing.from_call_cache) await keepCheck(kept, existing.items, existing.made_with);
    return;
  }
  const write = (items: RejudgedItem[], made: { fromCache: boolean; calls: number; usage: Usage }) => {
    const check = {
      format_version: 1 as const,
      run_identity: { ...identity },
      judge,
      baseline: stamp,
      items,
      ...(kept ? { scores_digest: kept.key } : {}),
      from_call_cache: made.fromCache,
      made_with: { calls: made.calls, usage: made.usage },
    };
    return writeJudgeCheck(ctx.behaviorDir, sealer.sealed(path, check), against);
  };
  // Every score of this run the same, word for word, as those a check was kept with: that check is served.
  const again = Boolean(existing && ours && existing.from_call_cache);
  const served =
    kept && (await kept.cache.judgeCheck(kept.key, kept.client, priceOf(ctx.models.judge), again));
  if (served) {
    await write(served.items, { fromCache: true, calls: served.calls, usage: served.usage });
    return;
  }
  const transcripts: { index: number; transcript: Transcript }[] = [];
  for (const [index, item] of sample.entries()) {
    const keyPath = `behaviors.${behavior}.judge_sample[${index}]`;
    const text = await readSampleTranscript(baselineFile, item, keyPath);
    const data = parseJsonText(baselineFile, text);
    if (!isTranscriptShape(data)) {
      throw new ConfigError(baselineFile, keyPath, 'a Bloom transcript (metadata and events)', item.file);
    }
    transcripts.push({ index, transcript: data });
  }
  const items: (RejudgedItem | undefined)[] = new Array(sample.length);
  const made = { calls: 0, usage: { inputTokens: 0, outputTokens: 0 } };
  const judgeClient = ctx.clients.judge;
  const counted: ModelClient = {
    id: judgeClient.id,
    complete: async (request) => {
      const result = await judgeClient.complete(request);
      made.calls++;
      made.usage.inputTokens += result.usage.inputTokens;
      made.usage.outputTokens += result.usage.outputTokens;
      return result;
    },
  };
  const checking = { ...ctx, clients: { ...ctx.clients, judge: counted } };
  // Judged through a batch (--batch), every re-judgment is asked at once: one batch, not one per max_concurrent.
  await forEachPooled(
    transcripts,
    ctx.judgeBatches ? transcripts.length : Math.max(1, ctx.data.seed.max_concurrent),
    async ({ index, transcript }) => {
      const item = sample[index];
      const variation = item ? ideation.variations[item.variation - 1] : undefined;
      if (!item || !variation) return;
      const result = await judgeTranscript(checking, {
        understanding,
        variation,
        variationNumber: item.variation,
        repetition: item.repetition,
        transcript,
      });
      // An unscoreable or failed re-judgment says nothing about drift: that transcript is left out.
      if (result.ok) {
        items[index] = {
          variation: item.variation,
          repetition: item.repetition,
          stored: item.presence,
          rejudged: result.record.behavior_presence,
        };
      }
    },
  );
  const done = items.filter((i): i is RejudgedItem => i !== undefined);
  await write(done, { fromCache: false, ...made });
  if (kept) await keepCheck(kept, done, made);
}

interface KeptKey {
  cache: CallCache;
  key: string;
  client: string;
}

async function keepCheck(
  kept: KeptKey,
  items: RejudgedItem[],
  made: { calls: number; usage: Usage } | undefined,
): Promise<void> {
  if (!made) return;
  const usage = { inputTokens: made.usage.inputTokens, outputTokens: made.usage.outputTokens };
  await kept.cache.keepJudgeCheck({ key: kept.key, client: kept.client, items, calls: made.calls, usage });
}

/**
 * What a kept check is found by: the judge, which baseline's sample it re-scored, and every judgment record the
 * decision reads (judgment.json's judgments and failed ones, the judge's words included, the highlights' message
 * ids left out). A judge called again
 * answers in other words, so only a run whose every score came from the call cache finds the same key.
 */
async function scoresDigest(
  ctx: AfterJudgment['ctx'],
  on: { against: CheckAgainst; stamp: { commit: string | null; created_at: string }; sample: unknown[] },
): Promise<string> {
  const judgment = await readFormatIfExists(resultPaths(ctx.behaviorDir).judgment, judgmentFileSchema);
  const text = canonicalJson({
    kind: 'judge-check',
    judge: modelCacheIdentity(ctx.models.judge),
    against: on.against,
    baseline: on.stamp,
    sample: on.sample,
    // Highlights name the transcript's message ids, which a rollout served from the cache draws anew.
    judgments: judgment?.judgments.map(({ highlights: _ids, ...record }) => record) ?? null,
    failed: judgment?.failed_judgments ?? null,
  });
  return createHash('sha256').update(text).digest('hex');
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
  return async (run) => {
    await checkJudge(run, baseline.file, baseline.baseline);
    if (distinct) await checkJudge(run, anchor.file, anchor.baseline, 'anchor');
  };
}
