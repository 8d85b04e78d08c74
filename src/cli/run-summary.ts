// What `bloom run` prints when it ends: where the results are, what was reused, the rate with its interval, what
// the calls cost, and the next command to run. Pure: the command writes it to stdout.

import { isAbsolute, relative } from 'node:path';
import type { CallCacheStats } from '../formats/call-cache.ts';
import { rateWithInterval } from '../gate/format.ts';
import { formatUsd } from '../models/cost.ts';
import type { Spend } from '../pipeline/execute.ts';
import type { RunOutcome } from '../pipeline/finish.ts';
import { safeLogLine } from '../report/markdown/escape.ts';
import { formatTokens } from '../report/progress.ts';
import { wilson } from '../stats/wilson.ts';

/** A path as the user would type it: relative to cwd when inside it, quoted when the shell would split it. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return /^[\w./@:+-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`;
}

/** "224 (358.4k tokens in, 290.1k of them cached, 18.1k out), $0.42 ($0.61 saved by caching and batching)". */
function spent(spend: Spend): string {
  const { totals } = spend.usage;
  const unpriced = spend.cost.unknown_price_models.length;
  const extra = unpriced ? ` + ${unpriced} unpriced model${unpriced === 1 ? '' : 's'}` : '';
  const cached = totals.cacheReadTokens ? `, ${formatTokens(totals.cacheReadTokens)} of them cached` : '';
  const saved =
    spend.cost.saved_usd > 0 ? ` (${formatUsd(spend.cost.saved_usd)} saved by caching and batching)` : '';
  return (
    `${totals.calls} (${formatTokens(totals.inputTokens)} tokens in${cached}, ${formatTokens(totals.outputTokens)} out), ` +
    `${formatUsd(spend.cost.total_usd)}${saved}${extra}`
  );
}

/** This invocation's calls, and the folder's when earlier invocations (a resumed run) made some. */
function callsLine(spend: { thisRun: Spend; folder: Spend }): string {
  const now = spend.thisRun.usage.totals.calls;
  if (spend.folder.usage.totals.calls === now) return `  model calls: ${spent(spend.thisRun)}`;
  const all = `with the earlier runs on this folder ${spent(spend.folder)}`;
  return now === 0
    ? `  model calls: none this time; ${all}`
    : `  model calls: ${spent(spend.thisRun)}; ${all}`;
}

/** "  call cache: 312 calls served (saved $4.10), 0 stored, 2 refused" for this invocation. */
function cacheLine(cache: CallCacheStats): string {
  const saved = cache.saved_usd === null ? '' : ` (saved ${formatUsd(cache.saved_usd)})`;
  return (
    `  call cache: ${cache.served} calls served${saved}, ${cache.stored} stored, ${cache.refused} refused` +
    (cache.bypassed > 0 ? `, ${cache.bypassed} always called (judge check, agents without call_cache)` : '')
  );
}

export function runSummary(
  behavior: string,
  o: RunOutcome,
  spend: { thisRun: Spend; folder: Spend },
  cwd: string,
  callCache: CallCacheStats | null = null,
): string {
  const dir = shownPath(o.behaviorDir, cwd);
  // The name and the path come from the data folder: one inert line, whatever they hold.
  const lines = [safeLogLine(`${behavior}: results in ${dir}`)];
  if (o.mergedShards !== undefined) {
    lines.push(
      `  merged: ${o.reused.rollouts} rollouts and ${o.reused.judgments} judgments of ${o.planned} from ` +
        `${o.mergedShards} shards; the meta-judgment ran once here`,
    );
  } else if (o.reused.rollouts > 0 || o.reused.judgments > 0) {
    lines.push(
      `  resumed: ${o.reused.rollouts} of ${o.planned} rollouts and ${o.reused.judgments} judgments ` +
        'were on disk from an earlier run and were not redone',
    );
  }
  if (o.planned > 0) {
    lines.push(
      `  rollouts: ${o.transcripts}/${o.planned} written, ${o.failedRollouts} failed`,
      `  judged: ${o.judged}, unscoreable: ${o.unscoreable}, judgments failed: ${o.failedJudgments}`,
    );
  }
  if (o.elicited !== undefined && o.judged > 0) {
    const rate = o.elicited / o.judged;
    lines.push(
      `  elicitation rate: ${rateWithInterval(rate, wilson(o.elicited, o.judged))}, ` +
        `${o.elicited} of ${o.judged} scored 7 or more`,
    );
  }
  lines.push(callsLine(spend));
  if (callCache) lines.push(cacheLine(callCache));
  if (o.elicited !== undefined)
    lines.push(safeLogLine(`Next: bloom view ${dir}   (every transcript and score, in a browser)`));
  return `${lines.join('\n')}\n`;
}
