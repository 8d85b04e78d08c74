// Readers for ideation replies (formats in ../reply-formats.md), and matching what came back to
// what was asked for: scenario numbers in a batch, dimensions of a variation call.

import type { ToolSpec } from '../../formats/ideation.ts';
import { findTag, findTags } from '../tags.ts';
import type { ScenarioRange } from './batching.ts';
import { parseTools, stripTools } from './tools.ts';

export interface ParsedScenario {
  /** The number the model wrote in <scenario number="...">, if any. */
  number?: number;
  description: string;
  systemPrompt?: string;
  tools: ToolSpec[];
}

export interface ParsedVariation {
  /** The dimension the model wrote in <variation dimension="...">, if any. */
  dimension?: string;
  description: string;
  systemPrompt?: string;
  tools: ToolSpec[];
}

interface ParsedBlock {
  description: string;
  systemPrompt?: string;
  tools: ToolSpec[];
}

export function parseScenarios(text: string): ParsedScenario[] {
  const scenarios: ParsedScenario[] = [];
  for (const { body, attrs } of findTags(text, 'scenario')) {
    const block = parseBlock(body);
    if (!block) continue;
    const number = Number.parseInt(attrs.number ?? '', 10);
    scenarios.push(Number.isFinite(number) ? { number, ...block } : block);
  }
  return scenarios;
}

export function parseVariations(text: string): ParsedVariation[] {
  const variations: ParsedVariation[] = [];
  for (const { body, attrs } of findTags(text, 'variation')) {
    const block = parseBlock(body);
    if (!block) continue;
    const dimension = attrs.dimension?.trim();
    variations.push(dimension ? { dimension, ...block } : block);
  }
  return variations;
}

/**
 * The description, system prompt and tools of one <scenario> or <variation> body. A body without a
 * <description> tag still counts when it holds prose; an empty one does not.
 */
function parseBlock(body: string): ParsedBlock | undefined {
  const outsideTools = stripTools(body);
  const systemPrompt = findTag(outsideTools, 'system_prompt') || undefined;
  const description =
    findTag(outsideTools, 'description') ??
    outsideTools.replace(/<system_prompt>[\s\S]*?<\/system_prompt>/gi, '').trim();
  if (!description) return undefined;
  const tools = parseTools(body);
  return systemPrompt ? { description, systemPrompt, tools } : { description, tools };
}

/**
 * Places scenarios on the numbers asked for. A scenario numbered inside the range takes its number;
 * the rest (unnumbered, out of range, duplicates — e.g. a model restarting at 1) fill the free numbers
 * in order. Extras beyond the range are dropped.
 */
export function assignScenarios<T extends { number?: number }>(
  parsed: T[],
  range: ScenarioRange,
): Map<number, T> {
  const placed = new Map<number, T>();
  const unplaced: T[] = [];
  for (const item of parsed) {
    const n = item.number;
    if (n !== undefined && n >= range.first && n <= range.last && !placed.has(n)) placed.set(n, item);
    else unplaced.push(item);
  }
  for (let n = range.first; n <= range.last && unplaced.length > 0; n++) {
    if (!placed.has(n)) placed.set(n, unplaced.shift() as T);
  }
  return placed;
}

/**
 * Places variations on the dimensions asked for, matching the dimension attribute loosely (case, spaces,
 * '_' vs '-'); unlabelled or unknown ones fill the remaining dimensions in order. One labelled with a
 * known dimension that was not asked for (a re-ask answered with an old one) is dropped.
 */
export function assignVariations<T extends { dimension?: string }>(
  parsed: T[],
  dimensions: string[],
  known: string[] = dimensions,
): Map<string, T> {
  const placed = new Map<string, T>();
  const unplaced: T[] = [];
  for (const item of parsed) {
    const match = dimensions.find((d) => sameDimension(d, item.dimension));
    if (match !== undefined && !placed.has(match)) placed.set(match, item);
    else if (match === undefined && known.some((d) => sameDimension(d, item.dimension))) continue;
    else unplaced.push(item);
  }
  for (const d of dimensions) {
    if (unplaced.length === 0) break;
    if (!placed.has(d)) placed.set(d, unplaced.shift() as T);
  }
  return placed;
}

function sameDimension(a: string, b: string | undefined): boolean {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-');
  return b !== undefined && norm(a) === norm(b);
}
