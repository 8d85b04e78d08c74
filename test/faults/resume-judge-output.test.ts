// A kill can land between writing a judge result (.bloom/judge_vNrM.json) and rewriting the transcript with its
// judge_output. The resumed run must still finish that transcript, or it differs from an uninterrupted run; also
// when the judge file was written by an earlier version of this tool (flat highlights, no num_samples).

import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createSealer } from '../../src/pipeline/results/seal.ts';
import { runCli } from '../support/cli.ts';
import { BEHAVIOR, readJson } from './results.ts';

/** One key and one time for every run: files are resumed across runs, and the ids agree between them. */
const ENV = { BLOOM_RESULTS_KEY: 'resume-judge-output', SOURCE_DATE_EPOCH: '1767225600' };

const run = async (command: string, results: string) => {
  const r = await runCli([command, 'fixtures/demo', '--results', results], { env: ENV });
  expect(r.code, r.stderr).toBe(0);
  return r;
};

/** A clean run and a folder in the state such a kill leaves: v1r1's judge result on disk, its transcript without. */
async function killedBetweenJudgeAndTranscript() {
  const clean = await mkdtemp(join(tmpdir(), 'bloom-judge-output-'));
  await run('run', clean);
  const killed = await mkdtemp(join(tmpdir(), 'bloom-judge-output-killed-'));
  // The transcript as the rollout wrote it (a rollout-only run writes exactly that), and the judge result on disk
  // (the clean run's, of the same run).
  for (const stage of ['understanding.json', 'ideation.json']) {
    await cp(join(clean, BEHAVIOR, stage), join(killed, BEHAVIOR, stage));
  }
  await run('rollout', killed);
  const judge = join(BEHAVIOR, '.bloom', 'judge_v1r1.json');
  await cp(join(clean, judge), join(killed, judge));
  const path = join(killed, BEHAVIOR, 'transcript_v1r1.json');
  expect((await readJson(path)).metadata).not.toHaveProperty('judge_output');
  const original = await readJson(join(clean, BEHAVIOR, 'transcript_v1r1.json'));
  return { killed, path, expected: (original.metadata as Record<string, unknown>).judge_output };
}

/**
 * Resumes the folder: nothing set aside (the transcript and judge result are this run's), and v1r1 not judged again
 * (the others are: the rollout-only run judged none), so its judge_output comes from the judge file.
 */
async function resume(killed: string): Promise<void> {
  const resumed = await run('run', killed);
  expect(resumed.stderr).not.toContain('set aside');
  const usage = (await readFile(join(killed, BEHAVIOR, 'usage.jsonl'), 'utf8')).trim().split('\n');
  const judged = usage
    .map((line) => JSON.parse(line).sampleKey as string)
    .filter((key) => /\/judge\//.test(key));
  expect(judged.length).toBeGreaterThan(0);
  expect(judged.filter((key) => key.startsWith('v1r1/'))).toEqual([]);
}

it('a resumed run adds the judge_output a kill kept out of a judged transcript', async () => {
  const { killed, path, expected } = await killedBetweenJudgeAndTranscript();
  await resume(killed);
  const resumed = JSON.parse(await readFile(path, 'utf8'));
  expect(resumed.metadata.judge_output).toEqual(expected);
});

it("gives Bloom's judge_output shape from a judge file an earlier version wrote", async () => {
  const { killed, path, expected } = await killedBetweenJudgeAndTranscript();
  const judgePath = join(killed, BEHAVIOR, '.bloom', 'judge_v1r1.json');
  const judge = await readJson(judgePath);
  const record = judge.record as { highlights: unknown[]; summary: string; justification: string };
  const output = judge.judgeOutput as { response: string; scores: Record<string, number> };
  // As earlier versions wrote it: flat highlights, no num_samples; sealed on this machine as they sealed it (a
  // file not sealed here would be set aside and judged again, which would not read this shape at all).
  judge.judgeOutput = {
    response: output.response,
    summary: record.summary,
    justification: record.justification,
    scores: output.scores,
    highlights: record.highlights,
  };
  const sealer = createSealer(Buffer.from(ENV.BLOOM_RESULTS_KEY, 'utf8'));
  await writeFile(judgePath, JSON.stringify(sealer.sealed(judgePath, judge), null, 2));

  await resume(killed);
  const resumed = JSON.parse(await readFile(path, 'utf8'));
  expect(resumed.metadata.judge_output).toEqual(expected);
  expect(resumed.metadata.judge_output.highlights[0].parts[0]).toHaveProperty('message_id');
});
