// The understanding stage: one call about the behavior, then one per example transcript.
// Returns understanding.json's content; the orchestrator writes it.

import type { TranscriptAnalysis, Understanding } from '../../formats/understanding.ts';
import type { CompletionRequest, CompletionResult } from '../../models/types.ts';
import { RunError } from '../../util/errors.ts';
import type { PipelineContext } from '../context.ts';
import { parseBehaviorReply, parseTranscriptReply } from './parse.ts';
import {
  buildBehaviorPrompt,
  buildTranscriptPrompt,
  buildUnderstandingSystemPrompt,
  type UnderstandingPromptInput,
} from './prompts.ts';

export async function runUnderstanding(ctx: PipelineContext): Promise<Understanding> {
  const { seed, prompts, examples, behaviorDescription } = ctx.data;
  const behavior = seed.behavior.name;
  const client = ctx.clients.understanding;
  const input: UnderstandingPromptInput = {
    behaviorName: behavior,
    behaviorDescription,
    anonymousTarget: seed.anonymous_target,
    targetDisplayName: ctx.models.target.displayName,
  };
  const system = buildUnderstandingSystemPrompt(input, prompts.understanding_system_additional);
  const request = (user: string, sampleKey: string, meta: Record<string, unknown>): CompletionRequest => ({
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    purpose: 'understanding',
    maxTokens: seed.understanding.max_tokens,
    temperature: seed.temperature,
    reasoningEffort: seed.evaluator_reasoning_effort,
    sampleKey,
    meta,
  });
  const total = 1 + examples.length;
  let done = 0;
  const progress = () => ctx.onProgress({ stage: 'understanding', done: ++done, total });

  const behaviorCall = await askUntilParsed(
    (key) =>
      client.complete(
        request(buildBehaviorPrompt(input, prompts.behavior_understanding_additional), key, {
          step: 'behavior',
          behavior,
          description: behaviorDescription,
        }),
      ),
    'understanding',
    parseBehaviorReply,
    'the behavior understanding reply had no <behavior_understanding> and <scientific_motivation>',
  );
  progress();

  const transcript_analyses = await Promise.all(
    examples.map(async (example): Promise<TranscriptAnalysis> => {
      const prompt = buildTranscriptPrompt(
        {
          ...input,
          exampleName: example.name,
          transcript: example.messages,
          understanding: behaviorCall.parsed.understanding,
          scientificMotivation: behaviorCall.parsed.scientificMotivation,
        },
        prompts.transcript_analysis_additional,
      );
      const meta = {
        step: 'transcript',
        behavior,
        description: behaviorDescription,
        exampleName: example.name,
      };
      const call = await askUntilParsed(
        (key) => client.complete(request(prompt, key, meta)),
        `understanding/${example.name}`,
        parseTranscriptReply,
        `the analysis of example "${example.name}" had no <transcript_summary> and <attribution>`,
      );
      progress();
      return {
        example_name: example.name,
        transcript_summary: call.parsed.summary,
        attribution: call.parsed.attribution,
        reasoning: call.result.message.reasoning ?? '',
      };
    }),
  );

  return {
    behavior_name: behavior,
    examples: examples.map((e) => e.name),
    model: seed.understanding.model,
    temperature: seed.temperature,
    evaluator_reasoning_effort: seed.evaluator_reasoning_effort,
    understanding: behaviorCall.parsed.understanding,
    scientific_motivation: behaviorCall.parsed.scientificMotivation,
    understanding_reasoning: behaviorCall.result.message.reasoning ?? '',
    transcript_analyses,
  };
}

/** Calls once, and once more (sampleKey + '/retry') if the reply cannot be parsed; then gives up. */
async function askUntilParsed<T>(
  call: (sampleKey: string) => Promise<CompletionResult>,
  sampleKey: string,
  parse: (text: string) => T | undefined,
  failure: string,
): Promise<{ parsed: T; result: CompletionResult }> {
  for (const key of [sampleKey, `${sampleKey}/retry`]) {
    const result = await call(key);
    const parsed = parse(result.message.content);
    if (parsed !== undefined) return { parsed, result };
  }
  throw new RunError(`understanding: ${failure}, even when asked twice`);
}
