// What a behavior's results folder held when a run started, checked before any call or write. Every file the run
// would read back (understanding, ideation, transcripts, judge results, the meta-judgment) is parsed and shape-
// checked: a damaged one is a one-line error naming it (exit 2). Each carries the identity of the run that made
// it; files of another run (another suite, config or target, or none recorded) are moved aside, never resumed
// or counted, so the run starts them afresh. Setting aside rather than refusing keeps the other run's files
// (they may have cost money) and lets this run be evaluated on its own target, whatever the folder held.

import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import { batchesFileSchema } from '../../formats/batches.ts';
import { gateLooksSchema, LOOKS_FILE } from '../../formats/gate-looks.ts';
import { ideationSchema } from '../../formats/ideation.ts';
import { ANCHOR_JUDGE_CHECK_FILE, JUDGE_CHECK_FILE, judgeCheckSchema } from '../../formats/judge-check.ts';
import { judgeFileSchema, metajudgmentFileSchema } from '../../formats/judgment.ts';
import type { ResultPaths } from '../../formats/results-folder.ts';
import { RUN_IDENTITY_KEY, RUN_SEAL_KEY, SUITE_INPUTS_KEY } from '../../formats/stamps.ts';
import { transcriptSchema } from '../../formats/transcript.ts';
import { understandingSchema } from '../../formats/understanding.ts';
import { parseOrThrow } from '../../formats/zod-issue.ts';
import { hashOf } from '../../suite/canonical.ts';
import { ConfigError, errnoOf, writingTo } from '../../util/errors.ts';
import { readTextIfExists } from '../../util/fs.ts';
import { parseJsonText } from '../../util/json-text.ts';
import { forEachPooled } from '../../util/pool.ts';
import type { Sealer } from './seal.ts';
import { stampText, unstamped, whyDifferent } from './stamp.ts';

/** Why a file that names this run is set aside anyway: see seal.ts. */
const NOT_SEALED = 'not sealed by bloom on this machine: copied, edited or forged';

/** Where set-aside files go, under the behavior's .bloom/ folder: one subfolder per run that set files aside. */
export const SET_ASIDE_DIR = 'set-aside';

type Kind =
  | 'understanding'
  | 'ideation'
  | 'transcript'
  | 'judge'
  | 'error'
  | 'metajudgment'
  | 'batches'
  | 'judgment'
  | 'rollout'
  | 'runInfo'
  | 'usage'
  | 'judgeCheck'
  | 'looks';

interface Found {
  kind: Kind;
  /** Canonical text of the identity the file carries; null when it carries none. */
  stamp: string | null;
  /** Whether it carries this machine's seal of its content (files read back only; see seal.ts). */
  sealed?: boolean;
  /** understanding/ideation: hash of the content without its stamp (what a pinned suite compares). */
  contentHash?: string;
  /** transcript/judge: "v3r2". */
  position?: string;
}

const TOP_FILES: Record<string, Kind> = {
  'understanding.json': 'understanding',
  'ideation.json': 'ideation',
  'judgment.json': 'judgment',
  'rollout.json': 'rollout',
  'run_info.json': 'runInfo',
  'usage.jsonl': 'usage',
  // The gate's judge checks and adaptive looks: a decision reads them, so one this run did not seal (committed,
  // copied) is set aside.
  [JUDGE_CHECK_FILE]: 'judgeCheck',
  [ANCHOR_JUDGE_CHECK_FILE]: 'judgeCheck',
  [LOOKS_FILE]: 'looks',
};
const STATE_FILES: Record<string, Kind> = { 'metajudgment.json': 'metajudgment', 'batches.json': 'batches' };
const TRANSCRIPT = /^transcript_v(\d+)r(\d+)\.json$/;
const STATE_POSITIONAL = /^(judge|error)_v(\d+)r(\d+)\.json$/;

/** Files the run reads back: each must have its shape, or the run stops before any call. */
const SCHEMAS: Partial<Record<Kind, z.ZodType>> = {
  understanding: understandingSchema,
  ideation: ideationSchema,
  transcript: transcriptSchema,
  judge: judgeFileSchema,
  metajudgment: metajudgmentFileSchema,
  batches: batchesFileSchema,
  judgeCheck: judgeCheckSchema,
  looks: gateLooksSchema,
};

