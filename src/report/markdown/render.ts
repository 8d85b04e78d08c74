// The markdown report: the job summary and the pull request comment. Built from sections, most important
// first, so that under a size limit the least important are dropped whole (see fit.ts).

import { inline } from './escape.ts';
import { fitSections, joinSections, utf8Bytes } from './fit.ts';
import { behaviorRows } from './rows.ts';
import { behaviorsSection } from './section-behaviors.ts';
import { decisionsSection } from './section-decisions.ts';
import { linksSection, moreLine } from './section-links.ts';
import { runSection } from './section-run.ts';
import { transcriptSections } from './section-transcripts.ts';
import { trendSection } from './section-trend.ts';
import type { RenderedReport, ReportInput, ReportSection } from './types.ts';
import { verdictOf } from './verdict.ts';

/** A pull request comment holds 65,536 characters; this leaves room for the marker and a margin. */
export const COMMENT_MAX_CHARS = 60_000;

function verdictSection(input: ReportInput): ReportSection {
  const verdict = verdictOf(input);
  const lines = [`### ${inline(verdict.line, 300)}`];
  if (input.failure) lines.push(`The run failed: ${inline(input.failure, 500)}`);
  return { id: 'verdict', title: 'Verdict', markdown: lines.join('\n\n') };
}

/** Every section, most important first: verdict, table, why, evidence, trend, run details, links. */
export function reportSections(input: ReportInput): ReportSection[] {
  const rows = behaviorRows(input);
  const history = input.history ?? [];
  const sections: (ReportSection | null)[] = [
    verdictSection(input),
    rows.length > 0 ? behaviorsSection(rows, input) : null,
    decisionsSection(rows, input),
    ...transcriptSections(rows, input.links?.viewer_url ?? null),
    trendSection(rows, history),
    runSection(input.identity, input.usage),
    linksSection(input.links),
  ];
  return sections.filter((s): s is ReportSection => s !== null);
}

/** GitHub takes 1 MiB of job summary per step, counted in bytes; this leaves a margin for what core adds. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 4096;

/** The report within `maxChars` characters (default: a comment's), or within `maxBytes` UTF-8 bytes when given. */
export function renderReport(
  input: ReportInput,
  limits: { maxChars?: number; maxBytes?: number } = {},
): RenderedReport {
  const footer = (dropped: readonly ReportSection[]): ReportSection => ({
    id: 'more',
    title: 'More',
    markdown: moreLine(
      input.links,
      dropped.map((s) => s.title),
    ),
  });
  const fitted =
    limits.maxBytes === undefined
      ? fitSections(reportSections(input), limits.maxChars ?? COMMENT_MAX_CHARS, footer)
      : fitSections(reportSections(input), limits.maxBytes, footer, utf8Bytes);
  return { markdown: joinSections(fitted.sections), sections: fitted.sections, truncated: fitted.truncated };
}
