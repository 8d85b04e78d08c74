// `bloom run <data-dir> --baseline FILE [--until-decided]`: the gate as the action runs it, on a laptop. The run
// re-judges the baseline's stored sample with this run's judge (judge drift), then decides against the baseline;
// with --until-decided an undecided behavior gets more repetitions of the same scenarios, look by look, within
// --max-rollouts and --max-cost, under a design that keeps the false-alarm rate (src/gate/sequential.ts).

import { resolve } from 'node:path';
import { decideAdaptively, rerunLine } from '../../gate/adaptive.ts';
import { readBaseline } from '../../gate/baseline-file.ts';
import { compareWithBaseline } from '../../gate/compare.ts';
import { DEFAULT_MAX_ROLLOUTS } from '../../gate/options.ts';
import { judgeChecks } from '../../gate/rejudge.ts';
import { readResults } from '../../gate/results.ts';
import type { GateResult } from '../../gate/types.ts';
import { type ExecuteResult, executeSuite } from '../../pipeline/execute.ts';
import type { Stage } from '../../pipeline/run.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import { createProgress } from '../../report/progress.ts';
import type { TargetRun } from '../../targets/list.ts';
import { ConfigError } from '../../util/errors.ts';
import { type GateFlags, gateOptionsFrom } from '../gate-options.ts';
import type { CliIo } from '../io.ts';
import { runSummary } from '../run-summary.ts';
import { reportGateResult } from './compare.ts';
import { batchSettings, debugTo, type RunCommandOptions, runTargets } from './run.ts';

export interface GatedRunOptions extends RunCommandOptions, GateFlags {
  baseline: string;
  untilDecided?: boolean;
  maxRollouts?: number;
  json?: boolean;
}

const STAGES: Stage[] = ['understanding', 'ideation', 'rollout', 'judgment'];

export async function gatedRunCommand(
  io: CliIo,
  suites: string[],
  opts: GatedRunOptions,
): Promise<GateResult> {
  // A baseline is one target's: a gated run measures one (several are refused, before anything runs).
  const targetOf = new Map<string, TargetRun>();
  for (const suite of suites) {
    const targets = await runTargets(io, suite, opts.target);
    if (targets.length > 1) {
      throw new ConfigError(
        '--baseline',
        '',
        "one target per gated run (a baseline is one target's): run each target with its own baseline, " +
          'e.g. one matrix job per target, or rank them without one with `bloom run` and `bloom report`',
        `${targets.length} targets`,
      );
    }
    targetOf.set(suite, targets[0] as TargetRun);
  }

  const baselineFile = resolve(io.cwd, opts.baseline);
  const anchorFile = opts.anchor ? resolve(io.cwd, opts.anchor) : null;
  const baseline = await readBaseline(baselineFile);
  const anchor = anchorFile ? await readBaseline(anchorFile) : null;
  const { options, failOn } = gateOptionsFrom(opts);
  const resultsRoot = opts.results ?? 'bloom-results';
  // One budget for every run of the command, the adaptive looks included.
  let spent = 0;

  // One hook for every run of the command, the adaptive looks included: a check it made speaks for all of them.
  const checks = judgeChecks(
    { file: baselineFile, baseline },
    anchor && anchorFile ? { file: anchorFile, baseline: anchor } : null,
  );
  const runOnce = async (dataDir: string, repetitions?: number): Promise<ExecuteResult> => {
    const progress = createProgress(io.stderr, {});
    try {
      const remaining = opts.maxCost === undefined ? undefined : Math.max(0, opts.maxCost - spent);
      const result = await executeSuite({
        dataDir,
        stages: STAGES,
        resultsDir: resultsRoot,
        target: targetOf.get(dataDir)?.override,
        targetEntry: targetOf.get(dataDir)?.entry,
        maxFailed: opts.maxFailed,
        maxCostUsd: remaining,
        maxReplyBytes: opts.maxReplyBytes,
        callCacheDir: opts.callCache,
        batch: batchSettings(opts),
        env: io.env,
        cwd: io.cwd,
        onProgress: progress.onProgress,
        onTokens: progress.tokens,
        onDebug: debugTo(io),
        // As `bloom run` says them: files of another run set aside, a call cache that cannot store.
        onNotice: (line) => io.stderr.write(`${safeLogLine(`bloom: ${line}`)}\n`),
        repetitions,
        afterJudgment: checks,
      });
      spent += result.spend.thisRun.cost.total_usd;
      return result;
    } finally {
      progress.finish();
    }
  };

  const firsts: { suite: string; result: ExecuteResult }[] = [];
  for (const suite of suites) {
    const first = await runOnce(suite);
    if (first.error || !first.outcome) throw first.error ?? new Error('the run ended without an outcome');
    io.stdout.write(runSummary(first.behavior, first.outcome, first.spend, io.cwd, first.callCache));
    firsts.push({ suite, result: first });
  }
  const compare = async () => {
    const candidates = [];
    for (const { result } of firsts) candidates.push(...(await readResults(result.behaviorDir)));
    return compareWithBaseline({
      candidates,
      baseline,
      anchor,
      options,
      failOn,
      baselineFile,
      anchorFile,
      resultsDir: resolve(io.cwd, resultsRoot),
    });
  };

  // Without --until-decided, one look and no more: recorded all the same (a plan whose maximum is this look), so a
  // later command on the folder resumes this decision instead of looking again at full alpha.
  let failure: Error | undefined;
  const outcome = await decideAdaptively({
    behaviors: firsts.map(({ suite, result: first }) => ({
      behavior: first.behavior,
      behaviorDir: first.behaviorDir,
      seal: first.sealRunFile,
      rerun: async (repetitions, why) => {
        io.stderr.write(`${rerunLine(safeLogLine(first.behavior, 200), repetitions, why)}\n`);
        const again = await runOnce(suite, repetitions);
        failure = again.error;
        return !again.error && again.outcome !== undefined;
      },
    })),
    compare,
    maxRollouts: opts.untilDecided ? (opts.maxRollouts ?? DEFAULT_MAX_ROLLOUTS) : 0,
    canSpend: () => opts.maxCost === undefined || spent < opts.maxCost,
    note: (line) => io.stderr.write(`${safeLogLine(line)}\n`),
  });
  if (failure) throw failure;
  if (outcome.stoppedBy === 'budget') {
    io.stderr.write(`stopped adding rollouts: --max-cost ${opts.maxCost} reached\n`);
  }
  reportGateResult(io, outcome.result, opts.json);
  return outcome.result;
}
