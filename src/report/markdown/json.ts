// report.json: the same facts as the markdown report for machines, no markdown. Model text stays raw (JSON
// carries it safely; whoever displays it escapes it) but bounded, so a 1 MB reply does not ride along.

import type { HistoryEntry, RateInterval } from '../../gate/types.ts';
import { figuresOf } from './figures.ts';
import { behaviorRows } from './rows.ts';
import { topTranscripts } from './section-transcripts.ts';
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
  interval: RateInterval | null;
  unscoreable: number | null;
  failed: number | null;
  baseline: { n: number; rate: number; interval: RateInterval } | null;
  change: { value: number; interval: RateInterval; confidence: number; method: string } | null;
  trend: Pick<HistoryEntry, 'time' | 'commit' | 'n' | 'rate' | 'interval'>[];
  top_transcripts: TopTranscript[];
  error: string | null;
}

export interface ReportJson {
  format_version: 1;
  verdict: Verdict;
  options: { max_increase: number; max_rate: number | null; alpha: number } | null;
  baseline: { commit: string | null; created_at: string } | null;
  behaviors: ReportJsonBehavior[];
  failure: string | null;
  baseline_failure: string | null;
  usage: ReportUsage | null;
  identity: ReportIdentity | null;
  links: ReportLinks | null;
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
          }
        : null,
      trend: trendPoints(history, row.behavior).map(({ time, commit, n, rate, interval }) => ({
        time,
        commit,
        n,
        rate,
        interval,
      })),
      top_transcripts: topTranscripts(row.details.top_transcripts ?? []).map(clipTranscript),
      error: row.details.error ? clip(row.details.error, 1_000) : null,
    };
  });
  return {
    format_version: 1,
    verdict: verdictOf(input),
    options: input.gate?.options ?? null,
    baseline: input.gate
      ? { commit: input.gate.baseline.commit, created_at: input.gate.baseline.created_at }
      : null,
    behaviors,
    failure: input.failure ? clip(input.failure, 1_000) : null,
    baseline_failure: input.baselineFailure ? clip(input.baselineFailure, 1_000) : null,
    usage: input.usage ?? null,
    identity: input.identity ?? null,
    links: input.links ?? null,
  };
}
