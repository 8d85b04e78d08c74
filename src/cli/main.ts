// The `bloom` command: a thin front over the engine. One top-level catch turns errors into one line and an
// exit code; everything else lives in commands/.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { nodeSelectionIo, selectSuites } from '../config/suite-selection.ts';
import { DEFAULT_MAX_ROLLOUTS } from '../gate/options.ts';
import { MissingApiKeyError } from '../models/registry.ts';
import type { Stage } from '../pipeline/run.ts';
import { safeLogLine } from '../report/markdown/escape.ts';
import { parseShard } from '../suite/shard.ts';
import { envSecrets } from '../util/env-secrets.ts';
import { ConfigError, EXIT, userFacingLine } from '../util/errors.ts';
import { Redactor } from '../util/redact.ts';
import { capYoungGeneration } from '../util/young-generation.ts';
import { registerBaselineCommand } from './commands/baseline.ts';
import { registerCompareCommand } from './commands/compare.ts';
import { type GatedRunOptions, gatedRunCommand } from './commands/gated-run.ts';
import { type InitOptions, initCommand, OFFLINE_HINT } from './commands/init.ts';
import { registerMergeCommand } from './commands/merge.ts';
import { registerPinCommand } from './commands/pin.ts';
import { DEFAULT_BASELINE_ROLLOUTS, type PlanOptions, planCommand, wholeNumber } from './commands/plan.ts';
import { type ReportOptions, reportCommand } from './commands/report.ts';
import {
  BATCH_HELP,
  BATCH_TIMEOUT_HELP,
  CALL_CACHE_HELP,
  collect,
  MAX_COST_HELP,
  MAX_FAILED_OPTION,
  MAX_REPLY_BYTES_HELP,
  parseDollars,
  parseDuration,
  replyBytes,
  runCommand,
} from './commands/run.ts';
import { registerViewCommand } from './commands/view.ts';
import { addGateFlags } from './gate-options.ts';
import { type CliIo, guardedIo, processIo } from './io.ts';

const SHARD_FLAG = { file: 'bloom run', key: '--shard' };

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** Commander's "error: ...\n(Did you mean ...?)" as `bloom: ... (Did you mean ...?) (see bloom --help)`. */
function oneLineArgumentError(text: string): string {
  const line = text
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return safeLogLine(`bloom: ${line} (see bloom --help)`);
}

