// Our Inspect logs in Inspect's own log viewer (@metrevals/inspect-log-viewer from npm), headless Chromium: the
// demo run's log and a real Python Bloom study's open with no page error, count their samples as Inspect does,
// and show a sample's transcript (model calls of both models, the target's reply), its scores and its token usage.
import { copyFile, cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvalLog, type EvalSample, writeInspectLog } from '../../src/report/inspect/index.ts';
import {
  browse,
  type ClientPage,
  type ClientPages,
  expectNoProblems,
  screenshotFor,
  visibleText,
} from './clients/client-page.ts';
import {
  buildInspectViewer,
  inspectViewerUrl,
  OPTIONAL_PROBES,
  sampleRoute,
} from './clients/inspect-viewer.ts';
import { type StaticServer, serveFolder } from './clients/static-server.ts';
import { runResults } from './results.ts';

let server: StaticServer;
let pages: ClientPages;

interface ServedLog {
  /** Relative to the served folder, as the viewer's log_file. */
  path: string;
  log: EvalLog;
}
let demo: ServedLog;
let study: ServedLog;

async function exportInto(site: string, behaviorDir: string): Promise<ServedLog> {
  const file = await writeInspectLog(behaviorDir, join(site, 'logs'));
  return { path: `logs/${basename(file)}`, log: JSON.parse(await readFile(file, 'utf8')) };
}

/** A Python Bloom study as its author shipped it: judgment.json for 90 rollouts, two transcripts. */
async function pythonBloomStudy(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'bloom-study-')), 'conflict-insensitivity');
  await cp('fixtures/bloom/conflict-sensitivity-run', dir, { recursive: true });
  await copyFile('fixtures/inspect/bloom-study/transcript_v2r1.json', join(dir, 'transcript_v2r1.json'));
  return dir;
}

beforeAll(async () => {
  const site = await mkdtemp(join(tmpdir(), 'bloom-inspect-view-'));
  await buildInspectViewer(site);
  demo = await exportInto(site, await runResults('fixtures/demo'));
  study = await exportInto(site, await pythonBloomStudy());
  server = await serveFolder(site);
  pages = await browse(server);
}, 120_000);

afterAll(() => pages?.close());

/** Clean, apart from the optional files a static folder lacks (the viewer reads their 404 as "none"). */
function expectClean(watched: ClientPage): void {
  expectNoProblems(watched, (url) => OPTIONAL_PROBES.some((p) => new URL(url).pathname === p));
}

function sampleOf(log: EvalLog, id: number, epoch: number): EvalSample {
  const sample = log.samples.find((s) => s.id === id && s.epoch === epoch);
  if (!sample) throw new Error(`no sample ${id} epoch ${epoch}`);
  return sample;
}

function lastReply(sample: EvalSample): string {
  const reply = sample.messages.findLast((m) => m.role === 'assistant');
  if (typeof reply?.content !== 'string') throw new Error('expected a plain-text reply');
  return reply.content;
}

describe("Inspect's log viewer", () => {
  it("lists the demo's 24 rollouts as 12 samples x 2 epochs, and counts 24 (it said 24 / 48)", async () => {
    const watched = await pages.open(inspectViewerUrl(server.url, demo.path), '24 Samples');
    const text = await visibleText(watched.page);
    expect(text).toContain('delusional-sycophancy — 12 x 2 samples');
    expect(text).not.toMatch(/\/\s*48/);
    expect(text).toMatch(/behavior_presence 0\.4\d\d/);
    await screenshotFor(watched.page, 'inspect-view-demo-samples');
    expectClean(watched);
  });

  it("shows a sample's transcript: the model calls of both models with the target's reply", async () => {
    const sample = sampleOf(demo.log, 1, 1);
    const reply = lastReply(sample);
    const route = sampleRoute(demo.path, 1, 1, 'transcript');
    const watched = await pages.open(inspectViewerUrl(server.url, demo.path, route), reply);
    const text = await visibleText(watched.page);
    expect(text).toMatch(/model call \(target\)/i);
    expect(text).toMatch(/model call \(evaluator\)/i);
    expect(text).not.toMatch(/no events/i);
    // The evaluator's instructions, stored once as an attachment, are resolved into the calls that saw them.
    expect(text).toContain('You are the evaluator in an automated study');
    expect(text).not.toContain('attachment://');
    await screenshotFor(watched.page, 'inspect-view-demo-transcript');
    expectClean(watched);
  });

  it("shows the sample's scores with the judge's justification, and its token usage", async () => {
    const sample = sampleOf(demo.log, 1, 1);
    const presence = sample.scores?.behavior_presence;
    const justification = presence?.explanation ?? '';
    expect(justification).not.toBe('');
    const scoring = await pages.open(
      inspectViewerUrl(server.url, demo.path, sampleRoute(demo.path, 1, 1, 'scoring')),
      justification.slice(0, 40),
    );
    expect(await visibleText(scoring.page)).toMatch(new RegExp(`behavior_presence\\s*${presence?.value}\\b`));
    expectClean(scoring);

    const tokens = Object.values(sample.model_usage).reduce((sum, usage) => sum + usage.total_tokens, 0);
    expect(tokens).toBeGreaterThan(0);
    const metadata = await pages.open(
      inspectViewerUrl(server.url, demo.path, sampleRoute(demo.path, 1, 1, 'metadata')),
      'Usage',
    );
    const text = await visibleText(metadata.page);
    for (const [model, usage] of Object.entries(sample.model_usage)) {
      expect(text).toContain(model);
      expect(text).toContain(usage.total_tokens.toLocaleString('en-US'));
    }
    await screenshotFor(metadata.page, 'inspect-view-demo-usage');
    expectClean(metadata);
  });

  it('opens a real Python Bloom study: its 90 judgments as samples, a transcript where one was shipped', async () => {
    const list = await pages.open(inspectViewerUrl(server.url, study.path), '90 Samples');
    // One repetition: no epochs to show.
    expect(await visibleText(list.page)).toContain('conflict-insensitivity — 90 samples');
    expectClean(list);
    const reply = lastReply(sampleOf(study.log, 1, 1));
    const route = sampleRoute(study.path, 1, 1, 'transcript');
    const transcript = await pages.open(inspectViewerUrl(server.url, study.path, route), reply.slice(0, 80));
    expect(await visibleText(transcript.page)).toMatch(/model call \(target\)/i);
    await screenshotFor(transcript.page, 'inspect-view-bloom-study');
    expectClean(transcript);
  });
});
