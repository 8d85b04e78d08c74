// `bloom view`'s work: read a results folder (one behavior, or a root of several), build the data model,
// write viewer.html. Returns the path written.

import { basename, join } from 'node:path';
import type { HistoryEntry } from '../../formats/history.ts';
import type { StoppedBy } from '../../gate/adaptive.ts';
import type { BehaviorResult, GateResult } from '../../gate/types.ts';
import { readRequiredText, writeFileAtomic } from '../../util/fs.ts';
import { parseJsonText } from '../../util/json-text.ts';
import type { ReportFront } from '../markdown/types.ts';
import { renderViewerHtml } from './html.ts';
import type { ViewerInput } from './input.ts';
import { buildViewerData } from './model.ts';
import { readBehaviorFiles, viewerTitle } from './read.ts';
import type { LeaderboardView } from './types.ts';

export interface WriteViewerOptions {
  /** The behavior folders to show (from behaviorDirs in report/behavior-dirs.ts). */
  behaviorDirs: string[];
  resultsDir: string;
  out?: string;
  baselineFile?: string;
  historyFile?: string;
  /** History already read (the action's): used when there is no historyFile. */
  history?: HistoryEntry[];
  /** The decisions to show (see ViewerInput). */
  gate?: GateResult | null;
  results?: BehaviorResult[];
  noDecision?: string | null;
  stoppedBy?: StoppedBy | null;
  front?: ReportFront;
}

export async function writeViewer(options: WriteViewerOptions): Promise<string> {
  const input: ViewerInput = {
    title: viewerTitle(options.resultsDir),
    behaviors: await Promise.all(options.behaviorDirs.map(readBehaviorFiles)),
    gate: options.gate ?? null,
    results: options.results,
    noDecision: options.noDecision ?? null,
    stoppedBy: options.stoppedBy ?? null,
    front: options.front ?? 'cli',
  };
  if (options.baselineFile) {
    const text = await readRequiredText(options.baselineFile, 'a baseline JSON file');
    input.baseline = parseJsonText(options.baselineFile, text) as ViewerInput['baseline'];
    input.baselineName = basename(options.baselineFile);
  }
  if (options.historyFile)
    input.history = await readRequiredText(options.historyFile, 'a history .jsonl file');
  else if (options.history) input.history = options.history.map((e) => JSON.stringify(e)).join('\n');
  const out = options.out ?? join(options.resultsDir, 'viewer.html');
  await writeFileAtomic(out, renderViewerHtml(buildViewerData(input)));
  return out;
}

/** The leaderboard page: the same self-contained viewer, showing only the ranked targets. */
export async function writeLeaderboardViewer(
  out: string,
  leaderboard: LeaderboardView,
  title: string,
): Promise<void> {
  const data = buildViewerData({ title, behaviors: [], leaderboard });
  await writeFileAtomic(out, renderViewerHtml(data));
}