/** The products of rollout and judgment, stamped with the run's identity. */
const RUN_PRODUCTS = new Set<Kind>([
  'transcript',
  'judge',
  'error',
  'metajudgment',
  'judgment',
  'rollout',
  'batches',
  'judgeCheck',
  'looks',
]);

/**
 * A name as a case-insensitive file system compares it (macOS's and Windows' defaults): upper-cased, then
 * lower-cased, so that the long s and the dotless i meet s and i as they do there. Our files' names are lower-case
 * ASCII, so a listed name that folds to one of them but is not it is another spelling of it.
 */
function folded(name: string): string {
  return name.toUpperCase().toLowerCase();
}

/** Whether opening `name` in `dir` opens the entry listed as `listed`: so on a case-insensitive file system. */
async function opensAs(dir: string, listed: string, name: string): Promise<boolean> {
  const [entry, opened] = await Promise.all([
    lstat(join(dir, listed)).catch(() => undefined),
    stat(join(dir, name)).catch(() => undefined),
  ]);
  return entry !== undefined && opened !== undefined && entry.ino === opened.ino && entry.dev === opened.dev;
}

function kindOf(listed: string, inState: boolean): { kind: Kind; position?: string } | undefined {
  const name = folded(listed);
  if (inState) {
    const m = STATE_POSITIONAL.exec(name);
    if (m) return { kind: m[1] as Kind, position: `v${m[2]}r${m[3]}` };
    // Own keys only: a file named "constructor" is no kind of ours.
    return Object.hasOwn(STATE_FILES, name) ? { kind: STATE_FILES[name] as Kind } : undefined;
  }
  const m = TRANSCRIPT.exec(name);
  if (m) return { kind: 'transcript', position: `v${m[1]}r${m[2]}` };
  return Object.hasOwn(TOP_FILES, name) ? { kind: TOP_FILES[name] as Kind } : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rollout position a file's own content names, checked against its file name. */
function checkPosition(path: string, kind: Kind, data: Record<string, unknown>, position: string): void {
  const holder = kind === 'judge' ? data.record : data.metadata;
  if (!isObject(holder)) return;
  const prefix = kind === 'judge' ? 'record' : 'metadata';
  const [, v, r] = /^v(\d+)r(\d+)$/.exec(position) ?? [];
  for (const [key, expected] of [
    ['variation_number', Number(v)],
    ['repetition_number', Number(r)],
  ] as const) {
    const value = holder[key];
    if (value !== undefined && value !== expected) {
      throw new ConfigError(path, `${prefix}.${key}`, `${expected} (as in the file name)`, String(value));
    }
  }
}

/** Reads one file and what identifies it; a file the run reads back must be whole and of its shape. */
async function readFound(path: string, kind: Kind, sealer: Sealer, position?: string): Promise<Found> {
  const schema = SCHEMAS[kind];
  if (kind === 'usage') return { kind, stamp: null };
  const text = await readTextIfExists(path);
  let data: unknown;
  let sealed: boolean | undefined;
  if (schema) {
    // The parsed text itself is kept (not zod's copy): its seal is computed over exactly that content.
    data = parseJsonText(path, text ?? '');
    // A file this machine sealed has the shape it was written with; any other is checked, to name a damaged one.
    sealed = isObject(data) && sealer.verify(path, data);
    if (!sealed) {
      parseOrThrow(path, schema, data);
      if (position) checkPosition(path, kind, data as Record<string, unknown>, position);
    }
  } else {
    // Outputs this run rewrites: a damaged one is simply replaced (after being set aside).
    try {
      data = JSON.parse(text ?? '');
    } catch {
      return { kind, stamp: null };
    }
  }
  if (!isObject(data)) return { kind, stamp: null };
  if (kind === 'understanding' || kind === 'ideation') {
    const stamp = typeof data[SUITE_INPUTS_KEY] === 'string' ? String(data[SUITE_INPUTS_KEY]) : null;
    const content = unstamped(data, SUITE_INPUTS_KEY, RUN_SEAL_KEY);
    return { kind, stamp, sealed, contentHash: hashOf(content) };
  }
  if (kind === 'runInfo') return { kind, stamp: JSON.stringify(data) };
  const holder = kind === 'transcript' || kind === 'rollout' ? data.metadata : data;
  const stamp = isObject(holder) ? stampText(holder[RUN_IDENTITY_KEY]) : null;
  return { kind, stamp, sealed, ...(position ? { position } : {}) };
}

/** The entries of `dir`: what each is, when it is not a plain file. */
async function entriesIn(dir: string): Promise<{ name: string; odd?: string }[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).map((e) => ({
      name: e.name,
      odd: e.isSymbolicLink() ? 'a symbolic link' : e.isDirectory() ? 'a folder' : undefined,
    }));
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw new ConfigError(dir, '', 'a readable results folder', errnoOf(error) ?? String(error));
  }
}

