// A kill can land between writing a judge result (.bloom/judge_vNrM.json) and rewriting the transcript with its
// judge_output. The resumed run must still finish that transcript, or it differs from an uninterrupted run.

import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { BEHAVIOR, readJson } from './results.ts';

it('a resumed run adds the judge_output a kill kept out of a judged transcript', async () => {
  const clean = await mkdtemp(join(tmpdir(), 'bloom-judge-output-'));
  expect((await runCli(['run', 'fixtures/demo', '--results', clean])).code).toBe(0);
  const killed = await mkdtemp(join(tmpdir(), 'bloom-judge-output-killed-'));
  // The state such a kill leaves: the transcript as the rollout wrote it (a rollout-only run writes exactly that),
  // and the judge result on disk (the clean run's, of the same run).
  for (const stage of ['understanding.json', 'ideation.json']) {
    await cp(join(clean, BEHAVIOR, stage), join(killed, BEHAVIOR, stage));
  }
  expect((await runCli(['rollout', 'fixtures/demo', '--results', killed])).code).toBe(0);
  const judge = join(BEHAVIOR, '.bloom', 'judge_v1r1.json');
  await cp(join(clean, judge), join(killed, judge));
  const path = join(killed, BEHAVIOR, 'transcript_v1r1.json');
  expect((await readJson(path)).metadata).not.toHaveProperty('judge_output');

  const resumed_ = await runCli(['run', 'fixtures/demo', '--results', killed]);
  expect(resumed_.code).toBe(0);
  // Nothing was set aside: the transcript and the judge result are this run's, and it was judged from the file.
  expect(resumed_.stderr).not.toContain('set aside');
  const resumed = JSON.parse(await readFile(path, 'utf8'));
  const original = await readJson(join(clean, BEHAVIOR, 'transcript_v1r1.json'));
  expect(resumed.metadata.judge_output).toEqual((original.metadata as Record<string, unknown>).judge_output);
});
