// One rollout: the evaluator writes the target's system prompt and opening message, then the two
// talk for at most max_turns turns (1 turn = 1 user message + the target's reply, so the last user
// message is always answered). In simenv the evaluator also answers the target's tool calls.

import { randomUUID } from 'node:crypto';
import type { Variation } from '../../formats/ideation.ts';
import { rolloutKey } from '../../formats/results-folder.ts';
import type { Transcript } from '../../formats/transcript.ts';
import type { Understanding } from '../../formats/understanding.ts';
import type { ChatMessage, ToolCall } from '../../models/types.ts';
import { firstLine } from '../../util/errors.ts';
import type { PipelineContext } from '../context.ts';
import { createTranscriptBuilder } from '../transcript/builder.ts';
import { parseSystemPrompt, parseToolResponses, parseUserMessage, type UserMessageReply } from './parse.ts';
import {
  CONTINUE_MESSAGE,
  evaluatorSystemPrompt,
  kickoffRequest,
  nextTurnRequest,
  type RolloutPromptFacts,
  systemPromptRequest,
  toolResultsRequest,
} from './prompts.ts';
import { RolloutCallError, RolloutSession } from './session.ts';

/** Tool rounds the evaluator answers within one turn before the target must move on. */
export const MAX_TOOL_ROUNDS = 5;

export interface RolloutInput {
  understanding: Understanding;
  variation: Variation;
  variationNumber: number;
  repetition: number;
  now?: () => Date;
  /** The run's nonce every transcript id derives from; default: a random one. */
  runNonce?: string;
}

export interface RolloutOutcome {
  transcript: Transcript;
  /** Completed turns: user messages the target answered. */
  turns: number;
  /** One line, set when the rollout stopped on a failed call; the transcript is then partial. */
  error?: string;
}

interface Plan {
  facts: RolloutPromptFacts;
  input: RolloutInput;
  toolsOn: boolean;
  prompts: PipelineContext['data']['prompts'];
  /** The target's own system prompt policy (a team prompt replacing or prefixing the generated one). */
  targetSystemPrompt: (generated: string) => string;
}

function withPrefix(prefix: string, text: string): string {
  const p = prefix.trim();
  return p ? `${p}\n\n${text}` : text;
}

function pendingCalls(reply: ChatMessage): ToolCall[] {
  return reply.toolCalls ?? [];
}

const LIMIT_RESULT = JSON.stringify({
  status: 'error',
  output: `Tool call limit reached: at most ${MAX_TOOL_ROUNDS} rounds of tool calls per turn.`,
});

/** The target answers one user message, calling tools (answered by the evaluator) up to the cap. */
async function targetTurn(session: RolloutSession, plan: Plan, turn: number): Promise<ChatMessage> {
  let reply = await session.askTarget(turn, 1);
  for (let round = 1; plan.toolsOn && pendingCalls(reply).length > 0; round++) {
    const calls = pendingCalls(reply);
    if (round > MAX_TOOL_ROUNDS) {
      // Close the open calls so the target's history stays valid for any later turn.
      for (const call of calls) {
        session.sendToTarget({ role: 'tool', content: LIMIT_RESULT, toolCallId: call.id }, ['target']);
      }
      break;
    }
    const answer = await session.askEvaluator({
      step: 'tool_results',
      turn,
      round,
      prompt: toolResultsRequest(reply, calls),
      promptViews: ['evaluator'],
      extraMeta: { toolCalls: calls },
    });
    const results = parseToolResponses(answer.content, calls);
    for (const call of calls) {
      session.sendToTarget({ role: 'tool', content: results.get(call.id) ?? '', toolCallId: call.id }, [
        'target',
      ]);
    }
    reply = await session.askTarget(turn, round + 1);
  }
  return reply;
}

