// Base scenarios for one batch: ask, place replies on the numbers asked for, re-ask once for any
// that are missing (or unusable), then fail naming what is still missing.

import type { ToolSpec } from '../../formats/ideation.ts';
import { RunError } from '../../util/errors.ts';
import { contiguousRuns, type Modality, type ScenarioRange } from './batching.ts';
import { assignScenarios, type ParsedScenario, parseScenarios } from './parse.ts';

export interface BaseScenario {
  number: number;
  description: string;
  systemPrompt?: string;
  tools: ToolSpec[];
}

/** Sends one scenario request for the range and returns the reply text. */
export type AskScenarios = (range: ScenarioRange, sampleKey: string) => Promise<string>;

export function scenariosSampleKey(range: ScenarioRange): string {
  return `ideation/scenarios/${range.first}-${range.last}`;
}

export async function generateScenarioBatch(
  ask: AskScenarios,
  range: ScenarioRange,
  total: number,
  modality: Modality,
): Promise<BaseScenario[]> {
  const found = new Map<number, BaseScenario>();
  const rejected = new Map<number, string>();
  const take = (text: string, asked: ScenarioRange) => {
    for (const [n, parsed] of assignScenarios(parseScenarios(text), asked)) {
      const problem = usabilityProblem(parsed, modality);
      if (problem) rejected.set(n, problem);
      else {
        found.set(n, toBase(n, parsed));
        rejected.delete(n);
      }
    }
  };

  take(await ask(range, scenariosSampleKey(range)), range);
  const missing = numbersIn(range).filter((n) => !found.has(n));
  for (const run of contiguousRuns(missing)) {
    take(await ask(run, `${scenariosSampleKey(run)}/retry`), run);
  }

  const stillMissing = numbersIn(range).filter((n) => !found.has(n));
  if (stillMissing.length > 0) {
    const which = stillMissing
      .map((n) => (rejected.has(n) ? `${n} (${rejected.get(n)})` : `${n}`))
      .join(', ');
    throw new RunError(
      `ideation: the model did not write usable scenario${stillMissing.length === 1 ? '' : 's'} ${which} ` +
        `of ${total}, even when asked twice`,
    );
  }
  return numbersIn(range).map((n) => found.get(n) as BaseScenario);
}

/** Why a parsed scenario cannot be used, or undefined. Simenv rollouts need at least one tool. */
function usabilityProblem(parsed: ParsedScenario, modality: Modality): string | undefined {
  if (modality === 'simenv' && parsed.tools.length === 0) return 'declared no tools';
  return undefined;
}

function toBase(number: number, parsed: ParsedScenario): BaseScenario {
  const base: BaseScenario = { number, description: parsed.description, tools: parsed.tools };
  if (parsed.systemPrompt) base.systemPrompt = parsed.systemPrompt;
  return base;
}

function numbersIn(range: ScenarioRange): number[] {
  return Array.from({ length: range.last - range.first + 1 }, (_, i) => range.first + i);
}
