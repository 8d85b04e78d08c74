// `bloom report <results-dir> --comment [--baseline FILE]`: the markdown the action posts on a pull request for
// these results, decided with the same gate flags as `bloom compare`, assembled and rendered by the same code
// (src/report). Without --baseline it is the comment of a first run: rates only, nothing compared. The trend comes
// from --history, else history.jsonl beside the baseline, with this run's point added as the action adds it.

import { dirname, join, resolve } from 'node:path';
import { sourceDateClock } from '../../config/source-date.ts';
import { buildBaseline, historyEntries, readBaseline, readHistory } from '../../gate/baseline-file.ts';
import { currentCommit } from '../../gate/commit.ts';
import { compareWithBaseline } from '../../gate/compare.ts';
import { readResults } from '../../gate/results.ts';
import { renderReport } from '../../report/markdown/index.ts';
import { readReportFiles } from '../../report/read-report-files.ts';
import { assembleReportInput } from '../../report/report-input.ts';
import { pathExists } from '../../util/fs.ts';
import { type GateFlags, gateOptionsFrom } from '../gate-options.ts';
import type { CliIo } from '../io.ts';

export interface CommentOptions extends GateFlags {
  baseline?: string;
  history?: string;
}

async function historyFileFor(io: CliIo, opts: CommentOptions, baselineFile: string | null) {
  if (opts.history) return resolve(io.cwd, opts.history);
  const beside = baselineFile ? join(dirname(baselineFile), 'history.jsonl') : null;
  return beside && (await pathExists(beside)) ? beside : null;
}

export async function commentMarkdown(io: CliIo, dir: string, opts: CommentOptions): Promise<string> {
  const root = resolve(io.cwd, dir);
  const runs = await readResults(root);
  const baselineFile = opts.baseline ? resolve(io.cwd, opts.baseline) : null;
  const anchorFile = opts.anchor ? resolve(io.cwd, opts.anchor) : null;
  const { options, failOn } = gateOptionsFrom(opts);
  const baseline = baselineFile ? await readBaseline(baselineFile) : null;
  const compared = compareWithBaseline({
    candidates: runs,
    baseline,
    anchor: anchorFile ? await readBaseline(anchorFile) : null,
    options,
    failOn,
    baselineFile,
    anchorFile,
    resultsDir: root,
  });
  const historyFile = await historyFileFor(io, opts, baselineFile);
  const past = historyFile ? (await readHistory(historyFile)).entries : [];
  const commit = await currentCommit(io.env, io.cwd);
  const now = (sourceDateClock(io.env) ?? (() => new Date()))();
  const thisRun = historyEntries(buildBaseline(runs, { commit, createdAt: now.toISOString() }));
  // Transcript paths are shown relative to the results root, as in the action's artifact.
  const pathsFrom = runs.length === 1 && runs[0]?.dir === root ? dirname(root) : root;
  const files = await Promise.all(runs.map((r) => readReportFiles(pathsFrom, r.dir, r.behavior)));
  const input = assembleReportInput({
    files,
    gate: baseline ? compared : null,
    results: compared.behaviors,
    history: [...past, ...thisRun],
    commit,
    front: 'action',
  });
  return renderReport(input).markdown;
}
