// Response bodies in each provider's wire format, for scripting the model server.

import type { Step } from './model-server.ts';

export interface AnthropicReplyParts {
  text?: string;
  thinking?: { text: string; signature: string };
  toolUses?: { id: string; name: string; input: Record<string, unknown> }[];
  usage?: { input: number; output: number; thinking?: number; cacheRead?: number; cacheWrite?: number };
  model?: string;
}

export function anthropicMessage(parts: AnthropicReplyParts): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (parts.thinking) {
    content.push({ type: 'thinking', thinking: parts.thinking.text, signature: parts.thinking.signature });
  }
  if (parts.text !== undefined) content.push({ type: 'text', text: parts.text, citations: null });
  for (const use of parts.toolUses ?? []) content.push({ type: 'tool_use', ...use });
  const usage = parts.usage ?? { input: 10, output: 5 };
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: parts.model ?? 'claude-test',
    content,
    stop_reason: parts.toolUses?.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      cache_creation_input_tokens: usage.cacheWrite ?? null,
      cache_read_input_tokens: usage.cacheRead ?? null,
      output_tokens_details: usage.thinking === undefined ? null : { thinking_tokens: usage.thinking },
    },
  };
}

export interface OpenAIReplyParts {
  text?: string | null;
  /** Sent as `reasoning_content` (vLLM, DeepSeek) unless `reasoningField` says otherwise. */
  reasoning?: string;
  reasoningField?: 'reasoning_content' | 'reasoning';
  toolCalls?: { id: string; name: string; arguments: string }[];
  usage?: { prompt: number; completion: number; reasoning?: number; cached?: number };
  model?: string;
}

export function openaiCompletion(parts: OpenAIReplyParts): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: parts.text ?? null, refusal: null };
  if (parts.reasoning !== undefined) message[parts.reasoningField ?? 'reasoning_content'] = parts.reasoning;
  if (parts.toolCalls?.length) {
    message.tool_calls = parts.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  const usage = parts.usage ?? { prompt: 10, completion: 5 };
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: parts.model ?? 'gpt-test',
    choices: [
      { index: 0, message, finish_reason: parts.toolCalls?.length ? 'tool_calls' : 'stop', logprobs: null },
    ],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
      ...(usage.reasoning === undefined
        ? {}
        : { completion_tokens_details: { reasoning_tokens: usage.reasoning } }),
      ...(usage.cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: usage.cached } }),
    },
  };
}

export function anthropicError(
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
): Step {
  return { kind: 'json', status, headers, body: { type: 'error', error: { type, message } } };
}

export function openaiError(status: number, message: string, headers?: Record<string, string>): Step {
  return {
    kind: 'json',
    status,
    headers,
    body: { error: { message, type: 'invalid_request_error', code: null } },
  };
}

export function reply(body: unknown, delayMs?: number): Step {
  return { kind: 'json', body, delayMs };
}
