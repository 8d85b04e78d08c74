// OpenAI's provider, over the official openai SDK (chat.completions). The same client serves every server that
// speaks the dialect (vLLM, Ollama, Azure, LiteLLM proxy) at a models.json base_url, and the hosted services that
// do (openrouter.ts, and gemini.ts with its own request shape and error bodies).

import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { MalformedResponseError } from '../errors.ts';
import type { Provider, ProviderClientOptions } from '../provider.ts';
import { cappedFetch } from '../sdk-fetch.ts';
import { BATCH_CALL, type LoadedOnFirstCall, loadOnFirstCall, noAnswer } from '../sdk-loading.ts';
import type {
  BatchApi,
  BatchOutcome,
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  ModelClient,
  ToolCall,
} from '../types.ts';
import { batchItemAnnotations, sdkCallOptions } from '../wire-annotations.ts';

/** How one server speaks OpenAI's chat completions: the request body it takes, and what its errors say. */
export interface OpenAIDialect {
  params(model: string, request: CompletionRequest): ChatCompletionCreateParamsNonStreaming;
  /** The one-line message of an error body, and a wait the body asks for; undefined: OpenAI's shape. */
  errorBody?(body: unknown): { message?: string; retryAfterMs?: number } | undefined;
}

const OPENAI_DIALECT: OpenAIDialect = { params: toOpenAIParams };

/** A client over the openai SDK for any server that speaks chat completions, in its dialect. */
export function createChatCompletionsClient(
  options: ProviderClientOptions,
  dialect: OpenAIDialect = OPENAI_DIALECT,
  /** The server has OpenAI's Batch API (files + batches). */
  batches = false,
): ModelClient {
  const sdk = loadOnFirstCall(
    () => import('openai'),
    (module) =>
      new module.default({
        // The SDK refuses to start without a key; keyless local servers ignore this placeholder.
        apiKey: options.apiKey ?? 'no-key',
        // Explicit nulls keep ambient OpenAI org/project headers away from other providers.
        organization: null,
        project: null,
        baseURL: options.baseURL,
        maxRetries: 0,
        timeout: options.timeoutMs,
        fetch: cappedFetch(options.maxReplyBytes),
      }),
  );
  return {
    id: options.id,
    async complete(request) {
      const completion = await (await sdk.client()).chat.completions.create(
        dialect.params(options.model, request),
        sdkCallOptions(request, options.wireAnnotations),
      );
      return fromOpenAICompletion(completion);
    },
    // Status, headers and an {error: {type, message}} body are read as any error's; the SDK knows its timeouts
    // and connection failures, and a dialect its own error bodies.
    describeError(error) {
      const module = sdk.module();
      const body = module && error instanceof module.APIError ? dialect.errorBody?.(error.error) : undefined;
      return noAnswer(error, module) ?? body;
    },
    ...(batches ? { batchApi: openaiBatches(sdk, options, dialect) } : {}),
  };
}

const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);