async function converse(session: RolloutSession, plan: Plan, onTurn: (turn: number) => void): Promise<void> {
  const { facts, prompts, input } = plan;
  session.startEvaluator(evaluatorSystemPrompt(facts, prompts.rollout_system_additional));

  const systemPromptReply = await session.askEvaluator({
    step: 'system_prompt',
    turn: 0,
    prompt: systemPromptRequest(
      facts,
      {
        understanding: input.understanding,
        scenario: input.variation.description,
        tools: plan.toolsOn ? input.variation.tools : [],
        proposedSystemPrompt: input.variation.target_system_prompt,
      },
      prompts.generate_sysprompt_additional,
    ),
    promptViews: ['evaluator', 'combined'],
  });
  const generatedPrompt = withPrefix(
    prompts.target_sysprompt_prefix,
    parseSystemPrompt(systemPromptReply.content),
  );
  session.startTarget(plan.targetSystemPrompt(generatedPrompt));

  const kickoff = await session.askEvaluator({
    step: 'kickoff',
    turn: 1,
    prompt: kickoffRequest(facts, prompts.generate_kickoff_additional),
    promptViews: ['evaluator'],
  });

  let next: UserMessageReply = parseUserMessage(kickoff.content);
  let lastReply: ChatMessage | undefined;
  for (let turn = 1; turn <= facts.maxTurns; turn++) {
    if (turn > 1 && facts.noUserMode) {
      next = { end: false, message: CONTINUE_MESSAGE };
    } else if (turn > 1 && lastReply) {
      const evaluatorReply = await session.askEvaluator({
        step: 'turn',
        turn,
        prompt: nextTurnRequest(lastReply, turn, facts.maxTurns),
        promptViews: ['evaluator'],
      });
      next = parseUserMessage(evaluatorReply.content);
    }
    if (next.end) return;
    if (next.message.trim() === '')
      throw new RolloutCallError(`evaluator wrote an empty user message (turn ${turn})`);

    const text = turn === 1 ? withPrefix(prompts.target_kickoff_prefix, next.message) : next.message;
    // The nudge in no_user_mode is nobody's generated text, so the combined view shows it too.
    const views = facts.noUserMode && turn > 1 ? (['target', 'combined'] as const) : (['target'] as const);
    session.sendToTarget({ role: 'user', content: text }, [...views]);
    lastReply = await targetTurn(session, plan, turn);
    onTurn(turn);
  }
}

function failureLine(error: unknown): string {
  if (error instanceof RolloutCallError) return error.message;
  return `rollout failed: ${firstLine(error, 200)}`;
}

export async function runRollout(ctx: PipelineContext, input: RolloutInput): Promise<RolloutOutcome> {
  const { seed, prompts } = ctx.data;
  const now = input.now ?? (() => new Date());
  const position = rolloutKey(input.variationNumber, input.repetition);
  const toolsOn = seed.rollout.modality === 'simenv';
  const tools = toolsOn ? input.variation.tools : [];
  const facts: RolloutPromptFacts = {
    behaviorName: seed.behavior.name,
    behaviorDescription: ctx.data.behaviorDescription,
    modality: seed.rollout.modality,
    noUserMode: toolsOn && seed.rollout.no_user_mode,
    maxTurns: Math.max(1, Math.floor(seed.rollout.max_turns)),
    anonymousTarget: seed.anonymous_target,
    targetDisplayName: ctx.models.target.displayName,
  };
  const builder = createTranscriptBuilder({
    key: `${seed.behavior.name}/${position}`,
    runNonce: input.runNonce ?? randomUUID(),
    auditorModel: ctx.models.evaluator.id,
    targetModel: ctx.models.target.id,
    description: input.variation.description,
    targetTools: tools,
    variationNumber: input.variationNumber,
    repetitionNumber: input.repetition,
    now,
  });
  const session = new RolloutSession({
    position,
    evaluator: {
      client: ctx.clients.evaluator,
      modelId: ctx.models.evaluator.id,
      maxTokens: seed.rollout.max_tokens,
      temperature: seed.temperature,
      reasoningEffort: seed.evaluator_reasoning_effort,
    },
    target: {
      client: ctx.clients.target,
      modelId: ctx.models.target.id,
      maxTokens: seed.rollout.max_tokens,
      temperature: seed.temperature,
      reasoningEffort: seed.target_reasoning_effort,
    },
    tools,
    baseMeta: {
      behavior: seed.behavior.name,
      variation: input.variationNumber,
      repetition: input.repetition,
      maxTurns: facts.maxTurns,
      scenario: input.variation.description,
    },
    builder,
  });

  let turns = 0;
  try {
    const target = ctx.clients.target;
    const targetSystemPrompt = (generated: string) => target.systemPrompt?.(generated) ?? generated;
    await converse(session, { facts, input, toolsOn, prompts, targetSystemPrompt }, (turn) => {
      turns = turn;
    });
    return { transcript: builder.build(), turns };
  } catch (error) {
    return { transcript: builder.build(), turns, error: failureLine(error) };
  }
}
