// The viewer of a large run in headless Chromium, timed (the browser test checks the same steps on a smaller run
// for correctness, and times nothing): opening the page, re-sorting, filtering, searching, opening a transcript.
// Each step's wall time as the browser driver sees it, and the page's own render time of the list.

import { pathToFileURL } from 'node:url';
import { launchChromium, watchedPage } from '../browser/chromium.ts';

export interface ViewerStep {
  wallMs: number;
  /** The list's own render time, as the page records it (data-render-ms). */
  renderMs: number;
}

export interface ViewerBrowserResult {
  openMs: number;
  sort: ViewerStep;
  filter: ViewerStep;
  search: ViewerStep;
  openTranscriptMs: number;
  /** The list's counter after opening, e.g. "1–100 of 10000": proof the page showed the whole run. */
  counter: string;
  /** Console errors and requests the page made: a page that failed is no measurement. */
  problems: string[];
}

export async function viewerInBrowser(htmlPath: string): Promise<ViewerBrowserResult> {
  const session = await launchChromium();
  try {
    const url = pathToFileURL(htmlPath).href;
    const { page, errors, requests } = await watchedPage(session, url);
    let started = performance.now();
    await page.goto(url);
    await page.waitForSelector('body[data-ready=true]');
    const openMs = performance.now() - started;
    const counter = (await page.textContent('#rollouts .counter')) ?? '';

    const timed = async (action: () => Promise<unknown>): Promise<ViewerStep> => {
      const t = performance.now();
      await action();
      const wallMs = performance.now() - t;
      return { wallMs, renderMs: Number(await page.getAttribute('#rollouts', 'data-render-ms')) };
    };
    const sort = await timed(() => page.click('button[data-sort="presence"]'));
    const filter = await timed(() => page.fill('input[data-range="presence-min"]', '7'));
    // One of the scripted ideation's ten settings (src/models/scripted/pools.ts): about a tenth of the rows.
    const search = await timed(() => page.fill('input[data-filter="search"]', 'fintech'));
    const first = await page.getAttribute('#rollouts .rows .row', 'data-key');
    started = performance.now();
    await page.click(`#rollouts .row[data-key="${first}"]`);
    await page.waitForSelector('#transcript article');
    const openTranscriptMs = performance.now() - started;
    return { openMs, sort, filter, search, openTranscriptMs, counter, problems: [...errors, ...requests] };
  } finally {
    await session.close();
  }
}
