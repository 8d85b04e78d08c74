// What `bloom report` and `bloom view` share for several targets: the folders given (one per target, or a folder
// holding one per target) read and ranked, and a flag only one run can take refused in one line.

import { resolve } from 'node:path';
import { buildLeaderboard, type Leaderboard } from '../../gate/leaderboard.ts';
import { readTargetResults, targetFolders } from '../../gate/leaderboard-input.ts';
import { ConfigError } from '../../util/errors.ts';
import type { CliIo } from '../io.ts';

/** `one`: the folders are one target's run, at `root` (a folder holding a single target's is that target's). */
export async function leaderboardOf(
  io: CliIo,
  dirs: readonly string[],
  oneRunOnly: { flag: string | null; why: string },
): Promise<{ one: string } | { board: Leaderboard; roots: string[] }> {
  const roots = await targetFolders(dirs.map((d) => resolve(io.cwd, d)));
  if (roots.length === 1) {
    // As given when it is the run itself, so what the command prints names it as the user typed it.
    const given = dirs.length === 1 && resolve(io.cwd, dirs[0] as string) === roots[0];
    return { one: given ? (dirs[0] as string) : (roots[0] as string) };
  }
  if (oneRunOnly.flag) {
    throw new ConfigError(
      oneRunOnly.flag,
      '',
      `one target's results folder (${oneRunOnly.why})`,
      `${roots.length} results folders`,
    );
  }
  return { board: buildLeaderboard(await readTargetResults(roots)), roots };
}