/** Files in hand at once while the folder is checked (each read synchronously, as util/fs.ts says why). */
const READ_AHEAD = 32;

export class FoundResults {
  readonly paths: ResultPaths;
  private readonly files: Map<string, Found>;
  /** Says in one line what was set aside, for the log. */
  private readonly onNote: (line: string) => void;

  /** A path as the user would name it. */
  private readonly shown: (path: string) => string;

  private constructor(
    paths: ResultPaths,
    files: Map<string, Found>,
    onNote: (line: string) => void,
    shown: (path: string) => string,
  ) {
    this.paths = paths;
    this.files = files;
    this.onNote = onNote;
    this.shown = shown;
  }

  /**
   * Lists and checks the folder's files. Throws a one-line ConfigError for the first damaged one. `onNote` hears
   * what is set aside later (paths shown relative to `cwd`).
   */
  static async read(
    paths: ResultPaths,
    sealer: Sealer,
    report: { cwd?: string; onNote?: (line: string) => void } = {},
  ): Promise<FoundResults> {
    const listed: { path: string; kind: Kind; position?: string }[] = [];
    for (const [dir, inState] of [
      [paths.dir, false],
      [paths.state, true],
    ] as const) {
      for (const { name, odd } of (await entriesIn(dir)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const known = kindOf(name, inState);
        if (!known) continue;
        // Another spelling of one of our names is read by the run only where the file system folds case; where it
        // does not, it is some other file of the user's, left alone.
        if (folded(name) !== name && !(await opensAs(dir, name, folded(name)))) continue;
        // A link would make the run read, append to or count a file elsewhere (a pull request can commit one);
        // a folder would stop the run at its first write, after calls were spent.
        if (odd) throw new ConfigError(join(dir, name), '', 'a file written by bloom', odd);
        listed.push({ path: join(dir, name), ...known });
      }
    }
    const read: Found[] = new Array(listed.length);
    await forEachPooled(
      listed.map((f, i) => ({ ...f, i })),
      READ_AHEAD,
      async (f) => {
        read[f.i] = await readFound(f.path, f.kind, sealer, f.position);
      },
    );
    // In name order, so that what is said about them does not depend on which read finished first.
    const files = new Map<string, Found>();
    const interned = new Map<string, string>();
    listed.forEach((f, i) => {
      const found = read[i] as Found;
      // Thousands of files share one stamp: keep one copy of its text.
      if (found.stamp !== null) {
        const shared = interned.get(found.stamp) ?? found.stamp;
        interned.set(shared, shared);
        found.stamp = shared;
      }
      files.set(f.path, found);
    });
    const { cwd, onNote = () => {} } = report;
    const shown = (path: string) => {
      const rel = cwd ? relative(cwd, path) : path;
      return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
    };
    return new FoundResults(paths, files, (line) => onNote(line), shown);
  }

  /** Whether the file was there and is kept (not set aside). */
  has(path: string): boolean {
    return this.files.has(path);
  }

  /**
   * Keeps understanding.json and ideation.json only when made from these suite inputs: a pinned suite compares
   * their content with the lock's, an unpinned one the inputs hash they were stamped with.
   */
  async keepSuite(expected: {
    inputsHash: string;
    pinned?: { understanding: unknown; ideation: unknown };
  }): Promise<void> {
    const others: string[] = [];
    let why = '';
    for (const [path, found] of this.files) {
      if (found.kind !== 'understanding' && found.kind !== 'ideation') continue;
      // A pinned suite's files are the lock's content, whoever wrote them; an unpinned one's must be ours.
      const reason = expected.pinned
        ? found.contentHash === hashOf(expected.pinned[found.kind])
          ? ''
          : 'not the pinned suite'
        : !found.sealed
          ? NOT_SEALED
          : found.stamp === expected.inputsHash
            ? ''
            : 'made from other suite inputs';
      if (!reason) continue;
      others.push(path);
      why ||= reason;
    }
    await this.setAside(others, why);
  }

  /**
   * Keeps only this run's products: transcripts, judge results and the rest stamped with `identity`, a judge
   * result only beside its kept transcript, and run_info.json and usage.jsonl only when nothing was set aside.
   */
  async keepRun(identity: Record<string, unknown>): Promise<void> {
    const stamp = stampText(identity);
    const others: string[] = [];
    let why = '';
    for (const [path, found] of this.files) {
      if (!RUN_PRODUCTS.has(found.kind)) continue;
      const reason =
        found.stamp !== stamp
          ? whyDifferent(identity, found.stamp)
          : found.sealed === false
            ? NOT_SEALED
            : '';
      if (!reason) continue;
      others.push(path);
      why ||= reason;
    }
    const rejected = new Set(others);
    const transcripts = new Set<string>();
    for (const [path, found] of this.files) {
      if (found.kind === 'transcript' && !rejected.has(path) && found.position)
        transcripts.add(found.position);
    }
    for (const [path, found] of this.files) {
      if (found.kind === 'judge' && !rejected.has(path) && !transcripts.has(found.position ?? '')) {
        others.push(path);
      }
    }
    const runInfo = this.files.get(this.paths.runInfo);
    const recordsOther = runInfo && !sameRunInfo(runInfo.stamp, identity);
    if (others.length > 0 || recordsOther) {
      for (const path of [this.paths.runInfo, this.paths.usage]) if (this.files.has(path)) others.push(path);
    }
    why ||= recordsOther ? 'run_info.json of another run' : 'a judge result without its transcript';
    await this.setAside(others, why);
  }

  /** This run's set-aside folder, named once: .bloom/set-aside/<time>-<random>/. */
  private setAsideFolder: string | undefined;

  /** Moves the files into this run's set-aside folder and notes it. */
  private async setAside(files: string[], why: string): Promise<void> {
    if (files.length === 0) return;
    const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    const parent = join(this.paths.state, SET_ASIDE_DIR);
    if ((await lstat(parent).catch(() => undefined))?.isSymbolicLink()) {
      throw new ConfigError(parent, '', 'a folder of the results', 'a symbolic link');
    }
    this.setAsideFolder ??= join(parent, stamp);
    const folder = this.setAsideFolder;
    await writingTo(folder, 'create', () => mkdir(folder, { recursive: true }));
    for (const path of files) {
      await writingTo(path, 'move aside', () => rename(path, join(folder, basename(path))));
      this.files.delete(path);
    }
    const count = `${files.length} file${files.length === 1 ? '' : 's'}`;
    this.onNote(
      `set aside ${count} of another run (${why}) into ${this.shown(folder)}; they are not resumed or counted`,
    );
  }
}

/**
 * run_info.json records the identity at its top level (with other keys beside it). A key it records as null or
 * not at all was not known (an attempt that stopped before ideation, `bloom pin --results`), so it does not tell
 * another run apart.
 */
function sameRunInfo(text: string | null, identity: Record<string, unknown>): boolean {
  if (text === null) return false;
  const info = JSON.parse(text) as Record<string, unknown>;
  return Object.keys(identity).every(
    (key) => info[key] == null || stampText({ v: info[key] }) === stampText({ v: identity[key] }),
  );
}
