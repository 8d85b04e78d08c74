// `bloom merge <shard-dirs...> --out DIR`: joins the shards of a pinned suite (`bloom run --shard i/n`) into one
// Bloom results folder, then runs the meta-judgment once and writes judgment.json, as a one-piece run would.

import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { collect, MAX_COST_HELP, MAX_FAILED_OPTION, parseDollars, runCommand } from './run.ts';

interface MergeOptions {
  out: string;
  data?: string[];
  target?: string[];
  maxFailed: number;
  maxCost?: number;
}

export function registerMergeCommand(program: Command, io: CliIo): void {
  program
    .command('merge')
    .description(
      "join the shards of a pinned suite (bloom run --shard i/n) into one results folder, with the suite's meta-judgment",
    )
    .argument(
      '<shard-dirs...>',
      "the shards' results folders (each --results of a shard, or its behavior folder)",
    )
    .requiredOption(
      '--out <dir>',
      'results root to write; files go to <dir>/<behavior>/, which must be new or empty',
    )
    .option(
      '--data <dir>',
      'a Bloom data folder the shards ran (with its suite.lock.json); repeat it for each suite the shards hold ' +
        '(default: bloom-data)',
      collect,
    )
    .option(
      '--target <target>',
      'the --target the shards ran with (again for each, as they were given)',
      collect,
    )
    .option(...MAX_FAILED_OPTION)
    .option('--max-cost <usd>', MAX_COST_HELP, parseDollars)
    .action(async (dirs: string[], opts: MergeOptions) => {
      // Each suite the shards ran, one after another: one process joins them all, as the action's merge job does.
      for (const data of opts.data ?? ['bloom-data']) {
        await runCommand(io, data, ['rollout', 'judgment'], {
          results: opts.out,
          target: opts.target,
          maxFailed: opts.maxFailed,
          maxCost: opts.maxCost,
          mergeFrom: dirs,
        });
      }
    });
}
