// seed.yaml's `rollout.target` (and a `--target` file) in its object forms: a model with the team's system prompt,
// an HTTP agent endpoint, or a command in the repo. A plain string stays Bloom's model name.

import { z } from 'zod';
import { ConfigError, describeValue, type Where } from '../util/errors.ts';
import { isForbiddenAddress, LINK_LOCAL_RULE } from '../util/forbidden-address.ts';
import { TEMPLATE_VARIABLES, templateVariables } from './body-template.ts';
import { LIMITS } from './limits.ts';
import { parseOrThrow } from './zod-issue.ts';

const positiveInt = z.int().positive();
const envTemplates = z.record(z.string().min(1), z.string());

export const modelTargetSchema = z.strictObject({
  model: z.string().min(1),
  /** Relative to the data folder. */
  system_prompt_file: z.string().min(1).optional(),
  system_prompt_mode: z.enum(['replace', 'prefix']).default('replace'),
});

/** The OpenAI chat-completions shape: what the `http(s)://` shortcut sends. */
export const OPENAI_STYLE_BODY = { messages: '{{messages}}' };
export const OPENAI_REPLY_PATH = 'choices.0.message.content';

export const httpTargetSchema = z.strictObject({
  http: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'Invalid input: expected an http:// or https:// URL' }),
    method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
    /** Values may name env vars: "Bearer ${AGENT_TOKEN}". Resolved when the client is created. */
    headers: envTemplates.default({}),
    /** Any JSON; strings "{{messages}}", "{{session_id}}", ... are filled in per call. */
    body: z.unknown().default(OPENAI_STYLE_BODY),
    reply_path: z.string().min(1).default(OPENAI_REPLY_PATH),
    session: z.enum(['stateless', 'session']).default('stateless'),
    timeout_ms: positiveInt.max(LIMITS.timeoutMs).optional(),
    max_attempts: positiveInt.max(LIMITS.attempts).optional(),
  }),
});

export const commandTargetSchema = z.strictObject({
  command: z.string().min(1),
  /** Relative to the data folder; default the data folder itself. */
  cwd: z.string().min(1).optional(),
  timeout_ms: positiveInt.max(LIMITS.timeoutMs).default(60_000),
  env: envTemplates.default({}),
});

export type ModelTargetConfig = z.output<typeof modelTargetSchema>;
export type HttpTargetConfig = z.output<typeof httpTargetSchema>['http'];
export type CommandTargetConfig = z.output<typeof commandTargetSchema>;

export type TargetConfig =
  | { kind: 'model'; config: ModelTargetConfig }
  | { kind: 'http'; config: HttpTargetConfig }
  | { kind: 'command'; config: CommandTargetConfig };

const KINDS = ['model', 'http', 'command'] as const;

/** Validates a raw target (string or object) into its typed config; errors name the exact key. */
export function parseTargetConfig(raw: unknown, where: Where): TargetConfig {
  if (typeof raw === 'string' && raw.length > 0) {
    return { kind: 'model', config: { model: raw, system_prompt_mode: 'replace' } };
  }
  const kind = kindOf(raw);
  if (!kind) {
    throw new ConfigError(
      where.file,
      where.keyPath,
      'a model name, or a mapping with one of the keys model, http, command',
      describeTarget(raw),
    );
  }
  // Parse inside a wrapper shaped like the key path, so errors and "known keys" name the full path.
  const parse = <S extends z.ZodType>(schema: S): z.output<S> =>
    unwrap(
      parseOrThrow(where.file, wrapAt(where.keyPath, schema), wrapValue(where.keyPath, raw)),
      where.keyPath,
    );
  switch (kind) {
    case 'model':
      return { kind, config: parse(modelTargetSchema) };
    case 'http': {
      const config = parse(httpTargetSchema).http;
      checkBodyTemplate(config.body, where);
      checkHost(config.url, where);
      return { kind, config };
    }
    case 'command':
      return { kind, config: parse(commandTargetSchema) };
  }
}

function kindOf(raw: unknown): (typeof KINDS)[number] | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  // http and command win over model, so `{model, http}` reports `model` as the unknown key.
  if (Object.hasOwn(raw, 'http')) return 'http';
  if (Object.hasOwn(raw, 'command')) return 'command';
  if (Object.hasOwn(raw, 'model')) return 'model';
  return undefined;
}

function describeTarget(raw: unknown): string {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    return keys.length > 0 ? `a mapping with keys ${keys.join(', ')}` : 'an empty mapping';
  }
  return describeValue(raw);
}

function checkBodyTemplate(body: unknown, where: Where): void {
  const unknown = templateVariables(body).find((name) => !TEMPLATE_VARIABLES.includes(name));
  if (unknown === undefined) return;
  throw new ConfigError(
    where.file,
    joinPath(where.keyPath, 'http.body'),
    `placeholders among ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`,
    `{{${unknown}}}`,
  );
}

/** A link-local or metadata address is refused here already; a host name is checked when it is resolved. */
function checkHost(url: string, where: Where): void {
  const host = new URL(url).hostname;
  if (!isForbiddenAddress(host)) return;
  throw new ConfigError(where.file, joinPath(where.keyPath, 'http.url'), LINK_LOCAL_RULE, `the host ${host}`);
}

function segments(keyPath: string): (string | number)[] {
  if (!keyPath) return [];
  return keyPath.split('.').flatMap((part) => {
    const indexed = /^(.+)\[(\d+)\]$/.exec(part);
    return indexed ? [indexed[1] as string, Number(indexed[2])] : [part];
  });
}

function joinPath(keyPath: string, rest: string): string {
  return keyPath ? `${keyPath}.${rest}` : rest;
}

// A segment is a key, or a list index (`targets[1]` is the key `targets`, then the index 1).
function wrapAt(keyPath: string, schema: z.ZodType): z.ZodType {
  return segments(keyPath).reduceRight<z.ZodType>((inner, key) => {
    if (typeof key !== 'number') return z.object({ [key]: inner });
    const items: [z.ZodType, ...z.ZodType[]] = [inner];
    for (let i = 0; i < key; i++) items.unshift(z.unknown());
    return z.tuple(items);
  }, schema);
}

function wrapValue(keyPath: string, value: unknown): unknown {
  return segments(keyPath).reduceRight<unknown>(
    (inner, key) =>
      typeof key === 'number' ? [...Array.from({ length: key }, () => null), inner] : { [key]: inner },
    value,
  );
}

function unwrap<T>(value: unknown, keyPath: string): T {
  return segments(keyPath).reduce<unknown>(
    (inner, key) => (inner as Record<string | number, unknown>)[key],
    value,
  ) as T;
}

/** The input JSON Schema of each object form, for seed.schema.json (editors validate with it). */
export function targetObjectJsonSchemas(): Record<string, unknown>[] {
  return [modelTargetSchema, httpTargetSchema, commandTargetSchema].map((schema) => {
    const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input' });
    return rest;
  });
}
