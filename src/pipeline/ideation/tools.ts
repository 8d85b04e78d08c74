// Reads the tools a simenv scenario declares (<tool> blocks, see ../reply-formats.md) into ToolSpecs
// whose `parameters` is a JSON Schema object providers accept.

import type { ToolSpec } from '../../formats/ideation.ts';
import { findTag, findTags } from '../tags.ts';

/** Bloom gives the target at most five tools per scenario. */
export const MAX_TOOLS = 5;

const TOOL_BLOCK = /<tool(?:\s[^>]*)?>[\s\S]*?<\/tool>/gi;
// A parameter written either as <parameter ...>description</parameter> or self-closing <parameter .../>.
const PARAMETER = /<parameter\b([^>]*?)(?:\/>|>([\s\S]*?)<\/parameter>)/gi;
const ATTR = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const TYPE_ALIASES: Record<string, string> = {
  str: 'string',
  text: 'string',
  int: 'integer',
  float: 'number',
  double: 'number',
  bool: 'boolean',
  list: 'array',
  dict: 'object',
  map: 'object',
};

/** Every tool in the text, deduplicated by name, at most MAX_TOOLS. */
export function parseTools(text: string): ToolSpec[] {
  const tools: ToolSpec[] = [];
  for (const { body } of findTags(text, 'tool')) {
    const tool = parseTool(body);
    if (tool && !tools.some((t) => t.name === tool.name)) tools.push(tool);
  }
  return tools.slice(0, MAX_TOOLS);
}

/** The text with every <tool> block removed, so a tool's <description> is not mistaken for the scenario's. */
export function stripTools(text: string): string {
  return text.replace(TOOL_BLOCK, '');
}

/** One tool from the body of a <tool> block; undefined when it has no usable name. */
export function parseTool(body: string): ToolSpec | undefined {
  const name = sanitizeToolName(findTag(body, 'name') ?? '');
  if (!name) return undefined;
  const withoutParams = body.replace(PARAMETER, '');
  const description = findTag(withoutParams, 'description') ?? '';
  return { name, description, parameters: parseJsonParameters(body) ?? parseParameterTags(body) };
}

/** Providers accept names of letters, digits, '_' and '-', up to 64 characters. */
export function sanitizeToolName(raw: string): string {
  return raw
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
}

function parseParameterTags(body: string): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  for (const m of body.matchAll(PARAMETER)) {
    const attrs = parseAttrs(m[1] ?? '');
    const name = sanitizeToolName(attrs.name ?? '');
    if (!name || name in properties) continue; // a parameter without a name cannot be offered
    const type = normalizeType(attrs.type);
    const property: Record<string, unknown> = { type, description: (m[2] ?? attrs.description ?? '').trim() };
    // Some providers reject an array schema without `items`.
    if (type === 'array') property.items = { type: 'string' };
    properties[name] = property;
    if (isTrue(attrs.required)) required.push(name);
  }
  return { type: 'object', properties, required };
}

/** Some models write the schema itself: <parameters>{"type": "object", ...}</parameters>. */
function parseJsonParameters(body: string): Record<string, unknown> | undefined {
  const raw = findTag(body, 'parameters');
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const schema = value as Record<string, unknown>;
    if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
      return undefined;
    }
    return { required: [], ...schema };
  } catch {
    return undefined;
  }
}

function parseAttrs(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of raw.matchAll(ATTR)) attrs[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? '';
  return attrs;
}

function normalizeType(raw: string | undefined): string {
  const t = (raw ?? '').trim().toLowerCase();
  if (JSON_TYPES.has(t)) return t;
  return TYPE_ALIASES[t] ?? 'string';
}

function isTrue(raw: string | undefined): boolean {
  return ['true', 'yes', '1'].includes((raw ?? '').trim().toLowerCase());
}
