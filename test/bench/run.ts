// `npm run bench` (issue 6 item 5): one run of each benchmark on this machine, printed as a markdown table and
// written to test/bench/RESULTS.md. The CLI runs as a subprocess (bundled from the current sources, as it ships)
// and the fault server runs here, so the server's work is not counted as the tool's. Every row is a ratio or a
// figure against its goal; nothing here is asserted by the test suite.

import { rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { bundleCli } from './bundle.ts';
import type { Measured } from './measure.ts';
import {
  CONCURRENCY,
  LATENCY_MS,
  rateLimits,
  reporting,
  type SchedulingResult,
  schedulingInProcess,
  schedulingOnWire,
  startup,
  tenThousand,
} from './scenarios.ts';
import { benchRoot } from './suites.ts';

interface Row {
  metric: string;
  measured: string;
  goal: string;
  ratio: string;
  verdict: 'pass' | 'FAIL' | 'info';
}

const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean): Row['verdict'] => (ok ? 'pass' : 'FAIL');

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function schedulingRows(label: string, r: SchedulingResult): Row[] {
  const ratio = r.measured.wallMs / r.ideal.idealMs;
  const detail =
    `ideal ${secs(r.ideal.idealMs)} = ${r.ideal.which} (${r.calls} calls x ${LATENCY_MS} ms / ${CONCURRENCY} = ` +
    `${secs(r.ideal.throughputMs)}; critical path ${secs(r.ideal.criticalPathMs)})`;
  const rows: Row[] = [
    {
      metric: `scheduling, ${label}: wall / ideal`,
      measured: `${secs(r.measured.wallMs)} wall (process start to exit)`,
      goal: `<= 1.10; ${detail}`,
      ratio: f2(ratio),
      verdict: verdict(ratio <= 1.1),
    },
  ];
  const inner = r.onWireMs ?? r.runMs;
  rows.push({
    metric: `scheduling, ${label}: ${r.onWireMs === undefined ? 'run (run_info duration)' : 'first request to last answer'} / ideal`,
    measured:
      `${secs(inner)}` +
      (r.peakConcurrency === undefined ? '' : `, peak ${r.peakConcurrency} in flight`) +
      (r.serverCpuMs === undefined ? '' : `, server CPU ${secs(r.serverCpuMs)}`),
    goal: '<= 1.10 (without process start and data loading)',
    ratio: f2(inner / r.ideal.idealMs),
    verdict: verdict(inner / r.ideal.idealMs <= 1.1),
  });
  return rows;
}

