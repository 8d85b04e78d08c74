// report.json: the same facts as the markdown report for machines, no markdown. Model text stays raw (JSON
// carries it safely; whoever displays it escapes it) but bounded, so a 1 MB reply does not ride along.

import type { Interval } from '../../formats/baseline.ts';
import type { HistoryEntry } from '../../formats/history.ts';
import type { StoppedBy } from '../../gate/adaptive.ts';
import type { ConfigChange, GateResult, JudgeDrift, MoreRollouts } from '../../gate/types.ts';
import { figuresOf } from './figures.ts';
import { behaviorRows } from './rows.ts';
import { highestFirst } from './section-transcripts.ts';
import { trendPoints } from './trend.ts';
import type {
  ReportIdentity,
  ReportInput,
  ReportLinks,
  ReportUsage,
  RowStatus,
  TopTranscript,
  Verdict,
} from './types.ts';
import { verdictOf } from './verdict.ts';

/** Characters of model text kept per field in report.json. */
export const JSON_TEXT_MAX = 4_000;

function clip(text: string, max = JSON_TEXT_MAX): string {
  const points = Array.from(text.slice(0, max * 2 + 2));
  return points.length > max ? `${points.slice(0, max - 1).join('')}…` : text;
}

export interface ReportJsonBehavior {
  behavior: string;
  status: RowStatus;
  reason: string;
  n: number | null;
  rate: number | null;
  interval: Interval | null;
  unscoreable: number | null;
  failed: number | null;
  baseline: { n: number; rate: number; interval: Interval } | null;
  change: {
    value: number;
    interval: Interval;
    confidence: number;
    method: string;
    /** Which signal of the stratified test was larger: the elicitation rate or the presence scores. */
    decided_by: 'rate' | 'presence';
    /** The smallest rise (rate points) the run would have caught with 80% power. */
    detectable: number;
  } | null;
  /** Against the pinned anchor baseline, when there is one. */
  anchor: { value: number; interval: Interval; p_increase_holm: number } | null;
  judge_drift: JudgeDrift | null;
  config_changes: ConfigChange[];
  more_rollouts: MoreRollouts | null;
  /** Oldest first; `suite_hash`, `config_hash` and `target_id` say where the trend breaks. */
  trend: Pick<
    HistoryEntry,
    'time' | 'commit' | 'n' | 'rate' | 'interval' | 'suite_hash' | 'config_hash' | 'target_id'
  >[];
  top_transcripts: TopTranscript[];
  error: string | null;
}

export interface ReportJson {
  format_version: 2;
  verdict: Verdict;
  options: GateResult['options'] | null;
  baseline: { commit: string | null; created_at: string } | null;
  behaviors: ReportJsonBehavior[];
  failure: string | null;
  baseline_failure: string | null;
  usage: ReportUsage | null;
  identity: ReportIdentity | null;
  links: ReportLinks | null;
  /** Judge or evaluator ids that are moving aliases. */
  warnings: string[];
  /** Why adaptive rollouts stopped; null when none were added. */
  stopped_by: StoppedBy | null;
}

function clipTranscript(t: TopTranscript): TopTranscript {
  return {
    variation: t.variation,
    repetition: t.repetition,
    presence: t.presence,
    summary: clip(t.summary),
    highlights: t.highlights.slice(0, 3).map((h) => ({
      quoted_text: clip(h.quoted_text),
      description: clip(h.description, 500),
    })),
    file: t.file ?? null,
  };
}

export function renderReportJson(input: ReportInput): ReportJson {
  const history = input.history ?? [];
  const behaviors = behaviorRows(input).map((row): ReportJsonBehavior => {
    const figures = figuresOf(row);
    const baseline = row.result?.baseline;
    const comparison = row.result?.comparison;
    const anchor = row.result?.anchor;
    return {
      behavior: row.behavior,
      status: row.status,
      reason: clip(row.reason, 1_000),
      n: figures?.n ?? null,
      rate: figures?.rate ?? null,
      interval: figures?.interval ?? null,
      unscoreable: figures?.unscoreable ?? null,
      failed: figures?.failed ?? null,
      baseline: baseline ? { n: baseline.n, rate: baseline.rate, interval: baseline.interval } : null,
      change: comparison
        ? {
            value: comparison.change,
            interval: comparison.interval,
            confidence: comparison.confidence,
            method: comparison.method,
            decided_by: comparison.test.decided_by,
            detectable: comparison.detectable,
          }
        : null,
      anchor: anchor
        ? { value: anchor.change, interval: anchor.interval, p_increase_holm: anchor.p_increase_holm }
        : null,
      judge_drift: row.result?.judge_drift ?? null,
      config_changes: row.result?.config_changes ?? [],
      more_rollouts: row.result?.more_rollouts ?? null,
      trend: trendPoints(history, row.behavior).map(
        ({ time, commit, n, rate, interval, suite_hash, config_hash, target_id }) => ({
          time,
          commit,
          n,
          rate,
          interval,
          suite_hash,
          config_hash,
          target_id,
        }),
      ),
      top_transcripts: highestFirst(row.details.top_transcripts ?? []).map(clipTranscript),
      error: row.details.error ? clip(row.details.error, 1_000) : null,
    };
  });
  return {
    format_version: 2,
    verdict: verdictOf(input),
    options: input.gate?.options ?? null,
    baseline: input.gate?.baseline
      ? { commit: input.gate.baseline.commit, created_at: input.gate.baseline.created_at }
      : null,
    behaviors,
    failure: input.failure ? clip(input.failure, 1_000) : null,
    baseline_failure: input.baselineFailure ? clip(input.baselineFailure, 1_000) : null,
    usage: input.usage ?? null,
    identity: input.identity ?? null,
    links: input.links ?? null,
    warnings: input.gate?.warnings ?? input.warnings ?? [],
    stopped_by: input.stoppedBy ?? null,
  };
}
