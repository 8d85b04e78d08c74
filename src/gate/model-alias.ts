// Whether a model id names a dated snapshot or a moving alias. A provider repoints an alias (`gpt-4o`,
// `claude-sonnet-4-5`, `gpt-5`) to new weights without notice, and a judge that moved looks like a target that did.

/** Date-stamped or versioned snapshots as the providers spell them. */
const SNAPSHOT_PATTERNS = [
  /-\d{8}(?:$|[-:@])/, // claude-sonnet-4-20250514, gpt-4-0613 is caught below
  /-\d{4}-\d{2}-\d{2}(?:$|[-:@])/, // gpt-4o-2024-08-06
  /@\d{8}$/, // vertex: claude-3-5-sonnet@20240620
  /-v\d+:\d+$/, // bedrock: anthropic.claude-3-sonnet-20240229-v1:0
  /-\d{4}(?:$|-preview$)/, // gpt-4-0613, gpt-3.5-turbo-0125
  /-\d{3}$/, // gemini-1.5-pro-002
];

/** True when `id` is a provider model that names no snapshot. Scripted models, URLs and commands are exact. */
export function isMovingAlias(id: string): boolean {
  const model = id.includes('/') ? id.slice(id.lastIndexOf('/') + 1) : id;
  if (id.startsWith('scripted/') || /^(?:https?:|http:|command:|cmd:)/.test(id)) return false;
  if (model === '') return false;
  return !SNAPSHOT_PATTERNS.some((pattern) => pattern.test(model.split('+')[0] ?? model));
}
