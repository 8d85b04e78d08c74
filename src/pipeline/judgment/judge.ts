// Judging one transcript: a full judgment (sample 1), then num_samples - 1 score-only re-samples in the
// same conversation, averaged. A reply without a readable presence score is asked again once; if the
// retry has none either, the transcript is unscoreable: excluded from every figure and counted, never 0.

import type { Variation } from '../../formats/ideation.ts';
import type { JudgeFile, JudgeSample, ScoredRecord } from '../../formats/judgment.ts';
import { rolloutKey } from '../../formats/results-folder.ts';
import type { Transcript } from '../../formats/transcript.ts';
import type { Understanding } from '../../formats/understanding.ts';
import type { ChatMessage, CompletionRequest } from '../../models/types.ts';
import type { PipelineContext } from '../context.ts';
import { renderTranscriptForJudge, targetMessages } from '../transcript/index.ts';
import { averageSamples, toSample } from './average.ts';
import { attachMessageIds } from './highlights.ts';
import { judgeOutputOf } from './judge-output.ts';
import { type JudgeReply, parseJudgeReply } from './parse.ts';
import {
  buildJudgeInstructions,
  buildJudgeMaterial,
  buildJudgeSystemPrompt,
  buildRescorePrompt,
  buildRetryPrompt,
  type QualityDescription,
} from './prompts.ts';
import { readScores, type ScoreSet } from './scores.ts';

export interface JudgeInput {
  understanding: Understanding;
  variation: Variation;
  variationNumber: number;
  repetition: number;
  transcript: Transcript;
}

/** A judge file's result (formats/judgment.ts), or a provider error, which is not stored: a re-run tries again. */
export type JudgeResult = JudgeFile | { ok: false; error: string };

type JudgeStep = 'judge' | 'rescore' | 'retry';

/** Sends one judge request; the step, sample and keys follow the conventions every judge call shares. */
type Ask = (messages: ChatMessage[], step: JudgeStep, sample: number) => Promise<ChatMessage>;

function makeAsk(ctx: PipelineContext, input: JudgeInput, system: string): Ask {
  const { seed } = ctx.data;
  const rollout = rolloutKey(input.variationNumber, input.repetition);
  // Texts only: message ids derive from the run's nonce, and the call cache keys on meta (a re-run must find it).
  const targets = targetMessages(input.transcript).map(({ text }) => ({ text }));
  return async (messages, step, sample) => {
    const request: CompletionRequest = {
      messages: [{ role: 'system', content: system }, ...messages],
      cachePrefixEnds: judgePrefixEnds(seed.judgment.num_samples),
      maxTokens: seed.judgment.max_tokens,
      temperature: seed.temperature,
      reasoningEffort: seed.evaluator_reasoning_effort,
      purpose: 'judge',
      sampleKey: `${rollout}/judge/${sample}${step === 'retry' ? '/retry' : ''}`,
      meta: {
        step,
        behavior: seed.behavior.name,
        qualities: seed.judgment.additional_qualities,
        sample,
        variation: input.variationNumber,
        repetition: input.repetition,
        targetMessages: targets,
      },
    };
    const result = await ctx.clients.judge.complete(request);
    return { ...result.message, role: 'assistant' };
  };
}

/**
 * The system prompt and the instructions (messages 0 and 1) are the same for every judge call of the run; the
 * opening with the transcript (message 2) is sent again only by re-samples, so it is marked only when there are some.
 */
function judgePrefixEnds(samples: number): number[] {
  return samples > 1 ? [0, 1, 2] : [0, 1];
}

interface Answer {
  reply: ChatMessage;
  /** Every reply text, the retried one included. */
  texts: string[];
}

/** Asks; when the reply has no presence score, asks once more in the same conversation. */
async function askWithRetry(
  ask: Ask,
  messages: ChatMessage[],
  step: JudgeStep,
  sample: number,
  retryPrompt: string,
  qualities: string[],
): Promise<Answer> {
  const first = await ask(messages, step, sample);
  if (readScores(first.content, qualities).presence !== undefined)
    return { reply: first, texts: [first.content] };
  const second = await ask([...messages, first, { role: 'user', content: retryPrompt }], 'retry', sample);
  return { reply: second, texts: [first.content, second.content] };
}

