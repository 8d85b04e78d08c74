// How a bad-input case is written and run: each corrupts one input of a fresh copy of the template workspace,
// runs one command, and expects one line on stderr (`bloom: <file>: <key.path>: ...`), the documented exit code,
// nothing on stdout and nothing written.

import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { copyTemplate, editJsonAt, editText, editYamlAt, makeTemplate, snapshot } from './workspace.ts';

export { BEHAVIOR } from './workspace.ts';

type Plain = Record<string, unknown>;

/** What a case may do to its workspace copy; paths are relative to the workspace. */
export interface Corrupt {
  json(file: string, edit: (data: Plain) => unknown): Promise<void>;
  yaml(file: string, edit: (data: Plain) => unknown): Promise<void>;
  text(file: string, edit: (text: string) => string): Promise<void>;
  write(file: string, text: string): Promise<void>;
  /** Rewrites the file's raw bytes (for bytes no JavaScript string encodes to: Latin-1, UTF-16). */
  bytes(file: string, edit: (bytes: Buffer) => Buffer): Promise<void>;
  remove(file: string): Promise<void>;
  /** Replaces the file with a folder of the same name. */
  folder(file: string): Promise<void>;
  /** Replaces `file` with a symbolic link to `target` (absolute, or relative to the link's folder). */
  link(file: string, target: string): Promise<void>;
}

export interface Case {
  /** The input that is corrupted (relative to the workspace). */
  file: string;
  /** How. */
  how: string;
  corrupt: (c: Corrupt) => Promise<void>;
  args: string[];
  /** Environment variables set for the run (besides the test's own). */
  env?: Record<string, string>;
  code: number;
  /** The one line after `bloom: `. */
  message: RegExp;
}

function corrupter(ws: string): Corrupt {
  const at = (file: string) => join(ws, file);
  return {
    json: (file, edit) => editJsonAt(at(file), edit),
    yaml: (file, edit) => editYamlAt(at(file), edit),
    text: (file, edit) => editText(at(file), edit),
    write: (file, text) => writeFile(at(file), text),
    bytes: async (file, edit) => writeFile(at(file), edit(await readFile(at(file)))),
    remove: (file) => rm(at(file), { recursive: true }),
    folder: async (file) => {
      await rm(at(file), { recursive: true });
      await mkdir(at(file));
    },
    link: async (file, target) => {
      await rm(at(file), { force: true });
      await symlink(target, at(file));
    },
  };
}

/** One test per case (call inside a describe), each on its own copy of a template workspace made once. */
export function runCases(cases: readonly Case[]): void {
  let tmpl: string;
  beforeAll(async () => {
    tmpl = await makeTemplate();
  });
  afterAll(async () => {
    await rm(join(tmpl, '..'), { recursive: true, force: true });
  });

  it.each(cases.map((c, i) => [`${i + 1}. ${c.file}: ${c.how}`, c] as const))('%s', async (_name, c) => {
    const ws = await copyTemplate(tmpl, `case-${cases.indexOf(c)}`);
    await c.corrupt(corrupter(ws));
    const before = await snapshot(ws);
    const result = await runCli(c.args, { cwd: ws, env: c.env });
    // BLOOM_SHOW_ERRORS=1 prints every message, to read them all at once.
    if (process.env.BLOOM_SHOW_ERRORS)
      console.log(`${c.file}: ${c.how} -> exit ${result.code}\n${result.stderr}`);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^bloom: [^\n]+\n$/);
    expect(result.stderr.slice('bloom: '.length, -1)).toMatch(c.message);
    expect(result.code).toBe(c.code);
    expect(await snapshot(ws)).toEqual(before);
  });
}
