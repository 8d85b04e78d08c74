// From a results folder's files to the markdown report's plain input: each behavior's figures, its three
// highest-scoring transcripts, usage and identity, with the gate's decision, the history and the links. Pure: the
// caller reads the files (read-report-files.ts). The action and `bloom report --comment` both assemble here, so the
// CLI prints the comment a pull request gets.

import type { HistoryEntry } from '../formats/history.ts';
import type { JudgmentFile } from '../formats/judgment.ts';
import { transcriptFileName } from '../formats/results-folder.ts';
import type { RunInfo } from '../formats/run-info.ts';
import type { StoppedBy } from '../gate/adaptive.ts';
import type { BehaviorResult, GateResult } from '../gate/types.ts';
import type {
  BehaviorDetails,
  ReportCallCache,
  ReportFront,
  ReportIdentity,
  ReportInput,
  ReportLinks,
  ReportUsage,
  StageSpend,
  TopTranscript,
} from './markdown/types.ts';

export interface BehaviorFiles {
  behavior: string;
  /** Folder name inside the results root (where its transcripts sit in the artifact). */
  folder: string;
  judgment?: JudgmentFile;
  runInfo?: RunInfo;
  /** One line, when this behavior's run failed. */
  error?: string;
}

export function topTranscripts(judgment: JudgmentFile, folder: string, count = 3): TopTranscript[] {
  return judgment.judgments
    .filter((j): j is typeof j & { behavior_presence: number } => typeof j.behavior_presence === 'number')
    .sort(
      (a, b) =>
        b.behavior_presence - a.behavior_presence ||
        a.variation_number - b.variation_number ||
        a.repetition_number - b.repetition_number,
    )
    .slice(0, count)
    .map((j) => ({
      variation: j.variation_number,
      repetition: j.repetition_number,
      presence: j.behavior_presence,
      summary: j.summary ?? '',
      highlights: (j.highlights ?? []).slice(0, 3).map((h) => ({
        quoted_text: h.quoted_text ?? '',
        description: h.description ?? '',
      })),
      file: `${folder}/${transcriptFileName(j.variation_number, j.repetition_number)}`,
    }));
}

export function behaviorDetails(files: BehaviorFiles[]): Record<string, BehaviorDetails> {
  return Object.fromEntries(
    files.map((f) => [
      f.behavior,
      {
        statistics: f.judgment?.summary_statistics ?? null,
        top_transcripts: f.judgment ? topTranscripts(f.judgment, f.folder) : [],
        error: f.error ?? null,
      },
    ]),
  );
}

/** Tokens and cost per model summed over every behavior's run; the duration is the longest run's. */
export function reportUsage(infos: RunInfo[]): ReportUsage {
  const byModel = new Map<string, { input: number; output: number; usd: number | null }>();
  let total: number | null = 0;
  let paidCalls = 0;
  const cache: ReportCallCache = { served: 0, served_by_stage: {}, refused: 0, saved_usd: 0 };
  let cached = false;
  for (const info of infos) {
    paidCalls += info.usage?.totals?.calls ?? 0;
    const c = info.call_cache;
    if (c) {
      cached = true;
      cache.served += c.served;
      for (const [stage, counts] of Object.entries(c.by_purpose)) {
        cache.served_by_stage[stage] = (cache.served_by_stage[stage] ?? 0) + counts.served;
      }
      cache.refused += c.refused;
      cache.saved_usd =
        cache.saved_usd === null || c.saved_usd === null ? null : cache.saved_usd + c.saved_usd;
    }
    for (const [model, t] of Object.entries(info.usage?.byModel ?? {})) {
      const row = byModel.get(model) ?? { input: 0, output: 0, usd: 0 };
      row.input += t.inputTokens;
      row.output += t.outputTokens + t.reasoningTokens;
      const usd = info.cost?.by_model?.[model]?.usd;
      row.usd = row.usd === null || usd === undefined || usd === null ? null : row.usd + usd;
      byModel.set(model, row);
    }
    const usd = info.cost?.total_usd;
    total = total === null || usd === undefined || usd === null ? null : total + usd;
  }
  const cachedStages = stageSpends(infos).filter((s) => s.cache_read_tokens > 0 || s.cache_write_tokens > 0);
  const saved = infos.reduce((sum, info) => sum + (info.cost?.saved_usd ?? 0), 0);
  return {
    models: [...byModel].map(([model, r]) => ({
      model,
      input_tokens: r.input,
      output_tokens: r.output,
      cost_usd: r.usd,
    })),
    cost_usd: infos.some((i) => i.cost) ? total : null,
    duration_ms: infos.length ? Math.max(...infos.map((i) => i.duration_ms ?? 0)) : null,
    paid_calls: paidCalls,
    call_cache: cached ? cache : null,
    ...(cachedStages.length ? { cached_stages: cachedStages } : {}),
    ...(saved > 0 ? { saved_usd: saved } : {}),
  };
}

