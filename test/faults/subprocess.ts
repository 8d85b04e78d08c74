// `bloom run` (the bundled CLI) as a child process, so it can be killed with SIGKILL at a chosen moment.

import { type ChildProcess, spawn } from 'node:child_process';
import { BLOOM_BIN } from '../support/cli.ts';
import { compileCacheEnv } from '../support/compile-cache.ts';

export interface RunningCli {
  child: ChildProcess;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>;
}

export function spawnRun(
  data: string,
  results: string,
  env: Record<string, string>,
  args: string[] = [],
): RunningCli {
  const child = spawn(process.execPath, [BLOOM_BIN, 'run', data, '--results', results, ...args], {
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', ...compileCacheEnv(), ...env },
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  return { child, exited };
}

export async function kill(run: RunningCli): Promise<number | NodeJS.Signals> {
  run.child.kill('SIGKILL');
  return run.exited;
}

/** Polls `check` every 10 ms until it holds, the run exits, or `timeoutMs` passes (then throws). */
export async function waitUntil(
  check: () => Promise<boolean>,
  run: RunningCli,
  timeoutMs: number,
): Promise<'ready' | 'exited'> {
  let exited = false;
  void run.exited.then(() => {
    exited = true;
  });
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return 'ready';
    if (exited) return 'exited';
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
