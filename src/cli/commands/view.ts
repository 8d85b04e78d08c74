// `bloom view <results-dir>`: write one self-contained viewer.html (data embedded, no network) and print
// its path. With --baseline it also makes the gate's decision (the same as `bloom compare` with the same flags)
// and the page opens with it. A baseline the gate cannot read (an older or hand-made file with scores only) still
// shows the per-scenario comparison; the page and stderr then say in one line why there is no decision.

import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { behaviorDirs } from '../../formats/results-folder.ts';
import { readBaseline } from '../../gate/baseline-file.ts';
import { compareWithBaseline } from '../../gate/compare.ts';
import { readResults } from '../../gate/results.ts';
import type { GateResult } from '../../gate/types.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import { viewerTitle } from '../../report/viewer/read.ts';
import { writeLeaderboardViewer, writeViewer } from '../../report/viewer/write.ts';
import { ConfigError, userFacingLine } from '../../util/errors.ts';
import { readRequiredText } from '../../util/fs.ts';
import { parseJsonText } from '../../util/json-text.ts';
import { addGateFlags, type GateFlags, gateOptionsFrom } from '../gate-options.ts';
import type { CliIo } from '../io.ts';
import { leaderboardOf } from './leaderboard.ts';

export interface ViewOptions extends GateFlags {
  baseline?: string;
  history?: string;
  out?: string;
}

/** The decision against the baseline, or why there is none (a ConfigError's one line). */
async function decisionFor(
  io: CliIo,
  resultsDir: string,
  baselineFile: string,
  opts: ViewOptions,
): Promise<{ gate: GateResult } | { noDecision: string }> {
  try {
    const { options, failOn } = gateOptionsFrom(opts);
    const anchorFile = opts.anchor ? resolve(io.cwd, opts.anchor) : null;
    const gate = compareWithBaseline({
      candidates: await readResults(resultsDir),
      baseline: await readBaseline(baselineFile),
      anchor: anchorFile ? await readBaseline(anchorFile) : null,
      options,
      failOn,
      baselineFile,
      anchorFile,
      resultsDir,
    });
    return { gate };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { noDecision: userFacingLine(error, io.cwd) };
  }
}

/** `bloom view <dirs...>`: one target's results as before; several targets' as the leaderboard page. */
export async function viewCommand(io: CliIo, dirs: string[], opts: ViewOptions): Promise<string> {
  const flag = opts.baseline ? '--baseline' : opts.history ? '--history' : null;
  const ranked = await leaderboardOf(io, dirs, { flag, why: "a baseline and a history are one target's" });
  if ('one' in ranked) return oneTargetView(io, ranked.one, opts);
  const { board, roots } = ranked;
  // One folder given: the page goes in it; several: in the current folder.
  const out = opts.out
    ? resolve(io.cwd, opts.out)
    : join(dirs.length === 1 ? resolve(io.cwd, dirs[0] as string) : io.cwd, 'viewer.html');
  const links: [string, string][] = [];
  for (const root of roots) {
    const page = await writeViewer({ resultsDir: root, behaviorDirs: await behaviorDirs(root) });
    for (const run of await readResults(root)) links.push([run.target_id, relativeHref(dirname(out), page)]);
  }
  // Own properties whatever the id (even "__proto__"): the page looks them up with Object.hasOwn.
  const viewers = Object.fromEntries(links);
  await writeLeaderboardViewer(
    out,
    { board, viewers },
    viewerTitle(dirs.length === 1 ? resolve(io.cwd, dirs[0] as string) : io.cwd),
  );
  io.stdout.write(`${out}\n`);
  return out;
}

/** A link from the page's folder to a file, each segment escaped (folder names come from artifacts). */
function relativeHref(from: string, to: string): string {
  return relative(from, to).split(sep).map(encodeURIComponent).join('/');
}

async function oneTargetView(io: CliIo, dir: string, opts: ViewOptions): Promise<string> {
  const resultsDir = resolve(io.cwd, dir);
  const baselineFile = opts.baseline ? resolve(io.cwd, opts.baseline) : null;
  // A baseline that is not even JSON is bad input (exit 2); one the gate cannot read only loses the decision.
  if (baselineFile) parseJsonText(baselineFile, await readRequiredText(baselineFile, 'a baseline JSON file'));
  const decision = baselineFile ? await decisionFor(io, resultsDir, baselineFile, opts) : null;
  if (decision && 'noDecision' in decision) {
    io.stderr.write(`bloom view: no decision shown: ${safeLogLine(decision.noDecision, 500)}\n`);
  }
  const out = await writeViewer({
    resultsDir,
    behaviorDirs: await behaviorDirs(resultsDir),
    ...(opts.out ? { out: resolve(io.cwd, opts.out) } : {}),
    ...(baselineFile ? { baselineFile } : {}),
    ...(opts.history ? { historyFile: resolve(io.cwd, opts.history) } : {}),
    ...(decision ? decision : {}),
  });
  io.stdout.write(`${out}\n`);
  return out;
}

export function registerViewCommand(program: Command, io: CliIo): void {
  addGateFlags(
    program
      .command('view')
      .description('write a self-contained viewer.html for a results folder (no server, no network)')
      .argument(
        '<results-dirs...>',
        "a results folder: <results>/<behavior> or <results> with several behaviors; several targets' folders " +
          "(or a folder holding one per target) make a leaderboard page linking each target's own viewer",
      )
      .option(
        '--baseline <file>',
        'a baseline file: the page opens with the decision (as `bloom compare` makes it) and each scenario against it',
      )
      .option('--history <file>', 'a history .jsonl: show the rate over time')
      .option('--out <file>', 'where to write the page (default <results-dir>/viewer.html)'),
  ).action(async (dirs: string[], opts: ViewOptions) => {
    await viewCommand(io, dirs, opts);
  });
}
