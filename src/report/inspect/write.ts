// Writing the Inspect log of one behavior's results folder into outDir, named so Inspect's viewer lists it.

import { join } from 'node:path';
import { writeFileAtomic } from '../../util/fs.ts';
import { buildInspectLog, type InspectLogOptions } from './build-log.ts';
import { inspectLogFileName } from './file-name.ts';
import { readBloomResults } from './read-results.ts';

/** Writes `<ISO-time>_<task>_<id>.json` into outDir and returns its path. */
export async function writeInspectLog(
  behaviorDir: string,
  outDir: string,
  opts: InspectLogOptions = {},
): Promise<string> {
  const log = buildInspectLog(await readBloomResults(behaviorDir), opts);
  const path = join(outDir, inspectLogFileName(log.eval));
  // Whole or not at all: a full disk or a kill leaves no torn log for Inspect's viewer to choke on.
  await writeFileAtomic(path, `${JSON.stringify(log, null, 2)}\n`);
  return path;
}
