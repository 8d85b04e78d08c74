// CPU per in-process `bloom run` of the demo, as the tests make hundreds of them: plain, or gated against a baseline
// with adaptive looks (five looks, 24 to 120 rollouts, each look reading back the folder the last one wrote).
// `node test/bench/gated-run-cpu.ts [runs]`, with TMPDIR on a RAM disk as the tests have it (test/support/ram-tmpdir.ts).
// Prints figures only; nothing here is asserted.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';

const RUNS = Number(process.argv[2] ?? 20);

async function bloom(args: string[]): Promise<void> {
  const quiet = () => new PassThrough().resume();
  const code = await main(args, { stdout: quiet(), stderr: quiet(), env: {}, cwd: process.cwd() });
  if (code !== 0) throw new Error(`bloom ${args.join(' ')}: exit ${code}`);
}

async function perRun(label: string, extra: string[]): Promise<void> {
  const once = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bloom-bench-run-'));
    await bloom(['run', 'fixtures/demo', '--results', dir, ...extra]);
    rmSync(dir, { recursive: true, force: true });
  };
  await once(); // warm: modules loaded, code optimized
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < RUNS; i++) await once();
  const used = process.cpuUsage(cpu);
  const ms = (micros: number) => (micros / 1000 / RUNS).toFixed(0);
  console.log(
    `${label}: ${ms(used.user + used.system)} ms of CPU per run (${ms(used.system)} in the kernel), ` +
      `${((performance.now() - start) / RUNS).toFixed(0)} ms wall, over ${RUNS} runs`,
  );
}

const base = mkdtempSync(join(tmpdir(), 'bloom-bench-base-'));
await bloom(['run', 'fixtures/demo', '--results', join(base, 'results')]);
await bloom(['baseline', join(base, 'results'), '--out', join(base, 'baseline.json')]);
await perRun('run', []);
await perRun('gated run, adaptive looks', ['--baseline', join(base, 'baseline.json'), '--until-decided']);
rmSync(base, { recursive: true, force: true });
