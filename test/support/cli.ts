// Runs the CLI in-process with captured output, as a user would call it; or the bundled CLI as a subprocess.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';

/**
 * The bundled CLI (`bloom`, bin/bloom.js over dist/): what users run, and about 0.15 s of CPU quicker to start than the
 * sources (a few files, their compiled code cached). A dist/ built from other sources is rebuilt before the tests
 * run (fresh-dist.ts).
 */
export const BLOOM_BIN = resolve(import.meta.dirname, '../../bin/bloom.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await main(args, {
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout: out, stderr: err };
}

/** The bundled CLI as its users run it (`bloom`, i.e. bin/bloom.js over dist/cli.js), as a child process. */
export function runBundledCli(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CliResult> {
  return runNodeScript(BLOOM_BIN, args, options);
}

/** `node <script> <args>` as a child process, with its output; a child ended by a signal exits -1. */
export async function runNodeScript(
  script: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CliResult> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number>((done, fail) => {
    child.on('error', fail);
    child.on('close', (exit) => done(exit ?? -1));
  });
  return { code, stdout, stderr };
}
