// The markdown report and report.json, rendered from plain data (see types.ts). Escaping: escape.ts.

export type { ReportJson, ReportJsonBehavior } from './json.ts';
export { renderReportJson } from './json.ts';
export { COMMENT_MAX_CHARS, renderReport, reportSections, SUMMARY_MAX_BYTES } from './render.ts';
export { sparkline, trendCell, trendChart, trendPoints } from './trend.ts';
export type * from './types.ts';
export { verdictOf } from './verdict.ts';
