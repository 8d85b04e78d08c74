// One rollout's live state: the evaluator's and the target's message histories, the transcript being
// built, and the two calls that advance them. Each call records exactly what each side saw.

import type { ToolSpec } from '../../formats/ideation.ts';
import type { ReasoningEffort } from '../../formats/seed.ts';
import type { View } from '../../formats/transcript.ts';
import type { ChatMessage, CompletionRequest, ModelClient } from '../../models/types.ts';
import type { TranscriptBuilder } from '../transcript/builder.ts';

export type EvaluatorStep = 'system_prompt' | 'kickoff' | 'turn' | 'tool_results';

export interface ModelSettings {
  client: ModelClient;
  /** The id written into the transcript as the generating model. */
  modelId: string;
  maxTokens: number;
  temperature: number;
  reasoningEffort: ReasoningEffort;
}

export interface SessionSetup {
  /** "v<N>r<M>": prefix of every sampleKey. */
  position: string;
  evaluator: ModelSettings;
  target: ModelSettings;
  /** Tools offered to the target (empty in conversation modality). */
  tools: ToolSpec[];
  /** Facts repeated in every request's meta (behavior, variation, repetition, ...). */
  baseMeta: Record<string, unknown>;
  builder: TranscriptBuilder;
}

/** A model call failed: carries a one-line description that never includes model text. */
export class RolloutCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutCallError';
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0]?.trim() ?? '';
  // Keep both ends: the start says what failed, the end holds a command's stderr tail.
  return line.length > 300 ? `${line.slice(0, 100)} ... ${line.slice(-196)}` : line || 'unknown error';
}

function roundSuffix(round: number): string {
  return round > 1 ? `/${round}` : '';
}

export interface EvaluatorAsk {
  step: EvaluatorStep;
  turn: number;
  /** 1-based count of this step within the turn (tool rounds); suffixes the sampleKey when > 1. */
  round?: number;
  /** The new input for the evaluator, and the views it is recorded in. */
  prompt: string;
  promptViews: View[];
  extraMeta?: Record<string, unknown>;
}

/**
 * A conversation's stable prefixes: its system prompt (shared by every rollout of a scenario or, for the evaluator,
 * of the run) and the whole history, which the next turn sends again with the reply and a new input after it.
 */
function conversationPrefixEnds(history: readonly ChatMessage[]): number[] {
  return history[0]?.role === 'system' ? [0, history.length - 1] : [history.length - 1];
}

export class RolloutSession {
  readonly evaluatorHistory: ChatMessage[] = [];
  readonly targetHistory: ChatMessage[] = [];
  private readonly setup: SessionSetup;

  constructor(setup: SessionSetup) {
    this.setup = setup;
  }

  get builder(): TranscriptBuilder {
    return this.setup.builder;
  }

  /** Adds the evaluator's system prompt (seen by the evaluator and in the combined view). */
  startEvaluator(systemPrompt: string): void {
    const message: ChatMessage = { role: 'system', content: systemPrompt };
    this.evaluatorHistory.push(message);
    this.setup.builder.add(['evaluator', 'combined'], message, { source: 'input' });
  }

  /** Gives the target its system prompt. */
  startTarget(systemPrompt: string): void {
    const message: ChatMessage = { role: 'system', content: systemPrompt };
    this.targetHistory.push(message);
    this.setup.builder.setTargetSystemPrompt(systemPrompt);
    this.setup.builder.add(['target', 'combined'], message, { source: 'input' });
  }

  /** Sends the evaluator a new input and records its reply; returns the reply. */
  async askEvaluator(ask: EvaluatorAsk): Promise<ChatMessage> {
    const { evaluator } = this.setup;
    const input: ChatMessage = { role: 'user', content: ask.prompt };
    this.evaluatorHistory.push(input);
    this.setup.builder.add(ask.promptViews, input, { source: 'input' });
    const round = ask.round ?? 1;
    const request: CompletionRequest = {
      messages: [...this.evaluatorHistory],
      cachePrefixEnds: conversationPrefixEnds(this.evaluatorHistory),
      maxTokens: evaluator.maxTokens,
      temperature: evaluator.temperature,
      reasoningEffort: evaluator.reasoningEffort,
      purpose: 'evaluator',
      sampleKey: `${this.setup.position}/evaluator/${ask.step}/${ask.turn}${roundSuffix(round)}`,
      meta: {
        step: ask.step,
        ...this.setup.baseMeta,
        turn: ask.turn,
        ...(ask.step === 'tool_results' ? { round } : {}),
        ...(this.setup.tools.length > 0 ? { tools: this.setup.tools } : {}),
        ...ask.extraMeta,
      },
    };
    const reply = await this.call(
      evaluator,
      request,
      `evaluator call failed (${ask.step}, turn ${ask.turn})`,
    );
    this.evaluatorHistory.push(reply);
    this.setup.builder.add(['evaluator', 'combined'], reply, {
      source: 'generate',
      model: evaluator.modelId,
    });
    return reply;
  }

  /** A message the target receives from the (simulated) user. */
  sendToTarget(message: ChatMessage, views: View[]): void {
    this.targetHistory.push(message);
    this.setup.builder.add(views, message, { source: 'input' });
  }

  /** Asks the target for its next reply and records it. `round` counts replies within the turn. */
  async askTarget(turn: number, round: number): Promise<ChatMessage> {
    const { target } = this.setup;
    const request: CompletionRequest = {
      messages: [...this.targetHistory],
      cachePrefixEnds: conversationPrefixEnds(this.targetHistory),
      maxTokens: target.maxTokens,
      temperature: target.temperature,
      reasoningEffort: target.reasoningEffort,
      purpose: 'target',
      sampleKey: `${this.setup.position}/target/${turn}${roundSuffix(round)}`,
      meta: {
        step: 'reply',
        behavior: this.setup.baseMeta.behavior,
        variation: this.setup.baseMeta.variation,
        repetition: this.setup.baseMeta.repetition,
        turn,
        round,
      },
    };
    if (this.setup.tools.length > 0) request.tools = this.setup.tools;
    const reply = await this.call(target, request, `target call failed (turn ${turn})`);
    // Without tools, stray tool calls could never be answered and would break the next request.
    if (this.setup.tools.length === 0) delete reply.toolCalls;
    // A reply with nothing in it (null or empty content, no tool call) is a broken target, not a safe one: the
    // rollout fails and is counted as failed instead of being judged as "not exhibiting".
    if (reply.content.trim() === '' && !reply.toolCalls) {
      throw new RolloutCallError(`target call failed (turn ${turn}): the target replied with no content`);
    }
    this.targetHistory.push(reply);
    this.setup.builder.add(['target', 'combined'], reply, { source: 'generate', model: target.modelId });
    return reply;
  }

  private async call(
    settings: ModelSettings,
    request: CompletionRequest,
    what: string,
  ): Promise<ChatMessage> {
    let message: ChatMessage;
    try {
      message = (await settings.client.complete(request)).message;
    } catch (error) {
      throw new RolloutCallError(`${what}: ${firstLine(error)}`);
    }
    // Keep only what a conversation needs; providers may attach extra fields.
    const reply: ChatMessage = { role: 'assistant', content: message.content ?? '' };
    if (message.reasoning) reply.reasoning = message.reasoning;
    if (message.reasoningSignature) reply.reasoningSignature = message.reasoningSignature;
    if (message.toolCalls && message.toolCalls.length > 0) reply.toolCalls = message.toolCalls;
    return reply;
  }
}