/** OpenAI's Batch API: the requests uploaded as a JSONL file, the results read from its output and error files. */
function openaiBatches(
  sdk: LoadedOnFirstCall<typeof import('openai'), InstanceType<typeof import('openai').default>>,
  options: ProviderClientOptions,
  dialect: OpenAIDialect,
): BatchApi {
  return {
    provider: 'openai',
    async submit(requests) {
      const client = await sdk.client();
      const lines = requests.map(({ customId, request }) =>
        JSON.stringify({
          custom_id: customId,
          method: 'POST',
          url: '/v1/chat/completions',
          body: dialect.params(options.model, request),
          ...batchItemAnnotations(request, options.wireAnnotations),
        }),
      );
      const toFile = sdk.module()?.toFile;
      if (!toFile) throw new Error('bug: the openai SDK is not loaded');
      const file = await client.files.create(
        {
          file: await toFile(Buffer.from(`${lines.join('\n')}\n`), 'bloom-judgment.jsonl'),
          purpose: 'batch',
        },
        BATCH_CALL,
      );
      const batch = await client.batches.create(
        { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' },
        BATCH_CALL,
      );
      return batch.id;
    },
    async ended(id) {
      return ENDED.has((await (await sdk.client()).batches.retrieve(id, BATCH_CALL)).status);
    },
    async results(id) {
      const client = await sdk.client();
      const batch = await client.batches.retrieve(id, BATCH_CALL);
      const outcomes = new Map<string, BatchOutcome>();
      for (const fileId of [batch.output_file_id, batch.error_file_id]) {
        if (!fileId) continue;
        const text = await (await client.files.content(fileId, BATCH_CALL)).text();
        for (const line of text.split('\n')) {
          const item = parseBatchLine(line);
          if (item) outcomes.set(item.customId, item.outcome);
        }
      }
      return outcomes;
    },
    async cancel(id) {
      await (await sdk.client()).batches.cancel(id, BATCH_CALL);
    },
  };
}

/** One line of a batch's output or error file; undefined for a blank or unreadable line. */
function parseBatchLine(line: string): { customId: string; outcome: BatchOutcome } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const item = value as {
    custom_id?: unknown;
    response?: { status_code?: number; body?: unknown } | null;
    error?: { message?: string } | null;
  };
  if (typeof item?.custom_id !== 'string') return undefined;
  const response = item.response;
  if (response?.status_code !== 200) {
    const message =
      item.error?.message ??
      (response?.body as { error?: { message?: string } })?.error?.message ??
      'no message';
    return { customId: item.custom_id, outcome: { ok: false, error: `batch item failed: ${message}` } };
  }
  try {
    return {
      customId: item.custom_id,
      outcome: { ok: true, result: fromOpenAICompletion(response.body as ChatCompletion) },
    };
  } catch (error) {
    return {
      customId: item.custom_id,
      outcome: { ok: false, error: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** OpenAI and every server that speaks its dialect at a models.json base_url (vLLM, Ollama, Azure, LiteLLM). */
export const openai: Provider = {
  prefix: 'openai',
  hosted: { baseURL: 'https://api.openai.com/v1', baseUrlEnv: 'OPENAI_BASE_URL', keyEnv: 'OPENAI_API_KEY' },
  baseUrlEntries: {
    serves: 'any',
    strips: [
      'openai',
      'openrouter',
      'azure',
      'ollama',
      'ollama_chat',
      'hosted_vllm',
      'vllm',
      'litellm_proxy',
      'lm_studio',
    ],
  },
  createClient: (options) => createChatCompletionsClient(options, OPENAI_DIALECT, true),
};

/** The request body for a CompletionRequest (pure, exported for tests). */
export function toOpenAIParams(
  model: string,
  request: CompletionRequest,
): ChatCompletionCreateParamsNonStreaming {
  const effort = request.reasoningEffort ?? 'none';
  const params: ChatCompletionCreateParamsNonStreaming = {
    model,
    messages: request.messages.map(toOpenAIMessage),
    max_completion_tokens: request.maxTokens,
  };
  if (effort !== 'none') params.reasoning_effort = effort;
  // Reasoning models accept only the default temperature.
  else if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.tools?.length) {
    params.tools = request.tools.map(
      (tool): ChatCompletionTool => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: tool.parameters },
      }),
    );
  }
  return params;
}

function toOpenAIMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (!calls.length) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content || null,
        tool_calls: calls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        })),
      };
    }
  }
}

/** Our CompletionResult for a chat completion (pure, exported for tests). */
export function fromOpenAICompletion(completion: ChatCompletion): CompletionResult {
  const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
  if (!choice?.message) throw new MalformedResponseError('chat completion has no choices[0].message');
  const raw = choice.message;
  const reply: ChatMessage = { role: 'assistant', content: raw.content ?? '' };
  const reasoning = reasoningText(raw);
  if (reasoning) reply.reasoning = reasoning;
  const toolCalls = (raw.tool_calls ?? []).flatMap((call): ToolCall[] =>
    call.type === 'function'
      ? [{ id: call.id, name: call.function.name, arguments: parseArguments(call.function.arguments) }]
      : [],
  );
  if (toolCalls.length) reply.toolCalls = toolCalls;
  const reasoningTokens = completion.usage?.completion_tokens_details?.reasoning_tokens;
  // Automatic prompt caching: the share of prompt_tokens served from the cache (no write surcharge).
  const cacheReadTokens = completion.usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    message: reply,
    usage: {
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
      ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
      ...(cacheReadTokens ? { cacheReadTokens } : {}),
    },
    model: completion.model,
    ...(choice.finish_reason ? { stopReason: choice.finish_reason } : {}),
  };
}

/** OpenAI-compatible servers return visible reasoning under names the SDK does not type. */
function reasoningText(message: object): string | undefined {
  const fields = message as { reasoning_content?: unknown; reasoning?: unknown };
  for (const value of [fields.reasoning_content, fields.reasoning]) {
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

/** Models sometimes emit invalid JSON arguments; keep the text rather than lose the call. */
function parseArguments(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    return { value: parsed };
  } catch {
    return { _unparsed: text };
  }
}
