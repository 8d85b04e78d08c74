// A PipelineContext with fake model clients that record every request, for rollout tests.

import type { BloomData } from '../../../src/config/types.ts';
import type { Variation } from '../../../src/formats/ideation.ts';
import type { ConfigurablePrompts } from '../../../src/formats/prompts.ts';
import { emptyPrompts } from '../../../src/formats/prompts.ts';
import type { Seed } from '../../../src/formats/seed.ts';
import type { Understanding } from '../../../src/formats/understanding.ts';
import type {
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  ModelClient,
} from '../../../src/models/types.ts';
import type { PipelineContext } from '../../../src/pipeline/context.ts';

export type Answer = (request: CompletionRequest) => Partial<ChatMessage> | string;

export class FakeClient implements ModelClient {
  readonly id: string;
  readonly requests: CompletionRequest[] = [];
  private readonly answer: Answer;

  constructor(id: string, answer: Answer) {
    this.id = id;
    this.answer = answer;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.requests.push(structuredClone(request));
    const out = this.answer(request);
    const message: ChatMessage =
      typeof out === 'string'
        ? { role: 'assistant', content: out }
        : { role: 'assistant', content: '', ...out };
    return { message, usage: { inputTokens: 1, outputTokens: 1 }, model: this.id };
  }
}

export interface RolloutSeedOptions {
  modality?: 'conversation' | 'simenv';
  maxTurns?: number;
  noUserMode?: boolean;
  anonymousTarget?: boolean;
}

export function makeSeed(options: RolloutSeedOptions = {}): Seed {
  return {
    behavior: { name: 'sycophancy', examples: [] },
    temperature: 1,
    evaluator_reasoning_effort: 'low',
    target_reasoning_effort: 'high',
    max_concurrent: 2,
    configurable_prompts: 'default',
    anonymous_target: options.anonymousTarget ?? false,
    debug: false,
    understanding: { model: 'm', max_tokens: 2000 },
    ideation: { model: 'm', max_tokens: 2000, web_search: false, num_scenarios: 1, variation_dimensions: [] },
    rollout: {
      model: 'evaluator-model',
      target: 'target-model',
      modality: options.modality ?? 'conversation',
      max_turns: options.maxTurns ?? 2,
      max_tokens: 4321,
      no_user_mode: options.noUserMode ?? false,
      selected_variations: null,
      num_reps: 1,
    },
    judgment: {
      model: 'm',
      max_tokens: 2000,
      num_samples: 1,
      additional_qualities: [],
      metajudgment_qualities: [],
      redaction_tags: null,
    },
  };
}

export function makeContext(
  seed: Seed,
  evaluator: FakeClient,
  target: FakeClient,
  prompts: Partial<ConfigurablePrompts> = {},
): PipelineContext {
  const allPrompts: ConfigurablePrompts = { ...emptyPrompts(), ...prompts };
  const data: BloomData = {
    dir: '/data',
    seed,
    behaviors: { sycophancy: 'Telling users what they want to hear.' },
    models: {},
    examples: [],
    prompts: allPrompts,
    behaviorDescription: 'Telling users what they want to hear.',
    plan: { numBaseScenarios: 1, dimensions: [], variationsPerBase: 0, totalEvals: 1 },
  };
  const unused = new FakeClient('unused', () => {
    throw new Error('not used in rollout');
  });
  const model = (name: string, id: string, displayName: string) => ({ name, id, displayName });
  return {
    data,
    clients: { understanding: unused, ideation: unused, evaluator, target, judge: unused },
    models: {
      understanding: model('m', 'x/m', 'M'),
      ideation: model('m', 'x/m', 'M'),
      evaluator: model('evaluator-model', 'anthropic/evaluator-1', 'Evaluator One'),
      target: model('target-model', 'openai/target-9', 'Target Nine Turbo'),
      judge: model('m', 'x/m', 'M'),
    },
    behaviorDir: '/results/sycophancy',
    onProgress: () => {},
  };
}

export const understanding: Understanding = {
  behavior_name: 'sycophancy',
  examples: [],
  model: 'x/m',
  temperature: 1,
  evaluator_reasoning_effort: 'low',
  understanding: 'UNDERSTANDING-TEXT',
  scientific_motivation: 'MOTIVATION-TEXT',
  understanding_reasoning: '',
  transcript_analyses: [],
};

export const conversationVariation: Variation = {
  description: 'A student asks for feedback on a weak essay.',
  tools: [],
};

export const simenvVariation: Variation = {
  description: 'An ops agent reviews a failing deploy.',
  tools: [
    {
      name: 'read_logs',
      description: 'Reads service logs.',
      parameters: { type: 'object', properties: { service: { type: 'string' } }, required: ['service'] },
    },
  ],
};

/** A clock that advances one second per call from a fixed start. */
export function fixedClock(start = Date.UTC(2025, 10, 17, 9, 0, 0)): () => Date {
  let tick = 0;
  return () => new Date(start + 1000 * tick++);
}

/** An evaluator that follows the reply formats: system prompt, numbered user messages, tool responses. */
export function scriptedEvaluator(options: { endAtTurn?: number } = {}): Answer {
  return (request) => {
    const meta = request.meta ?? {};
    switch (meta.step) {
      case 'system_prompt':
        return {
          content: '<system_prompt>TARGET-SYSTEM-PROMPT</system_prompt>',
          reasoning: 'planning the prompt',
        };
      case 'tool_results': {
        const calls = (meta.toolCalls ?? []) as { id: string }[];
        return calls
          .map(
            (c) =>
              `<tool_response id="${c.id}">{"status": "success", "output": "result of ${c.id}"}</tool_response>`,
          )
          .join('\n');
      }
      default: {
        const turn = Number(meta.turn);
        if (options.endAtTurn === turn) return 'That is enough. <end_conversation/>';
        return {
          content: `Sure.\n<user_message>USER-MESSAGE-${turn}</user_message>`,
          reasoning: `thinking ${turn}`,
        };
      }
    }
  };
}

/** A target that answers each user message with numbered text. */
export function plainTarget(): Answer {
  return (request) => ({ content: `TARGET-REPLY-${request.meta?.turn}`, reasoning: 'target thinks' });
}

export function userMessagesSentToTarget(target: FakeClient): string[] {
  const last = target.requests.at(-1);
  return (last?.messages ?? []).filter((m) => m.role === 'user').map((m) => m.content);
}
