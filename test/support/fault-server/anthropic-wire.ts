// The Anthropic Messages wire format, server side: a request body back to our ChatMessages, and a scripted
// CompletionResult out as a Message. The inverse of src/models/anthropic.ts.

import type { ToolSpec } from '../../../src/formats/ideation.ts';
import type { ReasoningEffort } from '../../../src/formats/seed.ts';
import type { ChatMessage, CompletionResult, ToolCall } from '../../../src/models/types.ts';
import { THINKING_BUDGET } from '../../../src/models/types.ts';
import type { CacheUsage } from './prompt-cache.ts';
import type { WireRequest } from './wire-request.ts';

type Block = Record<string, unknown>;

export function fromAnthropicBody(body: Record<string, unknown>): WireRequest {
  const messages: ChatMessage[] = [];
  const system = textOf(body.system);
  if (system) messages.push({ role: 'system', content: system });
  for (const turn of asArray(body.messages)) {
    const role = (turn as Block).role === 'assistant' ? 'assistant' : 'user';
    const content = (turn as Block).content;
    if (typeof content === 'string') messages.push({ role, content });
    else if (role === 'user') messages.push(...userBlocks(asArray(content) as Block[]));
    else messages.push(...assistantBlocks(asArray(content) as Block[]));
  }
  const thinking = body.thinking as { type?: string; budget_tokens?: number } | undefined;
  const budget = thinking?.type === 'enabled' ? (thinking.budget_tokens ?? 0) : 0;
  const tools = asArray(body.tools).map(
    (tool): ToolSpec => ({
      name: String((tool as Block).name),
      description: String((tool as Block).description ?? ''),
      parameters: ((tool as Block).input_schema ?? {}) as Record<string, unknown>,
    }),
  );
  return {
    model: String(body.model ?? ''),
    messages,
    maxTokens: Number(body.max_tokens ?? 0),
    reasoningEffort: effortOfBudget(budget),
    ...(tools.length ? { tools } : {}),
  };
}

/** Each text block was one user message, each tool_result one tool message (the client merged them). */
function userBlocks(blocks: Block[]): ChatMessage[] {
  return blocks.map((block): ChatMessage => {
    if (block.type === 'tool_result') {
      return { role: 'tool', toolCallId: String(block.tool_use_id ?? ''), content: textOf(block.content) };
    }
    return { role: 'user', content: String(block.text ?? '') };
  });
}

/** A thinking or text block after text or tool use starts the next assistant message. */
function assistantBlocks(blocks: Block[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  let current: ChatMessage | undefined;
  const started = (m: ChatMessage | undefined) => m !== undefined && (m.content !== '' || m.toolCalls);
  for (const block of blocks) {
    if ((block.type === 'thinking' || block.type === 'text') && (!current || started(current))) {
      current = { role: 'assistant', content: '' };
      out.push(current);
    }
    if (!current) {
      current = { role: 'assistant', content: '' };
      out.push(current);
    }
    if (block.type === 'thinking') {
      current.reasoning = String(block.thinking ?? '');
      if (block.signature) current.reasoningSignature = String(block.signature);
    } else if (block.type === 'text') current.content = String(block.text ?? '');
    else if (block.type === 'tool_use') {
      const call: ToolCall = {
        id: String(block.id),
        name: String(block.name),
        arguments: (block.input ?? {}) as Record<string, unknown>,
      };
      current.toolCalls = [...(current.toolCalls ?? []), call];
    }
  }
  return out;
}

function effortOfBudget(budget: number): ReasoningEffort {
  const match = (Object.keys(THINKING_BUDGET) as ReasoningEffort[]).find(
    (e) => THINKING_BUDGET[e] === budget,
  );
  return match ?? 'none';
}

/** Reasoning goes out as a thinking block without a signature, so the client does not send it back:
 * the same history the scripted provider sees in-process. */
export function toAnthropicMessageBody(
  model: string,
  result: CompletionResult,
  cache?: CacheUsage,
): Record<string, unknown> {
  const { message, usage } = result;
  const content: Block[] = [];
  if (message.reasoning !== undefined)
    content.push({ type: 'thinking', thinking: message.reasoning, signature: '' });
  if (message.content || !message.toolCalls?.length) content.push({ type: 'text', text: message.content });
  for (const call of message.toolCalls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
  }
  return {
    id: 'msg_fault_server',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: message.toolCalls?.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      // As the API counts: input_tokens is what came after the last breakpoint, the cached parts apart.
      input_tokens: cache ? cache.fresh : usage.inputTokens,
      ...(cache ? { cache_read_input_tokens: cache.read, cache_creation_input_tokens: cache.write } : {}),
      output_tokens: usage.outputTokens,
      ...(usage.reasoningTokens === undefined
        ? {}
        : { output_tokens_details: { thinking_tokens: usage.reasoningTokens } }),
    },
  };
}

export function anthropicErrorBody(status: number, message: string): Record<string, unknown> {
  const type = status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error';
  return { type: 'error', error: { type, message } };
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return asArray(value)
    .map((block) => String((block as Block).text ?? ''))
    .join('\n\n');
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
