import { describe, expect, it } from 'vitest';
import { MIN_MAX_CHARS } from '../../../src/report/markdown/fit.ts';
import { renderReport, SUMMARY_MAX_BYTES } from '../../../src/report/markdown/render.ts';
import { fencesBalanced, fullInput } from './fixtures.ts';

describe('truncation at section boundaries', () => {
  const full = renderReport(fullInput(), { maxChars: 1_000_000 });

  it('keeps everything when it fits', () => {
    expect(full.truncated).toBe(false);
    expect(full.sections.at(-1)?.id).toBe('links');
  });

  for (const maxChars of [2_000, 2_600, full.markdown.length - 600, full.markdown.length - 1]) {
    it(`fits ${maxChars} characters with whole sections, balanced fences and the link line`, () => {
      const cut = renderReport(fullInput(), { maxChars });
      expect(cut.truncated).toBe(true);
      expect(cut.markdown.length).toBeLessThanOrEqual(maxChars);
      expect(fencesBalanced(cut.markdown)).toBe(true);
      expect(cut.sections[0]?.id).toBe('verdict');
      // Every kept section is one of the full report's, unchanged, in the same order.
      const kept = cut.sections.slice(0, -1);
      expect(kept).toEqual(full.sections.slice(0, kept.length));
      const more = cut.sections.at(-1);
      expect(more?.id).toBe('more');
      expect(more?.markdown).toContain(
        '[job summary](https://github.com/acme/app/actions/runs/42/attempts/1#summary-7)',
      );
      expect(more?.markdown).toContain(
        '[artifact](https://github.com/acme/app/actions/runs/42/artifacts/9001)',
      );
      expect(cut.markdown.trimEnd().endsWith(more?.markdown ?? '-')).toBe(true);
    });
  }

  it('drops the least important sections first and names them', () => {
    const cut = renderReport(fullInput(), { maxChars: full.markdown.length - 1 });
    expect(cut.sections.map((s) => s.id)).toEqual([
      'verdict',
      'behaviors',
      'decisions',
      'transcripts:sycophancy',
      'transcripts:self_preservation',
      'trend',
      'run',
      'more',
    ]);
    expect(cut.markdown).toContain('✂️ Cut to fit: Links left out.');
  });

  it('matches the snapshot at a small limit', async () => {
    const cut = renderReport(fullInput(), { maxChars: 2_000 });
    await expect(cut.markdown).toMatchFileSnapshot('__snapshots__/truncated-report.md.snap');
  });

  it("counts the job summary's limit in bytes: text that fits in characters is cut to fit in UTF-8 bytes", () => {
    const input = fullInput();
    // Three bytes a character: the report is far longer in bytes than in characters.
    for (const t of input.details?.sycophancy?.top_transcripts ?? []) {
      t.summary = '確認済みの誤った証明に同意した。'.repeat(60);
      for (const h of t.highlights) h.quoted_text = '証明は正しいです。'.repeat(150);
    }
    const whole = renderReport(input, { maxChars: 1_000_000 }).markdown;
    const limit = Math.floor((whole.length + Buffer.byteLength(whole)) / 2);
    expect(renderReport(input, { maxChars: limit }).truncated).toBe(false);
    const cut = renderReport(input, { maxBytes: limit });
    expect(cut.truncated).toBe(true);
    expect(Buffer.byteLength(cut.markdown)).toBeLessThanOrEqual(limit);
    expect(fencesBalanced(cut.markdown)).toBe(true);
    expect(SUMMARY_MAX_BYTES).toBeLessThan(1024 * 1024);
  });

  it('raises absurdly small limits to a floor that still holds the verdict', () => {
    const cut = renderReport(fullInput(), { maxChars: 10 });
    expect(cut.markdown.length).toBeLessThanOrEqual(MIN_MAX_CHARS);
    expect(cut.markdown.startsWith('### ❌ 1 behavior regressed: sycophancy')).toBe(true);
  });

  it('without links still says where the rest is', () => {
    const input = { ...fullInput(), links: null };
    const cut = renderReport(input, { maxChars: 2_000 });
    expect(cut.sections.at(-1)?.markdown).toContain(
      'The full report is in the job summary and the artifact of this workflow run.',
    );
  });
});
