// What was run and what it cost: the suite and configuration identity, the models, tokens, cost, duration.

import { markdownTable } from 'markdown-table';
import { cell, inline } from './escape.ts';
import { count, dollars, duration, shortHash } from './numbers.ts';
import type { ReportIdentity, ReportSection, ReportUsage } from './types.ts';

function identityLines(identity: ReportIdentity): string[] {
  const suite = identity.suite_name ? ` (${inline(identity.suite_name, 120)})` : '';
  const commit = identity.commit ? ` · commit ${inline(identity.commit.slice(0, 12), 40)}` : '';
  return [
    `Suite ${inline(shortHash(identity.suite_hash), 40)}${suite} · config ${inline(shortHash(identity.config_hash), 40)}${commit}`,
    `Evaluator ${inline(identity.evaluator_model, 120)} · target ${inline(identity.target_model, 120)} · judge ${inline(identity.judge_model, 120)}`,
  ];
}

function usageTable(usage: ReportUsage): string | null {
  if (usage.models.length === 0) return null;
  const rows = usage.models.map((m) => [
    cell(m.model, 120),
    count(m.input_tokens),
    count(m.output_tokens),
    typeof m.cost_usd === 'number' ? dollars(m.cost_usd) : '—',
  ]);
  return markdownTable([['Model', 'Tokens in', 'Tokens out', 'Est. cost'], ...rows], {
    alignDelimiters: false,
  });
}

/** "312 calls served from the call cache (saved about $4.10), 2 entries refused". */
function callCacheLine(usage: ReportUsage): string | null {
  const cache = usage.call_cache;
  if (!cache) return null;
  const stages = Object.entries(cache.served_by_stage)
    .filter(([, n]) => n > 0)
    .map(([stage, n]) => `${inline(stage, 40)} ${count(n)}`);
  const details = [
    ...(stages.length > 1 ? [stages.join(', ')] : []),
    ...(cache.saved_usd === null ? [] : [`saved about ${dollars(cache.saved_usd)}`]),
  ];
  const saved = details.length > 0 ? ` (${details.join('; ')})` : '';
  const refused =
    cache.refused > 0 ? `, ${count(cache.refused)} cache entries refused (not trusted, called afresh)` : '';
  return `${count(cache.served)} calls served from the call cache${saved}${refused}`;
}

function totalsLine(usage: ReportUsage): string | null {
  const calls = typeof usage.paid_calls === 'number' ? `${count(usage.paid_calls)} calls made` : null;
  const saved = usage.saved_usd
    ? ` (${dollars(usage.saved_usd)} saved by prompt caching and batch prices)`
    : '';
  const parts = [
    typeof usage.cost_usd === 'number' ? `estimated cost ${dollars(usage.cost_usd)}${saved}` : null,
    usage.call_cache ? calls : null,
    callCacheLine(usage),
    typeof usage.duration_ms === 'number' ? `duration ${duration(usage.duration_ms)}` : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  const line = parts.join(' · ');
  return `${line[0]?.toUpperCase()}${line.slice(1)}.`;
}

/** "Read from the prompt cache: evaluator 85% of 205,373 input tokens (caching and batch prices saved $0.42) · judge
 * ...": only when a cache served. */
function promptCacheLine(usage: ReportUsage): string | null {
  const stages = usage.cached_stages ?? [];
  if (stages.length === 0) return null;
  const parts = stages.map((s) => {
    const share = s.input_tokens > 0 ? Math.round((100 * s.cache_read_tokens) / s.input_tokens) : 0;
    // A stage's saving is against list price, so a batched stage's includes the batch discount: say so.
    const saved = s.saved_usd === null ? '' : ` (caching and batch prices saved ${dollars(s.saved_usd)})`;
    return `${inline(s.stage, 40)} ${share}% of ${count(s.input_tokens)} input tokens${saved}`;
  });
  return `Read from the prompt cache: ${parts.join(' · ')}.`;
}

export function runSection(
  identity: ReportIdentity | null | undefined,
  usage: ReportUsage | null | undefined,
): ReportSection | null {
  const parts = [
    ...(identity ? identityLines(identity) : []),
    usage ? usageTable(usage) : null,
    usage ? totalsLine(usage) : null,
    usage ? promptCacheLine(usage) : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  return { id: 'run', title: 'Run', markdown: ['### Run', ...parts].join('\n\n') };
}
