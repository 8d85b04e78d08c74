// Per-rollout token usage from usage.jsonl, the one-line-per-call log a run appends to: each call names the rollout
// it served in its sampleKey ("v3r2/target/1"). Lines that are not such a call (a kill's cut-off line, a call of
// understanding or ideation, a log from before sampleKeys were recorded, a hand-edited line) are skipped: the
// usage is then shown for fewer calls, never made up.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LedgerSummary } from '../../formats/run-info.ts';
import { UsageLedger, type UsageRecord } from '../../models/ledger.ts';
import { ConfigError } from '../../util/errors.ts';

const ROLLOUT_OF_SAMPLE_KEY = /^(v\d+r\d+)\//;
const COUNTS = ['inputTokens', 'outputTokens', 'reasoningTokens', 'ms', 'attempts'] as const;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A parsed usage.jsonl line as a usage record of one rollout, or undefined. */
function rolloutCall(line: string): { rollout: string; record: UsageRecord } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const call = value as Partial<UsageRecord> | null;
  const rollout = ROLLOUT_OF_SAMPLE_KEY.exec(typeof call?.sampleKey === 'string' ? call.sampleKey : '')?.[1];
  if (!rollout || typeof call?.modelId !== 'string' || typeof call.purpose !== 'string') return undefined;
  if (!COUNTS.every((key) => isCount(call[key]))) return undefined;
  const { cacheReadTokens, cacheWriteTokens, batch: _batch, ...rest } = call;
  // The optional counts are kept only when they are counts (a hand-edited line must not turn a sum into text).
  return {
    rollout,
    record: {
      ...rest,
      ok: call.ok === true,
      ...(isCount(cacheReadTokens) ? { cacheReadTokens } : {}),
      ...(isCount(cacheWriteTokens) ? { cacheWriteTokens } : {}),
    } as UsageRecord,
  };
}

/** Usage per rollout key (`v{N}r{M}`), by model and by purpose; empty when the folder has no usage.jsonl. */
export async function readRolloutUsage(path: string): Promise<Record<string, LedgerSummary>> {
  const ledgers = new Map<string, UsageLedger>();
  const stream = createReadStream(path, 'utf8');
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      const call = rolloutCall(line);
      if (!call) continue;
      let ledger = ledgers.get(call.rollout);
      if (!ledger) {
        ledger = new UsageLedger();
        ledgers.set(call.rollout, ledger);
      }
      ledger.record(call.record);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw new ConfigError(path, '', 'a readable file of JSON lines, or none', code ?? 'unreadable');
  }
  return Object.fromEntries([...ledgers.entries()].map(([key, ledger]) => [key, ledger.summary()]));
}
