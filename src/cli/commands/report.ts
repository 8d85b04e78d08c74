// `bloom report`: recompute the figures of one or more behaviors' results, from our runs or Python Bloom's.

import { resolve } from 'node:path';
import { behaviorDirs } from '../../formats/results-folder.ts';
import { writeInspectLog } from '../../report/inspect/index.ts';
import { leaderboardMarkdown } from '../../report/leaderboard.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import { type ResultsSummary, summarizeResultsDir } from '../../report/summary.ts';
import { type CliIo, jsonForLog } from '../io.ts';
import { leaderboardOf } from './leaderboard.ts';
import { type CommentOptions, commentMarkdown } from './report-comment.ts';

export interface ReportOptions extends CommentOptions {
  /** Print the pull request comment the action would post for these results. */
  comment?: boolean;
  json?: boolean;
  /** `inspect`: write an Inspect .json log per behavior (into --out, default the behavior folder). */
  format?: 'text' | 'json' | 'inspect';
  out?: string;
}

/** `bloom report <dirs...>`: one target's results as before; several targets' (given together, or a folder
 * holding one per target) as the leaderboard. */
export async function reportCommand(io: CliIo, dirs: string[], opts: ReportOptions): Promise<void> {
  const flag = opts.comment ? '--comment' : opts.format === 'inspect' ? '--format inspect' : null;
  const ranked = await leaderboardOf(io, dirs, { flag, why: 'the leaderboard is text or JSON' });
  if ('one' in ranked) {
    await oneTargetReport(io, ranked.one, opts);
    return;
  }
  const { board } = ranked;
  io.stdout.write(
    opts.json || opts.format === 'json' ? `${jsonForLog(board)}\n` : leaderboardMarkdown(board),
  );
}

async function oneTargetReport(io: CliIo, dir: string, opts: ReportOptions): Promise<ResultsSummary[]> {
  if (opts.comment) {
    io.stdout.write(await commentMarkdown(io, dir, opts));
    return [];
  }
  const dirs = await behaviorDirs(resolve(io.cwd, dir));
  if (opts.format === 'inspect') {
    for (const d of dirs) {
      const path = await writeInspectLog(d, opts.out ? resolve(io.cwd, opts.out) : d);
      io.stdout.write(`${path}\n`);
    }
    return [];
  }
  const json = opts.json || opts.format === 'json';
  const summaries: ResultsSummary[] = [];
  for (const d of dirs) summaries.push(await summarizeResultsDir(d));
  io.stdout.write(json ? `${jsonForLog(summaries)}\n` : summaries.map(formatSummary).join('\n'));
  return summaries;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function formatSummary(s: ResultsSummary): string {
  const r = s.recomputed;
  const ci = r.elicitation_rate_ci as [number, number] | undefined;
  const lines = [
    // A results folder is input: its behavior name must not start a workflow command in a log.
    safeLogLine(s.behavior, 200),
    `  elicitation rate: ${pct(exactRate(r))}${ci ? ` (95% CI ${pct(ci[0])}-${pct(ci[1])})` : ''}` +
      ` = ${r.elicited_count ?? '?'} of ${r.total_judgments} scored 7 or more`,
    `  behavior presence: mean ${r.average_behavior_presence_score}, min ${r.min_behavior_presence_score}, max ${r.max_behavior_presence_score}`,
  ];
  const qualities = Object.entries(r).filter(
    ([k]) => k.startsWith('average_') && k !== 'average_behavior_presence_score',
  );
  if (qualities.length)
    lines.push(`  qualities: ${qualities.map(([k, v]) => `${k.slice(8)} ${v}`).join(', ')}`);
  const metas = Object.entries(r).filter(([k]) => k.startsWith('meta_'));
  if (metas.length) lines.push(`  suite: ${metas.map(([k, v]) => `${k.slice(5)} ${v}`).join(', ')}`);
  if (r.unscoreable_count || r.failed_rollout_count) {
    lines.push(`  unscoreable: ${r.unscoreable_count ?? 0}, failed rollouts: ${r.failed_rollout_count ?? 0}`);
  }
  lines.push(
    s.agrees
      ? '  judgment.json summary_statistics: agree'
      : `  judgment.json summary_statistics differ: ${s.differences.join('; ')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The unrounded rate when the counts are known (Bloom's own figure is rounded to 2 decimals). */
function exactRate(r: ResultsSummary['recomputed']): number {
  const k = Number(r.elicited_count);
  const n = r.total_judgments ?? 0;
  return Number.isFinite(k) && n > 0 ? k / n : (r.elicitation_rate ?? 0);
}
