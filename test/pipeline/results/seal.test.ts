// Seals: a file verifies only with its own name, its own content and this machine's key; the key is made once,
// kept readable by the user alone, and shared through BLOOM_RESULTS_KEY.

import { chmod, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_SEAL_KEY } from '../../../src/formats/stamps.ts';
import { createSealer, loadResultsKey, resultsKeyPath } from '../../../src/pipeline/results/seal.ts';

const key = Buffer.alloc(32, 7);
const sealer = createSealer(key);

/** As a reader sees the file: the JSON text parsed back. */
const reread = (value: unknown) => JSON.parse(JSON.stringify(value, null, 2)) as Record<string, unknown>;

describe('createSealer', () => {
  const judge = { ok: true, record: { variation_number: 1, repetition_number: 2, behavior_presence: 3 } };
  const transcript = { metadata: { transcript_id: 't', run_identity: { target_id: 'x' } }, events: [] };

  it('seals a judge file on top and a transcript under metadata; both verify as written', () => {
    const sealedJudge = sealer.sealed('/r/b/.bloom/judge_v1r2.json', judge);
    expect(sealedJudge).toMatchObject({ ...judge, [RUN_SEAL_KEY]: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(sealer.verify('/r/b/.bloom/judge_v1r2.json', reread(sealedJudge))).toBe(true);

    const sealedTranscript = sealer.sealed('/r/b/transcript_v1r2.json', transcript);
    expect(Object.keys(sealedTranscript)).toEqual(['metadata', 'events']);
    expect(sealedTranscript.metadata).toHaveProperty(RUN_SEAL_KEY);
    expect(sealer.verify('/r/b/transcript_v1r2.json', reread(sealedTranscript))).toBe(true);
    // Sealing again (a transcript rewritten with its judgment) replaces the seal, never stacks one.
    expect(sealer.sealed('/r/b/transcript_v1r2.json', sealedTranscript)).toEqual(sealedTranscript);
  });

  it('fails for an edited file, a renamed one, another key, a missing or malformed seal', () => {
    const path = '/r/b/.bloom/judge_v1r2.json';
    const sealed = reread(sealer.sealed(path, judge));
    const edited = reread(sealed);
    (edited.record as Record<string, number>).behavior_presence = 9;
    expect(sealer.verify(path, edited)).toBe(false);
    expect(sealer.verify('/r/b/.bloom/judge_v2r1.json', sealed)).toBe(false);
    expect(createSealer(Buffer.alloc(32, 8)).verify(path, sealed)).toBe(false);
    expect(sealer.verify(path, reread(judge))).toBe(false);
    expect(sealer.verify(path, { ...sealed, [RUN_SEAL_KEY]: 'forged' })).toBe(false);
  });
});

describe('loadResultsKey', () => {
  it('makes one key in the state folder, readable by the user alone, and finds it again', async () => {
    const state = await mkdtemp(join(tmpdir(), 'bloom-state-'));
    const env = { XDG_STATE_HOME: state };
    const [a, b] = await Promise.all([loadResultsKey(env), loadResultsKey(env)]);
    expect(a.length).toBe(32);
    expect(b.equals(a)).toBe(true);
    const path = resultsKeyPath(env);
    expect(path).toBe(join(state, 'bloom-action', 'results.key'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, 'utf8')).trim()).toBe(a.toString('hex'));
    expect((await loadResultsKey(env)).equals(a)).toBe(true);
  });

  it('uses BLOOM_RESULTS_KEY when set, so machines can share one', async () => {
    const state = await mkdtemp(join(tmpdir(), 'bloom-state-'));
    const key = await loadResultsKey({ XDG_STATE_HOME: state, BLOOM_RESULTS_KEY: 'team-shared-key' });
    expect(key.toString('utf8')).toBe('team-shared-key');
  });

  it('falls back to a key of this process when none can be kept or the kept one is not a key', async () => {
    const state = await mkdtemp(join(tmpdir(), 'bloom-state-'));
    await mkdir(join(state, 'bloom-action'));
    await writeFile(join(state, 'bloom-action', 'results.key'), 'garbage');
    const first = await loadResultsKey({ XDG_STATE_HOME: state });
    expect(first.length).toBe(32);
    // A file where the state folder should be: nothing can be kept there.
    const file = join(state, 'a-file');
    await writeFile(file, '');
    await chmod(file, 0o400);
    expect((await loadResultsKey({ XDG_STATE_HOME: file })).equals(first)).toBe(true);
  });
});
