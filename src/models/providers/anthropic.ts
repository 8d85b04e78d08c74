// Anthropic's provider, over the official Anthropic SDK (Messages API). One call per complete(); retries, limits
// and the ledger are composed around it by the registry.

import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import type { ToolSpec } from '../../formats/ideation.ts';
import { MalformedResponseError } from '../errors.ts';
import type { Provider, ProviderClientOptions } from '../provider.ts';
import { cappedFetch } from '../sdk-fetch.ts';
import { loadOnFirstCall, noAnswer } from '../sdk-loading.ts';
import type { ChatMessage, CompletionRequest, CompletionResult, ModelClient } from '../types.ts';
import { THINKING_BUDGET } from '../types.ts';
import { sdkCallOptions } from '../wire-annotations.ts';

/** Anthropic's Messages API. A models.json entry with a base_url and an anthropic/ id is a proxy speaking it. */
export const anthropic: Provider = {
  prefix: 'anthropic',
  hosted: {
    baseURL: 'https://api.anthropic.com',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    keyEnv: 'ANTHROPIC_API_KEY',
  },
  baseUrlEntries: { serves: 'own' },
  createClient: createAnthropicClient,
};

export function createAnthropicClient(options: ProviderClientOptions): ModelClient {
  const sdk = loadOnFirstCall(
    () => import('@anthropic-ai/sdk'),
    (module) =>
      new module.default({
        apiKey: options.apiKey ?? '',
        // Explicit nulls keep ambient env settings (auth tokens, profiles) out of our requests.
        authToken: null,
        baseURL: options.baseURL,
        maxRetries: 0,
        timeout: options.timeoutMs,
        fetch: cappedFetch(options.maxReplyBytes),
      }),
  );
  return {
    id: options.id,
    async complete(request) {
      const message = await (await sdk.client()).messages.create(
        toAnthropicParams(options.model, request),
        sdkCallOptions(request, options.wireAnnotations),
      );
      return fromAnthropicMessage(message);
    },
    // Status, headers and the {type: "error", error: {type, message}} body are read as any error's; only the SDK
    // knows its timeouts and connection failures.
    describeError: (error) => noAnswer(error, sdk.module()),
  };
}

/** The request body for a CompletionRequest (pure, exported for tests). */
export function toAnthropicParams(
  model: string,
  request: CompletionRequest,
): MessageCreateParamsNonStreaming {
  const budget = THINKING_BUDGET[request.reasoningEffort ?? 'none'];
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const params: MessageCreateParamsNonStreaming = {
    model,
    // Thinking tokens count toward max_tokens, which must exceed the budget; keep room for the answer.
    max_tokens: budget > 0 && request.maxTokens <= budget ? budget + request.maxTokens : request.maxTokens,
    messages: toAnthropicMessages(request.messages),
  };
  if (system) params.system = system;
  if (budget > 0) params.thinking = { type: 'enabled', budget_tokens: budget };
  // No temperature: this SDK's API version rejects sampling parameters (the SDK removed them).
  if (request.tools?.length) params.tools = request.tools.map(toAnthropicTool);
  return params;
}

function toAnthropicTool(tool: ToolSpec): Tool {
  return {
    name: tool.name,
    description: tool.description,
    input_schema: { type: 'object', ...tool.parameters },
  };
}

/** Non-system messages as alternating turns: tool results become user blocks, same-role turns merge. */
export function toAnthropicMessages(messages: ChatMessage[]): MessageParam[] {
  const turns: { role: 'user' | 'assistant'; blocks: ContentBlockParam[] }[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = toBlocks(message);
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.blocks.push(...blocks);
    else turns.push({ role, blocks });
  }
  return turns.map(({ role, blocks }) => {
    const only = blocks[0];
    // A lone text block is sent as a plain string, the form most servers and proxies expect.
    if (blocks.length === 1 && only?.type === 'text') return { role, content: only.text };
    return { role, content: blocks };
  });
}

function toBlocks(message: ChatMessage): ContentBlockParam[] {
  if (message.role === 'tool') {
    return [{ type: 'tool_result', tool_use_id: message.toolCallId ?? '', content: message.content }];
  }
  const blocks: ContentBlockParam[] = [];
  if (message.role === 'assistant' && message.reasoning !== undefined && message.reasoningSignature) {
    blocks.push({ type: 'thinking', thinking: message.reasoning, signature: message.reasoningSignature });
  }
  if (message.content || !message.toolCalls?.length) blocks.push({ type: 'text', text: message.content });
  for (const call of message.toolCalls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
  }
  return blocks;
}

/** Our CompletionResult for a Messages API reply (pure, exported for tests). */
export function fromAnthropicMessage(message: Message): CompletionResult {
  if (!Array.isArray(message?.content) || !message.usage) {
    throw new MalformedResponseError('Anthropic reply has no content array or usage');
  }
  const text: string[] = [];
  const thinking: string[] = [];
  let signature: string | undefined;
  const toolCalls: NonNullable<ChatMessage['toolCalls']> = [];
  for (const block of message.content) {
    if (block.type === 'text') text.push(block.text);
    else if (block.type === 'thinking') {
      thinking.push(block.thinking);
      signature = block.signature;
    } else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id, name: block.name, arguments: asRecord(block.input) });
    }
  }
  const reply: ChatMessage = { role: 'assistant', content: text.join('') };
  if (thinking.length) reply.reasoning = thinking.join('\n\n');
  if (signature) reply.reasoningSignature = signature;
  if (toolCalls.length) reply.toolCalls = toolCalls;
  const usage = message.usage;
  const reasoningTokens = usage.output_tokens_details?.thinking_tokens;
  return {
    message: reply,
    usage: {
      inputTokens:
        usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
      outputTokens: usage.output_tokens,
      ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
    },
    model: message.model,
    ...(message.stop_reason ? { stopReason: message.stop_reason } : {}),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { value };
}
