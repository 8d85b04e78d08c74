// `bloom view`'s work: read a results folder (one behavior, or a root of several), build the data model,
// write viewer.html. Returns the path written.

import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseJsonText } from '../../config/read.ts';
import { ConfigError } from '../../util/errors.ts';
import { writeFileAtomic } from '../../util/fs.ts';
import { renderViewerHtml } from './html.ts';
import type { ViewerInput } from './input.ts';
import { buildViewerData } from './model.ts';
import { readBehaviorFiles, viewerTitle } from './read.ts';

export interface WriteViewerOptions {
  /** The behavior folders to show (from behaviorDirs in report/behavior-dirs.ts). */
  behaviorDirs: string[];
  resultsDir: string;
  out?: string;
  baselineFile?: string;
  historyFile?: string;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, '', what, code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable'));
  }
}

export async function writeViewer(options: WriteViewerOptions): Promise<string> {
  const input: ViewerInput = {
    title: viewerTitle(options.resultsDir),
    behaviors: await Promise.all(options.behaviorDirs.map(readBehaviorFiles)),
  };
  if (options.baselineFile) {
    const text = await readText(options.baselineFile, 'a baseline JSON file');
    input.baseline = parseJsonText(options.baselineFile, text) as ViewerInput['baseline'];
    input.baselineName = basename(options.baselineFile);
  }
  if (options.historyFile) input.history = await readText(options.historyFile, 'a history .jsonl file');
  const out = options.out ?? join(options.resultsDir, 'viewer.html');
  await writeFileAtomic(out, renderViewerHtml(buildViewerData(input)));
  return out;
}
