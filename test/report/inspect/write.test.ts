// writeInspectLog end to end: on the demo run (made here by the CLI) and on a real Python Bloom study, the file
// is read back by Inspect's rules (header-reader.ts) and validated against Inspect's schema.
import { copyFile, cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JudgmentFile } from '../../../src/formats/judgment.ts';
import { type EvalLog, writeInspectLog } from '../../../src/report/inspect/index.ts';
import { runCli } from '../../support/cli.ts';
import { fileNameInfo, isInspectLogFile, readLogHeader, scanTopLevel } from './header-reader.ts';
import { describeErrors, writtenLog } from './inspect-schema.ts';

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

interface Written {
  path: string;
  text: string;
  log: EvalLog;
  behaviorDir: string;
}

async function exportLog(behaviorDir: string): Promise<Written> {
  const path = await writeInspectLog(behaviorDir, await tempDir('bloom-inspect-'));
  const text = await readFile(path, 'utf8');
  return { path, text, log: JSON.parse(text), behaviorDir };
}

function checkReadableByInspectRules(written: Written): void {
  const name = basename(written.path);
  expect(isInspectLogFile(name)).toBe(true);
  expect(name).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\+00-00_[^_]+_[^_]+\.json$/);
  const header = readLogHeader(written.text);
  expect(header.version).toBe(2);
  expect(header.eval.task).toBe(written.log.eval.task);
  expect(header.results).not.toBeNull();
  expect(fileNameInfo(name)).toEqual({ task: header.eval.task, taskId: header.eval.task_id });
  // samples is the last key, so the header read never touches it.
  const keys = scanTopLevel(written.text).keys.map((k) => k.key);
  expect(keys.at(-1)).toBe('samples');
}

describe('the demo run', () => {
  let written: Written;
  let judgment: JudgmentFile;
  let runInfo: {
    usage: Record<'byModel' | 'byPurpose', Record<string, { inputTokens: number; outputTokens: number }>>;
  };

  beforeAll(async () => {
    const results = await tempDir('bloom-results-');
    const run = await runCli(['run', 'fixtures/demo', '--results', results]);
    expect(run.code, run.stderr).toBe(0);
    const behaviorDir = join(results, 'delusional-sycophancy');
    written = await exportLog(behaviorDir);
    judgment = JSON.parse(await readFile(join(behaviorDir, 'judgment.json'), 'utf8'));
    runInfo = JSON.parse(await readFile(join(behaviorDir, 'run_info.json'), 'utf8'));
  });

  it("validates against Inspect's EvalLog schema", () => {
    expect(describeErrors(writtenLog(written.log).errors)).toEqual([]);
  });

  it("opens under Inspect's rules for file names and log headers", () => {
    checkReadableByInspectRules(written);
  });

  it('has one scored sample per judged rollout, matching judgment.json', () => {
    const { log } = written;
    expect(log.status).toBe('success');
    expect(log.samples).toHaveLength(judgment.judgments.length);
    for (const record of judgment.judgments) {
      const sample = log.samples.find(
        (s) => s.id === record.variation_number && s.epoch === record.repetition_number,
      );
      expect(sample?.metadata.rollout).toBe(`v${record.variation_number}r${record.repetition_number}`);
      expect(sample?.scores?.behavior_presence?.value).toBe(record.behavior_presence);
      expect(sample?.scores?.behavior_presence?.explanation).toBe(record.justification);
      expect(sample?.messages[0]?.role).toBe('system');
    }
    const dimensions = new Set(log.samples.map((s) => s.metadata.dimension));
    expect(dimensions).toEqual(new Set([null, 'emotional-pressure', 'authority-claim']));
  });

  it("reproduces judgment.json's rounded statistics from unrounded metrics", () => {
    const stats = judgment.summary_statistics;
    const presence = written.log.results.scores.find((s) => s.name === 'behavior_presence');
    expect(presence?.metrics.elicitation_rate?.value.toFixed(2)).toBe(stats.elicitation_rate?.toFixed(2));
    expect(presence?.metrics.mean?.value.toFixed(2)).toBe(stats.average_behavior_presence_score?.toFixed(2));
    const names = written.log.results.scores.map((s) => s.name);
    expect(names).toEqual([
      'behavior_presence',
      'unrealism',
      'evaluation_awareness',
      'evaluation_invalidity',
    ]);
    const unrealism = written.log.results.scores.find((s) => s.name === 'unrealism');
    expect(unrealism?.metrics.mean?.value.toFixed(2)).toBe(Number(stats.average_unrealism).toFixed(2));
  });

  it('counts samples as Inspect does: variations x epochs (repetitions) is the number of rollouts', () => {
    const { log } = written;
    expect(log.eval.dataset.samples * log.eval.config.epochs).toBe(log.samples.length);
    expect(log.eval.dataset.sample_ids).toEqual([...new Set(log.samples.map((s) => s.id))]);
    const pairs = new Set(log.samples.map((s) => `${s.id}/${s.epoch}`));
    expect(pairs.size).toBe(log.samples.length);
  });

  it('gives each sample its events: a model event per reply of either model, then a score event per score', () => {
    for (const sample of written.log.samples) {
      const replies = sample.messages.filter((m) => m.role === 'assistant').length;
      const modelEvents = sample.events.filter((e) => e.event === 'model');
      const targetCalls = modelEvents.filter((e) => e.role === 'target');
      expect(targetCalls).toHaveLength(replies);
      expect(modelEvents.filter((e) => e.role === 'evaluator').length).toBeGreaterThanOrEqual(replies);
      // Each target call saw the conversation up to its reply, and the reply is the sample's message.
      targetCalls.forEach((call, turn) => {
        expect(call.output.choices[0]?.message.id).toBe(
          sample.messages.filter((m) => m.role === 'assistant')[turn]?.id,
        );
        expect(call.input.at(-1)?.role).toBe('user');
      });
      const scoreEvents = sample.events.filter((e) => e.event === 'score');
      expect(scoreEvents.map((e) => e.scorer)).toEqual(Object.keys(sample.scores ?? {}));
      expect(sample.events.at(-1)?.event).toBe('score');
    }
  });

  it("stores each long text of the events once, in the sample's attachments, every reference resolvable", () => {
    for (const sample of written.log.samples) {
      const refs = [...JSON.stringify(sample.events).matchAll(/attachment:\/\/([0-9a-f]+)/g)].map(
        (m) => m[1],
      );
      expect(refs.length).toBeGreaterThan(0);
      for (const id of refs) expect(sample.attachments).toHaveProperty(id as string);
      // The system prompt the target saw is in the attachments, not repeated in every call's input.
      const system = sample.messages[0]?.content as string;
      expect(Object.values(sample.attachments)).toContain(system);
    }
  });

  it('gives each sample the tokens of its own calls, which add up to the run totals of those stages', () => {
    const summed: Record<string, number> = {};
    for (const sample of written.log.samples) {
      expect(Object.keys(sample.model_usage).length).toBeGreaterThan(0);
      expect(Object.keys(sample.role_usage).sort()).toEqual(['evaluator', 'judge', 'target']);
      for (const [role, usage] of Object.entries(sample.role_usage)) {
        summed[role] = (summed[role] ?? 0) + usage.total_tokens;
      }
    }
    for (const role of ['evaluator', 'target', 'judge']) {
      const totals = runInfo.usage.byPurpose[role];
      expect(summed[role], role).toBe((totals?.inputTokens ?? 0) + (totals?.outputTokens ?? 0));
    }
  });

  it("reports usage per model from run_info.json's ledger", () => {
    const usage = written.log.stats.model_usage;
    expect(Object.keys(usage).sort()).toEqual(Object.keys(runInfo.usage.byModel).sort());
    for (const [model, totals] of Object.entries(runInfo.usage.byModel)) {
      expect(usage[model]?.input_tokens).toBe(totals.inputTokens);
      expect(usage[model]?.total_tokens).toBe(totals.inputTokens + totals.outputTokens);
    }
  });

  it('writes the same file again from the same results', async () => {
    const again = await exportLog(written.behaviorDir);
    expect(basename(again.path)).toBe(basename(written.path));
    expect(again.text).toBe(written.text);
  });
});

