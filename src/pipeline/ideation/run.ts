// The ideation stage: base scenarios in batches sized to the output budget, each followed by its
// variations. Returns ideation.json's content; the orchestrator writes it.

import type { Ideation, Variation } from '../../formats/ideation.ts';
import type { Understanding } from '../../formats/understanding.ts';
import type { CompletionRequest } from '../../models/types.ts';
import { THINKING_BUDGET } from '../../models/types.ts';
import type { PipelineContext } from '../context.ts';
import { planBatches, type ScenarioRange, scenariosPerBatch } from './batching.ts';
import {
  buildIdeationSystemPrompt,
  buildScenariosPrompt,
  buildVariationSystemPrompt,
  buildVariationsPrompt,
  type IdeationPromptInput,
} from './prompts.ts';
import { type BaseScenario, generateScenarioBatch } from './scenarios.ts';
import { baseToVariation, generateDimensionVariations, generatePerturbations } from './variations.ts';

export async function runIdeation(ctx: PipelineContext, understanding: Understanding): Promise<Ideation> {
  const { seed, prompts, plan, behaviors, behaviorDescription } = ctx.data;
  const behavior = seed.behavior.name;
  const modality = seed.rollout.modality;
  const input: IdeationPromptInput = {
    behaviorName: behavior,
    behaviorDescription,
    understanding,
    anonymousTarget: seed.anonymous_target,
    targetDisplayName: ctx.models.target.displayName,
    modality,
    maxTurns: seed.rollout.max_turns,
    noUserMode: seed.rollout.no_user_mode,
  };
  const scenarioSystem = buildIdeationSystemPrompt(input, prompts.ideation_system_additional);
  const variationSystem = buildVariationSystemPrompt(input, prompts.variation_system_additional);

  const complete = async (system: string, user: string, sampleKey: string, meta: Record<string, unknown>) => {
    const request: CompletionRequest = {
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
      purpose: 'ideation',
      maxTokens: seed.ideation.max_tokens,
      temperature: seed.temperature,
      reasoningEffort: seed.evaluator_reasoning_effort,
      sampleKey,
      meta,
    };
    return (await ctx.clients.ideation.complete(request)).message.content;
  };

  const total = plan.numBaseScenarios;
  const perBatch = scenariosPerBatch(
    seed.ideation.max_tokens,
    modality,
    THINKING_BUDGET[seed.evaluator_reasoning_effort],
  );
  const batches = planBatches(total, perBatch);
  const needsVariations = plan.dimensions.length > 0 || plan.variationsPerBase > 0;
  const progressTotal = batches.length + (needsVariations ? total : 0);
  let done = 0;
  const progress = () => ctx.onProgress({ stage: 'ideation', done: ++done, total: progressTotal });

  const askScenarios = (range: ScenarioRange, sampleKey: string) =>
    complete(
      scenarioSystem,
      buildScenariosPrompt(input, range, total, prompts.make_scenarios_additional),
      sampleKey,
      {
        step: 'scenarios',
        behavior,
        description: behaviorDescription,
        first: range.first,
        last: range.last,
        total,
        modality,
      },
    );

  const variationsOf = async (base: BaseScenario): Promise<Variation[]> => {
    const ask = (dimensions: string[], count: number, sampleKey: string) =>
      complete(
        variationSystem,
        buildVariationsPrompt(
          {
            scenarioNumber: base.number,
            baseDescription: base.description,
            baseSystemPrompt: base.systemPrompt,
            baseTools: base.tools,
            dimensions: dimensions.map((name) => ({
              name,
              description: behaviors[name] ?? '(no description given)',
            })),
            count,
          },
          modality,
          prompts.make_variations_additional,
        ),
        sampleKey,
        {
          step: 'variations',
          behavior,
          scenarioNumber: base.number,
          dimensions,
          count,
          modality,
          baseDescription: base.description,
        },
      );
    const variations =
      plan.dimensions.length > 0
        ? await generateDimensionVariations(ask, base, plan.dimensions)
        : await generatePerturbations(ask, base, plan.variationsPerBase);
    progress();
    return [baseToVariation(base), ...variations];
  };

  // Batches run concurrently (the client's limiter bounds it); each base's variations start as soon as
  // its batch is in. Results are flattened in scenario order: base 1, its variations, base 2, ...
  const perBatchEntries = await Promise.all(
    batches.map(async (range) => {
      const bases = await generateScenarioBatch(askScenarios, range, total, modality);
      progress();
      if (!needsVariations) return bases.map(baseToVariation);
      return (await Promise.all(bases.map(variationsOf))).flat();
    }),
  );
  const variations = perBatchEntries.flat();

  return {
    behavior_name: behavior,
    examples: understanding.examples,
    model: seed.ideation.model,
    temperature: seed.temperature,
    reasoning_effort: seed.evaluator_reasoning_effort,
    num_scenarios: total,
    variation_dimensions: plan.dimensions,
    total_evals: variations.length,
    variations,
  };
}