/** What the SDKs alone take for the same requests: the part of the HTTP rows no tool on these SDKs can remove. */
function floorRows(r: SchedulingResult, floor: Measured): Row[] {
  const ratio = floor.wallMs / r.ideal.idealMs;
  return [
    {
      metric: 'floor: the same requests through the two SDKs alone, wall / ideal',
      measured:
        `${secs(floor.wallMs)} wall, ${f0((floor.cpuMs * 1000) / r.calls)} µs CPU per call (process start ` +
        `included; a bare script, test/bench/sdk-floor.ts: no pipeline, no files, no ordering between calls)`,
      goal: 'the least any tool built on these SDKs could take here',
      ratio: f2(ratio),
      verdict: 'info',
    },
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  const root = await benchRoot();
  const rows: Row[] = [];
  try {
    log(`scratch ${root}; bundling the CLI`);
    const cli = await bundleCli(root);
    const boot = await startup(root, cli);
    log(`startup ${f0(boot.wallMs)} ms wall, ${f0(boot.cpuMs)} ms CPU`);

    log('scheduling over HTTP (200 rollouts x 3 turns, 50 ms, concurrency 20)');
    const wire = await schedulingOnWire(root, cli);
    rows.push(...schedulingRows('real SDKs over HTTP', wire));
    if (wire.floor) rows.push(...floorRows(wire, wire.floor));
    log('scheduling in-process (same suite, scripted models waiting 50 ms)');
    const local = await schedulingInProcess(root, cli);
    rows.push(...schedulingRows('in-process models', local));

    const perCall = (cpuMs: number, calls: number) => ((cpuMs - boot.cpuMs) * 1000) / calls;
    const budgetUs = (LATENCY_MS * 1000) / CONCURRENCY;
    const wireUs = perCall(wire.measured.cpuMs, wire.calls);
    rows.push({
      metric: 'overhead: CLI CPU per call, real SDKs over HTTP',
      measured: `${f0(wireUs)} µs (${secs(wire.measured.cpuMs)} CPU - ${f0(boot.cpuMs)} ms start, / ${wire.calls} calls)`,
      goal: `<= ${f0(budgetUs)} µs (latency / concurrency: one core's time per call at full speed)`,
      ratio: f2(wireUs / budgetUs),
      verdict: verdict(wireUs <= budgetUs),
    });

    log('rate limits (100 rollouts x 2 turns, 40 requests/s token bucket, concurrency 20)');
    const rate = await rateLimits(root, cli);
    const rateRatio = rate.achievedPerSecond / rate.ratePerSecond;
    rows.push({
      metric: 'rate limits: throughput / allowed rate',
      measured:
        `${f1(rate.achievedPerSecond)} req/s over ${secs(rate.windowMs)} of rollouts+judgments; ` +
        `${rate.throttled} 429s of ${rate.requests} requests; ` +
        `${rate.files.rolloutRecords - rate.files.rolloutErrors}/${rate.rollouts} rollouts, ` +
        `${rate.files.judgments}/${rate.rollouts} judgments`,
      goal: `>= 0.90 of ${rate.ratePerSecond} req/s, 0 lost`,
      ratio: f2(rateRatio),
      verdict: verdict(rateRatio >= 0.9 && rate.lost === 0),
    });

    log('10,000 scripted rollouts');
    const big = await tenThousand(root, cli);
    rows.push({
      metric: `memory: peak RSS, ${big.rollouts.toLocaleString('en')} scripted rollouts`,
      measured: `${f0(big.measured.maxRssMb)} MB; wall ${secs(big.measured.wallMs)}; ${big.calls} calls`,
      goal: '< 300 MB',
      ratio: f2(big.measured.maxRssMb / 300),
      verdict: verdict(big.measured.maxRssMb < 300),
    });
    const localUs = perCall(big.measured.cpuMs, big.calls);
    rows.push({
      metric: 'overhead: CLI CPU per call, in-process scripted models',
      measured:
        `${f0(localUs)} µs (${secs(big.measured.cpuMs)} CPU of which ${secs(big.measured.systemMs)} system, ` +
        `/ ${big.calls} calls; includes writing ${big.rollouts.toLocaleString('en')} transcripts)`,
      goal: `<= ${f0(budgetUs)} µs`,
      ratio: f2(localUs / budgetUs),
      verdict: verdict(localUs <= budgetUs),
    });

    log('reporting for 10,000 rollouts');
    const rep = await reporting(big.results);
    rows.push({
      metric: 'reporting: markdown report, 10,000 rollouts',
      measured: `${f0(rep.markdownMs)} ms (read judgment.json + run_info.json, decide, render; ${rep.markdownChars} chars)`,
      goal: '—',
      ratio: '—',
      verdict: 'info',
    });
    rows.push({
      metric: 'reporting: viewer.html, 10,000 rollouts',
      measured: `${f0(rep.viewerMs)} ms (${f1(rep.viewerBytes / 1048576)} MB page)`,
      goal: '—',
      ratio: '—',
      verdict: 'info',
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const facts = [
    `Command: \`npm run bench\` (node test/bench/run.ts), ${new Date().toISOString().slice(0, 10)}, ` +
      `${secs(performance.now() - started)} in all.`,
    `Machine: Node ${process.version}, ${availableParallelism()} cores (${cpu}), ${f0(totalmem() / 2 ** 30)} GB, ${process.platform}.`,
    'The CLI is bundled from the current sources (as dist/cli.js ships) and runs as a subprocess; the fault server ' +
      "runs in the bench process. CPU and peak RSS are the subprocess's own (process.resourceUsage at exit).",
  ];
  const table = [
    '| metric | measured | ideal / goal | ratio | vs goal |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.metric} | ${r.measured} | ${r.goal} | ${r.ratio} | ${r.verdict} |`),
  ].join('\n');
  const text = `${table}\n\n${facts.join('\n')}\n`;
  process.stdout.write(text);
  await writeFile(
    join(import.meta.dirname, 'RESULTS.md'),
    `# Benchmark results\n\nOne run of \`npm run bench\` on the machine below; regenerate with the same command.\n\n${text}`,
  );
}

await main();
