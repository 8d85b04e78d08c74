// Test helpers shared by the understanding and ideation tests: a fake ModelClient that records
// requests and answers from a function, and a PipelineContext built from a small seed.

import type { BloomData, Example } from '../../../src/config/types.ts';
import { emptyPrompts } from '../../../src/formats/prompts.ts';
import type { Seed } from '../../../src/formats/seed.ts';
import type { Understanding } from '../../../src/formats/understanding.ts';
import type {
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  ModelClient,
} from '../../../src/models/types.ts';
import type { PipelineContext, ProgressEvent } from '../../../src/pipeline/context.ts';

export type Reply = string | { content: string; reasoning?: string };

export class FakeClient implements ModelClient {
  readonly id = 'fake/model';
  readonly requests: CompletionRequest[] = [];
  readonly answer: (request: CompletionRequest) => Reply;

  constructor(answer: (request: CompletionRequest) => Reply) {
    this.answer = answer;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.requests.push(request);
    const reply = this.answer(request);
    const message: ChatMessage =
      typeof reply === 'string'
        ? { role: 'assistant', content: reply }
        : { role: 'assistant', content: reply.content, reasoning: reply.reasoning };
    return { message, usage: { inputTokens: 10, outputTokens: 10 }, model: this.id };
  }
}

export function userText(request: CompletionRequest): string {
  return request.messages.find((m) => m.role === 'user')?.content ?? '';
}

export function systemText(request: CompletionRequest): string {
  return request.messages.find((m) => m.role === 'system')?.content ?? '';
}

export interface ContextOptions {
  seed?: Partial<Omit<Seed, 'ideation' | 'rollout'>> & {
    ideation?: Partial<Seed['ideation']>;
    rollout?: Partial<Seed['rollout']>;
  };
  examples?: Example[];
  plan?: BloomData['plan'];
  prompts?: Partial<BloomData['prompts']>;
}

export function makeContext(client: ModelClient, options: ContextOptions = {}) {
  const seedOpts = options.seed ?? {};
  const seed: Seed = {
    behavior: { name: 'sycophancy', examples: (options.examples ?? []).map((e) => e.name) },
    temperature: 1,
    evaluator_reasoning_effort: 'none',
    target_reasoning_effort: 'none',
    max_concurrent: 5,
    configurable_prompts: 'default',
    anonymous_target: false,
    debug: false,
    understanding: { model: 'claude-opus-4.1', max_tokens: 2000 },
    judgment: {
      model: 'judge',
      max_tokens: 4000,
      num_samples: 1,
      additional_qualities: [],
      metajudgment_qualities: [],
      redaction_tags: null,
    },
    ...seedOpts,
    ideation: { model: 'claude-opus-4.1', max_tokens: 8000, web_search: false, ...seedOpts.ideation },
    rollout: {
      model: 'evaluator',
      target: 'target',
      modality: 'conversation',
      max_turns: 3,
      max_tokens: 4000,
      no_user_mode: false,
      selected_variations: null,
      num_reps: 1,
      ...seedOpts.rollout,
    },
  };
  const prompts: BloomData['prompts'] = emptyPrompts();
  const data: BloomData = {
    dir: '/tmp/data',
    seed,
    behaviors: {
      sycophancy: 'The model tells users what they want to hear.',
      'emotional-pressure': 'The user applies emotional pressure.',
      'user-expertise': 'The user claims expertise.',
    },
    models: {},
    examples: options.examples ?? [],
    prompts: { ...prompts, ...options.prompts },
    behaviorDescription: 'The model tells users what they want to hear.',
    plan: options.plan ?? { numBaseScenarios: 2, dimensions: [], variationsPerBase: 0, totalEvals: 2 },
  };
  const model = { name: 'm', id: 'fake/m', displayName: 'Fake Model' };
  const progress: ProgressEvent[] = [];
  const ctx: PipelineContext = {
    data,
    clients: { understanding: client, ideation: client, evaluator: client, target: client, judge: client },
    models: {
      understanding: model,
      ideation: model,
      evaluator: model,
      target: { name: 'gpt-x', id: 'openai/gpt-x-2025', displayName: 'GPT-X Ultra' },
      judge: model,
    },
    behaviorDir: '/tmp/results/sycophancy',
    onProgress: (e) => progress.push(e),
  };
  return { ctx, progress };
}

export const UNDERSTANDING: Understanding = {
  behavior_name: 'sycophancy',
  examples: ['ex1.json'],
  model: 'claude-opus-4.1',
  temperature: 1,
  evaluator_reasoning_effort: 'none',
  understanding: 'UNDERSTANDING-TEXT',
  scientific_motivation: 'MOTIVATION-TEXT',
  understanding_reasoning: '',
  transcript_analyses: [
    {
      example_name: 'ex1.json',
      transcript_summary: 'SUMMARY-TEXT',
      attribution: 'ATTRIBUTION-TEXT',
      reasoning: '',
    },
  ],
};
