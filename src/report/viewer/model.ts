// The viewer's data model, built by one pure function from a results folder's parsed files.

import { type BehaviorFolder, rolloutKey } from '../../formats/results-folder.ts';
import type { GateResult } from '../../gate/types.ts';
import { decisionFacts } from '../decision-facts.ts';
import { inferQualities } from '../summary.ts';
import { baselineScores, compareRows } from './baseline.ts';
import { BASE_DIMENSION } from './dimension.ts';
import { parseHistory } from './history.ts';
import type { ViewerInput } from './input.ts';
import { judgeView } from './judge.ts';
import { buildRows } from './rows.ts';
import { buildSuite } from './suite.ts';
import { toTranscriptView } from './transcript.ts';
import type { BehaviorView, GateView, HistoryPoint, RolloutDetail, RolloutRow, ViewerData } from './types.ts';

function dimensionsOf(rows: RolloutRow[]): string[] {
  const found = new Set(rows.map((r) => r.dimension));
  const rest = [...found].filter((d) => d !== BASE_DIMENSION).sort();
  return found.has(BASE_DIMENSION) ? [BASE_DIMENSION, ...rest] : rest;
}

function detailsOf(
  files: BehaviorFolder,
  rows: RolloutRow[],
  qualities: string[],
): Record<string, RolloutDetail> {
  const records = new Map(
    (files.judgment.judgments ?? []).map((j) => [rolloutKey(j.variation_number, j.repetition_number), j]),
  );
  const details: Record<string, RolloutDetail> = {};
  for (const row of rows) {
    const transcript = files.transcripts[row.key];
    details[row.key] = {
      judge: judgeView(records.get(row.key), transcript, qualities),
      transcript: transcript ? toTranscriptView(transcript) : null,
    };
  }
  return details;
}

function behaviorView(
  files: BehaviorFolder,
  history: Map<string, HistoryPoint[]>,
  input: ViewerInput,
): BehaviorView {
  const name = files.judgment.behavior_name;
  const qualities = inferQualities(files.judgment);
  const rows = buildRows(files, qualities);
  const details = detailsOf(files, rows, qualities);
  const suite = buildSuite(files, rows, qualities);
  if (!suite.targetModel) {
    suite.targetModel = Object.values(details).find((d) => d.transcript)?.transcript?.targetModel ?? '';
  }
  const baseline = input.baseline === undefined ? null : baselineScores(input.baseline, name);
  const decisions = input.gate?.behaviors ?? input.results ?? [];
  const decision = decisions.find((d) => d.behavior === name) ?? null;
  return {
    name,
    suite,
    qualities,
    dimensions: dimensionsOf(rows),
    rows,
    details,
    history: history.get(name) ?? [],
    comparison: baseline ? compareRows(baseline, rows) : null,
    decision,
    facts: decision
      ? decisionFacts(decision, {
          maxIncrease: input.gate?.options.max_increase ?? 0,
          anchor: input.gate?.anchor ?? null,
          stoppedBy: input.stoppedBy ?? null,
          front: input.front ?? 'cli',
        })
      : [],
  };
}

function gateView(gate: GateResult | null | undefined): GateView | null {
  if (!gate) return null;
  const when = (b: { commit: string | null; created_at: string } | null) =>
    b ? { commit: b.commit, created_at: b.created_at } : null;
  return {
    options: gate.options,
    baseline: when(gate.baseline),
    anchor: when(gate.anchor),
    warnings: gate.warnings,
  };
}

export function buildViewerData(input: ViewerInput): ViewerData {
  const history = parseHistory(input.history ?? '');
  return {
    title: input.title,
    baselineName: input.baselineName ?? null,
    behaviors: input.behaviors.map((files) => behaviorView(files, history, input)),
    gate: gateView(input.gate),
    noDecision: input.noDecision ?? null,
    leaderboard: input.leaderboard ?? null,
  };
}
