// A small copy of fixtures/demo in a temp folder, with rollout.target (and other seed keys) patched, plus
// readers for the results a run writes there.

import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../..');
export const AGENTS = join(ROOT, 'fixtures/agents');

type Plain = Record<string, unknown>;

export interface DemoCopy {
  dir: string;
  results: string;
  behaviorDir: string;
}

/** 2 base scenarios x 3 variations x 1 rep = 6 rollouts of 2 turns; `rollout` keys override the demo's. */
export async function demoCopy(
  rollout: Plain,
  extra: { models?: Plain; files?: Record<string, string> } = {},
) {
  const root = await mkdtemp(join(tmpdir(), 'bloom-targets-'));
  const dir = join(root, 'data');
  await cp(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
  const seed = parse(await readFile(join(dir, 'seed.yaml'), 'utf8')) as Plain;
  seed.ideation = { ...(seed.ideation as Plain), num_scenarios: 2 };
  seed.rollout = { ...(seed.rollout as Plain), num_reps: 1, max_turns: 2, ...rollout };
  await writeFile(join(dir, 'seed.yaml'), stringify(seed));
  if (extra.models) {
    const models = JSON.parse(await readFile(join(dir, 'models.json'), 'utf8')) as Plain;
    await writeFile(join(dir, 'models.json'), JSON.stringify({ ...models, ...extra.models }));
  }
  for (const [name, text] of Object.entries(extra.files ?? {})) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  const results = join(root, 'results');
  return { dir, results, behaviorDir: join(results, 'delusional-sycophancy') } satisfies DemoCopy;
}

export async function readJson<T = Plain>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

export interface RolloutJson {
  metadata: Plain;
  rollouts: { variation_number: number; repetition_number: number; error?: string }[];
  successful_count: number;
  failed_count: number;
  total_count: number;
}

export function readRollout(copy: DemoCopy): Promise<RolloutJson> {
  return readJson<RolloutJson>(join(copy.behaviorDir, 'rollout.json'));
}

interface TranscriptEvent {
  view: string[];
  edit: { message: { role: string; content: string } };
}

/** The messages the target saw and wrote, in order, from one transcript file. */
export async function targetView(copy: DemoCopy, file: string): Promise<{ role: string; content: string }[]> {
  const transcript = await readJson<{ events: TranscriptEvent[] }>(join(copy.behaviorDir, file));
  return transcript.events.filter((e) => e.view.includes('target')).map((e) => e.edit.message);
}

export async function transcriptFiles(copy: DemoCopy): Promise<string[]> {
  return (await readdir(copy.behaviorDir)).filter((f) => /^transcript_v\d+r\d+\.json$/.test(f)).sort();
}

/**
 * Every file under `dir`, recursively, with its text: listed asynchronously (links to folders not followed), read
 * synchronously (see test/faults/results.ts).
 */
export async function allFiles(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** "${NAME}": how seed.yaml refers to an env var. */
export function envRef(name: string): string {
  return `\${${name}}`;
}
