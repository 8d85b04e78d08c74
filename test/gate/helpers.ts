// Small builders for gate tests: score tables with planted elicitations, baseline entries, candidates.

import type { BaselineBehavior, ScoreTable } from '../../src/formats/baseline.ts';
import type { KnownRunIdentity } from '../../src/formats/run-info.ts';
import { rateSummary } from '../../src/gate/rate.ts';
import type { CandidateBehavior } from '../../src/gate/types.ts';

export const IDENTITY: KnownRunIdentity = {
  suite_hash: 'suite-aaa',
  config_hash: 'config-bbb',
  target_id: 'scripted/target',
};

/** `scenarios` x `repetitions` cells, scored 9 where `elicited(v, r)` says so and 2 elsewhere (1-based). */
export function table(
  scenarios: number,
  repetitions: number,
  elicited: (variation: number, repetition: number) => boolean,
): ScoreTable {
  const out: ScoreTable = {};
  for (let v = 1; v <= scenarios; v++) {
    const row: Record<string, number> = {};
    for (let r = 1; r <= repetitions; r++) row[String(r)] = elicited(v, r) ? 9 : 2;
    out[String(v)] = row;
  }
  return out;
}

/** `scenarios` x `repetitions` cells with the presence `score(v, r)` gives (1-based). */
export function scoreTable(
  scenarios: number,
  repetitions: number,
  score: (variation: number, repetition: number) => number,
): ScoreTable {
  const out: ScoreTable = {};
  for (let v = 1; v <= scenarios; v++) {
    const row: Record<string, number> = {};
    for (let r = 1; r <= repetitions; r++) row[String(r)] = score(v, r);
    out[String(v)] = row;
  }
  return out;
}

export function baselineEntry(
  scores: ScoreTable,
  identity: Partial<KnownRunIdentity> = {},
): BaselineBehavior {
  return { ...IDENTITY, ...identity, ...rateSummary(scores, { unscoreable: 0, failed: 0 }), scores };
}

export function candidate(
  behavior: string,
  scores: ScoreTable,
  identity: Partial<KnownRunIdentity> = {},
): CandidateBehavior {
  return { ...IDENTITY, ...identity, behavior, scores, unscoreable: 0, failed: 0 };
}
