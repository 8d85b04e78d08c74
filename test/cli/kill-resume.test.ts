// A run killed with SIGKILL mid-rollout, then run again, finishes with the same results as an uninterrupted run
// and keeps every transcript the first run had finished.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOOM_BIN, runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

const withLatency = (ms: number) => (models: Record<string, { id: string }>) => {
  for (const m of Object.values(models)) m.id += `${m.id.includes('?') ? '&' : '?'}latency=${ms}`;
};

async function transcriptsIn(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) =>
    /^transcript_v\d+r\d+\.json$/.test(f),
  );
  return new Map(
    await Promise.all(files.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as const)),
  );
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Transcript ids are random per run unless SOURCE_DATE_EPOCH fixes them: fixed here, so the resumed run's judgments
// (whose highlights name message ids) must equal the clean run's to the last id.
const env = { SOURCE_DATE_EPOCH: '1767225600' };

describe('kill and resume', () => {
  it('resumes a SIGKILLed run without redoing finished work, with the results of a clean run', async () => {
    // 60 ms a call leaves about a second between the third transcript and the last: room for a loaded machine to kill
    // in between (at 15 ms, a busy worker polled too late and found all 24 written).
    const data = await copyDemo({ models: withLatency(60) });
    const results = await mkdtemp(join(tmpdir(), 'bloom-killed-'));
    const behaviorDir = join(results, 'delusional-sycophancy');

    const child = spawn(process.execPath, [BLOOM_BIN, 'run', data, '--results', results], {
      stdio: 'ignore',
      env: { ...process.env, ...env },
    });
    // Kill once a few rollouts are on disk but well before the 24 are done.
    await waitFor(async () => (await transcriptsIn(behaviorDir)).size >= 3, 15_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const survivors = await transcriptsIn(behaviorDir);
    expect(survivors.size).toBeGreaterThanOrEqual(3);
    expect(survivors.size).toBeLessThan(24);
    for (const text of survivors.values()) expect(() => JSON.parse(text)).not.toThrow();

    const resumed = await runCli(['run', data, '--results', results], { env });
    expect(resumed.code).toBe(0);
    const info = JSON.parse(await readFile(join(behaviorDir, 'run_info.json'), 'utf8'));
    expect(info.this_run.usage.byPurpose.understanding).toBeUndefined();
    expect(info.this_run.usage.byPurpose.ideation).toBeUndefined();
    expect(info.outcome.reused.rollouts).toBe(survivors.size);
    // The folder's usage keeps the killed run's calls: every line of usage.jsonl, understanding included.
    const logged = (await readFile(join(behaviorDir, 'usage.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}'));
    expect(info.usage.totals.calls).toBe(logged.length);
    expect(info.usage.byPurpose.understanding.calls).toBeGreaterThan(0);
    expect(info.usage.totals.calls).toBeGreaterThan(info.this_run.usage.totals.calls);

    const after = await transcriptsIn(behaviorDir);
    expect(after.size).toBe(24);
    // A transcript judged before the kill is kept byte for byte; one written but not yet judged gains its judgment.
    for (const [file, text] of survivors) {
      const before = JSON.parse(text);
      const now = JSON.parse(after.get(file) ?? '{}');
      expect(now.events).toEqual(before.events);
      if (before.metadata.judge_output) expect(after.get(file)).toBe(text);
    }

    const clean = await mkdtemp(join(tmpdir(), 'bloom-clean-'));
    expect((await runCli(['run', data, '--results', clean], { env })).code).toBe(0);
    const judgments = async (dir: string) =>
      JSON.parse(await readFile(join(dir, 'delusional-sycophancy', 'judgment.json'), 'utf8'));
    const [a, b] = [await judgments(results), await judgments(clean)];
    expect(a.judgments).toEqual(b.judgments);
    expect(a.summary_statistics).toEqual(b.summary_statistics);
  }, 60_000);
});
