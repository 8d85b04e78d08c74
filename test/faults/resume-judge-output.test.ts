// A kill can land between writing a judge result (.bloom/judge_vNrM.json) and rewriting the transcript with its
// judge_output. The resumed run must still finish that transcript, or it differs from an uninterrupted run; also
// when the judge file was written by an earlier version of this tool (flat highlights, no num_samples).

import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { BEHAVIOR, readJson } from './results.ts';

/** A clean run and a copy of it in the state such a kill leaves: v1r1's judge result on disk, its transcript without. */
async function killedBetweenJudgeAndTranscript() {
  const clean = await mkdtemp(join(tmpdir(), 'bloom-judge-output-'));
  expect((await runCli(['run', 'fixtures/demo', '--results', clean])).code).toBe(0);
  const killed = await mkdtemp(join(tmpdir(), 'bloom-judge-output-killed-'));
  await cp(clean, killed, { recursive: true });
  const path = join(killed, BEHAVIOR, 'transcript_v1r1.json');
  const transcript = await readJson(path);
  const metadata = transcript.metadata as Record<string, unknown>;
  delete metadata.judge_output;
  await writeFile(path, JSON.stringify(transcript, null, 2));
  const original = await readJson(join(clean, BEHAVIOR, 'transcript_v1r1.json'));
  return { killed, path, expected: (original.metadata as Record<string, unknown>).judge_output };
}

it('a resumed run adds the judge_output a kill kept out of a judged transcript', async () => {
  const { killed, path, expected } = await killedBetweenJudgeAndTranscript();
  expect((await runCli(['run', 'fixtures/demo', '--results', killed])).code).toBe(0);
  const resumed = JSON.parse(await readFile(path, 'utf8'));
  expect(resumed.metadata.judge_output).toEqual(expected);
});

it("gives Bloom's judge_output shape from a judge file an earlier version wrote", async () => {
  const { killed, path, expected } = await killedBetweenJudgeAndTranscript();
  const judgePath = join(killed, BEHAVIOR, '.bloom', 'judge_v1r1.json');
  const judge = await readJson(judgePath);
  const record = judge.record as { highlights: unknown[]; summary: string; justification: string };
  const output = judge.judgeOutput as { response: string; scores: Record<string, number> };
  // As earlier versions wrote it: flat highlights, no num_samples.
  judge.judgeOutput = {
    response: output.response,
    summary: record.summary,
    justification: record.justification,
    scores: output.scores,
    highlights: record.highlights,
  };
  await writeFile(judgePath, JSON.stringify(judge, null, 2));

  expect((await runCli(['run', 'fixtures/demo', '--results', killed])).code).toBe(0);
  const resumed = JSON.parse(await readFile(path, 'utf8'));
  expect(resumed.metadata.judge_output).toEqual(expected);
  expect(resumed.metadata.judge_output.highlights[0].parts[0]).toHaveProperty('message_id');
});
