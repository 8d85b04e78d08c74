// `bloom baseline <results-dir> --out FILE [--history FILE]`: record a run as the baseline to compare against,
// and append one line per behavior to the history. Validates everything first; writes nothing on bad input.

import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Baseline } from '../../formats/baseline.ts';
import { buildBaseline, readHistory, writeBaselineAndHistory } from '../../gate/baseline-file.ts';
import { currentCommit } from '../../gate/commit.ts';
import { percent } from '../../gate/format.ts';
import { JUDGE_SAMPLE_DIR, writeJudgeSample } from '../../gate/judge-sample.ts';
import { readResults } from '../../gate/results.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import type { CliIo } from '../io.ts';

export interface BaselineOptions {
  out: string;
  history?: string;
}

export async function baselineCommand(
  io: CliIo,
  resultsDir: string,
  opts: BaselineOptions,
): Promise<Baseline> {
  const out = resolve(io.cwd, opts.out);
  const history = opts.history ? resolve(io.cwd, opts.history) : join(dirname(out), 'history.jsonl');
  const runs = await readResults(resolve(io.cwd, resultsDir));
  const existing = await readHistory(history);
  const stamp = { commit: await currentCommit(io.env, io.cwd), createdAt: new Date().toISOString() };
  // Transcripts the next runs re-judge to detect judge drift, copied beside the baseline (validated input only).
  const samples = await writeJudgeSample(out, runs);
  const baseline = buildBaseline(runs, stamp, samples);
  await writeBaselineAndHistory(baseline, { out, history, historyText: existing.text });
  for (const [name, b] of Object.entries(baseline.behaviors)) {
    io.stdout.write(
      `${safeLogLine(name, 200)}: ${percent(b.rate)} (95% CI ${percent(b.interval.low)}-${percent(b.interval.high)}) of ${b.n} scored\n`,
    );
  }
  const sampled = [...samples.values()].reduce((a, s) => a + s.length, 0);
  io.stdout.write(
    `baseline: ${out}\nhistory: ${history} (+${Object.keys(baseline.behaviors).length})\njudge sample: ${sampled} transcripts in ${join(dirname(out), JUDGE_SAMPLE_DIR)}\n`,
  );
  return baseline;
}

export function registerBaselineCommand(program: Command, io: CliIo): void {
  program
    .command('baseline')
    .description('record a results folder as the baseline for `bloom compare`, and append to the history')
    .argument('<results-dir>', 'a results folder: <results>/<behavior> or <results>')
    .requiredOption('--out <file>', 'the baseline JSON to write')
    .option('--history <file>', 'the history (.jsonl) to append to (default: history.jsonl beside --out)')
    .action(async (dir: string, opts: BaselineOptions) => {
      await baselineCommand(io, dir, opts);
    });
}