const STAGE_ORDER = ['understanding', 'ideation', 'evaluator', 'target', 'judge', 'metajudge'];

/** Each stage's input and savings summed over every behavior's run, in pipeline order. */
function stageSpends(infos: RunInfo[]): StageSpend[] {
  const byStage = new Map<string, StageSpend>();
  for (const info of infos) {
    for (const [stage, cost] of Object.entries(info.cost?.by_stage ?? {})) {
      const row = byStage.get(stage) ?? {
        stage,
        input_tokens: 0,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        saved_usd: 0,
      };
      row.input_tokens += cost.input_tokens ?? 0;
      row.cache_read_tokens += cost.cache_read_tokens ?? 0;
      row.cache_write_tokens += cost.cache_write_tokens ?? 0;
      const saved = cost.saved_usd;
      row.saved_usd =
        row.saved_usd === null || saved === undefined || saved === null ? null : row.saved_usd + saved;
      byStage.set(stage, row);
    }
  }
  const rank = (stage: string) => {
    const index = STAGE_ORDER.indexOf(stage);
    return index === -1 ? STAGE_ORDER.length : index;
  };
  return [...byStage.values()].sort(
    (a, b) => rank(a.stage) - rank(b.stage) || a.stage.localeCompare(b.stage),
  );
}

export function reportIdentity(
  info: RunInfo | undefined,
  suiteName: string | null,
  commit: string | null,
): ReportIdentity | null {
  if (!info?.suite_hash || !info.config_hash) return null;
  return {
    suite_hash: info.suite_hash,
    config_hash: info.config_hash,
    evaluator_model: info.models?.evaluator ?? '',
    target_model: info.target_id ?? info.models?.target ?? '',
    judge_model: info.models?.judge ?? '',
    suite_name: suiteName,
    commit,
  };
}

export interface RunReport {
  files: BehaviorFiles[];
  /** The decision against a baseline; null when there was none. */
  gate: GateResult | null;
  /** Without a baseline: each behavior's result (the rate and a cap only). */
  results: BehaviorResult[];
  history: HistoryEntry[];
  commit: string | null;
  links?: ReportLinks | null;
  failure?: string | null;
  stoppedBy?: StoppedBy | null;
  /** Moving-alias warnings, with or without a baseline. */
  warnings?: string[];
  /** Why the baseline could not be fetched; the verdict is then an error. */
  baselineFailure?: string | null;
  front: ReportFront;
}

export function assembleReportInput(run: RunReport): ReportInput {
  const infos = run.files.flatMap((f) => (f.runInfo ? [f.runInfo] : []));
  return {
    gate: run.gate,
    results: run.gate ? undefined : run.results,
    details: behaviorDetails(run.files),
    history: run.history,
    usage: reportUsage(infos),
    // Suites are named by their behaviors, which the action and the CLI both know the same way.
    identity: reportIdentity(infos[0], run.files.map((f) => f.behavior).join(', '), run.commit),
    links: run.links ?? null,
    failure: run.failure ?? null,
    stoppedBy: run.stoppedBy ?? null,
    warnings: run.gate?.warnings ?? run.warnings ?? [],
    baselineFailure: run.baselineFailure ?? null,
    front: run.front,
  };
}
