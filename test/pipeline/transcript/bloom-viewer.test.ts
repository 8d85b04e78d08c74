// Bloom's own transcript viewer (@isha-gpt/bloom-viewer, the one Bloom's README names; not published on npm, so it
// cannot be installed and opened here) reads a transcript's judge_output like this, in its TranscriptViewer.svelte:
//   for (const highlight of highlights) for (const part of highlight.parts) map.set(part.quoted_text, part.message_id)
// then scrolls to the message registered under that id; scores, summary and justification are read as they are.
// On our earlier flat highlights that loop threw "parts is not iterable" and the page stayed blank. This pins the
// reading against our transcripts and against Python Bloom's own (shared/docs/bloom-format.md).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JudgeHighlight } from '../../../src/formats/judgment.ts';
import type { Transcript } from '../../../src/formats/transcript.ts';
import { contentText } from '../../../src/pipeline/transcript/index.ts';
import { runResults } from '../../browser/results.ts';

const PYTHON_BLOOM = 'fixtures/bloom/conflict-sensitivity-run/transcript_v1r1.json';

interface Quote {
  messageId: string;
  quotedText: string;
}

/** The Bloom viewer's loop over judge_output.highlights, as it is written there (no guards). */
function bloomViewerQuotes(transcript: unknown): Map<string, Quote> {
  const map = new Map<string, Quote>();
  // biome-ignore lint/suspicious/noExplicitAny: the viewer reads untyped JSON exactly like this
  const highlights = (transcript as any).metadata?.judge_output?.highlights;
  if (!highlights) return map;
  for (const highlight of highlights) {
    for (const part of highlight.parts) {
      map.set(part.quoted_text, { messageId: part.message_id, quotedText: part.quoted_text });
    }
  }
  return map;
}

async function readTranscript(path: string): Promise<Transcript> {
  return JSON.parse(await readFile(path, 'utf8'));
}

function keysOf(value: unknown): string[] {
  return Object.keys(value as object);
}

let ours: Transcript[];
let bloom: Transcript;

beforeAll(async () => {
  const dir = await runResults('fixtures/demo');
  const files = (await readdir(dir)).filter((f) => /^transcript_v\d+r\d+\.json$/.test(f));
  ours = await Promise.all(files.map((f) => readTranscript(join(dir, f))));
  bloom = await readTranscript(PYTHON_BLOOM);
}, 60_000);

describe("Bloom's viewer reading judge_output", () => {
  it("reads Python Bloom's transcript (the shape it was written for)", () => {
    expect(bloomViewerQuotes(bloom).size).toBeGreaterThan(0);
  });

  it('fails on the flat highlights we wrote before, as the real viewer did', () => {
    const flat = structuredClone(ours[0]) as unknown as {
      metadata: { judge_output: { highlights: unknown } };
    };
    flat.metadata.judge_output.highlights = [
      { index: 1, description: 'd', quoted_text: 'q', message_id: 'm' },
    ];
    expect(() => bloomViewerQuotes(flat)).toThrow(/not iterable/);
  });

  it('reads every one of our transcripts: each quote names a message of that transcript, at its position', () => {
    let quotes = 0;
    for (const transcript of ours) {
      const texts = new Map(
        transcript.events.map((e) => [e.edit.message.id, contentText(e.edit.message.content)]),
      );
      for (const { messageId, quotedText } of bloomViewerQuotes(transcript).values()) {
        expect(texts.has(messageId), quotedText).toBe(true);
        quotes++;
      }
      for (const highlight of (transcript.metadata.judge_output?.highlights ?? []) as JudgeHighlight[]) {
        for (const part of highlight.parts) {
          const [start, end] = part.position ?? [0, 0];
          expect(texts.get(part.message_id)?.slice(start, end)).toBe(part.quoted_text);
        }
      }
    }
    expect(quotes).toBeGreaterThan(ours.length);
  });

  it("has Python Bloom's keys, in its order, at every level", () => {
    const reference = bloom.metadata.judge_output;
    const [referenceHighlight] = (reference?.highlights ?? []) as JudgeHighlight[];
    for (const transcript of ours) {
      const output = transcript.metadata.judge_output;
      expect(keysOf(output)).toEqual(keysOf(reference));
      expect(output?.num_samples).toBeGreaterThanOrEqual(1);
      for (const highlight of (output?.highlights ?? []) as JudgeHighlight[]) {
        expect(keysOf(highlight)).toEqual(keysOf(referenceHighlight));
        for (const part of highlight.parts)
          expect(keysOf(part)).toEqual(keysOf(referenceHighlight?.parts[0]));
      }
      expect(keysOf(output?.scores)).toEqual(keysOf(reference?.scores));
      for (const score of Object.values(output?.scores ?? {})) {
        expect(Number.isInteger(score) && score >= 1 && score <= 10).toBe(true);
      }
    }
  });
});
