// Runs `bloom <args>` as a child process and measures it: wall time from spawn to exit, and the child's own
// CPU time and peak RSS (reported by rusage-hook.ts at exit).

import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface Measured {
  code: number | null;
  wallMs: number;
  cpuMs: number;
  userMs: number;
  systemMs: number;
  maxRssMb: number;
  /** Share of the machine's CPU time the hypervisor gave to other guests meanwhile (NaN off Linux). */
  stolen: number;
  stderr: string;
}

/** The `cpu` line of /proc/stat: jiffies spent by all cores in each state since boot. */
async function cpuTimes(): Promise<{ total: number; steal: number } | undefined> {
  const line = await readFile('/proc/stat', 'utf8').then(
    (text) => text.split('\n', 1)[0],
    () => undefined,
  );
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const fields = line?.split(/\s+/).slice(1, 9).map(Number);
  if (!fields || fields.length < 8 || fields.some(Number.isNaN)) return undefined;
  return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] as number };
}

/** On a shared virtual machine the figures mean little when the host takes much of the CPU: say how much. */
export async function measureSteal(): Promise<() => Promise<number>> {
  const before = await cpuTimes();
  return async () => {
    const after = await cpuTimes();
    if (!before || !after || after.total <= before.total) return Number.NaN;
    return (after.steal - before.steal) / (after.total - before.total);
  };
}

const HOOK = join(import.meta.dirname, 'rusage-hook.ts');

/** `script`: the CLI entry (src/cli/main.ts, or the bundle's bloom.mjs). */
export async function runMeasured(
  script: string,
  args: string[],
  env: Record<string, string>,
  scratch: string,
  timeoutMs: number,
): Promise<Measured> {
  const rusageFile = join(scratch, `rusage-${process.hrtime.bigint()}.json`);
  const stolen = await measureSteal();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', HOOK, script, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...env, BLOOM_BENCH_RUSAGE: rusageFile },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 20_000) stderr += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  const usage = JSON.parse(await readFile(rusageFile, 'utf8').catch(() => '{}')) as {
    userUs?: number;
    systemUs?: number;
    maxRssKb?: number;
  };
  await rm(rusageFile, { force: true });
  const userMs = (usage.userUs ?? Number.NaN) / 1000;
  const systemMs = (usage.systemUs ?? Number.NaN) / 1000;
  return {
    code,
    wallMs,
    cpuMs: userMs + systemMs,
    userMs,
    systemMs,
    maxRssMb: (usage.maxRssKb ?? Number.NaN) / 1024,
    stolen: await stolen(),
    stderr,
  };
}
