// Reading a results folder for the viewer: each behavior's judgment.json (required), and whatever else is there
// (ideation.json, rollout.json, run_info.json, transcript_v{N}r{M}.json). A damaged optional file is skipped, so
// a partial or Python-Bloom folder still opens.

import { basename } from 'node:path';
import type { BehaviorFolder } from '../../formats/results-folder.ts';
import { readBehaviorFolder } from '../../formats/results-folder.ts';

export function readBehaviorFiles(dir: string): Promise<BehaviorFolder> {
  return readBehaviorFolder(dir, 'skip');
}

/** A title for the page: the results folder's name. */
export function viewerTitle(resultsDir: string): string {
  return `Bloom results: ${basename(resultsDir)}`;
}
