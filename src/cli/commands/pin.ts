// `bloom pin <data-dir>`: generate the suite once and write suite.lock.json; `--check` verifies, for CI, that
// the committed lock still matches its data folder without calling any model.

import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadBloomData } from '../../config/load.ts';
import type { SuiteLock } from '../../formats/lock.ts';
import { resultPaths } from '../../formats/results-folder.ts';
import { pinSuite } from '../../pipeline/pin.ts';
import { createPipelineContext, resolveRoles } from '../../pipeline/setup.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import { createProgress } from '../../report/progress.ts';
import { assertFresh, lockPathOf, readLock, writeLock } from '../../suite/lock.ts';
import { ConfigError } from '../../util/errors.ts';
import { writeJsonAtomic } from '../../util/fs.ts';
import type { CliIo } from '../io.ts';
import { debugTo, MAX_COST_HELP, MAX_REPLY_BYTES_HELP, parseDollars, replyBytes } from './run.ts';

export interface PinOptions {
  check?: boolean;
  /** Also write understanding.json, ideation.json and run_info.json under <results>/<behavior>/. */
  results?: string;
  /** --max-cost: stop before spending more than this many dollars. */
  maxCost?: number;
  /** --max-reply-bytes: a larger reply from a model fails its call. */
  maxReplyBytes?: number;
}

export function registerPinCommand(program: Command, io: CliIo): void {
  program
    .command('pin')
    .description(
      'run understanding and ideation once and write <data-dir>/suite.lock.json (the pinned suite)',
    )
    .argument('<data-dir>', 'a Bloom data folder (seed.yaml, behaviors.json, ...)')
    .option('--check', 'call no model: exit 2 when the lock is missing or stale, 0 when it is fresh')
    .option(
      '--results <dir>',
      "also write Bloom's understanding.json and ideation.json under <dir>/<behavior>/",
    )
    .option('--max-cost <usd>', MAX_COST_HELP, parseDollars)
    .option('--max-reply-bytes <n>', MAX_REPLY_BYTES_HELP, replyBytes)
    .action(async (dataDir: string, opts: PinOptions) => {
      if (opts.check) await checkCommand(io, dataDir);
      else await pinCommand(io, dataDir, opts);
    });
}

export async function pinCommand(io: CliIo, dataDir: string, opts: PinOptions = {}): Promise<SuiteLock> {
  const data = await loadBloomData(resolve(io.cwd, dataDir));
  const progress = createProgress(io.stderr, {});
  const ctx = createPipelineContext(data, {
    resultsDir: resolve(io.cwd, opts.results ?? '.'),
    // The lock names the target by a placeholder: any of the seed's targets pins the same suite.
    targetEntry: 0,
    cwd: io.cwd,
    env: io.env,
    stages: ['understanding', 'ideation'],
    onProgress: progress.onProgress,
    maxCostUsd: opts.maxCost,
    maxReplyBytes: opts.maxReplyBytes,
    redactor: io.redactor,
    onDebug: debugTo(io),
  });
  let lock: SuiteLock;
  try {
    lock = await pinSuite(ctx);
  } finally {
    progress.finish();
  }
  await writeLock(lockPathOf(data.dir), lock);
  if (opts.results) {
    const paths = resultPaths(ctx.behaviorDir);
    await writeJsonAtomic(paths.understanding, lock.understanding);
    await writeJsonAtomic(paths.ideation, lock.ideation);
    await writeJsonAtomic(paths.runInfo, {
      behavior: lock.behavior,
      suite_hash: lock.suite_hash,
      stages: ['understanding', 'ideation'],
      models: lock.evaluator_models,
      usage: ctx.ledger.summary(),
      cost: ctx.cost.snapshot(),
    });
  }
  const line =
    `${lockPathOf(dataDir)}: pinned ${lock.ideation.variations.length} variations of ${lock.behavior} ` +
    `(suite_hash ${lock.suite_hash.slice(0, 12)})`;
  io.stdout.write(`${safeLogLine(line)}\n`);
  return lock;
}

/** Exit 0 when fresh; a ConfigError (exit 2) when missing, malformed or stale. */
export async function checkCommand(io: CliIo, dataDir: string): Promise<SuiteLock> {
  const data = await loadBloomData(resolve(io.cwd, dataDir));
  const shown = lockPathOf(dataDir);
  const lock = await readLock(lockPathOf(data.dir), shown);
  if (!lock) {
    throw new ConfigError(shown, '', `a pinned suite (run: bloom pin ${join(dataDir)})`, 'no such file');
  }
  assertFresh(lock, data, resolveRoles(data, undefined, io.cwd, 0), shown);
  io.stdout.write(`${safeLogLine(`${shown}: fresh (suite_hash ${lock.suite_hash.slice(0, 12)})`)}\n`);
  return lock;
}
