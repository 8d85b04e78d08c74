// Fitting the report under a size limit: whole sections are dropped from the least important end (sections
// come most important first) and a last line points to the rest. A section is self-contained (every fence
// and <details> it opens, it closes), so dropping whole sections never leaves markup open.

import type { ReportSection } from './types.ts';

/** Below this a verdict, a table's start and the link line would not fit; smaller limits are raised to it. */
export const MIN_MAX_CHARS = 2_000;

export function joinSections(sections: readonly ReportSection[]): string {
  return `${sections.map((s) => s.markdown.trimEnd()).join('\n\n')}\n`;
}

export interface Fitted {
  sections: ReportSection[];
  truncated: boolean;
}

/** How a limit counts: characters (a comment's limit) or UTF-8 bytes (the job summary's). */
export type SizeOf = (text: string) => number;

export const characters: SizeOf = (text) => text.length;
export const utf8Bytes: SizeOf = (text) => Buffer.byteLength(text, 'utf8');

/**
 * The longest run of leading sections that fits with the footer, which is given the dropped sections and
 * returns the closing section. The first section (the verdict) is the last to go. `sizeOf` says how `max` counts.
 */
export function fitSections(
  sections: readonly ReportSection[],
  max: number,
  footer: (dropped: readonly ReportSection[]) => ReportSection,
  sizeOf: SizeOf = characters,
): Fitted {
  const limit = Math.max(MIN_MAX_CHARS, Math.floor(max));
  if (sizeOf(joinSections(sections)) <= limit) return { sections: [...sections], truncated: false };
  for (let keep = sections.length - 1; keep >= 1; keep--) {
    const kept = [...sections.slice(0, keep), footer(sections.slice(keep))];
    if (sizeOf(joinSections(kept)) <= limit) return { sections: kept, truncated: true };
  }
  // Only a contrived verdict (thousands of characters of names) gets here; the bound still holds.
  return { sections: [footer(sections)], truncated: true };
}
