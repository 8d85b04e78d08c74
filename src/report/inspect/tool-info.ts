// A tool offered to the target as Inspect's ToolInfo. Ideation's tools come from a model and their parameter
// schemas are loose (no `required`, unknown keys, odd types): this keeps the keys Inspect's JSONSchema has, with
// the right types, and `default` always present, as Inspect writes it.

import type { ToolSpec } from '../../formats/ideation.ts';
import type { ToolInfo } from './types.ts';

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object', 'null']);
const TEXT_KEYS = ['description', 'format', 'pattern'] as const;
const NUMBER_KEYS = ['maxLength', 'minLength', 'maximum', 'minimum'] as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function schemaType(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return TYPES.has(value) ? value : undefined;
  const list = strings(value).filter((t) => TYPES.has(t));
  return list.length > 0 ? list : undefined;
}

function schemaMap(value: unknown): Record<string, Json> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonSchema(inner)]));
}

/** One schema in the shape of Inspect's JSONSchema; anything unreadable becomes the empty schema. */
function jsonSchema(value: unknown): Json {
  const source = isObject(value) ? value : {};
  const out: Json = {};
  const type = schemaType(source.type);
  if (type !== undefined) out.type = type;
  for (const key of TEXT_KEYS) if (typeof source[key] === 'string') out[key] = source[key];
  for (const key of NUMBER_KEYS) {
    const n = source[key];
    if (typeof n === 'number' && Number.isFinite(n)) {
      out[key] = key.endsWith('Length') ? Math.max(0, Math.floor(n)) : n;
    }
  }
  out.default = source.default ?? null;
  if (Array.isArray(source.enum)) out.enum = source.enum;
  if (Array.isArray(source.examples)) out.examples = source.examples;
  if (source.items !== undefined) out.items = jsonSchema(source.items);
  if (source.properties !== undefined) out.properties = schemaMap(source.properties);
  if (typeof source.additionalProperties === 'boolean')
    out.additionalProperties = source.additionalProperties;
  else if (isObject(source.additionalProperties))
    out.additionalProperties = jsonSchema(source.additionalProperties);
  if (Array.isArray(source.anyOf)) out.anyOf = source.anyOf.map(jsonSchema);
  if (Array.isArray(source.required)) out.required = strings(source.required);
  return out;
}

export function toolInfo(tool: ToolSpec): ToolInfo {
  const parameters = isObject(tool.parameters) ? tool.parameters : {};
  return {
    name: String(tool.name),
    description: String(tool.description ?? ''),
    parameters: {
      type: 'object',
      properties: schemaMap(parameters.properties),
      required: strings(parameters.required),
    },
  };
}
