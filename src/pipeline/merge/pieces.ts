// The pieces `bloom merge` is given, checked before anything is written: each must be a finished shard of the same
// pinned suite, config and target (run_info.json), together exactly shards 1..n of one n, each holding its own cells
// and no other, every cell there, every file it reads sealed by bloom under this machine's results key. Each
// refusal is one line naming the folder or file (exit 2). What passes is a plan: where each cell's files are and
// what its judge said (scores only, so 19,200 cells stay small in memory).

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  type FailedJudgment,
  failedJudgmentSchema,
  judgeFileSchema,
  judgmentFileSchema,
} from '../../formats/judgment.ts';
import { checkFormat, readFormat } from '../../formats/read.ts';
import { resultPaths, rolloutKey, TRANSCRIPT_FILE } from '../../formats/results-folder.ts';
import { rolloutErrorSchema } from '../../formats/rollout.ts';
import { type RunIdentity, runInfoSchema } from '../../formats/run-info.ts';
import { RUN_IDENTITY_KEY, type Shard } from '../../formats/stamps.ts';
import { transcriptSchema } from '../../formats/transcript.ts';
import { type Cell, shardCells, shardName } from '../../suite/shard.ts';
import { ConfigError, errnoOf } from '../../util/errors.ts';
import { pathExists, readTextIfExists } from '../../util/fs.ts';
import { parseJsonText } from '../../util/json-text.ts';
import { forEachPooled } from '../../util/pool.ts';
import { type JudgeOutcome, judgeOutcomeOf } from '../assemble.ts';
import type { Sealer } from '../results/seal.ts';
import { stampText } from '../results/stamp.ts';

/** One shard's folder, as checked. */
export interface Piece {
  shard: Shard;
  /** The shard's behavior folder. */
  dir: string;
  /** As the user named it. */
  given: string;
}

/** Where one cell's files are and what became of it. */
export interface CellSource {
  variation: number;
  repetition: number;
  /** The behavior folder of the shard that ran it. */
  dir: string;
  hasTranscript: boolean;
  hasJudge: boolean;
  rolloutError?: string;
  judged?: JudgeOutcome;
}

export interface MergePlan {
  count: number;
  pieces: Piece[];
  /** Every planned cell, in the suite's order. */
  cells: CellSource[];
}

export interface Expected {
  behavior: string;
  identity: RunIdentity;
  /** The merge's config by key, to name a setting a shard ran with another value of. */
  configParts: Record<string, string>;
  /** The suite's cells, in the order the suite runs them. */
  planned: Cell[];
}

const SEALED =
  "a file bloom sealed under this machine's results key (the runners of a matrix share BLOOM_RESULTS_KEY)";

/** Files read at once while the pieces are checked. */
const READ_AHEAD = 32;

/** The shard's behavior folder: `<dir>/<behavior>/` when there, else `dir` itself. */
async function behaviorFolderOf(dir: string, behavior: string): Promise<string> {
  const inner = join(dir, behavior);
  return (await pathExists(join(inner, 'run_info.json'))) ? inner : dir;
}

/** The key paths on which a shard's settings differ from the merge's: "judge_model" names another judge. */
function differingParts(expected: Record<string, string>, found: Record<string, string> | undefined): string {
  if (!found) return 'no config_parts recorded';
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(found)])].filter(
    (k) => expected[k] !== found[k],
  );
  return keys.length > 0 ? `another config (${keys.slice(0, 3).join(', ')} differ)` : 'another config';
}

