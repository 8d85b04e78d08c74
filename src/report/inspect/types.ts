// The parts of Inspect's log format (EvalLog, version 2) that a Bloom run fills in. Names and nesting follow
// `components.schemas` of Inspect's OpenAPI document; every field Inspect always writes is present here too.

export type InspectTime = string;

export interface ContentText {
  type: 'text';
  text: string;
}

export interface ContentReasoning {
  type: 'reasoning';
  reasoning: string;
  redacted: boolean;
}

export type InspectContent = string | (ContentText | ContentReasoning)[];

export interface InspectToolCall {
  id: string;
  function: string;
  arguments: Record<string, unknown>;
  type: 'function';
}

export interface InspectChatMessage {
  id?: string;
  content: InspectContent;
  source?: 'input' | 'generate';
  role: 'system' | 'user' | 'assistant' | 'tool';
  model?: string;
  tool_calls?: InspectToolCall[];
  tool_call_id?: string;
  function?: string;
}

export interface ModelUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  reasoning_tokens?: number;
  input_tokens_cache_read?: number;
  input_tokens_cache_write?: number;
}

export interface ModelOutput {
  model: string;
  choices: { message: InspectChatMessage; stop_reason: 'stop' | 'tool_calls' }[];
  completion: string;
}

export interface InspectScore {
  value: number;
  explanation?: string;
  metadata?: Record<string, unknown>;
  history: [];
}

/** Inspect's EvalError (renamed: EvalError is a JavaScript global). */
export interface InspectError {
  message: string;
  traceback: string;
  traceback_ansi: string;
}

/** Inspect's ToolInfo: a tool offered to the model, its parameters an object schema. */
export interface ToolInfo {
  name: string;
  description: string;
  parameters: { type: 'object'; properties: Record<string, unknown>; required: string[] };
}

/** One model call: what the model saw (`input`), the tools it had, and its reply. */
export interface ModelEvent {
  timestamp: InspectTime;
  /** Seconds since the sample started. */
  working_start: number;
  event: 'model';
  model: string;
  /** Bloom's role of the model: evaluator or target. */
  role: string;
  input: InspectChatMessage[];
  tools: ToolInfo[];
  tool_choice: 'auto' | 'none';
  config: Record<string, never>;
  output: ModelOutput;
}

export interface ScoreEvent {
  timestamp: InspectTime;
  working_start: number;
  event: 'score';
  score: InspectScore;
  target: string;
  intermediate: false;
  scorer: string;
}

export type InspectEvent = ModelEvent | ScoreEvent;

export interface EvalSample {
  /** The variation: Inspect's sample, each repetition of it an epoch. */
  id: number;
  epoch: number;
  input: string;
  target: string;
  messages: InspectChatMessage[];
  output: ModelOutput;
  scores?: Record<string, InspectScore>;
  metadata: Record<string, unknown>;
  store: Record<string, never>;
  events: InspectEvent[];
  model_usage: Record<string, ModelUsage>;
  role_usage: Record<string, ModelUsage>;
  started_at?: InspectTime;
  completed_at?: InspectTime;
  total_time?: number;
  uuid?: string;
  error?: InspectError;
  attachments: Record<string, string>;
}

export interface EvalMetric {
  name: string;
  value: number;
  params: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface EvalScore {
  name: string;
  scorer: string;
  scored_samples: number;
  unscored_samples: number;
  params: Record<string, unknown>;
  metrics: Record<string, EvalMetric>;
}

export interface EvalResults {
  total_samples: number;
  completed_samples: number;
  scores: EvalScore[];
  metadata?: Record<string, unknown>;
}

export interface ModelConfig {
  model: string;
  config: Record<string, never>;
  args: Record<string, never>;
}

export interface EvalScorer {
  name: string;
  options: Record<string, never>;
  metrics: { name: string; options: Record<string, never> }[];
  metadata: Record<string, unknown>;
}

export interface EvalSpec {
  eval_id: string;
  run_id: string;
  created: InspectTime;
  task: string;
  task_id: string;
  task_version: number;
  task_attribs: Record<string, never>;
  task_args: Record<string, never>;
  task_args_passed: Record<string, never>;
  dataset: { name: string; location?: string; samples: number; sample_ids: number[]; shuffled: boolean };
  model: string;
  model_generate_config: Record<string, never>;
  model_args: Record<string, never>;
  model_roles?: Record<string, ModelConfig>;
  config: { epochs: number };
  packages: Record<string, string>;
  metadata?: Record<string, unknown>;
  scorers: EvalScorer[];
}

export interface EvalPlanStep {
  solver: string;
  params: Record<string, unknown>;
  params_passed: Record<string, unknown>;
}

export interface EvalPlan {
  name: 'plan';
  steps: EvalPlanStep[];
  config: Record<string, never>;
}

export interface EvalStats {
  started_at: InspectTime;
  completed_at: InspectTime;
  model_usage: Record<string, ModelUsage>;
  role_usage: Record<string, ModelUsage>;
  connection_limit_history: [];
}

/** Key order is Inspect's: headers first, `samples` last (readers stream the header and stop there). */
export interface EvalLog {
  version: 2;
  status: 'success' | 'error';
  eval: EvalSpec;
  plan: EvalPlan;
  results: EvalResults;
  stats: EvalStats;
  error?: InspectError;
  invalidated: false;
  tags: string[];
  metadata: Record<string, unknown>;
  samples: EvalSample[];
}