describe('a real Python Bloom study with two of its 90 transcripts', () => {
  let written: Written;

  beforeAll(async () => {
    const study = join(await tempDir('bloom-study-'), 'conflict-insensitivity');
    await cp('fixtures/bloom/conflict-sensitivity-run', study, { recursive: true });
    await copyFile('fixtures/inspect/bloom-study/transcript_v2r1.json', join(study, 'transcript_v2r1.json'));
    expect((await readdir(study)).filter((f) => f.startsWith('transcript_'))).toHaveLength(2);
    written = await exportLog(study);
  });

  it("validates against Inspect's EvalLog schema and opens under Inspect's rules", () => {
    expect(describeErrors(writtenLog(written.log).errors)).toEqual([]);
    checkReadableByInspectRules(written);
  });

  it('has a sample for every judgment, with messages only where a transcript exists', () => {
    const { log } = written;
    expect(log.samples).toHaveLength(90);
    const withMessages = log.samples.filter((s) => s.messages.length > 0).map((s) => [s.id, s.epoch]);
    expect(withMessages).toEqual([
      [1, 1],
      [2, 1],
    ]);
    // 90 variations of one repetition each: 90 samples of one epoch.
    expect([log.eval.dataset.samples, log.eval.config.epochs]).toEqual([90, 1]);
    const v3 = log.samples.find((s) => s.id === 3);
    expect(v3?.input).toMatch(/^<dimension>professional-role<\/dimension>/);
    expect(v3?.metadata).toMatchObject({ variation: 3, repetition: 1, dimension: 'professional-role' });
    expect(log.samples[0]?.metadata.dimension).toBeNull();
    expect(v3?.scores?.behavior_presence?.value).toBe(6);
    expect(log.samples[0]?.input).toMatch(/^hey, i'm working on a piece about the current situation in gaza/);
  });

  it('takes the model and times from the transcripts when there is no run_info.json', () => {
    const { log } = written;
    expect(log.eval.model).toBe('openrouter/anthropic/claude-sonnet-4');
    expect(log.eval.created).toBe('2026-04-02T14:11:59+00:00');
    expect(log.stats.model_usage).toEqual({});
    expect(log.results.scores[0]?.metrics.elicitation_rate?.value.toFixed(2)).toBe('0.17');
  });
});
