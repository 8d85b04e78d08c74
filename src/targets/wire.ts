// The conversation as agents receive it (plain JSON, snake_case like OpenAI's), and their replies back into a
// ChatMessage. Shared by the HTTP and command targets.

import type { ToolSpec } from '../formats/ideation.ts';
import type { ChatMessage, ToolCall } from '../models/types.ts';

export interface WireToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface WireMessage {
  role: ChatMessage['role'];
  content: string;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
}

/** Drops provider-only fields (reasoning, signatures): an agent sees roles, text and tool traffic. */
export function toWireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  return messages.map((m) => {
    const wire: WireMessage = { role: m.role, content: m.content };
    if (m.toolCalls && m.toolCalls.length > 0) wire.tool_calls = m.toolCalls.map((c) => ({ ...c }));
    if (m.toolCallId !== undefined) wire.tool_call_id = m.toolCallId;
    return wire;
  });
}

export function toWireTools(tools: readonly ToolSpec[] | undefined): ToolSpec[] {
  return tools ? tools.map((t) => ({ ...t })) : [];
}

/** An agent's output was unusable: not retried (the same input would give the same output). */
export class AgentOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentOutputError';
  }
}

/** Plain text, or JSON `{"content": "...", "tool_calls": [...]}` when the output starts with "{". */
export function parseAgentOutput(stdout: string): ChatMessage {
  const text = stdout.trim();
  if (text === '') throw new AgentOutputError('bad output: nothing on stdout');
  if (!text.startsWith('{')) return { role: 'assistant', content: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AgentOutputError('bad output: stdout starts with "{" but is not valid JSON');
  }
  const reply = value as { content?: unknown; tool_calls?: unknown };
  const content = reply.content ?? '';
  if (typeof content !== 'string') throw new AgentOutputError('bad output: "content" is not a string');
  const toolCalls = parseToolCalls(reply.tool_calls);
  if (content === '' && toolCalls.length === 0) {
    throw new AgentOutputError('bad output: JSON without "content" or "tool_calls"');
  }
  return { role: 'assistant', content, ...(toolCalls.length > 0 ? { toolCalls } : {}) };
}

function parseToolCalls(raw: unknown): ToolCall[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new AgentOutputError('bad output: "tool_calls" is not a list');
  return raw.map((call, i) => {
    const { id, name, arguments: args } = (call ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') {
      throw new AgentOutputError(`bad output: tool_calls[${i}].name is not a string`);
    }
    return {
      id: typeof id === 'string' && id ? id : `call_${i + 1}`,
      name,
      arguments: toolArguments(args, i),
    };
  });
}

/** Arguments as an object, or as OpenAI's JSON-encoded string. */
function toolArguments(args: unknown, i: number): Record<string, unknown> {
  if (args === undefined) return {};
  let value = args;
  if (typeof args === 'string') {
    try {
      value = JSON.parse(args);
    } catch {
      throw new AgentOutputError(`bad output: tool_calls[${i}].arguments is not JSON`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AgentOutputError(`bad output: tool_calls[${i}].arguments is not an object`);
  }
  return value as Record<string, unknown>;
}
