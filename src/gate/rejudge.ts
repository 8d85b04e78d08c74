// The judge check, run after a suite's judgment on the same models and cost cap: the current judge re-scores the
// baseline's stored sample of transcripts, and the pairs (stored, new) go to judge_check.json for the decision.
// A check already on disk for the same baseline and judge is kept, so a resumed or adaptive run pays for it once.

import type { Baseline } from '../formats/baseline.ts';
import type { RejudgedItem } from '../formats/judge-check.ts';
import type { Transcript } from '../formats/transcript.ts';
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
    existing.baseline.created_at === stamp.created_at
  ) {
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
  // Judged through a batch (--batch), every re-judgment is asked at once: one batch, not one per max_concurrent.
  await forEachPooled(
    transcripts,
    ctx.judgeBatches ? transcripts.length : Math.max(1, ctx.data.seed.max_concurrent),
    async ({ index, transcript }) => {
      const item = sample[index];
      const variation = item ? ideation.variations[item.variation - 1] : undefined;
      if (!item || !variation) return;
      const result = await judgeTranscript(ctx, {
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
  const check = {
    format_version: 1 as const,
    run_identity: { ...identity },
    judge,
    baseline: stamp,
    items: items.filter((i): i is RejudgedItem => i !== undefined),
  };
  await writeJudgeCheck(ctx.behaviorDir, sealer.sealed(path, check), against);
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
