// Where the rest is: the workflow run, the job summary, the artifact and the files inside it.

import { inline } from './escape.ts';
import { link } from './links.ts';
import type { ReportLinks, ReportSection } from './types.ts';

export function linksSection(links: ReportLinks | null | undefined): ReportSection | null {
  if (!links) return null;
  const items = [
    link('Transcript viewer (opens in the browser)', links.viewer_url),
    link('Workflow run', links.run_url),
    link('Job summary (full report)', links.summary_url),
    link('Artifact (transcripts, judgment.json, report.json)', links.artifact_url),
  ].filter((item): item is string => item !== null);
  const files = (links.artifact_files ?? []).map((f) => `${inline(f.label, 80)}: ${inline(f.path, 200)}`);
  if (files.length > 0) items.push(`In the artifact: ${files.join(' · ')}`);
  if (items.length === 0) return null;
  return { id: 'links', title: 'Links', markdown: ['### Links', ...items.map((i) => `- ${i}`)].join('\n') };
}

/** The closing line when sections were dropped: what is missing and where to read it. */
export function moreLine(links: ReportLinks | null | undefined, droppedTitles: readonly string[]): string {
  const summary = link('job summary', links?.summary_url) ?? 'job summary';
  const artifact = link('artifact', links?.artifact_url) ?? 'artifact of this workflow run';
  const shown = droppedTitles.slice(0, 6).map((t) => inline(t, 80));
  const more = droppedTitles.length > 6 ? ` and ${droppedTitles.length - 6} more` : '';
  return `✂️ Cut to fit: ${shown.join(', ')}${more} left out. The full report is in the ${summary} and the ${artifact}.`;
}
