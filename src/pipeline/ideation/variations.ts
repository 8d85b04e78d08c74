// Variations of one base scenario: newer era one per dimension, older era N perturbed variants.
// Missing ones are re-asked once; then the stage fails naming what is missing.

import type { Variation } from '../../formats/ideation.ts';
import { RunError } from '../../util/errors.ts';
import { assignVariations, type ParsedVariation, parseVariations } from './parse.ts';
import type { BaseScenario } from './scenarios.ts';

/** Sends one variations request (dimensions: newer era, else []; count: how many) and returns the reply text. */
export type AskVariations = (dimensions: string[], count: number, sampleKey: string) => Promise<string>;

export function variationsSampleKey(scenarioNumber: number): string {
  return `ideation/variations/${scenarioNumber}`;
}

/** Newer era: one variation per dimension, in the dimensions' order. */
export async function generateDimensionVariations(
  ask: AskVariations,
  base: BaseScenario,
  dimensions: string[],
): Promise<Variation[]> {
  if (dimensions.length === 0) return [];
  const key = variationsSampleKey(base.number);
  const found = assignVariations(parseVariations(await ask(dimensions, dimensions.length, key)), dimensions);
  const missing = dimensions.filter((d) => !found.has(d));
  if (missing.length > 0) {
    const retried = parseVariations(await ask(missing, missing.length, `${key}/retry`));
    for (const [d, v] of assignVariations(retried, missing, dimensions)) found.set(d, v);
  }
  const stillMissing = dimensions.filter((d) => !found.has(d));
  if (stillMissing.length > 0) {
    throw new RunError(
      `ideation: no variation of scenario ${base.number} for dimension${stillMissing.length === 1 ? '' : 's'} ` +
        `${stillMissing.join(', ')}, even when asked twice`,
    );
  }
  return dimensions.map((d) => toVariation(base, found.get(d) as ParsedVariation, d));
}

/** Older era: `count` perturbed variants. */
export async function generatePerturbations(
  ask: AskVariations,
  base: BaseScenario,
  count: number,
): Promise<Variation[]> {
  if (count <= 0) return [];
  const key = variationsSampleKey(base.number);
  const found = parseVariations(await ask([], count, key)).slice(0, count);
  if (found.length < count) {
    const more = parseVariations(await ask([], count - found.length, `${key}/retry`));
    found.push(...more.slice(0, count - found.length));
  }
  if (found.length < count) {
    throw new RunError(
      `ideation: only ${found.length} of ${count} variations of scenario ${base.number}, even when asked twice`,
    );
  }
  return found.map((v) => toVariation(base, v, undefined));
}

/** The base scenario as an ideation.json entry. */
export function baseToVariation(base: BaseScenario): Variation {
  const entry: Variation = { description: base.description, tools: base.tools, scenario_number: base.number };
  if (base.systemPrompt) entry.target_system_prompt = base.systemPrompt;
  return entry;
}

function toVariation(base: BaseScenario, parsed: ParsedVariation, dimension: string | undefined): Variation {
  // Bloom marks a dimension variation by prefixing its description; tools default to the base scenario's.
  const description = dimension
    ? `<dimension>${dimension}</dimension> ${parsed.description}`
    : parsed.description;
  const entry: Variation = { description, tools: parsed.tools.length > 0 ? parsed.tools : base.tools };
  if (dimension) entry.dimension = dimension;
  entry.scenario_number = base.number;
  if (parsed.systemPrompt) entry.target_system_prompt = parsed.systemPrompt;
  return entry;
}
