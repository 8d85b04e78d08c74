// Inspect's log viewer from npm (@metrevals/inspect-log-viewer, the viewer inside inspect_ai, published as a React
// library) built into a static page, the way Inspect serves it: the page loads one log by URL (`?log_file=`) through
// the library's own static HTTP client, from a folder served on 127.0.0.1.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const ENTRY = `
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { App, clientApi, initializeStore, simpleHttpApi } from '@metrevals/inspect-log-viewer';
import '@metrevals/inspect-log-viewer/styles/index.css';

const api = clientApi(simpleHttpApi());
const capabilities = {
  downloadFiles: false,
  downloadLogs: false,
  webWorkers: false,
  streamSamples: false,
  streamSampleData: false,
};
initializeStore(api, capabilities, undefined);
createRoot(document.getElementById('app')).render(createElement(App, { api }));
`;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Inspect View</title><link rel="stylesheet" href="app/viewer.css"></head>
<body><div id="app"></div><script type="module" src="app/viewer.js"></script></body></html>
`;

/** Writes index.html and app/viewer.{js,css} into `site`. */
export async function buildInspectViewer(site: string): Promise<void> {
  await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), sourcefile: 'inspect-viewer.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    outdir: join(site, 'app'),
    entryNames: 'viewer',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  await writeFile(join(site, 'index.html'), PAGE);
}

/** The viewer's address for one log, given relative to the served folder. */
export function inspectViewerUrl(origin: string, logPath: string, route = ''): string {
  return `${origin}/index.html?log_file=${encodeURIComponent(logPath)}${route ? `#${route}` : ''}`;
}

/** The hash route of one sample's tab (transcript, messages, scoring, metadata). */
export function sampleRoute(logPath: string, id: number, epoch: number, tab: string): string {
  return `/logs/${logPath}/samples/sample/${id}/${epoch}/${tab}`;
}

/** Requests the viewer makes for optional files a static folder need not have (it reads a 404 as "none"). */
export const OPTIONAL_PROBES = ['/flow.yaml', '/eval-set.json'];
