// The evidence: per behavior its three highest-scoring transcripts with the judge's summary and up to three
// quoted highlights, each linked into the uploaded viewer at that transcript when the viewer has a URL. All of it
// is model text, so it is escaped and bounded: the summary as a quoted inline line, each highlight in a folded
// code block whose fence it cannot close.

import { viewerAnchor } from '../viewer/anchor.ts';
import { inline, quoteBlock } from './escape.ts';
import { link } from './links.ts';
import { count } from './numbers.ts';
import type { BehaviorRow } from './rows.ts';
import { ROW_RANK } from './status.ts';
import type { ReportSection, TopTranscript } from './types.ts';

export const TOP_TRANSCRIPTS = 3;
export const HIGHLIGHTS_PER_TRANSCRIPT = 3;
/** Source characters kept per summary and quote (escaping may lengthen them); descriptions: quoteBlock's 200. */
const SUMMARY_MAX = 600;
const QUOTE_MAX = 600;

function transcriptMarkdown(
  behavior: string,
  t: TopTranscript,
  rank: number,
  viewerUrl: string | null,
): string {
  const name = `Variation ${count(t.variation)}, repetition ${count(t.repetition)}`;
  const linked = viewerUrl
    ? link(name, `${viewerUrl}${viewerAnchor(behavior, t.variation, t.repetition)}`)
    : null;
  const file = !linked && t.file ? ` · ${inline(t.file, 200)}` : '';
  const heading = `**${rank}. ${linked ?? name}: presence ${count(t.presence)}/10**${file}`;
  const summary = t.summary.trim() ? `> ${inline(t.summary, SUMMARY_MAX)}` : '> (no summary)';
  const highlights = t.highlights
    .slice(0, HIGHLIGHTS_PER_TRANSCRIPT)
    .map((h) => quoteBlock(h.quoted_text, QUOTE_MAX, `Highlight: ${h.description}`));
  return [heading, summary, ...highlights].join('\n\n');
}

/** The highest presence first, whatever order the caller gave. */
export function highestFirst(list: readonly TopTranscript[]): TopTranscript[] {
  return [...list].sort((a, b) => b.presence - a.presence).slice(0, TOP_TRANSCRIPTS);
}

/** One section per behavior with transcripts, regressions first, so truncation drops the calmest last. */
export function transcriptSections(
  rows: readonly BehaviorRow[],
  viewerUrl: string | null = null,
): ReportSection[] {
  return [...rows]
    .sort((a, b) => ROW_RANK[a.status] - ROW_RANK[b.status])
    .filter((row) => (row.details.top_transcripts ?? []).length > 0)
    .map((row) => {
      const title = `Top transcripts: ${row.behavior}`;
      const list = highestFirst(row.details.top_transcripts ?? []);
      return {
        id: `transcripts:${row.behavior}`,
        title,
        markdown: [
          `### ${inline(title, 120)}`,
          ...list.map((t, i) => transcriptMarkdown(row.behavior, t, i + 1, viewerUrl)),
        ].join('\n\n'),
      };
    });
}
