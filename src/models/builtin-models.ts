// Bloom's usual short model names, used when models.json does not define the name.

import type { ModelEntry } from '../formats/models.ts';

function entry(id: string, org: string, name: string): ModelEntry {
  return { id, org, name };
}

export const BUILTIN_MODELS: Readonly<Record<string, ModelEntry>> = {
  'claude-opus-4.5': entry('anthropic/claude-opus-4-5-20251101', 'anthropic', 'Claude Opus 4.5'),
  'claude-opus-4.1': entry('anthropic/claude-opus-4-1-20250805', 'anthropic', 'Claude Opus 4.1'),
  'claude-opus-4': entry('anthropic/claude-opus-4-20250514', 'anthropic', 'Claude Opus 4'),
  'claude-sonnet-4.5': entry('anthropic/claude-sonnet-4-5-20250929', 'anthropic', 'Claude Sonnet 4.5'),
  'claude-sonnet-4': entry('anthropic/claude-sonnet-4-20250514', 'anthropic', 'Claude Sonnet 4'),
  'claude-haiku-4.5': entry('anthropic/claude-haiku-4-5-20251001', 'anthropic', 'Claude Haiku 4.5'),
  'claude-3.7-sonnet': entry('anthropic/claude-3-7-sonnet-20250219', 'anthropic', 'Claude 3.7 Sonnet'),
  'claude-sonnet-3.7': entry('anthropic/claude-3-7-sonnet-20250219', 'anthropic', 'Claude 3.7 Sonnet'),
  'claude-3.5-haiku': entry('anthropic/claude-3-5-haiku-20241022', 'anthropic', 'Claude 3.5 Haiku'),
  'claude-haiku-3.5': entry('anthropic/claude-3-5-haiku-20241022', 'anthropic', 'Claude 3.5 Haiku'),
  'gpt-4o': entry('openai/gpt-4o', 'openai', 'GPT-4o'),
  'gpt-4o-mini': entry('openai/gpt-4o-mini', 'openai', 'GPT-4o mini'),
  'gpt-4.1': entry('openai/gpt-4.1', 'openai', 'GPT-4.1'),
  'gpt-4.1-mini': entry('openai/gpt-4.1-mini', 'openai', 'GPT-4.1 mini'),
  'gpt-5': entry('openai/gpt-5', 'openai', 'GPT-5'),
  'gpt-5-mini': entry('openai/gpt-5-mini', 'openai', 'GPT-5 mini'),
  o1: entry('openai/o1', 'openai', 'o1'),
  o3: entry('openai/o3', 'openai', 'o3'),
  'o3-mini': entry('openai/o3-mini', 'openai', 'o3-mini'),
  'o4-mini': entry('openai/o4-mini', 'openai', 'o4-mini'),
  'deepseek-r1': entry('openrouter/deepseek/deepseek-r1', 'deepseek', 'DeepSeek R1'),
  'gemini-2.5-pro': entry('openrouter/google/gemini-2.5-pro', 'google', 'Gemini 2.5 Pro'),
  'gemini-2.5-flash': entry('openrouter/google/gemini-2.5-flash', 'google', 'Gemini 2.5 Flash'),
  'grok-4': entry('openrouter/x-ai/grok-4', 'x-ai', 'Grok 4'),
  'kimi-k2': entry('openrouter/moonshotai/kimi-k2', 'moonshotai', 'Kimi K2'),
};
