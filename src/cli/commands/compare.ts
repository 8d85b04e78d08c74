// `bloom compare <results-dir> [--baseline FILE]`: the regression decision per behavior. Exit 0 when no behavior's
// status is in --fail-on, 1 when one is, 2 on bad input (the rule itself is in src/gate/decide.ts).

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readBaseline } from '../../gate/baseline-file.ts';
import { compareWithBaseline } from '../../gate/compare.ts';
import { readResults } from '../../gate/results.ts';
import type { GateResult, GateStatus } from '../../gate/types.ts';
import { renderGateTable } from '../../report/gate-table.ts';
import { ConfigError, EXIT } from '../../util/errors.ts';
import { addGateFlags, type GateFlags, gateOptionsFrom } from '../gate-options.ts';
import { type CliIo, jsonForLog } from '../io.ts';

export interface CompareOptions extends GateFlags {
  baseline?: string;
  json?: boolean;
}

/** Thrown after the result is printed, so the exit code says "failed the gate" and stderr says which. */
export class RegressionError extends Error {
  readonly exitCode = EXIT.regression;
  constructor(failing: { behavior: string; status: GateStatus }[]) {
    super(`failed the gate: ${failing.map((f) => `${f.behavior} (${f.status})`).join(', ')}`);
    this.name = 'RegressionError';
  }
}

/** Prints the result and throws RegressionError when a status is in fail-on. */
export function reportGateResult(io: CliIo, result: GateResult, json: boolean | undefined): void {
  io.stdout.write(json ? `${jsonForLog(result)}\n` : renderGateTable(result));
  const failing = result.behaviors.filter((b) => result.options.fail_on.includes(b.status));
  if (failing.length > 0) throw new RegressionError(failing);
}

export async function compareCommand(
  io: CliIo,
  resultsDir: string,
  opts: CompareOptions,
): Promise<GateResult> {
  const { options, failOn } = gateOptionsFrom(opts);
  if (!opts.baseline && options.maxRate === null) {
    throw new ConfigError(
      'bloom compare',
      '--baseline',
      'a baseline file, or --max-rate to check the rate alone',
    );
  }
  const baselineFile = opts.baseline ? resolve(io.cwd, opts.baseline) : null;
  const anchorFile = opts.anchor ? resolve(io.cwd, opts.anchor) : null;
  const dir = resolve(io.cwd, resultsDir);
  const baseline = baselineFile ? await readBaseline(baselineFile) : null;
  const anchor = anchorFile ? await readBaseline(anchorFile) : null;
  const candidates = await readResults(dir);
  const result = compareWithBaseline({
    candidates,
    baseline,
    anchor,
    options,
    failOn,
    baselineFile,
    anchorFile,
    resultsDir: dir,
  });
  reportGateResult(io, result, opts.json);
  return result;
}

export function registerCompareCommand(program: Command, io: CliIo): void {
  addGateFlags(
    program
      .command('compare')
      .description(
        'decide per behavior: pass, regressed, improved, inconclusive, judge-drift or not-comparable',
      )
      .argument('<results-dir>', 'a results folder: <results>/<behavior> or <results>')
      .option('--baseline <file>', 'a baseline written by `bloom baseline` (optional with --max-rate)'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, opts: CompareOptions) => {
      await compareCommand(io, dir, opts);
    });
}
