// Transcript ids across runs: two runs never share one (Python Bloom's are random uuid4s; a tool that de-duplicates
// by id must not merge two runs), and SOURCE_DATE_EPOCH still gives byte-identical transcripts.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../src/formats/transcript.ts';
import { runCli } from '../support/cli.ts';

const BEHAVIOR = 'delusional-sycophancy';

/** Runs the demo; returns its transcripts' text by file name. */
async function demoTranscripts(env: NodeJS.ProcessEnv = {}): Promise<Map<string, string>> {
  const results = await mkdtemp(join(tmpdir(), 'bloom-ids-'));
  const run = await runCli(['run', 'fixtures/demo', '--results', results], { env });
  expect(run.code, run.stderr).toBe(0);
  const dir = join(results, BEHAVIOR);
  const names = (await readdir(dir)).filter((f) => /^transcript_v\d+r\d+\.json$/.test(f)).sort();
  return new Map(
    await Promise.all(names.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as const)),
  );
}

/** Every id a transcript carries: its own, each event's and each message's. */
function idsOf(texts: Map<string, string>): string[] {
  return [...texts.values()].flatMap((text) => {
    const t: Transcript = JSON.parse(text);
    return [t.metadata.transcript_id, ...t.events.flatMap((e) => [e.id, e.edit.message.id])];
  });
}

describe('transcript ids', () => {
  it('are unique within a run and shared by no other run', async () => {
    const [a, b] = [idsOf(await demoTranscripts()), idsOf(await demoTranscripts())];
    expect(a.length).toBeGreaterThan(24 * 10);
    expect(new Set(a).size).toBe(a.length);
    const shared = new Set(b.filter((id) => a.includes(id)));
    expect([...shared]).toEqual([]);
  });

  it('are reproduced, with every other byte, when SOURCE_DATE_EPOCH fixes the run', async () => {
    const env = { SOURCE_DATE_EPOCH: '1767225600' };
    const [a, b] = [await demoTranscripts(env), await demoTranscripts(env)];
    expect(a.size).toBe(24);
    expect(b).toEqual(a);
    // Another time, another run: no id in common.
    const other = idsOf(await demoTranscripts({ SOURCE_DATE_EPOCH: '1767225601' }));
    expect(idsOf(a).filter((id) => other.includes(id))).toEqual([]);
  });
});
