// The meta-judgment: one call over every judged transcript, scoring the suite's meta qualities.
// Skipped (returns {}) when the seed lists none. A provider error propagates to the caller.

import type { Ideation } from '../../formats/ideation.ts';
import type { Metajudgment } from '../../formats/judgment.ts';
import type { PipelineContext } from '../context.ts';
import { readScore, scoreTag } from '../judgment/scores.ts';
import { findTag } from '../tags.ts';
import { buildMetajudgePrompt, buildMetajudgeSystemPrompt, type JudgedSuite } from './prompts.ts';

export interface MetajudgmentInput {
  judged: JudgedSuite;
  ideation?: Ideation;
}

/** meta_<quality> keys, as Bloom names them in metajudgment_scores and summary_statistics. */
export function metaKey(quality: string): string {
  return `meta_${quality.replaceAll('-', '_')}`;
}

export function parseMetajudgeReply(text: string, qualities: string[]): Required<Metajudgment> {
  const scores: Record<string, number> = {};
  for (const quality of qualities) {
    const score = readScore(text, scoreTag(quality));
    if (score !== undefined) scores[metaKey(quality)] = score;
  }
  return {
    metajudgment_scores: scores,
    metajudgment_justification: findTag(text, 'justification') ?? text.trim(),
    metajudgment_response: text,
  };
}

function describePlan(ideation: Ideation | undefined): string | undefined {
  if (!ideation) return undefined;
  const dims = ideation.variation_dimensions.length
    ? ` Each base scenario was varied along: ${ideation.variation_dimensions.join(', ')}.`
    : '';
  return `The suite was planned as ${ideation.num_scenarios} base scenarios, ${ideation.variations.length} in all.${dims}`;
}

export async function runMetajudgment(ctx: PipelineContext, input: MetajudgmentInput): Promise<Metajudgment> {
  const { seed, prompts, behaviors } = ctx.data;
  const qualities = seed.judgment.metajudgment_qualities;
  if (qualities.length === 0) return {};
  const prompt = buildMetajudgePrompt(
    {
      behaviorName: seed.behavior.name,
      behaviorDescription: ctx.data.behaviorDescription,
      qualities: qualities.map((name) => ({
        name,
        description: behaviors[name] ?? 'No description was given; judge by the name.',
      })),
      judged: input.judged,
      plan: describePlan(input.ideation),
    },
    prompts.metajudge_judgment_additional,
  );
  const result = await ctx.clients.judge.complete({
    messages: [
      { role: 'system', content: buildMetajudgeSystemPrompt(prompts.metajudge_system_additional) },
      { role: 'user', content: prompt },
    ],
    maxTokens: seed.judgment.max_tokens,
    temperature: seed.temperature,
    reasoningEffort: seed.evaluator_reasoning_effort,
    purpose: 'metajudge',
    sampleKey: 'metajudge',
    meta: { step: 'metajudge', behavior: seed.behavior.name, qualities, count: input.judged.count },
  });
  return parseMetajudgeReply(result.message.content, qualities);
}
