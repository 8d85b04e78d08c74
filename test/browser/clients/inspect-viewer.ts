// Inspect's log viewer from npm (@metrevals/inspect-log-viewer, the viewer inside inspect_ai, published as a React
// library) built into a static page, the way Inspect serves it: the page loads one log by URL (`?log_file=`) through
// the library's own static HTTP client, from a folder served on 127.0.0.1.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
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

// Bundling the viewer (5 MB of script, minified) costs about a second of CPU; the bundle is kept under
// node_modules/.cache, named by a hash of this file and the versions of what goes into it, so a run after the
// first copies it. Built in a folder of its own and renamed into place whole: a stopped build leaves no half.
const CACHE = resolve('node_modules/.cache/bloom-test-inspect-viewer');
const INPUTS = ['@metrevals/inspect-log-viewer', 'react', 'react-dom', 'esbuild'];

function bundleKey(): string {
  const hash = createHash('sha256').update(readFileSync(import.meta.filename));
  for (const name of INPUTS) hash.update(readFileSync(resolve('node_modules', name, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

async function cachedBundle(): Promise<string> {
  const bundle = join(CACHE, bundleKey());
  if (existsSync(bundle)) return bundle;
  await mkdir(CACHE, { recursive: true });
  const building = await mkdtemp(join(CACHE, 'building-'));
  try {
    await build({
      stdin: { contents: ENTRY, resolveDir: process.cwd(), sourcefile: 'inspect-viewer.js', loader: 'js' },
      bundle: true,
      format: 'esm',
      outdir: building,
      entryNames: 'viewer',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'error',
    });
    if (!existsSync(bundle)) await rename(building, bundle);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return bundle;
}

/** Writes index.html and app/viewer.{js,css} into `site`. */
export async function buildInspectViewer(site: string): Promise<void> {
  await cp(await cachedBundle(), join(site, 'app'), { recursive: true });
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