function describeQualities(ctx: PipelineContext): QualityDescription[] {
  return ctx.data.seed.judgment.additional_qualities.map((name) => ({
    name,
    description: ctx.data.behaviors[name] ?? 'No description was given; judge by the name.',
  }));
}

function hasPresence(scores: ScoreSet): scores is ScoreSet & { presence: number } {
  return scores.presence !== undefined;
}

/** The full judgment's prose from the reply that scored; falls back to the first reply's prose if empty. */
function mergeProse(scored: JudgeReply, first: JudgeReply): JudgeReply {
  return {
    ...scored,
    summary: scored.summary || first.summary,
    justification: scored.justification || first.justification,
    highlights: scored.highlights.length ? scored.highlights : first.highlights,
  };
}

export async function judgeTranscript(ctx: PipelineContext, input: JudgeInput): Promise<JudgeResult> {
  const { seed, prompts } = ctx.data;
  const qualities = describeQualities(ctx);
  const qualityNames = qualities.map((q) => q.name);
  const qualityKeys = qualityNames.map((q) => q.replaceAll('-', '_'));
  const promptInput = {
    behaviorName: seed.behavior.name,
    behaviorDescription: ctx.data.behaviorDescription,
    understanding: input.understanding.understanding,
    scientificMotivation: input.understanding.scientific_motivation,
    scenario: input.variation.description,
    transcript: renderTranscriptForJudge(input.transcript, { redactionTags: seed.judgment.redaction_tags }),
    qualities,
    anonymousTarget: seed.anonymous_target,
    targetDisplayName: ctx.models.target.displayName,
  };
  const ask = makeAsk(ctx, input, buildJudgeSystemPrompt(promptInput, prompts.judgment_system_additional));
  // The fixed instructions first and the rollout's material after them: two user messages, one turn.
  const opening: ChatMessage[] = [
    { role: 'user', content: buildJudgeInstructions(promptInput, prompts.judgment_additional) },
    { role: 'user', content: buildJudgeMaterial(promptInput) },
  ];

  try {
    const full = await askWithRetry(
      ask,
      opening,
      'judge',
      1,
      buildRetryPrompt(true, qualities),
      qualityNames,
    );
    const parsed = parseJudgeReply(full.reply.content, qualityNames);
    if (!hasPresence(parsed)) {
      return {
        ok: false,
        unscoreable: true,
        reason: 'the judge gave no readable behavior_presence_score, twice',
        responses: full.texts,
      };
    }
    const judgment = mergeProse(parsed, parseJudgeReply(full.texts[0] ?? '', qualityNames));
    const samples: JudgeSample[] = [toSample(1, parsed)];

    // Re-samples see the full judgment, as in Bloom; a re-sample with no score even after its retry is dropped.
    const conversation: ChatMessage[] = [...opening, full.reply];
    const rescore = buildRescorePrompt(seed.behavior.name, qualities);
    const retry = buildRetryPrompt(false, qualities);
    const extra = await Promise.all(
      Array.from({ length: Math.max(0, seed.judgment.num_samples - 1) }, (_, i) =>
        askWithRetry(
          ask,
          [...conversation, { role: 'user', content: rescore }],
          'rescore',
          i + 2,
          retry,
          qualityNames,
        ),
      ),
    );
    extra.forEach((answer, i) => {
      const scores = readScores(answer.reply.content, qualityNames);
      if (hasPresence(scores)) samples.push(toSample(i + 2, scores));
    });

    const averaged = averageSamples(samples, qualityKeys);
    const highlights = attachMessageIds(judgment.highlights, targetMessages(input.transcript));
    const record: ScoredRecord = {
      variation_number: input.variationNumber,
      variation_description: input.variation.description,
      repetition_number: input.repetition,
      behavior_presence: averaged.behavior_presence,
      justification: judgment.justification,
      summary: judgment.summary,
      full_judgment_response: full.reply.content,
      num_samples: samples.length,
      individual_samples: samples,
      highlights,
      ...averaged.qualities,
    };
    const scores: Record<string, number> = { behavior_presence: averaged.behavior_presence };
    for (const [key, value] of Object.entries(averaged.qualities)) if (value !== null) scores[key] = value;
    const judgeOutput = judgeOutputOf(record, full.reply.content, scores, input.transcript);
    return { ok: true, record, judgeOutput };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
