// Google's Gemini, through its OpenAI-compatible endpoint (Bloom reaches it through LiteLLM as gemini/<model>).
// The openai SDK carries it; this file owns what differs from OpenAI's dialect:
// - the request: max_tokens; temperature always (Gemini samples while it thinks); Bloom's thinking budget for the
//   reasoning effort as Google's thinking_config, which the endpoint reads from an `extra_body` key;
// - the errors: a JSON list of Google's error objects ([{error: {code, message, status, details}}]), and a 429
//   that says how long to wait in its RetryInfo detail (retryDelay "23s") rather than in retry-after.

import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { pick } from '../../util/pick.ts';
import type { Provider } from '../provider.ts';
import { type CompletionRequest, THINKING_BUDGET } from '../types.ts';
import { createChatCompletionsClient, toOpenAIParams } from './openai.ts';

export const gemini: Provider = {
  prefix: 'gemini',
  hosted: {
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    baseUrlEnv: 'GEMINI_BASE_URL',
    keyEnv: 'GEMINI_API_KEY',
  },
  baseUrlEntries: { serves: 'own' },
  createClient: (options) =>
    createChatCompletionsClient(options, { params: toGeminiParams, errorBody: geminiError }),
};

/** The request body for a CompletionRequest (pure, exported for tests). */
export function toGeminiParams(
  model: string,
  request: CompletionRequest,
): ChatCompletionCreateParamsNonStreaming {
  const {
    max_completion_tokens,
    reasoning_effort: _effort,
    ...rest
  } = toOpenAIParams(model, {
    ...request,
    reasoningEffort: 'none',
  });
  const params: ChatCompletionCreateParamsNonStreaming & { extra_body?: unknown } = {
    ...rest,
    max_tokens: max_completion_tokens ?? request.maxTokens,
  };
  if (request.temperature !== undefined) params.temperature = request.temperature;
  const budget = THINKING_BUDGET[request.reasoningEffort ?? 'none'];
  if (budget > 0) params.extra_body = { google: { thinking_config: { thinking_budget: budget } } };
  return params;
}

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

/** " (STATUS): message" of Google's error body, and the wait its RetryInfo asks for. */
export function geminiError(body: unknown): { message: string; retryAfterMs?: number } {
  const first = Array.isArray(body) ? body[0] : body;
  const error = pick(first, 'error') ?? first;
  const status = pick(error, 'status');
  const message = pick(error, 'message');
  const statusPart = typeof status === 'string' && status ? ` (${status})` : '';
  const details = pick(error, 'details');
  const retryInfo = Array.isArray(details) ? details.find((d) => pick(d, '@type') === RETRY_INFO) : undefined;
  const delay = /^(\d+(?:\.\d+)?)s$/.exec(String(pick(retryInfo, 'retryDelay') ?? ''))?.[1];
  return {
    message: typeof message === 'string' && message ? `${statusPart}: ${message}` : statusPart,
    ...(delay === undefined ? {} : { retryAfterMs: Number(delay) * 1000 }),
  };
}
