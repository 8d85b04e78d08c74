// The OpenAI chat-completions wire format, server side: a request body back to our ChatMessages, and a scripted
// CompletionResult out as a ChatCompletion. The inverse of src/models/openai.ts.

import type { ToolSpec } from '../../../src/formats/ideation.ts';
import type { ReasoningEffort } from '../../../src/formats/seed.ts';
import type { ChatMessage, CompletionResult } from '../../../src/models/types.ts';
import type { WireRequest } from './wire-request.ts';

type Json = Record<string, unknown>;

const EFFORTS: readonly string[] = ['none', 'low', 'medium', 'high'];

export function fromOpenAIBody(body: Json): WireRequest {
  const messages = asArray(body.messages).map((raw) => toChatMessage(raw as Json));
  const effort = EFFORTS.includes(String(body.reasoning_effort)) ? body.reasoning_effort : 'none';
  const tools = asArray(body.tools).map((tool): ToolSpec => {
    const fn = ((tool as Json).function ?? {}) as Json;
    return {
      name: String(fn.name),
      description: String(fn.description ?? ''),
      parameters: (fn.parameters ?? {}) as Record<string, unknown>,
    };
  });
  return {
    model: String(body.model ?? ''),
    messages,
    maxTokens: Number(body.max_completion_tokens ?? body.max_tokens ?? 0),
    reasoningEffort: effort as ReasoningEffort,
    ...(typeof body.temperature === 'number' ? { temperature: body.temperature } : {}),
    ...(tools.length ? { tools } : {}),
  };
}

function toChatMessage(raw: Json): ChatMessage {
  const content = typeof raw.content === 'string' ? raw.content : '';
  switch (raw.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content };
    case 'tool':
      return { role: 'tool', toolCallId: String(raw.tool_call_id ?? ''), content };
    case 'assistant': {
      const message: ChatMessage = { role: 'assistant', content };
      const calls = asArray(raw.tool_calls).map((call) => {
        const fn = ((call as Json).function ?? {}) as Json;
        return {
          id: String((call as Json).id),
          name: String(fn.name),
          arguments: parseArguments(fn.arguments),
        };
      });
      if (calls.length) message.toolCalls = calls;
      return message;
    }
    default:
      return { role: 'user', content };
  }
}

function parseArguments(text: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(typeof text === 'string' && text ? text : '{}');
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `cachedTokens`: the prompt tokens OpenAI's automatic prompt cache served (prompt_tokens_details). */
export function toOpenAICompletionBody(model: string, result: CompletionResult, cachedTokens?: number): Json {
  const { message, usage } = result;
  const calls = message.toolCalls ?? [];
  const wire: Json = {
    role: 'assistant',
    content: message.content || (calls.length ? null : ''),
    refusal: null,
  };
  if (message.reasoning !== undefined) wire.reasoning_content = message.reasoning;
  if (calls.length) {
    wire.tool_calls = calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    }));
  }
  return {
    id: 'chatcmpl-fault-server',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [
      { index: 0, message: wire, finish_reason: calls.length ? 'tool_calls' : 'stop', logprobs: null },
    ],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      ...(usage.reasoningTokens === undefined
        ? {}
        : { completion_tokens_details: { reasoning_tokens: usage.reasoningTokens } }),
      ...(cachedTokens === undefined ? {} : { prompt_tokens_details: { cached_tokens: cachedTokens } }),
    },
  };
}

export function openaiErrorBody(status: number, message: string): Json {
  const type = status === 429 ? 'rate_limit_exceeded' : 'server_error';
  return { error: { message, type, param: null, code: type } };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
