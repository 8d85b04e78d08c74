// The one model interface every provider implements. Pipeline stages speak only this.

import type { StoredBatch } from '../formats/batches.ts';
import type { ToolSpec } from '../formats/ideation.ts';
import type { ModelEntry } from '../formats/models.ts';
import type { ReasoningEffort } from '../formats/seed.ts';

/** Which part of the pipeline is calling: used for the usage ledger and by the scripted provider. */
export type Purpose = 'understanding' | 'ideation' | 'evaluator' | 'target' | 'judge' | 'metajudge';

export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** A model name from seed.yaml resolved through models.json (models/registry.ts resolveModel). */
export interface ResolvedModel {
  /** As written in seed.yaml, e.g. "claude-opus-4.1". */
  name: string;
  /** Provider-prefixed id, e.g. "anthropic/claude-opus-4-1-20250805". */
  id: string;
  /** Human name for prompts ("The model we are evaluating is ..."). */
  displayName: string;
  entry?: ModelEntry;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** The model's visible reasoning (thinking), assistant messages only. */
  reasoning?: string;
  /** Opaque provider data that must be sent back unchanged (e.g. Anthropic thinking signatures). */
  reasoningSignature?: string;
  toolCalls?: ToolCall[];
  /** For role 'tool': the id of the call this answers. */
  toolCallId?: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
  reasoningEffort?: ReasoningEffort;
  tools?: ToolSpec[];
  purpose: Purpose;
  /**
   * A stable key naming this sample (e.g. "v3r2/turn1"). Real providers ignore it; the scripted provider
   * draws its randomness from it, so repetitions differ and re-runs are identical.
   */
  sampleKey?: string;
  /** Structured facts the prompt also states in words; only the scripted provider reads them. */
  meta?: Record<string, unknown>;
  /**
   * Indexes into `messages` where a prefix ends that later requests send again unchanged (the system prompt, the
   * conversation so far, fixed instructions). Providers that cache prompts at explicit breakpoints (Anthropic's
   * `cache_control`) mark them; the others cache any repeated prefix on their own and ignore this.
   */
  cachePrefixEnds?: number[];
  /** Part of a batch item's custom id, never sent: calls that must not be answered by an earlier batch holding the
   * same request (the judge check re-scores transcripts already judged) carry one of their own. */
  batchSalt?: string;
  signal?: AbortSignal;
}

export interface Usage {
  /** Every input token of the call: cache reads and writes included. */
  inputTokens: number;
  outputTokens: number;
  /** Of inputTokens: read from the provider's prompt cache (billed at its cached price). */
  cacheReadTokens?: number;
  /** Of inputTokens: written to the prompt cache (Anthropic bills them above the input price). */
  cacheWriteTokens?: number;
  /** Answered through the provider's batch API, at its batch price. */
  batch?: boolean;
  /** Tokens spent thinking, when the provider reports them separately. */
  reasoningTokens?: number;
}

export interface CompletionResult {
  message: ChatMessage;
  usage: Usage;
  /** The provider's model id that answered. */
  model: string;
  stopReason?: string;
}

/** What a provider can tell of an error its SDK threw: the retry policy (retry.ts) decides from these. */
export interface ErrorFacts {
  /** The SDK gave up waiting. */
  timeout?: boolean;
  /** No answer: refused, reset, or a broken connection. */
  connection?: boolean;
  /** The HTTP status of an error reply, its headers (retry-after), and its body's one-line message. */
  status?: number;
  headers?: Headers;
  /** " (type): message", as the provider words it. */
  message?: string;
  /** How long the provider asked to wait when it says so in the body rather than in retry-after. */
  retryAfterMs?: number;
}

export interface ModelClient {
  /** The resolved id, e.g. "anthropic/claude-sonnet-4-20250514". */
  readonly id: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
  /**
   * Targets only: the system prompt this target really runs with, given the one the evaluator wrote (a team's own
   * prompt replaces or prefixes it). The rollout sends and records the result, so transcripts show what the
   * target saw. Absent: the generated prompt is used as it is.
   */
  systemPrompt?(generated: string): string;
  /** Providers: what an error this client's SDK threw means (retry.ts classifies the rest alike for everyone). */
  describeError?(error: unknown): ErrorFacts | undefined;
  /** Providers with a batch API (Anthropic Message Batches, OpenAI Batch): used by `--batch` (batch.ts). */
  batchApi?: BatchApi;
}

export interface BatchRequest {
  customId: string;
  request: CompletionRequest;
}

/** One item's result: a reply, or why the provider gave none (errored, expired, cancelled). */
export type BatchOutcome = { ok: true; result: CompletionResult } | { ok: false; error: string };

/** A provider's batch API, over its SDK. */
export interface BatchApi {
  readonly provider: StoredBatch['provider'];
  /** Submits the requests as one batch; returns the provider's batch id. */
  submit(requests: BatchRequest[]): Promise<string>;
  /** Whether every item of the batch has an outcome. */
  ended(id: string): Promise<boolean>;
  /** Each item's outcome by custom id (items the provider does not list are missing). */
  results(id: string): Promise<Map<string, BatchOutcome>>;
  cancel(id: string): Promise<void>;
}

/** Thinking budgets Bloom uses for each effort level. */
export const THINKING_BUDGET: Record<ReasoningEffort, number> = {
  none: 0,
  low: 1024,
  medium: 2048,
  high: 4096,
};