async function readPiece(given: string, expected: Expected): Promise<Piece> {
  const dir = await behaviorFolderOf(given, expected.behavior);
  const path = join(dir, 'run_info.json');
  const info = await readFormat(path, runInfoSchema, "a shard's results folder (bloom run --shard i/n)");
  if (!info.shard) throw new ConfigError(path, 'shard', 'a shard of a suite (bloom run --shard i/n)', 'none');
  const { identity } = expected;
  if (info.suite_hash !== identity.suite_hash) {
    throw new ConfigError(
      path,
      'suite_hash',
      `the suite being merged (${short(identity.suite_hash)})`,
      `another suite (${short(info.suite_hash)})`,
    );
  }
  if (info.config_hash !== identity.config_hash) {
    throw new ConfigError(
      path,
      'config_hash',
      `the merge's config (${short(identity.config_hash)})`,
      differingParts(expected.configParts, info.config_parts),
    );
  }
  if (info.target_id !== identity.target_id) {
    throw new ConfigError(
      path,
      'target_id',
      `the merge's target ${JSON.stringify(identity.target_id)} (give the merge the shards' --target)`,
      JSON.stringify(info.target_id ?? null),
    );
  }
  if (!info.outcome || !info.stages?.includes('judgment')) {
    throw new ConfigError(
      path,
      'outcome',
      'a shard that finished rollout and judgment (run it again)',
      'none',
    );
  }
  return { shard: info.shard, dir, given };
}

function short(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 12) : 'none';
}

/** Shards 1..n of one n, each once. */
function checkSet(pieces: Piece[]): number {
  const first = pieces[0] as Piece;
  const byIndex = new Map<number, Piece>();
  for (const piece of pieces) {
    const path = join(piece.dir, 'run_info.json');
    if (piece.shard.count !== first.shard.count) {
      throw new ConfigError(
        path,
        'shard.count',
        `${first.shard.count} as in ${first.given}`,
        String(piece.shard.count),
      );
    }
    const other = byIndex.get(piece.shard.index);
    if (other) {
      throw new ConfigError(
        path,
        'shard',
        `each shard once`,
        `shard ${shardName(piece.shard)} again (also ${other.given})`,
      );
    }
    byIndex.set(piece.shard.index, piece);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new ConfigError(
      'bloom merge',
      '<dirs>',
      `all ${first.shard.count} shards`,
      `shard ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')} missing`,
    );
  }
  return first.shard.count;
}

/** A file's parsed JSON with its seal and identity checked; undefined when it is not there. */
async function readChecked<S extends z.ZodType>(
  path: string,
  schema: S,
  check: { identity: string | null; sealer?: Sealer; transcript?: boolean },
): Promise<z.output<S> | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  const data = parseJsonText(path, text) as Record<string, unknown>;
  const holder = (check.transcript ? data?.metadata : data) as Record<string, unknown> | undefined;
  const where = check.transcript ? 'metadata.' : '';
  if (check.sealer && !(data && typeof data === 'object' && check.sealer.verify(path, data))) {
    throw new ConfigError(path, `${where}run_seal`, SEALED, 'none, another key, or an edited file');
  }
  const value = checkFormat(path, schema, data);
  if (stampText(holder?.[RUN_IDENTITY_KEY]) !== check.identity) {
    throw new ConfigError(
      path,
      `${where}${RUN_IDENTITY_KEY}`,
      'the identity of the run being merged',
      'another run',
    );
  }
  return value;
}

/** The cell keys ("v3r2") of the files in a shard's folder, by kind. */
async function cellFilesIn(dir: string): Promise<{ name: string; key: string; folder: string }[]> {
  const listed: { name: string; key: string; folder: string }[] = [];
  for (const [folder, pattern] of [
    [dir, TRANSCRIPT_FILE],
    [join(dir, '.bloom'), /^(?:judge|error)_(v(\d+)r(\d+))\.json$/],
  ] as const) {
    const names = await readdir(folder).catch((error: unknown) => {
      if (errnoOf(error) === 'ENOENT') return [] as string[];
      throw new ConfigError(folder, '', 'a readable results folder', errnoOf(error) ?? String(error));
    });
    for (const name of names) {
      const key = pattern.exec(name)?.[1];
      if (key) listed.push({ name, key, folder });
    }
  }
  return listed;
}

/**
 * Checks every piece and returns where each cell is. `sealer` verifies the files merged (transcripts, judge
 * results): the shards' runners must share this machine's key.
 */
