// The behavior folders of a results folder, shared by every command that reads results back.

import { join } from 'node:path';
import { ConfigError } from '../util/errors.ts';
import { pathExists, readFolder } from '../util/fs.ts';

const hasJudgment = (dir: string) => pathExists(join(dir, 'judgment.json'));

/** `dir` itself when it holds judgment.json (one behavior), else its subfolders that do, sorted. */
export async function behaviorDirs(dir: string): Promise<string[]> {
  if (await hasJudgment(dir)) return [dir];
  const entries = await readFolder(dir, 'a results folder');
  const found: string[] = [];
  for (const e of entries) {
    if (e.isDirectory() && (await hasJudgment(join(dir, e.name)))) found.push(join(dir, e.name));
  }
  if (found.length === 0) throw new ConfigError(dir, '', 'a results folder with judgment.json', 'none');
  return found.sort();
}
