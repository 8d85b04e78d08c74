// Anthropic's provider, over the official Anthropic SDK (Messages API). One call per complete(); retries, limits
// and the ledger are composed around it by the registry.

import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import type { MessageBatchResult } from '@anthropic-ai/sdk/resources/messages/batches';
import type { ToolSpec } from '../../formats/ideation.ts';
import { estimateInputTokens } from '../cost.ts';
import { MalformedResponseError } from '../errors.ts';
import type { Provider, ProviderClientOptions } from '../provider.ts';
import { cappedFetch } from '../sdk-fetch.ts';
import { BATCH_CALL, loadOnFirstCall, noAnswer } from '../sdk-loading.ts';
import type {
  BatchApi,
  BatchOutcome,
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  ModelClient,
} from '../types.ts';
import { THINKING_BUDGET } from '../types.ts';
import { batchItemAnnotations, sdkCallOptions } from '../wire-annotations.ts';

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
    batchApi: anthropicBatches(sdk.client, options),
  };
}

/** Message Batches: one request per item, each item's result read from the results file once the batch ended. */
function anthropicBatches(
  client: () => Promise<InstanceType<typeof import('@anthropic-ai/sdk').default>>,
  options: ProviderClientOptions,
): BatchApi {
  return {
    provider: 'anthropic',
    async submit(requests) {
      const batch = await (await client()).messages.batches.create(
        {
          requests: requests.map(({ customId, request }) => ({
            custom_id: customId,
            params: toAnthropicParams(options.model, request),
            ...batchItemAnnotations(request, options.wireAnnotations),
          })),
        },
        BATCH_CALL,
      );
      return batch.id;
    },
    async ended(id) {
      return (
        (await (await client()).messages.batches.retrieve(id, {}, BATCH_CALL)).processing_status === 'ended'
      );
    },
    async results(id) {
      const outcomes = new Map<string, BatchOutcome>();
      for await (const line of await (await client()).messages.batches.results(id, {}, BATCH_CALL)) {
        outcomes.set(line.custom_id, anthropicOutcome(line.result));
      }
      return outcomes;
    },
    async cancel(id) {
      await (await client()).messages.batches.cancel(id, {}, BATCH_CALL);
    },
  };
}