export async function planMerge(givenDirs: string[], expected: Expected, sealer: Sealer): Promise<MergePlan> {
  const pieces: Piece[] = [];
  for (const given of givenDirs) pieces.push(await readPiece(given, expected));
  const count = checkSet(pieces);
  const identity = stampText(expected.identity);
  const shardOfCell = new Map<string, Piece>();
  for (const piece of pieces) {
    for (const cell of shardCells(expected.planned, piece.shard))
      shardOfCell.set(rolloutKey(cell.variation, cell.repetition), piece);
  }
  const cells: CellSource[] = [];
  for (const piece of pieces.sort((a, b) => a.shard.index - b.shard.index)) {
    // Only this shard's cells: another's is an overlap (a second copy), one outside the suite is not of this run.
    for (const file of await cellFilesIn(piece.dir)) {
      const owner = shardOfCell.get(file.key);
      if (owner !== piece) {
        throw new ConfigError(
          join(file.folder, file.name),
          '',
          `only the cells of shard ${shardName(piece.shard)}`,
          owner
            ? `${file.key}, a cell of shard ${shardName(owner.shard)}`
            : `${file.key}, not a cell of the suite`,
        );
      }
    }
    const paths = resultPaths(piece.dir);
    let failures: Map<string, FailedJudgment> | undefined;
    const mine = expected.planned.filter(
      (c) => shardOfCell.get(rolloutKey(c.variation, c.repetition)) === piece,
    );
    const found: CellSource[] = new Array(mine.length);
    await forEachPooled(
      mine.map((cell, i) => ({ cell, i })),
      READ_AHEAD,
      async ({ cell, i }) => {
        const { variation, repetition } = cell;
        const key = rolloutKey(variation, repetition);
        const source: CellSource = {
          variation,
          repetition,
          dir: piece.dir,
          hasTranscript: false,
          hasJudge: false,
        };
        const transcript = await readChecked(paths.transcript(variation, repetition), transcriptSchema, {
          identity,
          sealer,
          transcript: true,
        });
        if (transcript) {
          source.hasTranscript = true;
          const judge = await readChecked(paths.judgeResult(variation, repetition), judgeFileSchema, {
            identity,
            sealer,
          });
          if (judge) {
            source.hasJudge = true;
            source.judged = judgeOutcomeOf(variation, repetition, judge);
          }
        } else {
          // A failed rollout leaves its error (unsealed: it can only count a cell as failed, never score it).
          const error = await readChecked(paths.rolloutError(variation, repetition), rolloutErrorSchema, {
            identity,
          });
          if (!error)
            throw new ConfigError(
              piece.dir,
              '',
              `every cell of shard ${shardName(piece.shard)}`,
              `${key} missing (run the shard again to finish it)`,
            );
          source.rolloutError = error.error;
        }
        found[i] = source;
      },
    );
    for (const source of found) {
      if (source.hasTranscript && !source.judged) {
        // The judge's provider failed: judgment.json says why (a re-run of the shard would try again).
        failures ??= await judgeFailuresOf(paths.judgment);
        const failure = failures.get(rolloutKey(source.variation, source.repetition));
        if (!failure)
          throw new ConfigError(
            piece.dir,
            '',
            `every cell of shard ${shardName(piece.shard)} judged`,
            `${rolloutKey(source.variation, source.repetition)} not judged (run the shard again to finish it)`,
          );
        source.judged = { ok: false, failure };
      }
      cells.push(source);
    }
  }
  const order = new Map(expected.planned.map((c, i) => [rolloutKey(c.variation, c.repetition), i]));
  cells.sort(
    (a, b) =>
      (order.get(rolloutKey(a.variation, a.repetition)) ?? 0) -
      (order.get(rolloutKey(b.variation, b.repetition)) ?? 0),
  );
  return { count, pieces, cells };
}

/** The judgments a shard's judgment.json lists as failed, by cell. */
async function judgeFailuresOf(path: string): Promise<Map<string, FailedJudgment>> {
  const file = await readFormat(path, judgmentFileSchema, "a shard's judgment.json");
  const failures = new Map<string, FailedJudgment>();
  for (const entry of file.failed_judgments ?? []) {
    const failure = checkFormat(path, failedJudgmentSchema, entry);
    if (!failure.unscoreable) {
      failures.set(rolloutKey(failure.variation_number, failure.repetition_number), failure);
    }
  }
  return failures;
}