function buildProgram(io: CliIo): Command {
  const program = new Command('bloom')
    .description("Bloom's behavioral evaluations as a pull-request gate")
    .version(packageJson.version, '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Argument errors are one line like every other error; the usage is one `--help` away.
      outputError: (s, write) => write(`${oneLineArgumentError(s)}\n`),
    });

  program
    .command('init')
    .description('write a starter Bloom data folder (seed.yaml, behaviors.json, models.json, prompts)')
    .argument('[dir]', 'folder to create', 'bloom-data')
    .option('--force', 'overwrite an existing seed.yaml')
    .option(
      '--offline',
      'use the built-in scripted models: no key, no network (try pin, run, baseline, compare)',
    )
    .action((dir: string, opts: InitOptions) => initCommand(io, dir, opts));

  const withRunOptions = (command: Command) =>
    command
      .option('--results <dir>', 'results root; files go to <dir>/<behavior>/', 'bloom-results')
      .option(
        '--target <target>',
        "replaces seed.yaml's rollout.target(s): a model, a target file, a URL or cmd:<command>; give it " +
          'several times to run the same suite against each (results in <results>/<slug>/<behavior>/, the slug made from the target id)',
        collect,
      )
      .option(...MAX_FAILED_OPTION)
      .option('--max-cost <usd>', MAX_COST_HELP, parseDollars)
      .option('--max-reply-bytes <n>', MAX_REPLY_BYTES_HELP, replyBytes)
      .option('--call-cache <dir>', CALL_CACHE_HELP)
      .option('--batch', BATCH_HELP)
      .option('--batch-timeout <duration>', BATCH_TIMEOUT_HELP, parseDuration);
  const addRun = (name: string, description: string, stages: Stage[]) =>
    withRunOptions(
      program
        .command(name)
        .description(description)
        .argument('<data-dir>', 'a Bloom data folder (seed.yaml, behaviors.json, ...)'),
    ).action(
      async (
        dataDir: string,
        opts: {
          results: string;
          target?: string[];
          maxFailed: number;
          maxCost?: number;
          maxReplyBytes?: number;
          callCache?: string;
          batch?: boolean;
          batchTimeout?: number;
        },
      ) => {
        await runCommand(io, dataDir, stages, opts);
      },
    );

  addGateFlags(
    withRunOptions(
      program
        .command('run')
        .description('run all four stages and the meta-judgment (resumes: finished work is kept)')
        .argument('<data-dirs...>', 'Bloom data folders, their seed.yaml, or globs of either (quote them)'),
    )
      .option(
        '--baseline <file>',
        're-judge its stored sample (judge drift) and decide against it, as the action does',
      )
      .option(
        '--until-decided',
        'with --baseline: add repetitions of the same scenarios until the gate decides',
      )
      .option(
        '--max-rollouts <n>',
        `with --until-decided: rollouts per behavior to stop at (default ${DEFAULT_MAX_ROLLOUTS})`,
        positiveInteger,
      )
      .option('--json', 'with --baseline: print the decision as JSON')
      .option(
        '--shard <i/n>',
        "run only shard i of n of a pinned suite's cells, without meta-judgment (join them with bloom merge)",
      ),
  ).action(async (dataDirs: string[], opts: GatedRunOptions & { baseline?: string; shard?: string }) => {
    const suites = selectSuites(dataDirs, io.cwd, nodeSelectionIo, (expected, found) => {
      return new ConfigError('bloom run', '<data-dirs>', expected, found);
    });
    const shard = opts.shard === undefined ? undefined : parseShard(opts.shard, SHARD_FLAG);
    if (shard && (opts.baseline || opts.untilDecided)) {
      throw new ConfigError(
        'bloom run',
        '--shard',
        'no --baseline: a shard decides nothing (merge the shards, then compare)',
      );
    }
    if (opts.baseline) {
      await gatedRunCommand(io, suites, { ...opts, baseline: opts.baseline });
      return;
    }
    if (opts.untilDecided) {
      throw new ConfigError('bloom run', '--until-decided', 'a --baseline to decide against');
    }
    for (const suite of suites)
      await runCommand(io, suite, ['understanding', 'ideation', 'rollout', 'judgment'], { ...opts, shard });
  });
  addRun('understanding', 'run the understanding stage only', ['understanding']);
  addRun('ideation', 'run ideation (needs understanding.json)', ['ideation']);
  addRun('rollout', 'run the rollouts (needs ideation.json)', ['rollout']);
  addRun('judgment', 'judge the transcripts on disk and write judgment.json', ['judgment']);

  program
    .command('plan')
    .description('estimate calls, tokens and dollars of a pinned suite and the gate before anything runs')
    .argument('<data-dirs...>', 'pinned Bloom data folders, their seed.yaml, or globs of either (quote them)')
    .option(
      '--target <target>',
      "replaces seed.yaml's rollout.target(s), as for bloom run; give it several times to plan each",
      collect,
    )
    .option(
      '--max-rollouts <n>',
      'rollouts a pull request may grow to with adaptive looks; 0: none',
      wholeNumber,
      DEFAULT_MAX_ROLLOUTS,
    )
    .option(
      '--baseline-rollouts <n>',
      "rollouts a baseline is recorded with; 0: the suite's own",
      wholeNumber,
      DEFAULT_BASELINE_ROLLOUTS,
    )
    .option(
      '--reply-tokens <n>',
      'assume every reply is this many tokens (default: evaluator 250, target 400, judge 700); 0: short offline replies',
      wholeNumber,
    )
    .option(
      '--from <results>',
      "an earlier run's results folder of the same suite: its measured tokens per call, for every stage with the same model",
    )
    .option('--json', 'print the plan as JSON')
    .action(async (dataDirs: string[], opts: PlanOptions) => {
      const suites = selectSuites(dataDirs, io.cwd, nodeSelectionIo, (expected, found) => {
        return new ConfigError('bloom plan', '<data-dirs>', expected, found);
      });
      await planCommand(io, suites, opts);
    });
  registerPinCommand(program, io);
  registerMergeCommand(program, io);
  registerBaselineCommand(program, io);
  registerCompareCommand(program, io);
  registerViewCommand(program, io);

  addGateFlags(
    program
      .command('report')
      .description("recompute summary statistics from any Bloom results folder (ours or Python Bloom's)")
      .argument(
        '<results-dirs...>',
        "a results folder (<results>/<behavior> or <results>); several targets' folders, or a folder holding " +
          'one per target, print the leaderboard',
      )
      .option('--json', 'print JSON (same as --format json)')
      .addOption(
        new Option('--format <format>', 'text, json, or inspect (writes an Inspect .json log per behavior)')
          .choices(['text', 'json', 'inspect'])
          .default('text'),
      )
      .option('--out <dir>', 'with --format inspect: where to write the logs (default: each behavior folder)')
      .option('--comment', 'print the markdown comment the action posts on a pull request for these results')
      .option(
        '--baseline <file>',
        'with --comment: the baseline to decide against (gate flags as for compare)',
      )
      .option(
        '--history <file>',
        'with --comment: the history for the trend (default: history.jsonl beside --baseline)',
      ),
  ).action(async (dirs: string[], opts: ReportOptions) => {
    await reportCommand(io, dirs, opts);
  });

  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], given: CliIo = processIo()): Promise<number> {
  capYoungGeneration();
  // Every byte printed passes the redactor: the secrets of the given environment and of this process's (a target
  // can read its parent's), and those a run's target resolves.
  const secrets = [...envSecrets(given.env), ...envSecrets(process.env)];
  const io = guardedIo(given, given.redactor ?? new Redactor(secrets));
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.config;
    }
    const code = (error as { exitCode?: number }).exitCode;
    const hint = error instanceof MissingApiKeyError ? `; ${OFFLINE_HINT}` : '';
    // Messages may quote a provider or an agent: no workflow command, terminal escape or bidi text in the log.
    io.stderr.write(`${safeLogLine(`bloom: ${userFacingLine(error, io.cwd)}${hint}`)}\n`);
    if (typeof code === 'number') return code;
    if (io.env.BLOOM_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT.internal;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
