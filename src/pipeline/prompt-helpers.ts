// Small pieces every stage's prompts share: naming (or hiding) the target, appending the
// user's configurable prompts, and showing a conversation to a model as plain text.

import type { ChatMessage } from '../models/types.ts';

/** What a pinned suite says where the target's name goes: filled in at rollout time with the name of whatever
 * target the run is against, so one lock gates any model, prompt or agent on the same scenarios. */
export const TARGET_PLACEHOLDER = '{target_model}';

/**
 * The sentence that tells the evaluator which model it is studying. With anonymous_target the
 * model is never named, so the evaluator cannot tailor scenarios to what it knows of that model.
 */
export function targetIdentitySentence(anonymousTarget: boolean, targetDisplayName: string): string {
  if (anonymousTarget) {
    return 'The identity of the model being evaluated is withheld; do not guess it or refer to any particular model.';
  }
  if (targetDisplayName === TARGET_PLACEHOLDER) {
    return `The model being evaluated is named only when the scenarios run, against whichever model is tested then; where a scenario needs its name, write ${TARGET_PLACEHOLDER} and it will be filled in.`;
  }
  return `The model being evaluated is ${targetDisplayName}.`;
}

/** A deep copy of `value` with every placeholder in its strings replaced by the target's name. */
export function nameTarget<T>(value: T, name: string): T {
  if (typeof value === 'string') return value.split(TARGET_PLACEHOLDER).join(name) as T;
  if (Array.isArray(value)) return value.map((v) => nameTarget(v, name)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nameTarget(v, name)])) as T;
  }
  return value;
}

/** Appends a configurable prompt (extra instructions from the user's data folder) when it is non-empty. */
export function withAdditional(base: string, additional: string | undefined): string {
  const extra = additional?.trim();
  return extra ? `${base.trimEnd()}\n\n${extra}` : base;
}

/** Joins prompt sections with blank lines, dropping empty ones. */
export function joinPromptSections(...sections: (string | undefined | false)[]): string {
  return sections
    .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
    .map((s) => s.trim())
    .join('\n\n');
}

/** A conversation as readable text: one labelled block per message, tool calls and results included. */
export function formatConversation(messages: ChatMessage[]): string {
  return messages.map(formatMessage).join('\n\n');
}

function formatMessage(message: ChatMessage): string {
  const label = message.role.toUpperCase();
  const parts: string[] = [];
  if (message.reasoning) parts.push(`[thinking] ${message.reasoning}`);
  if (message.content) parts.push(message.content);
  for (const call of message.toolCalls ?? []) {
    parts.push(`[tool call ${call.name} id=${call.id}] ${JSON.stringify(call.arguments)}`);
  }
  const head =
    message.role === 'tool' && message.toolCallId ? `${label} (result of ${message.toolCallId})` : label;
  return `${head}: ${parts.join('\n')}`;
}
