// Our transcripts in Petri's transcript viewer (@kaifronsdal/transcript-viewer from npm), headless Chromium: the
// demo's transcripts, next to a real Python Bloom one, are listed and open with no page error, showing the
// judge's scores and summary and the conversation's messages.
import { copyFile, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transcript } from '../../src/formats/transcript.ts';
import { contentText } from '../../src/pipeline/transcript/index.ts';
import * as clients from './clients/client-page.ts';
import { type PetriViewer, startPetriViewer } from './clients/petri-viewer.ts';
import { runResults } from './results.ts';

let viewer: PetriViewer;
let ours: string[];
let demoDir: string;
let pages: clients.ClientPages;

beforeAll(async () => {
  demoDir = await runResults('fixtures/demo');
  const root = await mkdtemp(join(tmpdir(), 'bloom-petri-'));
  await mkdir(join(root, 'demo'));
  ours = (await readdir(demoDir)).filter((f) => /^transcript_v\d+r\d+\.json$/.test(f)).sort();
  for (const file of ours) await copyFile(join(demoDir, file), join(root, 'demo', file));
  await mkdir(join(root, 'bloom'));
  await copyFile(
    'fixtures/bloom/conflict-sensitivity-run/transcript_v1r1.json',
    join(root, 'bloom', 'transcript_v1r1.json'),
  );
  viewer = await startPetriViewer(root);
  pages = await clients.browse(viewer);
}, 120_000);

afterAll(() => pages?.close());

async function demoTranscript(file: string): Promise<Transcript> {
  return JSON.parse(await readFile(join(demoDir, file), 'utf8'));
}

describe("Petri's transcript viewer", () => {
  it("lists every transcript of the demo beside Python Bloom's, each under its own id with its scores", async () => {
    const total = ours.length + 1;
    const watched = await pages.open(`${viewer.url}/`, `${total} / ${total} transcripts`);
    // The list renders only the rows on screen: a tall window shows them all.
    await watched.page.setViewportSize({ width: 1400, height: 5000 });
    await watched.page.getByText('List View', { exact: true }).click();
    await watched.page.waitForFunction(
      (n) => document.querySelectorAll('a[href^="/transcript/"]').length >= n,
      total,
      { timeout: 15_000 },
    );
    const links = await watched.page.$$eval('a[href^="/transcript/"]', (as) =>
      as.map((a) => a.getAttribute('href') ?? ''),
    );
    expect(new Set(links)).toEqual(
      new Set([...ours.map((f) => `/transcript/demo/${f}`), '/transcript/bloom/transcript_v1r1.json']),
    );
    const text = await clients.visibleText(watched.page);
    for (const file of ours) {
      const { metadata } = await demoTranscript(file);
      expect(text.split(`#${metadata.transcript_id}`)).toHaveLength(2);
    }
    expect(text).toContain('Behavior Presence');
    await clients.screenshotFor(watched.page, 'petri-view-list');
    clients.expectNoProblems(watched);
  });

  it("opens one of our transcripts: the judge's scores, summary and justification, and the messages", async () => {
    const file = ours[0] ?? '';
    const transcript = await demoTranscript(file);
    const judge = transcript.metadata.judge_output;
    const reply = transcript.events
      .map((e) => e.edit.message)
      .findLast((m) => m.role === 'assistant' && m.model === transcript.metadata.target_model);
    const replyText = reply ? contentText(reply.content) : '';
    expect(replyText).not.toBe('');
    const watched = await pages.open(`${viewer.url}/transcript/demo/${file}`, replyText.slice(0, 60));
    const text = await clients.visibleText(watched.page);
    expect(text).toContain(judge?.summary);
    expect(text).toContain(judge?.justification.slice(0, 80));
    expect(text).toContain(`behavior_presence ${judge?.scores.behavior_presence}/10`);
    expect(text).toContain(`Transcript #${transcript.metadata.transcript_id}`);
    await clients.screenshotFor(watched.page, 'petri-view-transcript');
    clients.expectNoProblems(watched);
  });

  it('opens the Python Bloom transcript the same way', async () => {
    const bloom: Transcript = JSON.parse(
      await readFile('fixtures/bloom/conflict-sensitivity-run/transcript_v1r1.json', 'utf8'),
    );
    const watched = await pages.open(
      `${viewer.url}/transcript/bloom/transcript_v1r1.json`,
      bloom.metadata.judge_output?.summary.slice(0, 60) ?? '',
    );
    expect(await clients.visibleText(watched.page)).toContain(
      `behavior_presence ${bloom.metadata.judge_output?.scores.behavior_presence}/10`,
    );
    clients.expectNoProblems(watched);
  });
});
