// A throwaway workspace for the bad-input corpus: a data folder, a pinned data folder, a finished results
// folder, a baseline and a history, all made once by the real CLI; each case gets its own copy to corrupt.

import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../support/cli.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BEHAVIOR = 'delusional-sycophancy';

type Plain = Record<string, unknown>;

/** Builds the template workspace: data/, pinned/, results/<behavior>/, base/baseline.json, base/history.jsonl. */
export async function makeTemplate(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'bloom-bad-input-'));
  const tmpl = join(root, 'template');
  await cp(join(ROOT, 'fixtures/demo'), join(tmpl, 'data'), { recursive: true });
  await cp(join(ROOT, 'fixtures/pinned-demo'), join(tmpl, 'pinned'), { recursive: true });
  // Smaller than the demo (6 rollouts) so the rollout-level cases stay quick.
  await editYamlAt(join(tmpl, 'data/seed.yaml'), (seed) => {
    (seed.ideation as Plain).num_scenarios = 2;
    (seed.rollout as Plain).num_reps = 1;
    (seed.rollout as Plain).max_turns = 2;
  });
  for (const args of [
    ['run', 'data', '--results', 'results'],
    ['baseline', 'results', '--out', 'base/baseline.json'],
  ]) {
    const made = await runCli(args, { cwd: tmpl });
    if (made.code !== 0) throw new Error(`template: bloom ${args.join(' ')}: ${made.stderr}`);
  }
  return tmpl;
}

/** A fresh copy of the template for one case. */
export async function copyTemplate(tmpl: string, name: string): Promise<string> {
  const dir = join(tmpl, '..', name);
  await rm(dir, { recursive: true, force: true });
  // Synchronous on purpose, as in snapshot(): a few dozen small files, copied and hashed around each of some 200
  // cases. An asynchronous copy or read goes through libuv's thread pool several times per file; the three
  // bad-input files took 9.3 s of CPU that way, 6.1 s now.
  cpSync(tmpl, dir, { recursive: true });
  return dir;
}

/** Every path under `dir` (folders too) with the sha256 of each file's bytes. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // Listed with the asynchronous call, which does not follow a link to a folder (Node 24's readdirSync does, and a
  // planted link loop would never end); the files are read synchronously.
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(e.parentPath, e.name);
    const rel = relative(dir, full);
    out[rel] = e.isFile() ? createHash('sha256').update(readFileSync(full)).digest('hex') : 'dir';
  }
  return out;
}

export async function editText(path: string, edit: (text: string) => string): Promise<void> {
  await writeFile(path, edit(await readFile(path, 'utf8')));
}

export async function editJsonAt(path: string, edit: (data: Plain) => unknown): Promise<void> {
  const data = JSON.parse(await readFile(path, 'utf8')) as Plain;
  const replaced = edit(data);
  await writeFile(path, JSON.stringify(replaced === undefined ? data : replaced, null, 2));
}

export async function editYamlAt(path: string, edit: (data: Plain) => unknown): Promise<void> {
  const data = parse(await readFile(path, 'utf8')) as Plain;
  const replaced = edit(data);
  await writeFile(path, stringify(replaced === undefined ? data : replaced));
}