function anthropicOutcome(result: MessageBatchResult): BatchOutcome {
  if (result.type !== 'succeeded') {
    const detail = result.type === 'errored' ? `: ${result.error?.error?.message ?? 'no message'}` : '';
    return { ok: false, error: `batch item ${result.type}${detail}` };
  }
  try {
    return { ok: true, result: fromAnthropicMessage(result.message) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
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
  const breakpoints = cacheBreakpoints(model, request);
  const { turns, lastBlocks } = toAnthropicTurns(request.messages);
  for (const index of breakpoints) {
    const block = lastBlocks.get(index);
    if (block) Object.assign(block, { cache_control: EPHEMERAL });
  }
  const params: MessageCreateParamsNonStreaming = {
    model,
    // Thinking tokens count toward max_tokens, which must exceed the budget; keep room for the answer.
    max_tokens: budget > 0 && request.maxTokens <= budget ? budget + request.maxTokens : request.maxTokens,
    messages: turns.map(toMessageParam),
  };
  if (system) {
    const systemMarked = breakpoints.some((index) => request.messages[index]?.role === 'system');
    params.system = systemMarked ? [{ type: 'text', text: system, cache_control: EPHEMERAL }] : system;
  }
  if (budget > 0) params.thinking = { type: 'enabled', budget_tokens: budget };
  // No temperature: this SDK's API version rejects sampling parameters (the SDK removed them).
  if (request.tools?.length) params.tools = request.tools.map(toAnthropicTool);
  return params;
}

/** The 5-minute cache: a rollout's next turn and a judge's re-samples follow within seconds. */
const EPHEMERAL = { type: 'ephemeral' } as const;

/** The Messages API refuses a request with more cache_control blocks than this. */
export const MAX_CACHE_BREAKPOINTS = 4;

/**
 * Anthropic caches a prefix only from a model's minimum length on (its prompt-caching docs): 4096 tokens for Opus
 * 4.5 and later and Haiku 4.5, 2048 for Sonnet 4.6 and the Haiku 3 family, 1024 for the rest.
 */
export function cacheMinimumTokens(model: string): number {
  if (/claude-opus-4-[5-9]|claude-haiku-4-5/.test(model)) return 4096;
  if (/claude-sonnet-4-6|claude-3-5-haiku|claude-3-haiku/.test(model)) return 2048;
  return 1024;
}

/**
 * The request's prefix ends worth a breakpoint: those whose prefix is not clearly below the model's minimum (the
 * token count is estimated, so three quarters of it is enough: a mark on a short prefix costs nothing, it is just
 * not cached), the latest ones when there are more than the API allows. System messages count as one, the system
 * prompt, which the API places after the tools and before every message.
 */
export function cacheBreakpoints(model: string, request: CompletionRequest): number[] {
  const ends = [...new Set(request.cachePrefixEnds ?? [])]
    .filter((index) => index >= 0 && index < request.messages.length)
    .sort((a, b) => a - b);
  const minimum = (cacheMinimumTokens(model) * 3) / 4;
  const systemMessages = request.messages.filter((message) => message.role === 'system');
  const chosen: number[] = [];
  let systemChosen = false;
  for (const index of ends) {
    const message = request.messages[index];
    if (!message) continue;
    const isSystem = message.role === 'system';
    if (isSystem && systemChosen) continue;
    // Everything the API sends before the mark: tools, the whole system prompt, and the messages up to it.
    const before = request.messages.slice(0, index + 1).filter((m) => m.role !== 'system');
    const prefix = estimateInputTokens({ messages: [...systemMessages, ...before], tools: request.tools });
    if (prefix < minimum || (!isSystem && !hasCacheableBlock(message))) continue;
    chosen.push(index);
    if (isSystem) systemChosen = true;
  }
  return chosen.slice(-MAX_CACHE_BREAKPOINTS);
}

/** The API refuses cache_control on an empty text block: a message whose last block would be one is not marked. */
function hasCacheableBlock(message: ChatMessage): boolean {
  return message.role === 'tool' || Boolean(message.toolCalls?.length) || message.content !== '';
}

function toAnthropicTool(tool: ToolSpec): Tool {
  return {
    name: tool.name,
    description: tool.description,
    input_schema: { type: 'object', ...tool.parameters },
  };
}

interface Turn {
  role: 'user' | 'assistant';
  blocks: ContentBlockParam[];
}

/** Non-system messages as alternating turns: tool results become user blocks, same-role turns merge. */
export function toAnthropicMessages(messages: ChatMessage[]): MessageParam[] {
  return toAnthropicTurns(messages).turns.map(toMessageParam);
}

/** The turns, and each message's last block by its index in `messages` (where a cache breakpoint goes). */
function toAnthropicTurns(messages: ChatMessage[]): {
  turns: Turn[];
  lastBlocks: Map<number, ContentBlockParam>;
} {
  const turns: Turn[] = [];
  const lastBlocks = new Map<number, ContentBlockParam>();
  messages.forEach((message, index) => {
    if (message.role === 'system') return;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = toBlocks(message);
    const lastBlock = blocks[blocks.length - 1];
    if (lastBlock) lastBlocks.set(index, lastBlock);
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.blocks.push(...blocks);
    else turns.push({ role, blocks });
  });
  return { turns, lastBlocks };
}

function toMessageParam({ role, blocks }: Turn): MessageParam {
  const only = blocks[0];
  // A lone text block is sent as a plain string, the form most servers and proxies expect (unless it is marked).
  if (blocks.length === 1 && only?.type === 'text' && !only.cache_control)
    return { role, content: only.text };
  return { role, content: blocks };
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
  // input_tokens counts only what came after the last cache breakpoint; the cached parts are reported apart.
  const cacheReadTokens = usage.cache_read_input_tokens ?? 0;
  const cacheWriteTokens = usage.cache_creation_input_tokens ?? 0;
  return {
    message: reply,
    usage: {
      inputTokens: usage.input_tokens + cacheWriteTokens + cacheReadTokens,
      outputTokens: usage.output_tokens,
      ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
      ...(cacheReadTokens ? { cacheReadTokens } : {}),
      ...(cacheWriteTokens ? { cacheWriteTokens } : {}),
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
